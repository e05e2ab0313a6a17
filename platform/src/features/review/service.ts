/**
 * Pre-review (前置审方): a HIS submission becomes a prescription version, a check run with
 * its findings, and — when the plan says review — a task with a circuit-breaker deadline.
 * Pharmacist commands, doctor actions and the breaker all go through decide() inside a
 * transaction that locks the prescription row, so concurrent actors serialize.
 */
import type { ActivePack } from '../../../../app/contracts/rule-pack';
import { randomUUID } from 'node:crypto';
import { decide, isAwaitingPharmacist, mayProceed, REVIEW_STATUS_ZH, type ReviewEvent, type ReviewStatus } from '../../../../app/domain/decide';
import type { Finding } from '../../../../app/domain/finding';
import { LEVEL_ZH, type Level } from '../../../../app/domain/levels';
import { needsSecondReview, planActionFor, type PlanAction } from '../../../../app/domain/review-plan';
import { orderClassIds } from '../../../../app/engine/order-classes';
import type { OrderInput } from '../../../../app/domain/review-request';
import { review } from '../../../../app/engine/review';
import { findingDetail } from '../../../../app/interop/cds-hooks';
import { hisSex, hisToReviewRequest, orderFromHisItem, type HisCheckRequest } from '../../../../app/interop/his';
import type { IndexedKb } from '../../../../app/knowledge/indexed';
import type { Db, Queryable } from '../../db/db';
import { iso } from '../../db/db';
import { HttpError } from '../../http/errors';
import type { HisClient } from '../auth/service';
import { appendAudit } from '../audit/audit';
import { linkPatient } from '../datasets/upload';
import { noteSeen } from '../code-mapping/ingest';
import { applyPrescriptionContext, prescriptionContext, storedMasterData, type StoredMasterData } from '../master-data/prescription-context';
import type { Signer } from '../audit/signing';
import { appendChange, type LiveBus } from '../live/bus';
import type { Plan } from './plans';
import type { RulePackState } from '../rule-packs/active';

export interface ReviewDeps {
  readonly db: Db;
  /** The active review plan (cached briefly; plans change rarely and are audited). */
  readonly plan: () => Promise<Plan>;
  readonly kb: () => IndexedKb;
  /** The active pack's manifest and files, for workstations (same revision as kb()). */
  readonly activePack: () => ActivePack;
  readonly bus: LiveBus;
  readonly signer: Signer;
  /** Published rule packs and custom rules (features/rule-packs); kb()/activePack() read its snapshot. */
  readonly rulePacks?: RulePackState;
}

export interface StoredPayload {
  readonly body: HisCheckRequest;
  /** Active medicines the data center added (other prescriptions / institutions). */
  readonly dataCenterCurrent: readonly OrderInput[];
  /** Prescriber rights from master data and confirmed code mappings the check used. */
  readonly masterData?: StoredMasterData;
}

interface InstitutionRow { id: string; code: string; name: string; level: string }

export async function resolveInstitution(q: Queryable, client: HisClient, code: string | undefined): Promise<InstitutionRow> {
  if (client.institutionId) {
    const [own] = await q.query<InstitutionRow>('SELECT id, code, name, level FROM institutions WHERE id = $1', [client.institutionId]);
    if (!own) throw new HttpError(403, 'forbidden', 'HIS 客户端所属机构不存在');
    // An institution's key writes only its own data.
    if (code !== undefined && code !== own.code) throw new HttpError(403, 'forbidden', `本密钥属于机构 ${own.code}，不能提交机构 ${code} 的数据`);
    return own;
  }
  if (!code) throw new HttpError(400, 'invalid-request', '县级集成密钥必须提供 institutionCode', [{ path: 'institutionCode', message: '必填' }]);
  const [row] = await q.query<InstitutionRow>('SELECT id, code, name, level FROM institutions WHERE code = $1', [code]);
  if (!row) throw new HttpError(400, 'invalid-request', `未知的机构编码 ${code}`, [{ path: 'institutionCode', message: `未知的机构编码 ${code}` }]);
  return row;
}

