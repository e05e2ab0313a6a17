/**
 * Code mapping at ingest. A local code with a confirmed mapping is translated; any other
 * local code is kept as it came and recorded as unmapped (code_items: first/last seen, how
 * often, an example) — never guessed. The staff row of the prescriber comes back in the
 * same statement, so a prescription pays one round trip for both.
 */
import type { CodeKind } from '../../../../app/contracts/data-center';
import type { AntibacterialGrant } from '../../../../app/contracts/data-center';
import type { Db, Queryable } from '../../db/db';
import { isPlatformCode } from './catalogs';

export interface LocalCode { readonly kind: CodeKind; readonly code: string; readonly name?: string | undefined }
export interface StaffRights { readonly name: string; readonly title: string; readonly prescribingRight: boolean; readonly antibacterialTier: AntibacterialGrant; readonly narcoticRight: boolean }
export interface IngestLookup {
  readonly staff: StaffRights | null;
  readonly mapped: ReadonlyMap<string, string>;
  /** Unmapped codes already known: their counts go through noteSeen after the commit. */
  readonly seenAgain: readonly LocalCode[];
}

export const codeKey = (kind: CodeKind, code: string) => `${kind}|${code}`;

interface StaffRow { code: string; name: string; title: string; prescribing_right: boolean; antibacterial_tier: AntibacterialGrant; narcotic_right: boolean }
interface InstitutionMasterData { readonly staff: ReadonlyMap<string, StaffRights>; readonly mappings: ReadonlyMap<string, string>; readonly at: number }

/**
 * An institution's staff rights and confirmed mappings change a few times a day and are read
 * on every prescription: they are cached per node for MASTER_DATA_TTL_MS (like the review
 * plan), and a write on this node drops the cache at once (invalidateMasterData). Another
 * node sees a change within the TTL.
 */
const MASTER_DATA_TTL_MS = 5_000;
const masterDataByDb = new WeakMap<Db, Map<string, InstitutionMasterData>>();

export function invalidateMasterData(db: Db, institutionId?: string): void {
  if (institutionId === undefined) masterDataByDb.delete(db);
  else masterDataByDb.get(db)?.delete(institutionId);
}

async function institutionMasterData(db: Db, q: Queryable, institutionId: string): Promise<InstitutionMasterData> {
  let byInst = masterDataByDb.get(db);
  if (!byInst) {
    byInst = new Map();
    masterDataByDb.set(db, byInst);
  }
  const hit = byInst.get(institutionId);
  if (hit && Date.now() - hit.at < MASTER_DATA_TTL_MS) return hit;
  // Read on the caller's connection (a transaction may hold it): never a second pool connection.
  const [row] = await q.query<{ staff: StaffRow[]; mappings: Array<{ kind: CodeKind; code: string; target: string }> }>(
    `SELECT (SELECT COALESCE(json_agg(s), '[]'::json) FROM (SELECT code, name, title, prescribing_right, antibacterial_tier, narcotic_right FROM staff WHERE institution_id = $1 AND active) s) AS staff,
            (SELECT COALESCE(json_agg(m), '[]'::json) FROM (SELECT kind, local_code AS code, target_code AS target FROM code_mappings WHERE institution_id = $1 AND status = 'confirmed') m) AS mappings`,
    [institutionId],
  );
  const data: InstitutionMasterData = {
    staff: new Map((row?.staff ?? []).map((s) => [s.code, { name: s.name, title: s.title, prescribingRight: s.prescribing_right, antibacterialTier: s.antibacterial_tier, narcoticRight: s.narcotic_right }])),
    mappings: new Map((row?.mappings ?? []).map((m) => [codeKey(m.kind, m.code), m.target])),
    at: Date.now(),
  };
  byInst.set(institutionId, data);
  return data;
}

const knownByDb = new WeakMap<Db, Set<string>>();
const KNOWN_CAP = 100_000;

export async function ingestLookup(db: Db, q: Queryable, institutionId: string, codes: readonly LocalCode[], doctorCode: string | null, example: Record<string, unknown>): Promise<IngestLookup> {
  const unique = new Map<string, LocalCode>();
  for (const c of codes) if (!isPlatformCode(c.kind, c.code) && !unique.has(codeKey(c.kind, c.code))) unique.set(codeKey(c.kind, c.code), c);
  // A stable order, so concurrent ingests lock code_items rows in the same order.
  const list = [...unique.values()].sort((a, b) => codeKey(a.kind, a.code).localeCompare(codeKey(b.kind, b.code)));
  if (list.length === 0 && doctorCode === null) return { staff: null, mapped: new Map(), seenAgain: [] };
  const md = await institutionMasterData(db, q, institutionId);
  const mapped = new Map<string, string>();
  for (const c of list) {
    const target = md.mappings.get(codeKey(c.kind, c.code));
    if (target !== undefined) mapped.set(codeKey(c.kind, c.code), target);
  }
  const unmapped = list.filter((c) => !mapped.has(codeKey(c.kind, c.code)));
  // Unmapped codes this node has not seen recorded yet are inserted (DO NOTHING: a known row
  // is never locked inside a prescription's transaction, or every prescription with a common
  // unmapped code would queue on it). Counts of known codes go through noteSeen.
  let known = knownByDb.get(db);
  if (!known || known.size > KNOWN_CAP) {
    known = new Set();
    knownByDb.set(db, known);
  }
  const knownKey = (c: LocalCode) => `${institutionId}|${codeKey(c.kind, c.code)}`;
  const fresh = unmapped.filter((c) => !known.has(knownKey(c)));
  const inserted = new Set<string>();
  if (fresh.length > 0) {
    const rows = await q.query<{ kind: CodeKind; code: string }>(
      `INSERT INTO code_items (institution_id, kind, local_code, local_name, source, seen_count, example)
       SELECT $1, c.kind, c.code, c.name, 'ingest', 1, $5::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS c(kind, code, name, ord) ORDER BY c.ord
       ON CONFLICT (institution_id, kind, local_code) DO NOTHING
       RETURNING kind, local_code AS code`,
      [institutionId, fresh.map((c) => c.kind), fresh.map((c) => c.code), fresh.map((c) => c.name ?? null), JSON.stringify(example)],
    );
    for (const r of rows) inserted.add(codeKey(r.kind, r.code));
    // Should this transaction roll back, a code marked known here is missing from the table
    // until the node restarts; its sightings are then counted against no row (a report gap,
    // never a wrong mapping).
    for (const c of fresh) known.add(knownKey(c));
  }
  return {
    staff: doctorCode === null ? null : (md.staff.get(doctorCode) ?? null),
    mapped,
    seenAgain: unmapped.filter((c) => !inserted.has(codeKey(c.kind, c.code))),
  };
}

