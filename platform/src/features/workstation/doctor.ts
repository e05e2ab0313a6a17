/**
 * The doctor's side (township / village, seed 002 §3.6.4.2 医师处方回复管理; product.md W1):
 * their prescriptions with the pharmacist's answers and the 事后干预 raised after an
 * auto-pass; replies and appeals (from the workstation or the HIS); double-signature of a
 * D result through the same path the HIS endpoint takes.
 */
import { randomUUID } from 'node:crypto';
import type { ReviewStatus } from '../../../../app/domain/decide';
import type { Level } from '../../../../app/domain/levels';
import type { DoctorList, DoctorPrescription, DoctorReplyRequest, ReplyKind, User } from '../../../../app/sync/api';
import type { Queryable } from '../../db/db';
import { iso } from '../../db/db';
import { HttpError } from '../../http/errors';
import { appendAudit } from '../audit/audit';
import { appendChange } from '../live/bus';
import { applyDoctorEvent, type PrescriptionRow, type ResultView, type ReviewDeps } from '../review/service';

/** Statuses a doctor has to act on: rejected (modify or cancel), D (double-sign, modify). */
const NEEDS_ACTION: readonly ReviewStatus[] = ['rejected', 'rejected-double-sign', 'blocked'];

interface Row {
  id: string;
  prescription_no: string;
  current_version: number;
  status: ReviewStatus;
  updated_at: Date;
  institution_name: string;
  department_name: string | null;
  patient_name: string | null;
  prescribed_at: Date;
  max_level: Level | null;
  top_summary: string | null;
  open_interventions: number;
}

/**
 * Which prescriptions are this doctor's: their institution, and their HIS 工号 when the
 * account has one (else their name as the HIS sent it).
 */
const MINE = `p.institution_id = $1 AND (CASE WHEN $2::text IS NOT NULL THEN v.doctor_code = $2 ELSE v.doctor_name = $3 END)`;

async function doctorIdentity(q: Queryable, user: User): Promise<[string, string | null, string]> {
  if (user.role !== 'doctor' || !user.institutionId) throw new HttpError(403, 'forbidden', '仅机构医生可以查看本人处方');
  const [row] = await q.query<{ his_doctor_code: string | null }>('SELECT his_doctor_code FROM users WHERE id = $1', [user.id]);
  return [user.institutionId, row?.his_doctor_code ?? null, user.displayName];
}

export async function doctorPrescriptions(q: Queryable, user: User, filter: 'inbox' | 'all'): Promise<DoctorList> {
  const ident = await doctorIdentity(q, user);
  const rows = await q.query<Row>(
    `SELECT p.id, p.prescription_no, p.current_version, p.status, p.updated_at, i.name AS institution_name, v.department_name, pa.name AS patient_name,
            v.prescribed_at, c.max_level,
            (SELECT f.summary FROM findings f WHERE f.check_run_id = c.id ORDER BY f.seq LIMIT 1) AS top_summary,
            (SELECT count(*)::int FROM interventions x WHERE x.prescription_id = p.id AND x.status = 'open') AS open_interventions
       FROM prescriptions p
       JOIN prescription_versions v ON v.prescription_id = p.id AND v.version = p.current_version
       JOIN institutions i ON i.id = p.institution_id
       JOIN patients pa ON pa.id = p.patient_id
       LEFT JOIN LATERAL (SELECT id, max_level FROM check_runs WHERE version_id = v.id ORDER BY created_at DESC LIMIT 1) c ON true
      WHERE ${MINE} AND v.prescribed_at > now() - interval '30 days'
      ORDER BY p.updated_at DESC LIMIT 500`,
    ident,
  );
  const ids = rows.map((r) => r.id);
  const decisions = ids.length === 0 ? [] : await q.query<{ prescription_id: string; version: number; event: string; to_status: ReviewStatus; actor_name: string | null; reason_code: string | null; reason: string | null; created_at: Date }>(
    `SELECT DISTINCT ON (prescription_id) prescription_id, version, event, to_status, actor_name, reason_code, reason, created_at
       FROM decisions WHERE prescription_id = ANY($1) AND event IN ('approve', 'reject', 'reject-allow-double-sign', 'timeout', 'double-sign', 'cancel')
      ORDER BY prescription_id, created_at DESC`, [ids]);
  const interventions = ids.length === 0 ? [] : await q.query<{ id: string; prescription_id: string; pharmacist_name: string | null; decision: string; reason: string; status: 'open' | 'replied' | 'closed'; created_at: Date }>(
    'SELECT id, prescription_id, pharmacist_name, decision, reason, status, created_at FROM interventions WHERE prescription_id = ANY($1) ORDER BY created_at', [ids]);
  const replies = ids.length === 0 ? [] : await q.query<{ id: string; prescription_id: string; kind: ReplyKind; text: string; author_name: string | null; source: 'workstation' | 'his'; created_at: Date }>(
    'SELECT id, prescription_id, kind, text, author_name, source, created_at FROM prescription_replies WHERE prescription_id = ANY($1) ORDER BY created_at', [ids]);
  const items = rows.map((r): DoctorPrescription => {
    const d = decisions.find((x) => x.prescription_id === r.id && x.version === r.current_version);
    return {
      prescriptionId: r.id,
      prescriptionNo: r.prescription_no,
      version: r.current_version,
      status: r.status,
      institutionName: r.institution_name,
      departmentName: r.department_name,
      patientName: r.patient_name,
      prescribedAt: iso(r.prescribed_at),
      updatedAt: iso(r.updated_at),
      maxLevel: r.max_level,
      topSummary: r.top_summary,
      needsAction: NEEDS_ACTION.includes(r.status) || r.open_interventions > 0,
      decision: d ? { event: d.event, status: d.to_status, by: d.actor_name, reasonCode: d.reason_code, reason: d.reason, at: iso(d.created_at) } : null,
      interventions: interventions.filter((x) => x.prescription_id === r.id).map((x) => ({ id: x.id, pharmacistName: x.pharmacist_name, decision: x.decision, reason: x.reason, status: x.status, createdAt: iso(x.created_at) })),
      replies: replies.filter((x) => x.prescription_id === r.id).map((x) => ({ id: x.id, kind: x.kind, text: x.text, by: x.author_name, source: x.source, at: iso(x.created_at) })),
    };
  });
  const inbox = items.filter((i) => i.needsAction);
  return { items: filter === 'inbox' ? inbox : items, counts: { needsAction: inbox.length, all: items.length } };
}