export function findingsOut(findings: readonly Finding[]) {
  return findings.map((f) => ({
    checkType: f.checkType, level: f.level, levelZh: LEVEL_ZH[f.level], reviewCode: f.reviewCode, ruleId: f.ruleId,
    summary: f.summary, detail: findingDetail(f), orders: f.orders.map((o) => o.replace(/^item\//, '')), sources: f.sources,
  }));
}

function statusForAction(action: PlanAction): ReviewStatus {
  if (action === 'review') return 'pending';
  if (action === 'block') return 'blocked';
  return 'passed';
}

/** Medicines of the patient's other prescriptions still within their supply days. */
async function dataCenterMedications(q: Queryable, patientId: string, excludePrescriptionId: string | null, at: string): Promise<OrderInput[]> {
  const rows = await q.query<{ payload: StoredPayload | string; prescribed_at: Date; institution_name: string; prescription_no: string }>(
    `SELECT v.payload, v.prescribed_at, i.name AS institution_name, p.prescription_no
       FROM prescriptions p
       JOIN prescription_versions v ON v.prescription_id = p.id AND v.version = p.current_version
       JOIN institutions i ON i.id = p.institution_id
      WHERE p.patient_id IN (SELECT x.id FROM patients x JOIN patients me ON me.id = $1 WHERE x.id = me.id OR (me.person_id IS NOT NULL AND x.person_id = me.person_id))
        AND ($2::text IS NULL OR p.id <> $2)
        AND p.status IN ('passed', 'approved', 'double-signed', 'auto-passed', 'dispensed')
        AND v.prescribed_at > ($3::timestamptz - interval '90 days')
      ORDER BY v.prescribed_at DESC LIMIT 20`,
    [patientId, excludePrescriptionId, at],
  );
  const out: OrderInput[] = [];
  const atMs = Date.parse(at);
  for (const r of rows) {
    const payload: StoredPayload = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
    const start = new Date(r.prescribed_at).getTime();
    for (const it of payload.body.items) {
      const days = it.days ?? 1;
      if (start + days * 86_400_000 < atMs) continue;
      out.push(orderFromHisItem(it, `prescription/${r.prescription_no}`, r.institution_name));
    }
  }
  return out;
}

export interface DecisionRecord { id?: string; prescriptionId: string; versionId: string | null; version: number; event: string; from: ReviewStatus | null; to: ReviewStatus; actorType: 'pharmacist' | 'doctor' | 'system' | 'his'; actorId?: string | null; actorName?: string | null; reasonCode?: string | null; reason?: string | null }

/** Stores a decision; human decisions (pharmacist, doctor) are signed by the platform. */
export async function recordDecision(q: Queryable, d: DecisionRecord, signer?: Signer): Promise<string> {
  const id = d.id ?? randomUUID();
  const at = new Date().toISOString();
  const signed = signer ? signer.sign({ decisionId: id, prescriptionId: d.prescriptionId, version: d.version, event: d.event, from: d.from, to: d.to, actorType: d.actorType, actorId: d.actorId ?? null, actorName: d.actorName ?? null, reasonCode: d.reasonCode ?? null, reason: d.reason ?? null, at }) : null;
  await q.query(
    `INSERT INTO decisions (id, prescription_id, version_id, version, event, from_status, to_status, actor_type, actor_id, actor_name, reason_code, reason, created_at, signature, signed_payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [id, d.prescriptionId, d.versionId, d.version, d.event, d.from, d.to, d.actorType, d.actorId ?? null, d.actorName ?? null, d.reasonCode ?? null, d.reason ?? null, at, signed?.signature ?? null, signed?.signedPayload ?? null],
  );
  return id;
}

async function setStatus(q: Queryable, prescriptionId: string, versionId: string, status: ReviewStatus): Promise<void> {
  await q.query('UPDATE prescription_versions SET status = $2 WHERE id = $1', [versionId, status]);
  await q.query('UPDATE prescriptions SET status = $2, updated_at = now() WHERE id = $1', [prescriptionId, status]);
}

export interface SubmitResult {
  prescriptionId: string;
  prescriptionNo: string;
  version: number;
  status: ReviewStatus;
  statusZh: string;
  action: PlanAction;
  maxLevel: Level | null;
  packRevision: number;
  checkRunId: string;
  deadline: string | null;
  findings: ReturnType<typeof findingsOut>;
}

export async function submitPrescription(deps: ReviewDeps, client: HisClient, body: HisCheckRequest, opts: { runEngine?: boolean } = {}): Promise<SubmitResult> {
  const kb = deps.kb();
  // Read the plan before taking a connection for the transaction: asking the pool for a
  // second connection from inside one can exhaust it under load (every request waiting).
  const plan = await deps.plan();
  const { seen, ...result } = await deps.db.tx(async (q) => {
    const inst = await resolveInstitution(q, client, body.institutionCode);
    const sex = hisSex(body.patient.sex) ?? null;
    const [patient] = await q.query<{ id: string }>(
      `INSERT INTO patients (id, institution_id, his_patient_id, name, sex, birth_date) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (institution_id, his_patient_id) DO UPDATE SET name = COALESCE(EXCLUDED.name, patients.name), sex = COALESCE(EXCLUDED.sex, patients.sex),
         birth_date = COALESCE(EXCLUDED.birth_date, patients.birth_date), updated_at = now()
       RETURNING id`,
      [randomUUID(), inst.id, body.patient.patientId, body.patient.name ?? null, sex, body.patient.birthDate ?? null],
    );
    if (body.patient.idCardNo) {
      await linkPatient(q, inst.id, { patientId: body.patient.patientId, name: body.patient.name, sex, birthDate: body.patient.birthDate, idCardNo: body.patient.idCardNo });
    }
    const [existing] = await q.query<{ id: string; current_version: number; status: ReviewStatus; patient_id: string }>(
      'SELECT id, current_version, status, patient_id FROM prescriptions WHERE institution_id = $1 AND prescription_no = $2 FOR UPDATE',
      [inst.id, body.prescriptionNo],
    );
    let prescriptionId: string;
    let version: number;
    if (existing) {
      // Resubmission = the doctor modified it: the old version is superseded, its task closed.
      const d = decide({ status: existing.status, version: existing.current_version }, { type: 'modify' });
      if (!d.ok) throw new HttpError(409, 'conflict', `处方 ${body.prescriptionNo} 当前状态为“${REVIEW_STATUS_ZH[existing.status]}”，不能再提交修改`);
      const [old] = await q.query<{ id: string }>('SELECT id FROM prescription_versions WHERE prescription_id = $1 AND version = $2', [existing.id, existing.current_version]);
      await q.query('UPDATE prescription_versions SET status = $2 WHERE id = $1', [old!.id, 'modified']);
      const closed = await q.query<{ id: string }>("UPDATE review_tasks SET status = 'modified', decided_at = now() WHERE version_id = $1 AND status = 'pending' RETURNING id", [old!.id]);
      await recordDecision(q, { prescriptionId: existing.id, versionId: old!.id, version: existing.current_version, event: 'modify', from: existing.status, to: 'modified', actorType: 'doctor', actorId: body.doctor.code, actorName: body.doctor.name });
      for (const t of closed) await appendChange(q, 'task-updated', t.id, { status: 'modified' });
      prescriptionId = existing.id;
      version = existing.current_version + 1;
    } else {
      prescriptionId = randomUUID();
      version = 1;
    }

    const extra = await dataCenterMedications(q, patient!.id, existing ? prescriptionId : null, body.prescribedAt);
    const md = await prescriptionContext(deps.db, q, inst.id, body);
    const request = applyPrescriptionContext(hisToReviewRequest(body, { institutionLevel: inst.level, institutionCode: inst.code, extraCurrent: extra }), md);
    const t0 = performance.now();
    // The benchmark's bare endpoint stores the same prescription without the engine.
    const r = opts.runEngine === false ? { findings: [], maxLevel: null, packId: kb.manifest.id, packRevision: kb.manifest.revision } : review(kb, request);
    const durationMs = performance.now() - t0;
    const action = planActionFor(plan, r.maxLevel, { at: body.prescribedAt, department: body.visit.departmentName });
    const status = statusForAction(action);

    if (existing) {
      await q.query('UPDATE prescriptions SET current_version = $2, status = $3, patient_id = $4, updated_at = now() WHERE id = $1', [prescriptionId, version, status, patient!.id]);
    } else {
      await q.query('INSERT INTO prescriptions (id, institution_id, prescription_no, patient_id, kind, current_version, status) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        prescriptionId, inst.id, body.prescriptionNo, patient!.id, body.prescriptionType, version, status,
      ]);
    }
    const versionId = randomUUID();
    const payload: StoredPayload = { body, dataCenterCurrent: extra, masterData: storedMasterData(md) };
    await q.query(
      `INSERT INTO prescription_versions (id, prescription_id, version, status, visit_type, department_name, doctor_code, doctor_name, doctor_title, prescribed_at, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [versionId, prescriptionId, version, status, body.visit.visitType, body.visit.departmentName ?? null, body.doctor.code, body.doctor.name, request.prescriberTitle ?? null, body.prescribedAt, JSON.stringify(payload)],
    );
    const checkRunId = randomUUID();
    await q.query('INSERT INTO check_runs (id, version_id, pack_id, pack_revision, max_level, action, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      checkRunId, versionId, r.packId, r.packRevision, r.maxLevel, action, durationMs,
    ]);
    if (r.findings.length > 0) {
      // One multi-row INSERT: a prescription's findings are written in one round trip.
      const values: unknown[] = [];
      const rows = r.findings.map((f, i) => {
        values.push(randomUUID(), checkRunId, i, f.checkType, f.level, f.ruleId, f.reviewCode, JSON.stringify(f.orders), f.summary, f.what, f.why, f.action, JSON.stringify(f.sources), JSON.stringify(f.facts));
        const b = i * 14;
        return `(${Array.from({ length: 14 }, (_, k) => `$${b + k + 1}`).join(', ')})`;
      });
      await q.query(`INSERT INTO findings (id, check_run_id, seq, check_type, level, rule_id, review_code, orders, summary, what, why, action, sources, facts) VALUES ${rows.join(', ')}`, values);
    }
    await recordDecision(q, { prescriptionId, versionId, version, event: 'submit', from: null, to: status, actorType: 'system', actorName: `系统审核（规则包 ${r.packId} r${r.packRevision}）` });
    let deadline: string | null = null;
    if (status === 'pending') {
      const taskId = randomUUID();
      const [task] = await q.query<{ deadline: Date }>(
        `INSERT INTO review_tasks (id, prescription_id, version_id, plan_id, status, max_level, deadline, second_review, finding_count, top_summary, check_types, drug_names)
         VALUES ($1, $2, $3, $4, 'pending', $5, now() + make_interval(secs => $6), $7, $8, $9, $10, $11) RETURNING deadline`,
        [taskId, prescriptionId, versionId, plan.id === 'builtin' ? null : plan.id, r.maxLevel, plan.timeoutSeconds, needsSecondReview(plan, r.maxLevel, orderClassIds(kb, request)),
          // The queue's summary (migration 009), from what is in hand.
          r.findings.length, r.findings[0]?.summary ?? null, [...new Set(r.findings.map((f) => f.checkType))], body.items.map((it) => it.drugName)],
      );
      deadline = iso(task!.deadline);
      await appendChange(q, 'task-created', taskId, { maxLevel: r.maxLevel, prescriptionId });
    }
    await appendChange(q, 'prescription-updated', prescriptionId, { status, version });
    return { prescriptionId, version, status, action, maxLevel: r.maxLevel, packRevision: r.packRevision, checkRunId, deadline, findings: findingsOut(r.findings), seen: { institutionId: inst.id, codes: md.seenAgain } };
  });
  // Known unmapped codes are counted after the commit (see noteSeen).
  noteSeen(deps.db, seen.institutionId, seen.codes, { prescriptionNo: body.prescriptionNo });
  return { ...result, prescriptionNo: body.prescriptionNo, statusZh: REVIEW_STATUS_ZH[result.status] };
}

