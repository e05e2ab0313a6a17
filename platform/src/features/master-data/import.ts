/**
 * Master data import (issue #4): an institution's departments and staff, upserted by
 * institution + code (idempotent: the same batch twice changes nothing). Staff carry their
 * title and prescribing rights — 处方权, 抗菌药物处方权 (抗菌药物临床应用管理办法 第二十四条)
 * and 麻醉药品和第一类精神药品处方权 (麻醉药品和精神药品管理条例 第三十八条) — which the
 * engine then trusts over what a prescription says (see prescription-context.ts).
 */
import { randomUUID } from 'node:crypto';
import { invalidateMasterData } from '../code-mapping/ingest';
import { departmentRecordSchema, staffRecordSchema, type DepartmentRecord, type StaffRecord } from '../../../../app/contracts/data-center';
import type { Db } from '../../db/db';
import { idCardHash } from '../empi/id-card-hash';
import { rowsSql, summarize, validateBatch, type BatchItem, type BatchResult } from './batch';

const CHUNK = 500;
export type MasterDataKind = 'departments' | 'staff';
export type ImportSource = 'his' | 'xlsx';

export async function upsertDepartments(db: Db, institutionId: string, rows: readonly DepartmentRecord[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const values = chunk.flatMap((d) => [randomUUID(), institutionId, d.code, d.name, d.category ?? null, d.active]);
    await db.query(
      `INSERT INTO departments (id, institution_id, code, name, category, active) VALUES ${rowsSql(chunk.length, 6)}
       ON CONFLICT (institution_id, code) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category, active = EXCLUDED.active, updated_at = now()
       WHERE (departments.name, departments.category, departments.active) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.category, EXCLUDED.active)`, values);
  }
}

export async function upsertStaff(db: Db, institutionId: string, rows: readonly StaffRecord[], source: ImportSource): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const values = chunk.flatMap((s) => [randomUUID(), institutionId, s.code, s.name, s.idCardNo ? idCardHash(s.idCardNo) : null, s.title, s.departmentCode ?? null, s.prescribingRight, s.antibacterialTier, s.narcoticRight, s.active, source]);
    await db.query(
      `INSERT INTO staff (id, institution_id, code, name, id_card_hash, title, department_code, prescribing_right, antibacterial_tier, narcotic_right, active, source)
       VALUES ${rowsSql(chunk.length, 12)}
       ON CONFLICT (institution_id, code) DO UPDATE SET name = EXCLUDED.name, id_card_hash = COALESCE(EXCLUDED.id_card_hash, staff.id_card_hash), title = EXCLUDED.title,
         department_code = EXCLUDED.department_code, prescribing_right = EXCLUDED.prescribing_right, antibacterial_tier = EXCLUDED.antibacterial_tier,
         narcotic_right = EXCLUDED.narcotic_right, active = EXCLUDED.active, source = EXCLUDED.source, updated_at = now()
       WHERE (staff.name, staff.title, staff.department_code, staff.prescribing_right, staff.antibacterial_tier, staff.narcotic_right, staff.active)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.title, EXCLUDED.department_code, EXCLUDED.prescribing_right, EXCLUDED.antibacterial_tier, EXCLUDED.narcotic_right, EXCLUDED.active)
         OR (EXCLUDED.id_card_hash IS NOT NULL AND staff.id_card_hash IS DISTINCT FROM EXCLUDED.id_card_hash)`, values);
  }
}

/** Validates and upserts one batch of HIS (or spreadsheet) records. */
export async function importMasterData(db: Db, institutionId: string, kind: MasterDataKind, items: readonly BatchItem[], source: ImportSource, where?: (index: number) => string): Promise<BatchResult> {
  if (kind === 'departments') {
    const v = validateBatch(items, departmentRecordSchema, (d) => d.code, where);
    await upsertDepartments(db, institutionId, v.accepted);
    return summarize(v.results);
  }
  const v = validateBatch(items, staffRecordSchema, (s) => s.code, where);
  await upsertStaff(db, institutionId, v.accepted, source);
  // The prescriber rights the next check on this node reads (features/code-mapping/ingest.ts).
  invalidateMasterData(db, institutionId);
  return summarize(v.results);
}
