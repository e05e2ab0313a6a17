/**
 * Property/fuzz test: thousands of mutated requests (wrong types, huge numbers, broken
 * Unicode, missing and extra fields, oversized bodies) against every HIS endpoint. Nothing
 * answers 5xx, the server stays up, nothing invalid is stored and nothing valid is lost.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
beforeAll(async () => { p = await startTestPlatform(); });
afterAll(async () => p?.close());

const weird = fc.oneof(
  fc.constant(null), fc.constant(''), fc.constant(true), fc.constant([]), fc.constant({}),
  fc.double({ noNaN: false }), fc.integer(), fc.constant(1e308), fc.constant(-1), fc.constant(Number.MAX_SAFE_INTEGER),
  fc.string(), fc.string({ unit: 'grapheme' }), fc.constant('\uD800'), fc.constant('\u0000'), fc.constant('𠀀'.repeat(300)),
  fc.constant('<script>alert(1)</script>'), fc.constant("'; DROP TABLE prescriptions; --"),
);

type Json = Record<string, unknown>;

/** Replaces, deletes or adds one field somewhere in the body. */
function mutate(body: Json, path: string[], action: 'set' | 'delete' | 'add', value: unknown): Json {
  const copy = structuredClone(body) as Json;
  let node: unknown = copy;
  for (const key of path.slice(0, -1)) {
    if (node && typeof node === 'object') node = (node as Json)[key];
  }
  const last = path[path.length - 1]!;
  if (node && typeof node === 'object') {
    if (action === 'delete') delete (node as Json)[last];
    else if (action === 'set') (node as Json)[last] = value;
    else (node as Json)[`extra_${last}`] = value;
  }
  return copy;
}

const PATHS = [
  ['prescriptionNo'], ['prescribedAt'], ['institutionCode'], ['visit'], ['visit', 'visitType'], ['doctor'], ['doctor', 'title'], ['patient'], ['patient', 'birthDate'],
  ['patient', 'weightKg'], ['patient', 'sex'], ['diagnoses'], ['allergies'], ['labs'], ['items'], ['items', '0'], ['items', '0', 'dose'], ['items', '0', 'doseUnit'],
  ['items', '0', 'drugName'], ['items', '0', 'frequency'], ['items', '0', 'days'], ['items', '0', 'groupNo'], ['currentMedications'],
];

