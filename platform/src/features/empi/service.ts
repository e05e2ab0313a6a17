/**
 * The EMPI steward's work: the suspected-duplicate queue, merge (the merged person points
 * to the survivor and its institution records move there), split (undo a merge: the moved
 * records return; nothing of the history is removed), "not the same person". Every change
 * writes a history row and an audit entry in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { EmpiHistory, EmpiPerson, EmpiQueue } from '../../../../app/contracts/data-center';
import type { User } from '../../../../app/sync/api';
import type { Db, Queryable } from '../../db/db';
import { iso } from '../../db/db';
import { HttpError } from '../../http/errors';
import { appendAudit } from '../audit/audit';

const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export async function personView(q: Queryable, ids: readonly string[]): Promise<Map<string, EmpiPerson>> {
  const persons = await q.query<{ id: string; name: string | null; sex: string | null; birth_date: string | null; has_id: boolean; merged_into: string | null }>(
    `SELECT id, name, sex, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, id_card_hash IS NOT NULL AS has_id, merged_into FROM persons WHERE id = ANY($1)`, [ids]);
  const records = await q.query<{ person_id: string; id: string; institution: string; his_patient_id: string; phone: string | null }>(
    `SELECT pa.person_id, pa.id, i.name AS institution, pa.his_patient_id, pa.phone FROM patients pa JOIN institutions i ON i.id = pa.institution_id WHERE pa.person_id = ANY($1) ORDER BY i.code, pa.his_patient_id`, [ids]);
  return new Map(persons.map((p) => [p.id, {
    id: p.id, name: p.name, sex: p.sex, birthDate: p.birth_date, hasIdCard: p.has_id, mergedInto: p.merged_into,
    records: records.filter((r) => r.person_id === p.id).map((r) => ({ patientId: r.id, institution: r.institution, hisPatientId: r.his_patient_id, phone: r.phone })),
  }]));
}

export async function empiQueue(q: Queryable): Promise<EmpiQueue> {
  const rows = await q.query<{ id: string; person_id: string; candidate_id: string; score: number; breakdown: EmpiQueue['pairs'][number]['breakdown'] | string; created_at: Date }>(
    `SELECT c.id, c.person_id, c.candidate_id, c.score, c.breakdown, c.created_at FROM empi_candidates c
       JOIN persons a ON a.id = c.person_id JOIN persons b ON b.id = c.candidate_id
      WHERE c.status = 'open' AND a.merged_into IS NULL AND b.merged_into IS NULL ORDER BY c.score DESC, c.created_at LIMIT 200`);
  const people = await personView(q, rows.flatMap((r) => [r.person_id, r.candidate_id]));
  return { pairs: rows.map((r) => ({ id: r.id, score: Number(r.score), breakdown: parse(r.breakdown), createdAt: iso(r.created_at), a: people.get(r.candidate_id)!, b: people.get(r.person_id)! })) };
}

interface Actor { user: User; ip: string }
const auditOf = (a: Actor, action: string, targetId: string, detail: Record<string, unknown>) => ({ actorType: 'user' as const, actorId: a.user.id, actorName: a.user.displayName, institutionId: a.user.institutionId, ip: a.ip, action, targetType: 'person', targetId, detail });

export async function mergePersons(db: Db, actor: Actor, m: { survivorId: string; mergedId: string; reason: string; candidateId?: string | undefined }): Promise<{ mergeId: string; survivorId: string; movedPatients: string[] }> {
  if (m.survivorId === m.mergedId) throw new HttpError(400, 'invalid-request', '不能把人员合并到其自身', [{ path: 'mergedId', message: '与 survivorId 相同' }]);
  return db.tx(async (q) => {
    const rows = await q.query<{ id: string; merged_into: string | null; id_card_hash: string | null }>('SELECT id, merged_into, id_card_hash FROM persons WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[m.survivorId, m.mergedId]]);
    const survivor = rows.find((r) => r.id === m.survivorId);
    const merged = rows.find((r) => r.id === m.mergedId);
    if (!survivor || !merged) throw new HttpError(404, 'not-found', '人员不存在', [{ path: survivor ? 'mergedId' : 'survivorId', message: '不存在' }]);
    if (survivor.merged_into || merged.merged_into) throw new HttpError(409, 'conflict', '该人员已被合并，请对保留的人员操作');
    // Two different 身份证号 are two people: no steward decision can make them one.
    if (survivor.id_card_hash && merged.id_card_hash && survivor.id_card_hash !== merged.id_card_hash) throw new HttpError(409, 'conflict', '两人身份证号不同，不能合并');
    const moved = await q.query<{ id: string }>('UPDATE patients SET person_id = $1, updated_at = now() WHERE person_id = $2 RETURNING id', [m.survivorId, m.mergedId]);
    // Persons merged earlier into the merged one now point at the survivor (one hop to resolve).
    const repointed = await q.query<{ id: string }>('UPDATE persons SET merged_into = $1 WHERE merged_into = $2 RETURNING id', [m.survivorId, m.mergedId]);
    await q.query('UPDATE persons SET merged_into = $1 WHERE id = $2', [m.survivorId, m.mergedId]);
    const mergeId = randomUUID();
    const patientIds = moved.map((r) => r.id);
    await q.query(`INSERT INTO empi_history (id, action, survivor_id, merged_id, patient_ids, repointed_ids, actor_id, actor_name, reason) VALUES ($1, 'merge', $2, $3, $4, $5, $6, $7, $8)`,
      [mergeId, m.survivorId, m.mergedId, JSON.stringify(patientIds), JSON.stringify(repointed.map((r) => r.id)), actor.user.id, actor.user.displayName, m.reason]);
    await q.query(`UPDATE empi_candidates SET status = 'merged', decided_by = $3, decided_at = now() WHERE status = 'open' AND ((person_id = $1 AND candidate_id = $2) OR (person_id = $2 AND candidate_id = $1))`, [m.survivorId, m.mergedId, actor.user.id]);
    await appendAudit(q, auditOf(actor, 'empi-merge', m.survivorId, { mergeId, mergedId: m.mergedId, patients: patientIds, reason: m.reason, candidateId: m.candidateId ?? null }));
    return { mergeId, survivorId: m.survivorId, movedPatients: patientIds };
  });
}

export async function splitMerge(db: Db, actor: Actor, s: { mergeId: string; reason: string }): Promise<{ splitId: string; restoredPatients: string[] }> {
  return db.tx(async (q) => {
    const [merge] = await q.query<{ survivor_id: string; merged_id: string; patient_ids: string[] | string; repointed_ids: string[] | string; undone: boolean }>(
      `SELECT h.survivor_id, h.merged_id, h.patient_ids, h.repointed_ids, EXISTS (SELECT 1 FROM empi_history x WHERE x.merge_id = h.id) AS undone FROM empi_history h WHERE h.id = $1 AND h.action = 'merge' FOR UPDATE`, [s.mergeId]);
    if (!merge) throw new HttpError(404, 'not-found', '合并记录不存在', [{ path: 'mergeId', message: '不存在' }]);
    if (merge.undone) throw new HttpError(409, 'conflict', '该合并已被拆分');
    const patientIds = parse(merge.patient_ids);
    // Only records still with the survivor go back (a later merge may have moved them on).
    const restored = await q.query<{ id: string }>('UPDATE patients SET person_id = $1, updated_at = now() WHERE id = ANY($2) AND person_id = $3 RETURNING id', [merge.merged_id, patientIds, merge.survivor_id]);
    await q.query('UPDATE persons SET merged_into = NULL WHERE id = $1', [merge.merged_id]);
    await q.query('UPDATE persons SET merged_into = $1 WHERE id = ANY($2) AND merged_into = $3', [merge.merged_id, parse(merge.repointed_ids), merge.survivor_id]);
    const splitId = randomUUID();
    const ids = restored.map((r) => r.id);
    await q.query(`INSERT INTO empi_history (id, action, survivor_id, merged_id, patient_ids, merge_id, actor_id, actor_name, reason) VALUES ($1, 'split', $2, $3, $4, $5, $6, $7, $8)`,
      [splitId, merge.survivor_id, merge.merged_id, JSON.stringify(ids), s.mergeId, actor.user.id, actor.user.displayName, s.reason]);
    await appendAudit(q, auditOf(actor, 'empi-split', merge.survivor_id, { mergeId: s.mergeId, splitId, restoredTo: merge.merged_id, patients: ids, reason: s.reason }));
    return { splitId, restoredPatients: ids };
  });
}

export async function markNotSame(db: Db, actor: Actor, candidateId: string, reason: string): Promise<void> {
  await db.tx(async (q) => {
    const rows = await q.query<{ person_id: string; candidate_id: string }>(`UPDATE empi_candidates SET status = 'not-same', decided_by = $2, decided_at = now() WHERE id = $1 AND status = 'open' RETURNING person_id, candidate_id`, [candidateId, actor.user.id]);
    if (rows.length === 0) throw new HttpError(404, 'not-found', '疑似重复记录不存在或已处理', [{ path: 'id', message: '不存在或已处理' }]);
    await appendAudit(q, auditOf(actor, 'empi-not-same', rows[0]!.candidate_id, { candidateId, personId: rows[0]!.person_id, reason }));
  });
}

export async function empiHistory(q: Queryable, personId: string | null): Promise<EmpiHistory> {
  const rows = await q.query<{ id: string; action: string; survivor_id: string; merged_id: string; patient_ids: string[] | string; merge_id: string | null; score: number | null; actor_name: string | null; reason: string | null; at: Date; undone: boolean }>(
    `SELECT h.*, EXISTS (SELECT 1 FROM empi_history x WHERE x.merge_id = h.id) AS undone FROM empi_history h
      WHERE $1::text IS NULL OR h.survivor_id = $1 OR h.merged_id = $1 ORDER BY h.at DESC, h.action LIMIT 500`, [personId]);
  return { entries: rows.map((r) => ({ id: r.id, action: r.action, survivorId: r.survivor_id, mergedId: r.merged_id, patientIds: parse(r.patient_ids), mergeId: r.merge_id, score: r.score, actorName: r.actor_name, reason: r.reason, at: iso(r.at), undone: r.undone })) };
}

/** A person by id, following a merge to the survivor. */
export async function resolvePerson(q: Queryable, id: string): Promise<EmpiPerson> {
  const [p] = await q.query<{ id: string }>('SELECT COALESCE(merged_into, id) AS id FROM persons WHERE id = $1', [id]);
  if (!p) throw new HttpError(404, 'not-found', '人员不存在');
  return (await personView(q, [p.id])).get(p.id)!;
}