export interface PrescriptionRow {
  id: string;
  prescription_no: string;
  current_version: number;
  status: ReviewStatus;
  updated_at: Date;
}

export interface ResultView {
  prescriptionNo: string;
  version: number;
  status: ReviewStatus;
  statusZh: string;
  /** The pharmacist's (or breaker's) answer is in. */
  final: boolean;
  /** The HIS may charge and dispense. */
  mayProceed: boolean;
  decision: { event: string; by: string | null; reasonCode: string | null; reason: string | null; at: string } | null;
  deadline: string | null;
}

export async function findPrescription(q: Queryable, client: HisClient, no: string, institutionCode: string | undefined, lock = false): Promise<PrescriptionRow & { institution_id: string }> {
  const inst = await resolveInstitution(q, client, institutionCode);
  const [row] = await q.query<PrescriptionRow & { institution_id: string }>(
    `SELECT id, prescription_no, current_version, status, updated_at, institution_id FROM prescriptions WHERE institution_id = $1 AND prescription_no = $2${lock ? ' FOR UPDATE' : ''}`,
    [inst.id, no],
  );
  if (!row) throw new HttpError(404, 'not-found', `处方 ${no} 不存在`);
  return row;
}

async function resultView(q: Queryable, p: PrescriptionRow): Promise<ResultView> {
  const [d] = await q.query<{ event: string; actor_name: string | null; reason_code: string | null; reason: string | null; created_at: Date }>(
    `SELECT event, actor_name, reason_code, reason, created_at FROM decisions WHERE prescription_id = $1 AND version = $2 AND event <> 'submit' ORDER BY created_at DESC LIMIT 1`,
    [p.id, p.current_version],
  );
  const [t] = await q.query<{ deadline: Date }>(`SELECT t.deadline FROM review_tasks t JOIN prescription_versions v ON v.id = t.version_id WHERE v.prescription_id = $1 AND v.version = $2`, [p.id, p.current_version]);
  // A first approval awaiting a second pharmacist is still "pending" to the HIS (its
  // contract predates multi-level review); statusZh says 待复核.
  const awaitingSecond = p.status === 'pending-second';
  return {
    prescriptionNo: p.prescription_no,
    version: p.current_version,
    status: awaitingSecond ? 'pending' : p.status,
    statusZh: REVIEW_STATUS_ZH[p.status],
    final: !isAwaitingPharmacist(p.status),
    mayProceed: mayProceed(p.status),
    decision: d && !awaitingSecond ? { event: d.event, by: d.actor_name, reasonCode: d.reason_code, reason: d.reason, at: iso(d.created_at) } : null,
    deadline: t ? iso(t.deadline) : null,
  };
}

