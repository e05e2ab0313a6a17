/** The pharmacist's queue and task detail, read from the data center. */
import type { ReviewStatus } from '../../../../app/domain/decide';
import { LEVEL_RANK, type Level } from '../../../../app/domain/levels';
import { ageAt, describeAge } from '../../../../app/engine/normalize/patient';
import type { Counters, FindingOut, HistoryEntry, TaskChanges, TaskDetail, TaskList, TaskSummary } from '../../../../app/sync/api';
import { prescriptionFlow, prescriptionVersions } from './task-history';
import type { Queryable } from '../../db/db';
import { iso, isoOrNull } from '../../db/db';
import { HttpError } from '../../http/errors';
import { assertVisible } from '../auth/scope';
import type { StoredPayload } from '../review/service';

interface TaskRow {
  id: string;
  prescription_id: string;
  prescription_no: string;
  version: number;
  status: ReviewStatus;
  institution_name: string;
  department_name: string | null;
  doctor_name: string | null;
  patient_name: string | null;
  patient_sex: string | null;
  birth_date: Date | string | null;
  prescribed_at: Date;
  max_level: Level | null;
  finding_count: number;
  top_summary: string | null;
  created_at: Date;
  deadline: Date;
  leased_by_name: string | null;
  lease_until: Date | null;
  decided_at: Date | null;
  check_types: string[] | null;
  drugs: string[] | null;
  second_review: boolean;
  first_reviewer_name: string | null;
}

const TASK_SELECT = `
  SELECT t.id, t.prescription_id, p.prescription_no, v.version, t.status, i.name AS institution_name, v.department_name, v.doctor_name,
         pa.name AS patient_name, pa.sex AS patient_sex, pa.birth_date, v.prescribed_at, t.max_level,
         t.finding_count, t.top_summary,
         t.created_at, t.deadline, CASE WHEN t.lease_until > now() THEN lu.display_name END AS leased_by_name,
         CASE WHEN t.lease_until > now() THEN t.lease_until END AS lease_until, t.decided_at,
         t.check_types, t.drug_names AS drugs,
         t.second_review, fr.display_name AS first_reviewer_name
    FROM review_tasks t
    JOIN prescription_versions v ON v.id = t.version_id
    JOIN prescriptions p ON p.id = t.prescription_id
    JOIN institutions i ON i.id = p.institution_id
    JOIN patients pa ON pa.id = p.patient_id
    LEFT JOIN users lu ON lu.id = t.leased_by
    LEFT JOIN users fr ON fr.id = t.first_reviewer`;

const SEX_ZH: Record<string, string> = { male: '男', female: '女', other: '其他', unknown: '未知' };

function birthIso(b: Date | string | null): string | undefined {
  if (b === null) return undefined;
  return b instanceof Date ? b.toISOString().slice(0, 10) : String(b).slice(0, 10);
}

function patientAge(birth: Date | string | null, at: Date): string | null {
  const b = birthIso(birth);
  if (!b) return null;
  const a = ageAt(b, at.toISOString());
  if (!a) return null;
  return describeAge({ ageDays: a.days, ageYears: a.years } as Parameters<typeof describeAge>[0]);
}

function toSummary(r: TaskRow): TaskSummary {
  return {
    id: r.id,
    prescriptionId: r.prescription_id,
    prescriptionNo: r.prescription_no,
    version: r.version,
    status: r.status,
    institutionName: r.institution_name,
    departmentName: r.department_name,
    doctorName: r.doctor_name,
    patientName: r.patient_name,
    patientSex: r.patient_sex ? (SEX_ZH[r.patient_sex] ?? r.patient_sex) : null,
    patientAge: patientAge(r.birth_date, new Date(r.prescribed_at)),
    maxLevel: r.max_level,
    findingCount: r.finding_count,
    topSummary: r.top_summary,
    createdAt: iso(r.created_at),
    deadline: r.status === 'pending' ? iso(r.deadline) : null,
    leasedBy: r.leased_by_name,
    leaseUntil: isoOrNull(r.lease_until),
    decidedAt: isoOrNull(r.decided_at),
    checkTypes: (r.check_types ?? []) as TaskSummary['checkTypes'],
    drugs: r.drugs ?? [],
    secondReview: r.second_review ? { firstReviewer: r.first_reviewer_name } : null,
  };
}