describe('HIS endpoints under fuzzing', () => {
  it('never answers 5xx to mutated prescriptions and stores only valid ones', async () => {
    const accepted: string[] = [];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...PATHS), fc.constantFrom('set' as const, 'delete' as const, 'add' as const), weird, async (path, action, value) => {
      const no = `FZ-${randomUUID().slice(0, 12)}`;
      const body = mutate(sixDrugPrescription(no), path, action, value);
      const r = await p.his('/his/v1/prescriptions/check', { body });
      expect(r.status, JSON.stringify({ path, action, value: String(value).slice(0, 40), body: r.body })).toBeLessThan(500);
      if (r.status === 200) accepted.push(String(r.body.prescriptionNo));
      else expect(r.body.error).toBeTypeOf('string');
    }), { numRuns: 600 });
    const stored = await p.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM prescriptions WHERE prescription_no = ANY($1) OR prescription_no LIKE 'FZ-%'`, [accepted]);
    // Every accepted prescription is stored once; nothing rejected was stored.
    expect(stored[0]!.n).toBe(new Set(accepted).size);
  });

  it('never answers 5xx to arbitrary JSON on any HIS endpoint', async () => {
    const endpoints = ['/his/v1/prescriptions/check', '/cds-services/yaodun-prescription-review', '/his/v1/prescriptions/X/cancel', '/his/v1/prescriptions/X/double-sign',
      '/his/v1/master-data/staff?institutionCode=QSZWSY', '/his/v1/master-data/departments?institutionCode=QSZWSY', '/his/v1/code-items?institutionCode=QSZWSY'];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...endpoints), fc.jsonValue({ maxDepth: 4 }), async (endpoint, json) => {
      const r = await p.his(endpoint, { raw: JSON.stringify(json) });
      expect(r.status).toBeLessThan(500);
    }), { numRuns: 800 });
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200 }), async (raw) => {
      const r = await p.his('/his/v1/prescriptions/check', { raw });
      expect(r.status).toBeLessThan(500);
    }), { numRuns: 300 });
  });

  it('master-data and code-item batches: a mutated record never costs its valid sibling, nothing invalid is stored', async () => {
    const targets = [
      { path: '/his/v1/master-data/staff?institutionCode=QSZWSY', table: 'staff', valid: (code: string) => ({ code, name: '测试医生', title: '主治医师', prescribingRight: true, antibacterialTier: 'restricted' }), fields: ['code', 'name', 'title', 'prescribingRight', 'antibacterialTier', 'narcoticRight', 'idCardNo'] },
      { path: '/his/v1/master-data/departments?institutionCode=QSZWSY', table: 'departments', valid: (code: string) => ({ code, name: '测试科室' }), fields: ['code', 'name', 'category', 'active'] },
      { path: '/his/v1/code-items?institutionCode=QSZWSY', table: 'code_items', valid: (code: string) => ({ kind: 'drug', code, name: '阿莫西林胶囊', spec: '0.25g' }), fields: ['kind', 'code', 'name', 'spec', 'atc', 'manufacturer'] },
    ];
    const good: Record<string, string[]> = { staff: [], departments: [], code_items: [] };
    await fc.assert(fc.asyncProperty(fc.constantFrom(...targets), fc.nat(), fc.constantFrom('set' as const, 'delete' as const, 'add' as const), weird, async (t, f, action, value) => {
      const okCode = `FZ-OK-${randomUUID().slice(0, 8)}`;
      const bad = mutate(t.valid(`FZ-MUT-${randomUUID().slice(0, 8)}`), [t.fields[f % t.fields.length]!], action, value);
      const r = await p.his(t.path, { body: [bad, t.valid(okCode)] });
      // Text PostgreSQL cannot store is refused for the whole body by the JSON parser (400, field named).
      if (r.status === 400 && r.body.issues?.[0]?.message === '含有无效的 Unicode 字符') return;
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.results[1]).toMatchObject({ status: 'accepted' });
      good[t.table]!.push(okCode);
    }), { numRuns: 300 });
    for (const [table, codes] of Object.entries(good)) {
      const col = table === 'code_items' ? 'local_code' : 'code';
      const stored = await p.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${col} = ANY($1)`, [codes]);
      expect(stored[0]!.n).toBe(codes.length);
      // Whatever mutated record was accepted is valid by the schema; none has an empty code or name.
      const blank = await p.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${col} LIKE 'FZ-%' AND (${col} = '' OR ${table === 'code_items' ? 'local_name' : 'name'} IS NULL)`);
      expect(blank[0]!.n).toBe(0);
    }
  });

  it('rejects query and path garbage with 4xx', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 80 }), fc.string({ maxLength: 10 }), async (no, wait) => {
      const r = await p.his(`/his/v1/prescriptions/${encodeURIComponent(no || 'x')}/result?wait=${encodeURIComponent(wait)}&institutionCode=QSZWSY`);
      expect(r.status).toBeLessThan(500);
    }), { numRuns: 300 });
  });

  it('answers 413 to an 11 MB body and keeps serving', async () => {
    const big = JSON.stringify({ ...sixDrugPrescription('BIG'), padding: 'x'.repeat(11 * 1024 * 1024) });
    const r = await p.his('/his/v1/prescriptions/check', { raw: big });
    expect(r.status).toBe(413);
    const ok = await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(`AFTER-${randomUUID().slice(0, 8)}`) });
    expect(ok.status).toBe(200);
  });
});
