/**
 * Override reasons (issue 5): when a pharmacist approves a prescription despite findings at
 * 慎用 or above, the reason for each such finding is recorded with the approving decision.
 * The workstation saves them as a draft before it sends the approval (the decision command
 * may also carry them); an accepted approval attaches the drafts to its decision.
 */
import { randomUUID } from 'node:crypto';
import { LEVEL_RANK, type Level } from '../../../../app/domain/levels';
import type { FindingOverride, FindingOverrideInput, User } from '../../../../app/sync/api';
import type { Db, Queryable } from '../../db/db';
import { HttpError } from '../../http/errors';
import { assertVisible, visibleInstitutions } from '../auth/scope';

type Parsed = Required<Pick<FindingOverrideInput, 'findingId' | 'reasonCode'>> & { note: string };

interface TaskRef {
  id: string;
  prescription_id: string;
  version: number;
  version_id: string;
  institution_id: string;
  status: string;
}

async function taskRef(q: Queryable, taskId: string): Promise<TaskRef> {
  const [t] = await q.query<TaskRef>(
    `SELECT t.id, t.prescription_id, v.version, v.id AS version_id, p.institution_id, t.status
       FROM review_tasks t JOIN prescription_versions v ON v.id = t.version_id JOIN prescriptions p ON p.id = t.prescription_id WHERE t.id = $1`, [taskId]);
  if (!t) throw new HttpError(404, 'not-found', '审方任务不存在');
  return t;
}

/** Findings of the task's latest check run that need a reason when overridden (慎用 and above). */
async function overridable(q: Queryable, versionId: string): Promise<Map<string, Level>> {
  const rows = await q.query<{ id: string; level: Level }>(
    `SELECT f.id, f.level FROM findings f WHERE f.check_run_id = (SELECT id FROM check_runs WHERE version_id = $1 ORDER BY created_at DESC LIMIT 1)`, [versionId]);
  return new Map(rows.filter((r) => LEVEL_RANK[r.level] >= LEVEL_RANK.caution).map((r) => [r.id, r.level]));
}

async function replaceDrafts(q: Queryable, t: TaskRef, userId: string, overrides: readonly Parsed[]): Promise<void> {
  const allowed = await overridable(q, t.version_id);
  const bad = overrides.findIndex((o) => !allowed.has(o.findingId));
  if (bad >= 0) throw new HttpError(400, 'invalid-request', `越权理由无效：overrides[${bad}].findingId 不是本处方慎用及以上级别的审核问题`, [{ path: `overrides[${bad}].findingId`, message: '不是本处方慎用及以上级别的审核问题' }]);
  await q.query('DELETE FROM finding_overrides WHERE task_id = $1 AND user_id = $2 AND decision_id IS NULL', [t.id, userId]);
  for (const o of overrides) {
    await q.query('INSERT INTO finding_overrides (id, task_id, prescription_id, version, finding_id, user_id, reason_code, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [randomUUID(), t.id, t.prescription_id, t.version, o.findingId, userId, o.reasonCode, o.note]);
  }
}

export async function saveOverrideDrafts(db: Db, user: User, taskId: string, overrides: readonly Parsed[]): Promise<{ saved: number }> {
  return db.tx(async (q) => {
    const t = await taskRef(q, taskId);
    assertVisible(await visibleInstitutions(q, user), [t.institution_id]);
    if (t.status !== 'pending') throw new HttpError(409, 'conflict', '该处方已不在待审状态，不能再记录越权理由');
    await replaceDrafts(q, t, user.id, overrides);
    return { saved: overrides.length };
  });
}

/**
 * Inside the decision's transaction: an accepted approval takes the reasons the command
 * carries (replacing drafts) or else the drafts, and links them to its decision.
 */
export async function attachOverrides(q: Queryable, args: { taskId: string; userId: string; decisionId: string; fromCommand: readonly Parsed[] | undefined }): Promise<void> {
  if (args.fromCommand !== undefined) await replaceDrafts(q, await taskRef(q, args.taskId), args.userId, args.fromCommand);
  await q.query('UPDATE finding_overrides SET decision_id = $3 WHERE task_id = $1 AND user_id = $2 AND decision_id IS NULL', [args.taskId, args.userId, args.decisionId]);
}

/** Override reasons of a prescription's decisions, by decision id. */
export async function overridesByDecision(q: Queryable, prescriptionId: string): Promise<Map<string, FindingOverride[]>> {
  const rows = await q.query<{ decision_id: string; finding_id: string; review_code: string; summary: string; level: Level; reason_code: string; note: string; actor: string | null }>(
    `SELECT o.decision_id, o.finding_id, f.review_code, f.summary, f.level, o.reason_code, o.note, u.display_name AS actor
       FROM finding_overrides o JOIN findings f ON f.id = o.finding_id LEFT JOIN users u ON u.id = o.user_id
      WHERE o.prescription_id = $1 AND o.decision_id IS NOT NULL ORDER BY o.created_at`, [prescriptionId]);
  const out = new Map<string, FindingOverride[]>();
  for (const r of rows) {
    const list = out.get(r.decision_id) ?? [];
    list.push({ findingId: r.finding_id, reviewCode: r.review_code, summary: r.summary, level: r.level, reasonCode: r.reason_code, note: r.note, actor: r.actor });
    out.set(r.decision_id, list);
  }
  return out;
}