export async function counters(q: Queryable): Promise<Counters> {
  const [row] = await q.query<{ pending: number; reviewed: number; rejected: number; double_signed: number }>(
    `SELECT count(*) FILTER (WHERE t.status = 'pending')::int AS pending,
            count(*) FILTER (WHERE t.decided_by IS NOT NULL AND t.decided_at > now() - interval '24 hours')::int AS reviewed,
            (SELECT count(*)::int FROM decisions d WHERE d.event IN ('reject', 'reject-allow-double-sign') AND d.created_at > now() - interval '24 hours') AS rejected,
            (SELECT count(*)::int FROM decisions d WHERE d.event = 'double-sign' AND d.created_at > now() - interval '24 hours') AS double_signed
       FROM review_tasks t`,
  );
  return { pending: row!.pending, reviewed: row!.reviewed, rejected: row!.rejected, doubleSigned: row!.double_signed };
}

// $1 = the institutions the user may see (NULL: all).
const IN_SCOPE = '($1::text[] IS NULL OR p.institution_id = ANY($1))';
const SCOPE_WHERE: Record<'open' | 'done', string> = {
  open: "t.status = 'pending'",
  done: "t.status <> 'pending' AND coalesce(t.decided_at, t.created_at) > now() - interval '24 hours'",
};

/** The server's change-feed position a list or delta is consistent with (never a client clock). */
async function currentCursor(q: Queryable): Promise<number> {
  const [cur] = await q.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM change_feed');
  return Number(cur?.seq ?? 0);
}

// The workstation's queue order (renderer/src/shared/task-order.ts): most severe first, then
// the one the circuit breaker will auto-pass soonest.
const LEVEL_RANK_SQL = `CASE t.max_level ${Object.entries(LEVEL_RANK).map(([l, r]) => `WHEN '${l}' THEN ${r}`).join(' ')} ELSE -1 END`;
const MAX_OPEN = 20_000;

export async function listTasks(q: Queryable, scope: 'open' | 'done', institutions: string[] | null = null, limit: number | null = null): Promise<TaskList> {
  const cursor = await currentCursor(q);
  const rows = scope === 'open'
    ? await q.query<TaskRow>(`${TASK_SELECT} WHERE ${SCOPE_WHERE.open} AND ${IN_SCOPE} ORDER BY ${LEVEL_RANK_SQL} DESC, t.deadline, t.created_at, t.id LIMIT $2`, [institutions, limit ?? MAX_OPEN])
    : await q.query<TaskRow>(`${TASK_SELECT} WHERE ${SCOPE_WHERE.done} AND ${IN_SCOPE} ORDER BY t.decided_at DESC NULLS LAST LIMIT $2`, [institutions, limit ?? 2000]);
  return { tasks: rows.map(toSummary), counters: await counters(q), cursor, complete: limit === null || rows.length < limit };
}

/** Beyond this many changed tasks a full list is cheaper than the delta. */
const MAX_DELTA = 2000;
/**
 * Sequence numbers are taken when a change is inserted but become visible when its
 * transaction commits, so a slightly older one can appear after a newer one was read. The
 * delta re-reads this many sequence numbers before the cursor; merging is idempotent.
 */
const OVERLAP = 500;

/** The queue's changes since a cursor (architecture.md §Sync: server-ordered, never client clocks). */
export async function listTaskChanges(q: Queryable, scope: 'open' | 'done', since: number, institutions: string[] | null = null): Promise<TaskChanges> {
  const cursor = await currentCursor(q);
  const ids = await q.query<{ entity_id: string }>(
    `SELECT DISTINCT entity_id FROM change_feed WHERE seq > $1 AND seq <= $2 AND kind IN ('task-created', 'task-updated') LIMIT ${MAX_DELTA + 1}`,
    [Math.max(0, since - OVERLAP), cursor],
  );
  const c = await counters(q);
  if (ids.length > MAX_DELTA) return { reset: true, cursor, tasks: [], removed: [], counters: c };
  const changed = ids.map((r) => r.entity_id);
  const rows = changed.length === 0 ? [] : await q.query<TaskRow>(`${TASK_SELECT} WHERE t.id = ANY($2::text[]) AND ${SCOPE_WHERE[scope]} AND ${IN_SCOPE}`, [institutions, changed]);
  const present = new Set(rows.map((r) => r.id));
  return { reset: false, cursor, tasks: rows.map(toSummary), removed: changed.filter((id) => !present.has(id)), counters: c };
}

function formatDose(it: StoredPayload['body']['items'][number]): string | null {
  if (it.dose !== undefined) return `${it.dose}${it.doseUnit ?? ''}`;
  return it.doseText ?? null;
}