/** The result, waiting up to `waitSeconds` while a pharmacist is still deciding (long-poll). */
export async function getResult(deps: ReviewDeps, client: HisClient, no: string, institutionCode: string | undefined, waitSeconds: number, signal?: AbortSignal): Promise<ResultView> {
  const p = await findPrescription(deps.db, client, no, institutionCode);
  let view = await resultView(deps.db, p);
  if (view.final || waitSeconds <= 0) return view;
  const until = Date.now() + waitSeconds * 1000;
  while (!view.final && Date.now() < until && !signal?.aborted) {
    await deps.bus.waitFor((c) => c.kind === 'prescription-updated' && c.entityId === p.id, Math.min(until - Date.now(), 5000), signal);
    const [fresh] = await deps.db.query<PrescriptionRow>('SELECT id, prescription_no, current_version, status, updated_at FROM prescriptions WHERE id = $1', [p.id]);
    view = await resultView(deps.db, fresh!);
  }
  return view;
}

async function doctorAction(deps: ReviewDeps, client: HisClient, no: string, institutionCode: string | undefined, event: ReviewEvent & { type: 'cancel' | 'double-sign' }, actor: { code?: string | undefined; name?: string | undefined; reason: string }, ip?: string): Promise<ResultView> {
  return deps.db.tx(async (q) => {
    const p = await findPrescription(q, client, no, institutionCode, true);
    return applyDoctorEvent(deps, q, p, event, actor, { actorType: 'his', actorId: actor.code ?? client.id, actorName: actor.name ?? client.name }, ip);
  });
}

