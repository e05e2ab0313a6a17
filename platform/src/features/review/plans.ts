/** Review plans (审方方案): the default plan is ensured at start; issue 6 adds the admin screens. */
import { randomUUID } from 'node:crypto';
import { DEFAULT_PLAN_POLICY, type PlanAction, type ReviewPlanPolicy, type SecondReviewPolicy, type WorkingHours } from '../../../../app/domain/review-plan';
import type { Level } from '../../../../app/domain/levels';
import type { Db, Queryable } from '../../db/db';

export interface Plan extends ReviewPlanPolicy {
  readonly id: string;
  readonly name: string;
}

export async function ensureDefaultPlan(db: Db, timeoutSeconds: number): Promise<void> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM review_plans WHERE is_default');
  if (row) {
    await db.query('UPDATE review_plans SET timeout_seconds = $2 WHERE id = $1', [row.id, timeoutSeconds]);
    return;
  }
  await db.query('INSERT INTO review_plans (id, name, timeout_seconds, actions, is_default) VALUES ($1, $2, $3, $4, true)', [
    randomUUID(), '县域默认审方方案', timeoutSeconds, JSON.stringify(DEFAULT_PLAN_POLICY.actions),
  ]);
}

export async function planFor(q: Queryable): Promise<Plan> {
  const [row] = await q.query<{ id: string; name: string; timeout_seconds: number; actions: Record<Level, PlanAction> | string; second_review: SecondReviewPolicy | string | null; departments: string[] | string | null; working_hours: WorkingHours | string | null }>(
    'SELECT id, name, timeout_seconds, actions, second_review, departments, working_hours FROM review_plans WHERE is_default LIMIT 1');
  if (!row) return { id: 'builtin', name: '内置方案', ...DEFAULT_PLAN_POLICY };
  const actions = typeof row.actions === 'string' ? (JSON.parse(row.actions) as Record<Level, PlanAction>) : row.actions;
  const secondReview = typeof row.second_review === 'string' ? (JSON.parse(row.second_review) as SecondReviewPolicy) : (row.second_review ?? undefined);
  const json = <T,>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return { id: row.id, name: row.name, timeoutSeconds: row.timeout_seconds, actions, secondReview, departments: json(row.departments) ?? [], workingHours: json(row.working_hours) };
}

/**
 * The plan for the hot CDS Hooks path, cached briefly: plans change rarely (an audited admin
 * act) and a few seconds of staleness never holds a prescription.
 */
export function cachedPlan(db: Db, ttlMs = 5000): () => Promise<Plan> {
  let value: Plan | null = null;
  let at = 0;
  return async () => {
    if (!value || Date.now() - at > ttlMs) {
      value = await planFor(db);
      at = Date.now();
    }
    return value;
  };
}