export async function taskDetail(q: Queryable, id: string, institutions: string[] | null = null): Promise<TaskDetail> {
  const [r] = await q.query<TaskRow & { version_id: string; payload: StoredPayload | string; doctor_title: string | null; visit_type: string | null; institution_level: string; institution_id: string }>(
    `${TASK_SELECT.replace('SELECT t.id,', 'SELECT t.version_id, v.payload, v.doctor_title, v.visit_type, i.level AS institution_level, p.institution_id, t.id,')} WHERE t.id = $1`,
    [id],
  );
  if (!r) throw new HttpError(404, 'not-found', '审方任务不存在');
  assertVisible(institutions, [r.institution_id]);
  const payload: StoredPayload = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
  const body = payload.body;
  const [run] = await q.query<{ id: string; pack_revision: number }>('SELECT id, pack_revision FROM check_runs WHERE version_id = $1 ORDER BY created_at DESC LIMIT 1', [r.version_id]);
  const findings = run
    ? await q.query<{ id: string; check_type: FindingOut['checkType']; level: Level; rule_id: string; review_code: string; orders: string[]; summary: string; what: string; why: string; action: string; sources: FindingOut['sources']; facts: string[] }>(
      'SELECT id, check_type, level, rule_id, review_code, orders, summary, what, why, action, sources, facts FROM findings WHERE check_run_id = $1 ORDER BY seq', [run.id])
    : [];
  const patientRow = await q.query<{ patient_id: string }>('SELECT patient_id FROM prescriptions WHERE id = $1', [r.prescription_id]);
  const history = await q.query<{ created_at: Date; version: number; to_status: ReviewStatus; actor_name: string | null; reason: string | null; event: string }>(
    'SELECT created_at, version, to_status, actor_name, reason, event FROM decisions WHERE prescription_id = $1 ORDER BY created_at, version', [r.prescription_id]);
  // Doctors' replies and appeals (workstation or HIS) sit in the same history, in time order.
  const replies = await q.query<{ created_at: Date; version: number; kind: 'reply' | 'appeal'; text: string; author_name: string | null }>(
    'SELECT created_at, version, kind, text, author_name FROM prescription_replies WHERE prescription_id = $1 ORDER BY created_at', [r.prescription_id]);
  const entries: HistoryEntry[] = [
    ...history.map((h): HistoryEntry => ({ at: iso(h.created_at), version: h.version, status: h.to_status, actor: h.actor_name, reason: h.reason, event: h.event })),
    ...replies.map((x): HistoryEntry => ({ at: iso(x.created_at), version: x.version, status: r.status, actor: `${x.author_name ?? '医生'}（${x.kind === 'appeal' ? '申诉' : '回复'}）`, reason: x.text, event: x.kind })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    task: toSummary(r),
    prescription: {
      visitType: r.visit_type,
      prescribedAt: iso(r.prescribed_at),
      doctorTitle: r.doctor_title,
      institutionLevel: r.institution_level,
      items: body.items.map((it) => ({
        ref: `item/${it.itemNo}`, name: it.drugName, dose: formatDose(it), frequency: it.frequency ?? null, route: it.route ?? null,
        days: it.days ?? null, quantity: it.quantity !== undefined ? `${it.quantity}${it.quantityUnit ?? ''}` : null, group: it.groupNo ?? null,
      })),
    },
    patient: {
      ...(patientRow[0] ? { patientId: patientRow[0].patient_id } : {}),
      name: r.patient_name,
      sex: r.patient_sex ? (SEX_ZH[r.patient_sex] ?? r.patient_sex) : null,
      age: patientAge(r.birth_date, new Date(r.prescribed_at)),
      weightKg: body.patient.weightKg ?? null,
      diagnoses: body.diagnoses.map((d) => ({ code: d.code ?? null, name: d.name ?? null })),
      allergies: body.allergies.map((a) => a.name),
      labs: body.labs.map((l) => ({ name: l.name, value: String(l.value), unit: l.unit ?? null })),
    },
    findings: findings.map((f) => ({ id: f.id, checkType: f.check_type, level: f.level, ruleId: f.rule_id, reviewCode: f.review_code, orders: f.orders, summary: f.summary, what: f.what, why: f.why, action: f.action, sources: f.sources, facts: f.facts })),
    packRevision: run?.pack_revision ?? 0,
    history: entries,
    versions: await prescriptionVersions(q, r.prescription_id),
    flow: await prescriptionFlow(q, r.prescription_id),
  };
}
