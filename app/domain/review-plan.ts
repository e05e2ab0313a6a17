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
  /** Departments the plan reviews (a department matches when its name contains one); empty = all. */
  readonly departments?: readonly string[] | undefined;
  /** When the plan's pharmacists are on duty (China Standard Time); null = always. */
  readonly workingHours?: WorkingHours | null | undefined;
}

export interface WorkingHours {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  readonly days: readonly number[];
  /** "HH:MM", start inclusive, end exclusive. */
  readonly start: string;
  readonly end: string;
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

/** Whether an instant (ISO date-time) falls in the working hours, read in China Standard Time (UTC+8). */
export function isOnDuty(hours: WorkingHours, at: string): boolean {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return true; // an unreadable time never skips a review
  const local = new Date(t + 8 * 3_600_000);
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
  return hours.days.includes(weekday) && hhmm >= hours.start && hhmm < hours.end;
}

/**
 * The plan's action for one prescription. A prescription outside the plan's departments, or
 * written outside its pharmacists' working hours, is not held for a review nobody will do:
 * it passes with its warnings shown to the doctor ('warn') instead of waiting for the circuit
 * breaker. 'block' is never relaxed.
 */
export function planActionFor(policy: ReviewPlanPolicy, level: Level | null, ctx: { readonly at: string; readonly department?: string | undefined }): PlanAction {
  const action = planAction(policy, level);
  if (action !== 'review') return action;
  const deps = policy.departments ?? [];
  if (deps.length > 0 && !(ctx.department !== undefined && deps.some((d) => ctx.department!.includes(d)))) return 'warn';
  if (policy.workingHours && !isOnDuty(policy.workingHours, ctx.at)) return 'warn';
  return action;
}
