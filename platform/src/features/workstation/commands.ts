/**
 * Pharmacist commands (architecture.md §Sync): applied through decide() in one transaction
 * with a version check; the outcome is stored per commandId and returned as stored on a
 * retry, so a duplicate push is applied once. Leasing keeps two pharmacists from silently
 * working the same prescription.
 */
import { randomUUID } from 'node:crypto';
import { decide, isAwaitingPharmacist, type ReviewStatus } from '../../../../app/domain/decide';
import type { CommandOutcome, DecisionCommand, LeaseResponse, User } from '../../../../app/sync/api';
import { decisionCommandSchema } from '../../../../app/sync/api';
import type { Db, Queryable } from '../../db/db';
import { iso } from '../../db/db';
import { HttpError, parseOr400 } from '../../http/errors';
import { appendAudit } from '../audit/audit';
import { assertVisible, visibleInstitutions } from '../auth/scope';
import type { Signer } from '../audit/signing';
import { appendChange } from '../live/bus';
import { recordDecision } from '../review/service';
import { attachOverrides } from './overrides';

export const LEASE_SECONDS = 120;

const CONFLICT_ZH = {
  'stale-base': '医生已修改处方，本次审核针对的是旧版本',
  'already-decided-same': '该处方已有相同的审核结果',
  'already-decided-different': '该处方已被审核或状态已变化',
  'rejected-after-auto-pass': '处方已超时自动通过，驳回未生效，已转为事后干预',
  'leased-by-other': '该处方正由其他药师审核',
  'same-pharmacist': '该处方需要另一位药师复核，不能由初审药师本人完成',
} as const;

export async function leaseTask(db: Db, user: User, taskId: string): Promise<LeaseResponse> {
  return db.tx(async (q) => {
    const [t] = await q.query<{ leased_by: string | null; lease_until: Date | null; name: string | null; status: string }>(
      'SELECT t.leased_by, t.lease_until, u.display_name AS name, t.status FROM review_tasks t LEFT JOIN users u ON u.id = t.leased_by WHERE t.id = $1 FOR UPDATE OF t', [taskId]);
    if (!t) throw new HttpError(404, 'not-found', '审方任务不存在');
    const [own] = await q.query<{ institution_id: string }>('SELECT p.institution_id FROM review_tasks t JOIN prescriptions p ON p.id = t.prescription_id WHERE t.id = $1', [taskId]);
    assertVisible(await visibleInstitutions(q, user), [own!.institution_id]);
    const heldByOther = t.leased_by !== null && t.leased_by !== user.id && t.lease_until !== null && new Date(t.lease_until).getTime() > Date.now();
    if (heldByOther) return { ok: false, leasedBy: t.name ?? '其他药师', leaseUntil: iso(t.lease_until) };
    const [row] = await q.query<{ lease_until: Date }>(`UPDATE review_tasks SET leased_by = $2, lease_until = now() + make_interval(secs => $3) WHERE id = $1 RETURNING lease_until`, [taskId, user.id, LEASE_SECONDS]);
    await appendChange(q, 'task-updated', taskId, { status: t.status, leasedBy: user.displayName });
    return { ok: true, leasedBy: user.displayName, leaseUntil: iso(row!.lease_until) };
  });
}

export async function releaseLease(db: Db, user: User, taskId: string): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.query<{ status: string }>('UPDATE review_tasks SET leased_by = NULL, lease_until = NULL WHERE id = $1 AND leased_by = $2 RETURNING status', [taskId, user.id]);
    if (rows[0]) await appendChange(q, 'task-updated', taskId, { status: rows[0].status, leasedBy: null });
  });
}

async function storeOutcome(q: Queryable, user: User, o: CommandOutcome): Promise<CommandOutcome> {
  await q.query('INSERT INTO command_outcomes (command_id, user_id, outcome) VALUES ($1, $2, $3)', [o.commandId, user.id, JSON.stringify(o)]);
  return o;
}

