/**
 * Batch upload of finished visits (seed 002 §3.6.4.1). Every record is validated on its own:
 * a bad sibling never costs an accepted record. Accepted records are upserted by natural key
 * (idempotent: re-uploading the same batch changes nothing), in chunks of multi-row
 * INSERT … ON CONFLICT; rejected ones are kept for the data-quality report.
 */
import { randomUUID } from 'node:crypto';
import { DATASETS, type DatasetName } from '../../../../app/interop/datasets';
import { idCardFacts } from '../../../../app/interop/id-card';
import { fieldIssues, type FieldIssue } from '../../../../app/interop/zod-path';
import type { Db, Queryable } from '../../db/db';
import { findUnstorableString } from '../../http/json-body';
import { mapDatasetRecords } from '../code-mapping/ingest';
import { idCardHash } from '../empi/id-card-hash';
import { matchPerson } from '../empi/match';
import { namePinyin } from '../empi/score';

export type RecordResult = { index: number; key: string | null; status: 'accepted' } | { index: number; key: string | null; status: 'rejected'; issues: FieldIssue[] };

export interface UploadResult {
  dataset: DatasetName;
  received: number;
  accepted: number;
  rejected: number;
  results: RecordResult[];
}

/** NDJSON: one record per line; a line that is not JSON is a rejected record, not a failed batch. */
export function parseNdjson(text: string): Array<{ ok: true; value: unknown } | { ok: false; error: string }> {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '').map((line) => {
    try {
      return { ok: true as const, value: JSON.parse(line) as unknown };
    } catch (e) {
      return { ok: false as const, error: `not JSON: ${(e as Error).message}` };
    }
  });
}

const CHUNK = 500;