async function lockMine(q: Queryable, user: User, prescriptionId: string): Promise<PrescriptionRow & { institution_id: string }> {
  const ident = await doctorIdentity(q, user);
  const [row] = await q.query<PrescriptionRow & { institution_id: string }>(
    `SELECT p.id, p.prescription_no, p.current_version, p.status, p.updated_at, p.institution_id
       FROM prescriptions p JOIN prescription_versions v ON v.prescription_id = p.id AND v.version = p.current_version
      WHERE p.id = $4 AND ${MINE} FOR UPDATE OF p`, [...ident, prescriptionId]);
  if (!row) throw new HttpError(404, 'not-found', '处方不存在或不是您开具的处方');
  return row;
}

export interface ReplyAuthor { readonly id: string | null; readonly name: string | null; readonly source: 'workstation' | 'his'; readonly auditType: 'user' | 'his' }

/** Stores a reply / appeal on the prescription; open interventions count as answered. */
export async function addReply(q: Queryable, p: { id: string; current_version: number; institution_id: string; prescription_no: string }, body: DoctorReplyRequest, author: ReplyAuthor, ip: string | null): Promise<{ id: string; at: string }> {
  const [open] = await q.query<{ id: string }>(`SELECT id FROM interventions WHERE prescription_id = $1 AND status = 'open' ORDER BY created_at DESC LIMIT 1`, [p.id]);
  const id = randomUUID();
  const [row] = await q.query<{ created_at: Date }>(
    `INSERT INTO prescription_replies (id, prescription_id, version, intervention_id, kind, text, source, author_id, author_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING created_at`,
    [id, p.id, p.current_version, open?.id ?? null, body.kind, body.text, author.source, author.id, author.name]);
  if (open) await q.query(`UPDATE interventions SET status = 'replied' WHERE prescription_id = $1 AND status = 'open'`, [p.id]);
  await appendAudit(q, { actorType: author.auditType, actorId: author.id, actorName: author.name, institutionId: p.institution_id, ip, action: `doctor-${body.kind}`, targetType: 'prescription', targetId: p.id, detail: { prescriptionNo: p.prescription_no, version: p.current_version, replyId: id } });
  // The pharmacist's open task view refreshes from the event (reply shows in its history).
  const tasks = await q.query<{ id: string; status: string }>('SELECT t.id, t.status FROM review_tasks t JOIN prescription_versions v ON v.id = t.version_id WHERE v.prescription_id = $1', [p.id]);
  for (const t of tasks) await appendChange(q, 'task-updated', t.id, { status: t.status });
  await appendChange(q, 'prescription-reply', p.id, { kind: body.kind });
  return { id, at: iso(row!.created_at) };
}

export function replyAsDoctor(deps: ReviewDeps, user: User, prescriptionId: string, body: DoctorReplyRequest, ip: string | null) {
  return deps.db.tx(async (q) => {
    const p = await lockMine(q, user, prescriptionId);
    return addReply(q, p, body, { id: user.id, name: user.displayName, source: 'workstation', auditType: 'user' }, ip);
  });
}

export function doubleSignAsDoctor(deps: ReviewDeps, user: User, prescriptionId: string, reason: string, ip: string | null): Promise<ResultView> {
  return deps.db.tx(async (q) => {
    const p = await lockMine(q, user, prescriptionId);
    const [code] = await q.query<{ his_doctor_code: string | null }>('SELECT his_doctor_code FROM users WHERE id = $1', [user.id]);
    return applyDoctorEvent(deps, q, p, { type: 'double-sign' }, { code: code?.his_doctor_code ?? user.username, name: user.displayName, reason }, { actorType: 'user', actorId: user.id, actorName: user.displayName }, ip ?? undefined);
  });
}
