/** 用药规则管理 over real HTTP: custom rules take effect on every node without a pack build, audited; bad rules get 400 with the field. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
/** A second node on the same database: only with PostgreSQL (PGlite is one process). */
let p2: TestPlatform | null = null;
let admin: string;

const rule = {
  id: 'qszwsy-outpatient-7-days',
  title: '门诊处方超过 7 日用量（慢病除外）',
  checkType: 'supply-days',
  level: 'caution',
  reviewCode: '1-12',
  message: '{{drug}}开具 {{days}} 天，门诊处方一般不得超过 7 日用量',
  why: '无特殊情况下门诊处方不得超过 7 日用量；慢性病需延长用量应注明理由。',
  action: '请缩短用量或注明理由。',
  doc: '青石镇卫生院门诊处方单药超过 7 日用量提示，高血压、糖尿病等慢病除外。',
  sources: [{ kind: 'regulation', title: '处方管理办法', section: '第十九条' }],
  when: { visitTypes: ['AMB'], days: { min: 8 } },
  unless: { diagnoses: { icd10: ['I10-I15', 'E10-E14'], keywords: ['高血压', '糖尿病'] } },
  institutionsOnly: ['QSZWSY'],
};

function rx(no: string, diagnoses: Array<{ code: string; name: string }>, days = 14) {
  return {
    institutionCode: 'QSZWSY', prescriptionNo: no, prescribedAt: new Date().toISOString(),
    visit: { visitNo: `V-${no}`, visitType: 'AMB', departmentName: '全科' },
    doctor: { code: 'D001', name: '张医生', title: '主治医师' },
    patient: { patientId: `P-${no}`, name: '李建国', sex: 'male', birthDate: '1960-03-01', weightKg: 70 },
    diagnoses,
    items: [{ itemNo: '1', drugName: '氯雷他定片 10mg', dose: 10, doseUnit: 'mg', frequency: 'qd', route: '口服', days }],
  };
}
const fired = (body: { findings: Array<{ ruleId: string }> }) => body.findings.some((f) => f.ruleId === `rule:${rule.id}`);

beforeAll(async () => {
  p = await startTestPlatform();
  if (p.dbUrl) p2 = await startTestPlatform({ dbUrl: p.dbUrl });
  admin = await p.login('admin');
}, 120_000);
afterAll(async () => {
  await p2?.close();
  await p?.close();
});

describe('custom rules', () => {
  it('refuses a pharmacist and a bad rule, naming the field', async () => {
    expect((await p.api('/api/custom-rules', await p.login('yaoshi'), { body: rule })).status).toBe(403);
    const bad = await p.api('/api/custom-rules', admin, { body: { ...rule, reviewCode: '9-9' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('reviewCode');
    const noSource = await p.api('/api/custom-rules', admin, { body: { ...rule, sources: [] } });
    expect(noSource.status).toBe(400);
    expect(noSource.body.issues[0].path).toBe('sources');
    const unknownDrug = await p.api('/api/custom-rules', admin, { body: { ...rule, when: { drugs: ['no-such-drug'] } } });
    expect(unknownDrug.status).toBe(400);
    expect(unknownDrug.body.issues[0]).toEqual({ path: 'when.drugs.0', message: '当前规则包中没有药品 no-such-drug' });
    const placeholder = await p.api('/api/custom-rules', admin, { body: { ...rule, message: '{{dose}}' } });
    expect(placeholder.body.issues[0].path).toBe('message');
    expect((await p.api('/api/custom-rules', admin)).body.rules).toEqual([]);
  });

  it('applies a saved rule at once on every node, with the chronic exemption and the institution list', async () => {
    const saved = await p.api('/api/custom-rules', admin, { body: rule });
    expect(saved.status).toBe(200);
    expect(saved.body.rules.map((r: { id: string }) => r.id)).toEqual([rule.id]);
    const plain = await p.his('/his/v1/prescriptions/check', { body: rx(`RX-${randomUUID().slice(0, 8)}`, [{ code: 'J30.4', name: '过敏性鼻炎' }]) });
    expect(fired(plain.body)).toBe(true);
    const chronic = await p.his('/his/v1/prescriptions/check', { body: rx(`RX-${randomUUID().slice(0, 8)}`, [{ code: 'I10.x00', name: '原发性高血压' }]) });
    expect(fired(chronic.body)).toBe(false);
    const short = await p.his('/his/v1/prescriptions/check', { body: rx(`RX-${randomUUID().slice(0, 8)}`, [{ code: 'J30.4', name: '过敏性鼻炎' }], 7) });
    expect(fired(short.body)).toBe(false);
    const other2 = p2 ?? p;
    if (p2) await expect.poll(() => p2!.deps.kb().rules.some((r) => r.id === rule.id), { timeout: 10_000 }).toBe(true);
    const other = await other2.his('/his/v1/prescriptions/check', { body: { ...rx(`RX-${randomUUID().slice(0, 8)}`, [{ code: 'J30.4', name: '过敏性鼻炎' }]), institutionCode: 'XRMYY' } });
    expect(other.status).toBe(200);
    expect(fired(other.body)).toBe(false);
  });

  it('audits changes with the rule before and after, and deleting it stops it', async () => {
    await p.api('/api/custom-rules', admin, { body: { ...rule, level: 'not-recommended' } });
    const audit = await p.db.query<{ action: string; detail: { before: { level: string } | null; after?: { level: string } } }>("SELECT action, detail FROM audit_log WHERE target_type = 'custom-rule' ORDER BY seq");
    expect(audit.map((a) => a.action)).toEqual(['custom-rule-created', 'custom-rule-updated']);
    expect(audit[1]!.detail.before?.level).toBe('caution');
    expect(audit[1]!.detail.after?.level).toBe('not-recommended');
    const del = await p.api(`/api/custom-rules/${rule.id}`, admin, { method: 'DELETE' });
    expect(del.body.rules).toEqual([]);
    const after = await p.his('/his/v1/prescriptions/check', { body: rx(`RX-${randomUUID().slice(0, 8)}`, [{ code: 'J30.4', name: '过敏性鼻炎' }]) });
    expect(fired(after.body)).toBe(false);
    expect((await p.api(`/api/custom-rules/${rule.id}`, admin, { method: 'DELETE' })).status).toBe(404);
  });

  it('serves the dictionaries of seed 002 §3.6.2.2', async () => {
    const d = await p.api('/api/dictionaries', await p.login('yaoshi'));
    expect(d.status).toBe(200);
    expect(d.body.reviewCodes).toHaveLength(28);
    expect(d.body.reviewCodes.find((c: { code: string }) => c.code === '1-11')).toEqual({ code: '1-11', zh: '单张门急诊处方超过五种药品', category: '不规范处方' });
    expect(d.body.basic.levels.map((l: { zh: string }) => l.zh)).toEqual(['提示', '慎用', '不推荐使用', '禁用']);
    expect(d.body.drugAttributes.find((a: { code: string }) => a.code === 'antibacterialTier').values[0].drugs).toBeGreaterThan(0);
  });
});