async function raiseIntervention(q: Queryable, i: { prescriptionId: string; version: number; taskId: string; commandId: string; user: User; decision: string; reasonCode: string | null; reason: string }): Promise<void> {
  const id = randomUUID();
  await q.query(
    `INSERT INTO interventions (id, prescription_id, version, task_id, command_id, pharmacist_id, pharmacist_name, decision, reason_code, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [id, i.prescriptionId, i.version, i.taskId, i.commandId, i.user.id, i.user.displayName, i.decision, i.reasonCode, i.reason],
  );
  await appendChange(q, 'intervention-created', id, { prescriptionId: i.prescriptionId });
}

export async function applyDecision(db: Db, signer: Signer, user: User, raw: unknown, ip: string | null = null): Promise<CommandOutcome> {
  const cmd = parseOr400(decisionCommandSchema, raw, '审方决定');
  if (user.role !== 'pharmacist') {
    return { commandId: cmd.commandId, outcome: 'rejected', reason: 'not-authorized', detail: '只有审方药师可以审核处方' };
  }
  return db.tx(async (q) => {
    const [stored] = await q.query<{ outcome: CommandOutcome | string; user_id: string }>('SELECT outcome, user_id FROM command_outcomes WHERE command_id = $1', [cmd.commandId]);
    if (stored) {
      if (stored.user_id !== user.id) throw new HttpError(409, 'conflict', 'commandId 已被其他用户使用');
      return typeof stored.outcome === 'string' ? (JSON.parse(stored.outcome) as CommandOutcome) : stored.outcome;
    }
    const [t] = await q.query<{ id: string; prescription_id: string; version_id: string; version: number; leased_by: string | null; lease_until: Date | null; leased_name: string | null; second_review: boolean; first_reviewer: string | null }>(
      `SELECT t.id, t.prescription_id, t.version_id, v.version, t.leased_by, t.lease_until, u.display_name AS leased_name, t.second_review, t.first_reviewer
         FROM review_tasks t JOIN prescription_versions v ON v.id = t.version_id LEFT JOIN users u ON u.id = t.leased_by WHERE t.id = $1`, [cmd.taskId]);
    if (!t) return storeOutcome(q, user, { commandId: cmd.commandId, outcome: 'rejected', reason: 'unknown-task', detail: '审方任务不存在' });
    const scope = await visibleInstitutions(q, user);
    const [own] = await q.query<{ institution_id: string }>('SELECT institution_id FROM prescriptions WHERE id = $1', [t.prescription_id]);
    if (scope !== null && !scope.includes(own!.institution_id)) {
      return storeOutcome(q, user, { commandId: cmd.commandId, outcome: 'rejected', reason: 'not-authorized', detail: '该处方不在您的审方方案范围内' });
    }
    const [p] = await q.query<{ status: ReviewStatus; current_version: number }>('SELECT status, current_version FROM prescriptions WHERE id = $1 FOR UPDATE', [t.prescription_id]);
    const current = { status: p!.status, version: p!.current_version, firstReviewer: t.first_reviewer };
    if (t.leased_by && t.leased_by !== user.id && t.lease_until && new Date(t.lease_until).getTime() > Date.now() && isAwaitingPharmacist(current.status)) {
      return storeOutcome(q, user, { commandId: cmd.commandId, outcome: 'conflict', reason: 'leased-by-other', status: current.status, detail: `${CONFLICT_ZH['leased-by-other']}（${t.leased_name ?? ''}）` });
    }
    // A task belongs to one version: once the doctor resubmitted, its decision is stale
    // whatever the client believed the base was.
    const baseVersion = t.version === current.version ? cmd.baseVersion : t.version;
    const d = decide(current, { type: 'pharmacist', decision: cmd.decision, baseVersion, actor: user.id, secondReview: t.second_review });
    if (!d.ok) {
      if (d.kind === 'conflict' && d.reason === 'rejected-after-auto-pass') {
        // The breaker let the prescription through while the pharmacist was rejecting it
        // (offline, or just too late): the objection must still reach the doctor, as a
        // 事后干预 in their inbox (issue 5; architecture.md §Sync).
        await raiseIntervention(q, { prescriptionId: t.prescription_id, version: t.version, taskId: t.id, commandId: cmd.commandId, user, decision: cmd.decision, reasonCode: cmd.reasonCode ?? null, reason: cmd.reason });
      }
      if (d.kind === 'invalid') return storeOutcome(q, user, { commandId: cmd.commandId, outcome: 'rejected', reason: 'invalid', detail: '当前状态不允许此操作' });
      // Say who got there first and when (another pharmacist, the breaker, the doctor).
      const [last] = await q.query<{ actor_name: string | null; created_at: Date }>(
        `SELECT actor_name, created_at FROM decisions WHERE prescription_id = $1 AND event <> 'submit' ORDER BY created_at DESC LIMIT 1`, [t.prescription_id]);
      const by = last ? `（${last.actor_name ?? '系统'}，${new Date(last.created_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}）` : '';
      return storeOutcome(q, user, { commandId: cmd.commandId, outcome: 'conflict', reason: d.reason, status: current.status, detail: `${CONFLICT_ZH[d.reason]}${by}` });
    }
    const to = d.state.status;
    await q.query('UPDATE prescription_versions SET status = $2 WHERE id = $1', [t.version_id, to]);
    await q.query('UPDATE prescriptions SET status = $2, updated_at = now() WHERE id = $1', [t.prescription_id, to]);
    if (to === 'pending-second') {
      // First approval of a task that needs two pharmacists: it stays in the queue (the
      // circuit breaker still runs) until another pharmacist confirms it.
      await q.query('UPDATE review_tasks SET first_reviewer = $2, leased_by = NULL, lease_until = NULL WHERE id = $1', [t.id, user.id]);
    } else {
      await q.query('UPDATE review_tasks SET status = $2, decided_at = now(), decided_by = $3, leased_by = NULL, lease_until = NULL WHERE id = $1', [t.id, to, user.id]);
    }
    await recordDecision(q, { id: cmd.commandId, prescriptionId: t.prescription_id, versionId: t.version_id, version: t.version, event: cmd.decision, from: current.status, to, actorType: 'pharmacist', actorId: user.id, actorName: user.displayName, reasonCode: cmd.reasonCode ?? null, reason: cmd.reason || null }, signer);
    if (cmd.decision === 'approve') await attachOverrides(q, { taskId: t.id, userId: user.id, decisionId: cmd.commandId, fromCommand: cmd.overrides });
    await appendAudit(q, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip, action: 'decision', targetType: 'prescription', targetId: t.prescription_id, detail: { taskId: t.id, decision: cmd.decision, version: t.version, reasonCode: cmd.reasonCode ?? null } });
    await appendChange(q, 'task-updated', t.id, { status: to === 'pending-second' ? 'pending' : to });
    await appendChange(q, 'prescription-updated', t.prescription_id, { status: to, version: t.version });
    return storeOutcome(q, user, { commandId: cmd.commandId, outcome: 'accepted', status: to });
  });
}

export type { DecisionCommand };
