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
