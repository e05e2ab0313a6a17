import { flushSeen } from './ingest';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndexedPack } from '../../../../rules-packs/tools/read-pack';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';
import { CONFIDENT, genericPart, suggest } from './suggest';

let p: TestPlatform;
let admin: string;
beforeAll(async () => {
  p = await startTestPlatform();
  admin = await p.login('admin');
});
afterAll(async () => p?.close());

const QS = 'inst-tz-1';
const unknownDrugRx = (no: string, drugCode: string) => ({
  ...sixDrugPrescription(no),
  items: [{ itemNo: '1', drugCode, drugName: '院内制剂甲 0.25g', dose: 0.5, doseUnit: 'g', frequency: 'tid', route: '口服', days: 3 }],
});
const types = (r: { body: { findings: Array<{ checkType: string }> } }) => r.body.findings.map((f) => f.checkType);

describe('local code items over the HIS API', () => {
  it('answers per record, upserts idempotently, and writes only the own institution', async () => {
    const items = [
      { kind: 'drug', code: 'YP0001', name: '阿莫西林胶囊', spec: '0.25g', manufacturer: '某药厂' },
      { kind: 'drug', code: 'YP0002', name: '一次性使用无菌注射器', spec: '5ml', manufacturer: '某器械厂' },
      { kind: 'drug', code: 'YP0003', name: '头孢', atc: 'J01' },
      { kind: 'oops', code: 'X', name: 'x' },
      { kind: 'department', code: 'KS07', name: '儿科' },
    ];
    const r = await p.his('/his/v1/code-items', { body: items, key: 'demo-his-qszwsy' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ received: 5, accepted: 3, rejected: 2 });
    expect(r.body.results[2].issues[0].path).toBe('[2].atc');
    expect(r.body.results[3].issues[0].path).toBe('[3].kind');
    await p.his('/his/v1/code-items', { body: items, key: 'demo-his-qszwsy' });
    const n = await p.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM code_items WHERE institution_id = $1`, [QS]);
    expect(n[0]!.n).toBe(3);
    expect((await p.his('/his/v1/code-items?institutionCode=QSZWSY', { body: items, key: 'demo-his-lhzwsy' })).status).toBe(403);
  });

  it('ranks amoxicillin first for 阿莫西林胶囊 0.25g with reasons, and gives a syringe no confident suggestion', async () => {
    const s = await p.api(`/api/admin/code-items/suggestions?institutionId=${QS}&kind=drug&code=YP0001`, admin);
    expect(s.status).toBe(200);
    const top = s.body.suggestions[0];
    expect(top).toMatchObject({ targetCode: 'amoxicillin', targetName: '阿莫西林', rejected: false });
    expect(top.score).toBeGreaterThanOrEqual(CONFIDENT);
    expect(top.reasons.join('；')).toContain('通用名完全一致');
    expect(top.reasons.join('；')).toContain('拼音首字母 amxl');
    expect(top.reasons.join('；')).toMatch(/规格 0\.25g 换算为 250mg/);
    const syringe = await p.api(`/api/admin/code-items/suggestions?institutionId=${QS}&kind=drug&code=YP0002`, admin);
    expect(syringe.body.suggestions.filter((x: { score: number }) => x.score >= CONFIDENT)).toEqual([]);
    const dept = await p.api(`/api/admin/code-items/suggestions?institutionId=${QS}&kind=department&code=KS07`, admin);
    expect(dept.body.suggestions[0]).toMatchObject({ targetCode: '07', targetName: '儿科' });
  });
});

describe('suggestion ranking (pure)', () => {
  it('strips 规格 and 剂型 to the generic name, and uses ATC and unit conversion', () => {
    expect(genericPart('阿莫西林胶囊 0.25g*24粒')).toBe('阿莫西林');
    expect(genericPart('注射用头孢曲松钠 1.0g')).toBe('头孢曲松钠');
    const kb = loadIndexedPack();
    const mg = suggest(kb, { kind: 'drug', code: 'A', name: '阿莫西林胶囊', spec: '250mg' }, [], () => null);
    expect(mg[0]!.targetCode).toBe('amoxicillin');
    expect(mg[0]!.reasons.some((r) => r.includes('250mg'))).toBe(true);
    const atcOnly = suggest(kb, { kind: 'drug', code: 'B', name: '阿灵', atc: 'J01CA04' }, [], () => null);
    expect(atcOnly[0]).toMatchObject({ targetCode: 'amoxicillin' });
    expect(atcOnly[0]!.score).toBeLessThan(CONFIDENT);
  });
});

describe('mappings at ingest', () => {
  it('never uses an unmapped code, records it, and uses it once a person confirms', async () => {
    // A local code that happens to equal a platform drug id is still a local code.
    const before = await p.his('/his/v1/prescriptions/check', { body: unknownDrugRx(`CM-${randomUUID().slice(0, 8)}`, 'amoxicillin') });
    expect(types(before)).toContain('unknown-drug');
    const again = await p.his('/his/v1/prescriptions/check', { body: unknownDrugRx(`CM-${randomUUID().slice(0, 8)}`, 'amoxicillin') });
    expect(types(again)).toContain('unknown-drug');
    await flushSeen(p.db); // sightings of known codes are counted after the commit, in batches
    const [seen] = await p.db.query<{ source: string; seen_count: number; local_name: string }>(`SELECT source, seen_count, local_name FROM code_items WHERE institution_id = $1 AND kind = 'drug' AND local_code = 'amoxicillin'`, [QS]);
    expect(seen).toMatchObject({ source: 'ingest', seen_count: 2, local_name: '院内制剂甲 0.25g' });

    const report = await p.api('/api/admin/code-items/unmapped', admin);
    const drugs = report.body.rows.find((r: { institutionId: string; kind: string }) => r.institutionId === QS && r.kind === 'drug');
    expect(drugs).toMatchObject({ items: 3, occurrences: 2, example: { code: 'amoxicillin' } });
    expect(Date.parse(drugs.lastSeen)).toBeGreaterThanOrEqual(Date.parse(drugs.firstSeen));

    const confirm = await p.api('/api/admin/code-mappings', admin, { body: { institutionId: QS, kind: 'drug', code: 'amoxicillin', decision: 'confirm', targetCode: 'amoxicillin' } });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toMatchObject({ status: 'confirmed', target: { code: 'amoxicillin', name: '阿莫西林', decidedBy: '系统管理员' } });
    const after = await p.his('/his/v1/prescriptions/check', { body: unknownDrugRx(`CM-${randomUUID().slice(0, 8)}`, 'amoxicillin') });
    expect(types(after)).not.toContain('unknown-drug');
    const [audit] = await p.db.query<{ detail: { change: string } }>(`SELECT detail FROM audit_log WHERE target_type = 'code-mapping' ORDER BY seq DESC LIMIT 1`);
    expect(audit!.detail.change).toBe('code-mapping-confirm');
    // Other institutions' identical local code stays unmapped.
    const lh = await p.his('/his/v1/prescriptions/check', { body: { ...unknownDrugRx(`CM-${randomUUID().slice(0, 8)}`, 'amoxicillin'), institutionCode: 'LHZWSY' } });
    expect(types(lh)).toContain('unknown-drug');
  });

  it('rejects a suggestion (kept, ranked last), lets a person choose another target, and refuses unknown targets', async () => {
    const key = { institutionId: QS, kind: 'drug', code: 'YP0001' };
    expect((await p.api('/api/admin/code-mappings', admin, { body: { ...key, decision: 'reject', targetCode: 'amoxicillin' } })).status).toBe(200);
    const s = await p.api(`/api/admin/code-items/suggestions?institutionId=${QS}&kind=drug&code=YP0001`, admin);
    expect(s.body.suggestions.at(-1)).toMatchObject({ targetCode: 'amoxicillin', rejected: true });
    const bad = await p.api('/api/admin/code-mappings', admin, { body: { ...key, decision: 'confirm', targetCode: 'no-such-drug' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('targetCode');
    const other = await p.api('/api/admin/code-mappings', admin, { body: { ...key, decision: 'confirm', targetCode: 'cefuroxime' } });
    expect(other.body.target.code).toBe('cefuroxime');
    const list = await p.api(`/api/admin/code-items?institutionId=${QS}&kind=drug&status=confirmed`, admin);
    expect(list.body.items.map((i: { code: string }) => i.code).sort()).toEqual(['YP0001', 'amoxicillin']);
    expect((await p.api('/api/admin/code-mappings', admin, { body: { ...key, decision: 'maybe' } })).status).toBe(400);
  });

  it('maps data-set records through confirmed mappings and records the rest as unmapped', async () => {
    await p.api('/api/admin/code-mappings', admin, { body: { institutionId: QS, kind: 'drug', code: 'YP0001', decision: 'confirm', targetCode: 'amoxicillin' } });
    const rec = (itemNo: string, drugCode: string) => ({ visitNo: 'DV1', prescriptionNo: 'DP1', itemNo, drugCode, drugName: '阿莫西林胶囊 0.25g' });
    const r = await p.his('/his/v1/datasets/order-item?institutionCode=QSZWSY', { body: [rec('1', 'YP0001'), rec('2', 'YP9999')] });
    expect(r.body.accepted).toBe(2);
    const rows = await p.db.query<{ record_key: string; payload: Record<string, unknown> }>(`SELECT record_key, payload FROM dataset_records WHERE dataset = 'order-item' AND visit_no = 'DV1' ORDER BY record_key`);
    expect(rows[0]!.payload).toMatchObject({ drugCode: 'YP0001', platformDrugId: 'amoxicillin' });
    expect(rows[1]!.payload).toMatchObject({ drugCode: 'YP9999' });
    expect(rows[1]!.payload.platformDrugId).toBeUndefined();
    const [u] = await p.db.query<{ source: string }>(`SELECT source FROM code_items WHERE institution_id = $1 AND local_code = 'YP9999'`, [QS]);
    expect(u!.source).toBe('ingest');
  });
});