/**
 * The one path for a doctor's action on a locked prescription row, whether it came from the
 * HIS or from the doctor's own workstation login: decide(), status, the version's task, a
 * signed decision, the audit entry and the change feed.
 */
export async function applyDoctorEvent(deps: ReviewDeps, q: Queryable, p: PrescriptionRow & { institution_id: string }, event: ReviewEvent & { type: 'cancel' | 'double-sign' }, actor: { code?: string | undefined | null; name?: string | undefined | null; reason: string }, auditActor: { actorType: 'his' | 'user'; actorId: string | null; actorName: string | null }, ip?: string): Promise<ResultView> {
  const d = decide({ status: p.status, version: p.current_version }, event);
  if (!d.ok) {
    const why = event.type === 'double-sign' ? '只有“驳回（可双签）”的处方可以双签' : '该处方已结束，不能取消';
    throw new HttpError(409, 'conflict', `处方当前状态为“${REVIEW_STATUS_ZH[p.status]}”：${why}`);
  }
  const [v] = await q.query<{ id: string }>('SELECT id FROM prescription_versions WHERE prescription_id = $1 AND version = $2', [p.id, p.current_version]);
  await setStatus(q, p.id, v!.id, d.state.status);
  // The version's task (pending or already decided) shows the doctor's answer too, and
  // workstations refresh their counters from the event.
  const tasks = await q.query<{ id: string }>(
    `UPDATE review_tasks SET status = $2, decided_at = COALESCE(decided_at, now()), leased_by = NULL, lease_until = NULL WHERE version_id = $1 RETURNING id`, [v!.id, d.state.status]);
  for (const t of tasks) await appendChange(q, 'task-updated', t.id, { status: d.state.status });
  const decisionId = await recordDecision(q, { prescriptionId: p.id, versionId: v!.id, version: p.current_version, event: event.type, from: p.status, to: d.state.status, actorType: 'doctor', actorId: actor.code ?? null, actorName: actor.name ?? actor.code ?? null, reason: actor.reason }, deps.signer);
  await appendAudit(q, { ...auditActor, institutionId: p.institution_id, ip: ip ?? null, action: event.type, targetType: 'prescription', targetId: p.id, detail: { prescriptionNo: p.prescription_no, version: p.current_version, decisionId, reason: actor.reason } });
  await appendChange(q, 'prescription-updated', p.id, { status: d.state.status, version: p.current_version });
  return resultView(q, { ...p, status: d.state.status });
}