interface Sighting { readonly institutionId: string; readonly kind: CodeKind; readonly code: string; readonly name: string | null; count: number; example: string }
const sightings = new WeakMap<Db, Map<string, Sighting>>();
const FLUSH_MS = 2_000;

/**
 * Counts sightings of known unmapped codes in memory and writes them every FLUSH_MS in one
 * statement, outside any prescription's transaction. A crash loses at most those seconds of
 * counts: the codes themselves are already recorded.
 */
export function noteSeen(db: Db, institutionId: string, codes: readonly LocalCode[], example: Record<string, unknown>): void {
  if (codes.length === 0) return;
  let pending = sightings.get(db);
  if (!pending) {
    pending = new Map();
    sightings.set(db, pending);
  }
  const first = pending.size === 0;
  for (const c of codes) {
    const key = `${institutionId}|${codeKey(c.kind, c.code)}`;
    const s = pending.get(key);
    if (s) {
      s.count += 1;
      s.example = JSON.stringify(example);
    } else {
      pending.set(key, { institutionId, kind: c.kind, code: c.code, name: c.name ?? null, count: 1, example: JSON.stringify(example) });
    }
  }
  if (first) setTimeout(() => void flushSeen(db).catch(() => undefined), FLUSH_MS).unref();
}

/** Writes the pending sightings now (also before the unmapped report is read). */
export async function flushSeen(db: Db): Promise<void> {
  const pending = sightings.get(db);
  if (!pending || pending.size === 0) return;
  sightings.delete(db);
  // Sorted, so two nodes flushing at once lock rows in the same order.
  const rows = [...pending.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
  await db.query(
    `UPDATE code_items c SET seen_count = c.seen_count + u.n, last_seen = now(), local_name = COALESCE(c.local_name, u.name), example = u.example::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[]) AS u(inst, kind, code, n, name, example)
      WHERE c.institution_id = u.inst AND c.kind = u.kind AND c.local_code = u.code`,
    [rows.map((r) => r.institutionId), rows.map((r) => r.kind), rows.map((r) => r.code), rows.map((r) => r.count), rows.map((r) => r.name), rows.map((r) => r.example)],
  );
}

/** Local codes carried by a finished-visit record of a data set. */
export function datasetCodes(dataset: string, r: Record<string, unknown>): LocalCode[] {
  const s = (v: unknown) => (typeof v === 'string' ? v : undefined);
  if (dataset === 'order-item' && s(r.drugCode)) return [{ kind: 'drug', code: s(r.drugCode)!, name: s(r.drugName) }];
  if (dataset === 'lab-item' && s(r.code)) return [{ kind: 'lab', code: s(r.code)!, name: s(r.name) }];
  if (dataset === 'visit' && s(r.departmentCode)) return [{ kind: 'department', code: s(r.departmentCode)!, name: s(r.departmentName) }];
  if (dataset === 'diagnosis' && s(r.code)) return [{ kind: 'diagnosis', code: s(r.code)!, name: s(r.name) }];
  return [];
}

const FIELD: Record<CodeKind, string> = { drug: 'platformDrugId', lab: 'platformLabCode', department: 'platformDepartmentCode', diagnosis: 'icd10' };

/**
 * Maps a chunk of accepted data-set records: a confirmed mapping adds the platform code
 * next to the local one (platformDrugId, platformLabCode, …); unmapped codes are recorded.
 */
export async function mapDatasetRecords<T extends { payload: Record<string, unknown> }>(db: Db, q: Queryable, institutionId: string, dataset: string, records: T[]): Promise<T[]> {
  const codes = records.flatMap((r) => datasetCodes(dataset, r.payload));
  if (codes.length === 0) return records;
  const { mapped, seenAgain } = await ingestLookup(db, q, institutionId, codes, null, { dataset });
  noteSeen(db, institutionId, seenAgain, { dataset });
  return records.map((r) => {
    const extra: Record<string, string> = {};
    for (const c of datasetCodes(dataset, r.payload)) {
      const target = mapped.get(codeKey(c.kind, c.code));
      if (target) extra[FIELD[c.kind]] = target;
    }
    return Object.keys(extra).length > 0 ? { ...r, payload: { ...r.payload, ...extra } } : r;
  });
}
