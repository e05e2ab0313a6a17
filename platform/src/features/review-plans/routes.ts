/**
 * 审方方案 administration (seed 002 §3.6.2.2): institutions and departments a plan covers,
 * its pharmacists, working hours, circuit-breaker timeout, the action per level, and which
 * levels or drug classes need a second pharmacist. Every change is audited with before/after.
 */
import type { FastifyInstance } from 'fastify';
import { reviewPlanInputSchema, type ReviewPlanOut } from '../../../../app/contracts/review-plan-admin';
import type { Queryable } from '../../db/db';
import { HttpError, parseOr400 } from '../../http/errors';
import { appendAudit } from '../audit/audit';
import type { ReviewDeps } from '../review/service';
import { requireAdmin } from '../rule-packs/routes';

const tags = ['审方方案'];

interface PlanRow { id: string; name: string; timeout_seconds: number; actions: unknown; is_default: boolean; departments: unknown; working_hours: unknown; second_review: unknown }
const json = <T,>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

async function readPlans(q: Queryable): Promise<ReviewPlanOut[]> {
  const rows = await q.query<PlanRow>('SELECT id, name, timeout_seconds, actions, is_default, departments, working_hours, second_review FROM review_plans ORDER BY is_default DESC, created_at');
  const inst = await q.query<{ plan_id: string; institution_id: string }>('SELECT plan_id, institution_id FROM review_plan_institutions');
  const ph = await q.query<{ plan_id: string; user_id: string }>('SELECT plan_id, user_id FROM review_plan_pharmacists');
  return rows.map((r) => ({
    id: r.id, name: r.name, isDefault: r.is_default, timeoutSeconds: r.timeout_seconds,
    actions: json<ReviewPlanOut['actions']>(r.actions),
    institutionIds: inst.filter((x) => x.plan_id === r.id).map((x) => x.institution_id),
    pharmacistIds: ph.filter((x) => x.plan_id === r.id).map((x) => x.user_id),
    departments: json<string[]>(r.departments),
    workingHours: json<ReviewPlanOut['workingHours']>(r.working_hours) ?? null,
    secondReview: json<ReviewPlanOut['secondReview']>(r.second_review),
  }));
}

export function registerReviewPlanRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.get('/api/review-plans', { schema: { tags, summary: '审方方案列表与可选的机构、药师' } }, async (req) => {
    await requireAdmin(deps, req);
    const institutions = await deps.db.query<{ id: string; code: string; name: string }>('SELECT id, code, name FROM institutions ORDER BY code');
    const pharmacists = await deps.db.query<{ id: string; display_name: string }>("SELECT id, display_name FROM users WHERE role = 'pharmacist' ORDER BY username");
    return { plans: await readPlans(deps.db), directory: { institutions, pharmacists: pharmacists.map((p) => ({ id: p.id, displayName: p.display_name })) } };
  });

  app.post('/api/review-plans/:id', { schema: { tags, summary: '修改审方方案（机构、科室、药师、工作时间、熔断时间、各级别处理方式、双人复核），已审计' } }, async (req) => {
    const user = await requireAdmin(deps, req);
    const { id } = req.params as { id: string };
    const body = parseOr400(reviewPlanInputSchema, req.body, '审方方案');
    const kb = deps.kb();
    const issues = body.secondReview.drugClasses.flatMap((c, i) => (kb.classes.has(c) ? [] : [{ path: `secondReview.drugClasses.${i}`, message: `当前规则包中没有药物类别 ${c}` }]));
    if (issues.length > 0) throw new HttpError(400, 'invalid-request', `审方方案无效：${issues[0]!.path} ${issues[0]!.message}`, issues);
    await deps.db.tx(async (q) => {
      const before = (await readPlans(q)).find((p) => p.id === id);
      if (!before) throw new HttpError(404, 'not-found', `没有这个审方方案：${id}`);
      const known = new Set((await q.query<{ id: string }>('SELECT id FROM institutions')).map((r) => r.id));
      const pharmacists = new Set((await q.query<{ id: string }>("SELECT id FROM users WHERE role = 'pharmacist'")).map((r) => r.id));
      const bad = [
        ...body.institutionIds.flatMap((x, i) => (known.has(x) ? [] : [{ path: `institutionIds.${i}`, message: `未知机构 ${x}` }])),
        ...body.pharmacistIds.flatMap((x, i) => (pharmacists.has(x) ? [] : [{ path: `pharmacistIds.${i}`, message: `不是审方药师 ${x}` }])),
      ];
      if (bad.length > 0) throw new HttpError(400, 'invalid-request', `审方方案无效：${bad[0]!.path} ${bad[0]!.message}`, bad);
      await q.query('UPDATE review_plans SET name = $2, timeout_seconds = $3, actions = $4, departments = $5, working_hours = $6, second_review = $7 WHERE id = $1',
        [id, body.name, body.timeoutSeconds, JSON.stringify(body.actions), JSON.stringify(body.departments), body.workingHours ? JSON.stringify(body.workingHours) : null, JSON.stringify(body.secondReview)]);
      await q.query('DELETE FROM review_plan_institutions WHERE plan_id = $1', [id]);
      for (const i of body.institutionIds) await q.query('INSERT INTO review_plan_institutions (plan_id, institution_id) VALUES ($1, $2)', [id, i]);
      await q.query('DELETE FROM review_plan_pharmacists WHERE plan_id = $1', [id]);
      for (const u of body.pharmacistIds) await q.query('INSERT INTO review_plan_pharmacists (plan_id, user_id) VALUES ($1, $2)', [id, u]);
      await appendAudit(q, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip: req.ip, action: 'review-plan-updated', targetType: 'review-plan', targetId: id, detail: { before, after: { id, ...body } } });
    });
    return (await readPlans(deps.db)).find((p) => p.id === id);
  });
}
