/**
 * Data permissions (product.md §7): an institution's staff see their institution; a
 * pharmacist sees the institutions of the review plans they are on; QA and admins see the
 * county; supervisors see aggregates only (no patient records). `null` = every institution.
 */
import type { User } from '../../../../app/sync/api';
import type { Queryable } from '../../db/db';
import { HttpError } from '../../http/errors';

export async function visibleInstitutions(q: Queryable, user: User): Promise<string[] | null> {
  if (user.role === 'qa' || user.role === 'admin') return null;
  if (user.role === 'doctor') return user.institutionId ? [user.institutionId] : [];
  if (user.role === 'supervisor') return [];
  const plans = await q.query<{ id: string; all_institutions: boolean }>(
    `SELECT p.id, NOT EXISTS (SELECT 1 FROM review_plan_institutions i WHERE i.plan_id = p.id) AS all_institutions
       FROM review_plans p
      WHERE EXISTS (SELECT 1 FROM review_plan_pharmacists x WHERE x.plan_id = p.id AND x.user_id = $1)
         OR NOT EXISTS (SELECT 1 FROM review_plan_pharmacists x WHERE x.plan_id = p.id)`, [user.id]);
  if (plans.some((p) => p.all_institutions)) return null;
  if (plans.length === 0) return [];
  const rows = await q.query<{ institution_id: string }>('SELECT DISTINCT institution_id FROM review_plan_institutions WHERE plan_id = ANY($1)', [plans.map((p) => p.id)]);
  return rows.map((r) => r.institution_id);
}

export function assertVisible(scope: string[] | null, institutionIds: readonly string[]): void {
  if (scope === null) return;
  if (!institutionIds.some((i) => scope.includes(i))) throw new HttpError(403, 'forbidden', '无权查看该机构的数据（不在您的审方方案范围内）');
}