export async function uploadDataset(db: Db, institutionId: string, dataset: DatasetName, items: Array<{ ok: true; value: unknown } | { ok: false; error: string }>): Promise<UploadResult> {
  const def = DATASETS[dataset];
  const results: RecordResult[] = [];
  const accepted: Array<{ key: string; visitNo: string | null; patientId: string | null; payload: Record<string, unknown> }> = [];
  const rejected: Array<{ index: number; key: string | null; record: unknown; issues: FieldIssue[] }> = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    if (!item.ok) {
      const issues = [{ path: `[${index}]`, message: item.error }];
      results.push({ index, key: null, status: 'rejected', issues });
      rejected.push({ index, key: null, record: null, issues });
      return;
    }
    const bad = findUnstorableString(item.value);
    const parsed = bad ? null : def.schema.safeParse(item.value);
    if (!parsed || !parsed.success) {
      const issues = bad ? [{ path: `[${index}].${bad}`, message: '含有无效的 Unicode 字符' }] : fieldIssues(parsed!.error!).map((i) => ({ path: `[${index}]${i.path === '(root)' ? '' : `.${i.path}`}`, message: i.message }));
      results.push({ index, key: null, status: 'rejected', issues });
      rejected.push({ index, key: null, record: bad ? null : item.value, issues });
      return;
    }
    const rec = parsed.data as Record<string, unknown>;
    const key = (def.key as (r: never) => string)(rec as never);
    // The same key twice in one batch: the later record wins, as a re-upload would.
    const prev = seen.get(key);
    if (prev !== undefined) accepted.splice(prev, 1, { key, visitNo: (rec.visitNo as string | undefined) ?? null, patientId: (rec.patientId as string | undefined) ?? null, payload: rec });
    else {
      seen.set(key, accepted.length);
      accepted.push({ key, visitNo: (rec.visitNo as string | undefined) ?? null, patientId: (rec.patientId as string | undefined) ?? null, payload: rec });
    }
    results.push({ index, key, status: 'accepted' });
  });

  for (let i = 0; i < accepted.length; i += CHUNK) {
    await db.tx(async (q) => {
      // Local codes become platform codes only through confirmed mappings; others are recorded as unmapped.
      const chunk = await mapDatasetRecords(db, q, institutionId, dataset, accepted.slice(i, i + CHUNK));
      const values: unknown[] = [];
      const rows = chunk.map((r, j) => {
        values.push(institutionId, dataset, r.key, r.visitNo, r.patientId, JSON.stringify(r.payload));
        const b = j * 6;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::jsonb)`;
      });
      await q.query(
        `INSERT INTO dataset_records (institution_id, dataset, record_key, visit_no, patient_id, payload) VALUES ${rows.join(', ')}
         ON CONFLICT (institution_id, dataset, record_key) DO UPDATE SET payload = EXCLUDED.payload, visit_no = EXCLUDED.visit_no, patient_id = EXCLUDED.patient_id,
           updated_at = now(), version = dataset_records.version + 1
         WHERE dataset_records.payload IS DISTINCT FROM EXCLUDED.payload`,
        values,
      );
      if (dataset === 'patient') for (const r of chunk) await linkPatient(q, institutionId, r.payload);
    });
  }
  if (rejected.length > 0) {
    await db.tx(async (q) => {
      for (const r of rejected.slice(0, 1000)) {
        await q.query('INSERT INTO dataset_rejections (institution_id, dataset, record_index, record_key, record, issues) VALUES ($1, $2, $3, $4, $5, $6)', [
          institutionId, dataset, r.index, r.key, r.record === null ? null : JSON.stringify(r.record), JSON.stringify(r.issues),
        ]);
      }
    });
  }
  return { dataset, received: items.length, accepted: results.filter((r) => r.status === 'accepted').length, rejected: rejected.length, results };
}

/**
 * EMPI: the institution's patient record is linked to one person by the 身份证号 (hashed);
 * without a valid number, by the scored match of empi/match.ts (link, suspected-duplicate
 * queue, or a new person). A record already linked keeps its person: re-uploads are idempotent.
 */
export async function linkPatient(q: Queryable, institutionId: string, p: Record<string, unknown>): Promise<void> {
  const idCard = typeof p.idCardNo === 'string' ? p.idCardNo.toUpperCase() : null;
  let personId: string | null = null;
  if (idCard && idCardFacts(idCard)) {
    const [person] = await q.query<{ id: string }>(
      `INSERT INTO persons (id, id_card_hash, name, name_pinyin, sex, birth_date) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id_card_hash) DO UPDATE SET name = COALESCE(EXCLUDED.name, persons.name) RETURNING COALESCE(merged_into, id) AS id`,
      [randomUUID(), idCardHash(idCard), p.name ?? null, namePinyin(typeof p.name === 'string' ? p.name : null), p.sex ?? null, p.birthDate ?? null],
    );
    personId = person!.id;
  } else if (typeof p.name === 'string') {
    const [known] = await q.query<{ person_id: string | null }>('SELECT person_id FROM patients WHERE institution_id = $1 AND his_patient_id = $2', [institutionId, p.patientId]);
    personId = known?.person_id ?? (await matchPerson(q, { name: p.name, sex: typeof p.sex === 'string' ? p.sex : null, birthDate: typeof p.birthDate === 'string' ? p.birthDate : null, phone: typeof p.phone === 'string' ? p.phone : null })).personId;
  }
  await q.query(
    `INSERT INTO patients (id, institution_id, his_patient_id, name, sex, birth_date, phone, person_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (institution_id, his_patient_id) DO UPDATE SET name = EXCLUDED.name, sex = EXCLUDED.sex, birth_date = EXCLUDED.birth_date,
       phone = COALESCE(EXCLUDED.phone, patients.phone), person_id = COALESCE(EXCLUDED.person_id, patients.person_id), updated_at = now()`,
    [randomUUID(), institutionId, p.patientId, p.name ?? null, p.sex ?? null, p.birthDate ?? null, p.phone ?? null, personId],
  );
}
