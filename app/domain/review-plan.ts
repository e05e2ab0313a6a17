/**
 * 审方方案 (review plan): which result holds a prescription for a pharmacist and how long
 * before the circuit breaker (熔断) lets it through. product.md §3: default actions per level.
 */
import { LEVEL_RANK, type Level } from './levels';

export type PlanAction = 'pass' | 'warn' | 'review' | 'block';

export interface ReviewPlanPolicy {
  /** Action for each level; a prescription takes the action of its highest finding. */
  readonly actions: Readonly<Record<Level, PlanAction>>;
  /** Seconds before a pending prescription is auto-passed. */
  readonly timeoutSeconds: number;
  /**
   * Which tasks need a second, different pharmacist before approval (多级审核, seed 002
   * §3.6.3.1): tasks whose highest level is listed, or with a drug of a listed class.
   */
  readonly secondReview?: SecondReviewPolicy | undefined;
}

export interface SecondReviewPolicy {
  readonly levels: readonly Level[];
  readonly drugClasses: readonly string[];
}

export const DEFAULT_PLAN_POLICY: ReviewPlanPolicy = {
  actions: { info: 'pass', caution: 'review', 'not-recommended': 'review', contraindicated: 'block' },
  timeoutSeconds: 300,
};

export function planAction(policy: ReviewPlanPolicy, level: Level | null): PlanAction {
  // Nothing at caution or above: always pass (interop.md), whatever the plan says about info.
  if (level === null || LEVEL_RANK[level] < LEVEL_RANK.caution) return level === null ? 'pass' : policy.actions[level] === 'warn' ? 'warn' : 'pass';
  return policy.actions[level];
}

/** Whether a task needs a second pharmacist: its level, or any order's drug classes, are listed. */
export function needsSecondReview(policy: ReviewPlanPolicy, level: Level | null, orderClasses: readonly (readonly string[])[]): boolean {
  const p = policy.secondReview;
  if (!p) return false;
  if (level !== null && p.levels.includes(level)) return true;
  return orderClasses.some((classes) => classes.some((c) => p.drugClasses.includes(c)));
}