export function cancelPrescription(deps: ReviewDeps, client: HisClient, no: string, body: { institutionCode?: string | undefined; doctorCode?: string | undefined; reason: string }, ip?: string): Promise<ResultView> {
  return doctorAction(deps, client, no, body.institutionCode, { type: 'cancel' }, { code: body.doctorCode, reason: body.reason }, ip);
}

export function doubleSignPrescription(deps: ReviewDeps, client: HisClient, no: string, body: { institutionCode?: string | undefined; doctorCode: string; doctorName?: string | undefined; reason: string }, ip?: string): Promise<ResultView> {
  return doctorAction(deps, client, no, body.institutionCode, { type: 'double-sign' }, { code: body.doctorCode, name: body.doctorName, reason: body.reason }, ip);
}

/**
 * 熔断: auto-pass every pending task past its deadline. Rows are taken with FOR UPDATE SKIP
 * LOCKED so that with several platform nodes each task fires exactly once.
 */
export async function autoPassDue(deps: ReviewDeps, limit = 100): Promise<number> {
  return deps.db.tx(async (q) => {
    const due = await q.query<{ id: string; prescription_id: string; version_id: string; version: number }>(
      `SELECT t.id, t.prescription_id, t.version_id, v.version FROM review_tasks t JOIN prescription_versions v ON v.id = t.version_id
        WHERE t.status = 'pending' AND t.deadline <= now() ORDER BY t.deadline LIMIT $1 FOR UPDATE OF t SKIP LOCKED`,
      [limit],
    );
    let n = 0;
    for (const t of due) {
      const [p] = await q.query<{ status: ReviewStatus; current_version: number }>('SELECT status, current_version FROM prescriptions WHERE id = $1 FOR UPDATE', [t.prescription_id]);
      if (!p || p.current_version !== t.version) continue;
      const d = decide({ status: p.status, version: p.current_version }, { type: 'timeout' });
      if (!d.ok) {
        await q.query('UPDATE review_tasks SET status = $2 WHERE id = $1', [t.id, p.status]);
        continue;
      }
      await setStatus(q, t.prescription_id, t.version_id, 'auto-passed');
      await q.query(`UPDATE review_tasks SET status = 'auto-passed', decided_at = now(), leased_by = NULL, lease_until = NULL WHERE id = $1`, [t.id]);
      await recordDecision(q, { prescriptionId: t.prescription_id, versionId: t.version_id, version: t.version, event: 'timeout', from: 'pending', to: 'auto-passed', actorType: 'system', actorName: '熔断（超时自动通过）', reason: '审方超时，系统自动通过，标记事后复核' });
      await appendChange(q, 'task-updated', t.id, { status: 'auto-passed' });
      await appendChange(q, 'prescription-updated', t.prescription_id, { status: 'auto-passed', version: t.version });
      n++;
    }
    return n;
  });
}

export function startCircuitBreaker(deps: ReviewDeps, intervalMs: number, onError: (e: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => autoPassDue(deps)).catch(onError);
  }, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

