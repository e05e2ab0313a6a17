/**
 * Publishing rule packs through the platform over real HTTP and a real database: upload
 * verified fail-closed (every refusal recorded, audited and answered 422 with the reason),
 * diff, shadow run over stored prescriptions, publish switching every node atomically,
 * rollback as a new signed revision.
 */
import crypto, { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackArtifact } from '../../../../app/packs/artifact';
import { BASELINE_DIR } from '../../../../rules-packs/tools/read-pack';
import { buildArtifact, loadSigningKey, readPackTexts, signArtifact } from '../../../../rules-packs/tools/signing';
import { startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
/** A second node on the same database: only with PostgreSQL (PGlite is one process). */
let p2: TestPlatform | null = null;
let admin: string;
const key = loadSigningKey();
const texts = readPackTexts(BASELINE_DIR);
/** Revision 2 without the baseline's aminoglycoside rule (so the shadow run sees an alert disappear). */
const withoutRule = () => texts.map((f) => (f.path.startsWith('rules/') ? { ...f, content: JSON.stringify((JSON.parse(f.content) as Array<{ id: string }>).filter((r) => r.id !== 'aminoglycosides-infants')) } : f)).filter((f) => f.path !== 'rule-tests/aminoglycosides-infants.json');

function infantGentamicin(no: string) {
  return {
    institutionCode: 'QSZWSY', prescriptionNo: no, prescribedAt: new Date().toISOString(),
    visit: { visitNo: `V-${no}`, visitType: 'IMP', departmentName: '儿科' },
    doctor: { code: 'D001', name: '张医生', title: '主治医师' },
    patient: { patientId: `P-${no}`, name: '小明', sex: 'male', birthDate: new Date(Date.now() - 2 * 365.25 * 86_400_000 - 60 * 86_400_000).toISOString().slice(0, 10), weightKg: 12 },
    diagnoses: [{ code: 'N39.0', name: '泌尿道感染' }],
    items: [{ itemNo: '1', drugName: '硫酸庆大霉素注射液 2ml:8万单位', dose: 60, doseUnit: 'mg', frequency: 'qd', route: '静脉滴注', days: 3 }],
  };
}

beforeAll(async () => {
  p = await startTestPlatform();
  if (p.dbUrl) p2 = await startTestPlatform({ dbUrl: p.dbUrl });
  admin = await p.login('admin');
}, 120_000);
afterAll(async () => {
  await p2?.close();
  await p?.close();
});

const upload = (a: unknown, token = admin) => p.api('/api/rule-packs?fileName=test.ydpack', token, { method: 'POST', body: a });

describe('rule packs through the platform', () => {
  let r2: PackArtifact;
  let r2Id: string;

  it('serves the signed baseline to workstations and its revision summary', async () => {
    const t = await p.login('yaoshi');
    const s = await p.api('/api/rule-pack/active/summary', t);
    expect(s.body).toEqual({ packId: 'baseline', revision: 1, source: 'baseline' });
    const a = await p.api('/api/rule-pack/active/artifact', t);
    expect(a.status).toBe(200);
    expect(a.body.signature.keyId).toBe('dev-2026');
  });

  it('refuses uploads from non-admins', async () => {
    const t = await p.login('yaoshi');
    const r = await upload({}, t);
    expect(r.status).toBe(403);
  });

  it('refuses every bad pack with 422 and its reason, records the failure and audits it', async () => {
    const good = await buildArtifact(texts, { key, revision: 5 });
    const cases: Array<[string, unknown]> = [
      ['schema-error', { hello: 'world' }],
      ['hash-mismatch', { ...good, files: good.files.map((f, i) => (i === 0 ? { ...f, content: `${f.content} ` } : f)) }],
      ['bad-signature', signArtifact(good, { keyId: 'dev-2026', privateKey: crypto.generateKeyPairSync('ed25519').privateKey })],
      ['unknown-key', signArtifact(good, { keyId: 'stranger', privateKey: crypto.generateKeyPairSync('ed25519').privateKey })],
      ['revision-not-newer', await buildArtifact(texts, { key, revision: 1 })],
      ['incompatible-engine', await buildArtifact(texts.map((f) => (f.path === 'manifest.json' ? { ...f, content: JSON.stringify({ ...JSON.parse(f.content), engineApi: 42 }) } : f)), { key, revision: 6 })],
    ];
    for (const [reason, body] of cases) {
      const r = await upload(body);
      expect(r.status, reason).toBe(422);
      expect(r.body, reason).toMatchObject({ error: 'pack-refused', reason });
      expect(r.body.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(r.body.issues[0].path).toBeTruthy();
    }
    const list = await p.api('/api/rule-packs', admin);
    expect(list.body.packs).toEqual([]);
    expect(list.body.failures.map((f: { reason: string }) => f.reason).sort()).toEqual(cases.map(([r]) => r).sort());
    const audit = await p.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'rule-pack-refused'");
    expect(audit[0]!.n).toBe(cases.length);
    // Nothing changed: the baseline still runs.
    expect(p.deps.kb().manifest.revision).toBe(1);
  });

  it('stores a valid upload as a candidate and shows its diff against the active pack', async () => {
    r2 = await buildArtifact(withoutRule(), { key, revision: 2 });
    const r = await upload(r2);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ packId: 'baseline', revision: 2, status: 'candidate', keyId: 'dev-2026', uploadedBy: '系统管理员' });
    r2Id = r.body.id;
    expect((await upload(r2)).status).toBe(409);
    const d = await p.api(`/api/rule-packs/${r2Id}/diff`, admin);
    expect(d.status).toBe(200);
    const rules = d.body.sections.find((s: { section: string }) => s.section === 'rules');
    expect(rules.removed).toEqual([{ id: 'aminoglycosides-infants', label: '婴幼儿使用氨基糖苷类抗菌药物' }]);
    expect(d.body.total).toBe(1);
  });

  it('shadow-runs the candidate over stored prescriptions: the infant aminoglycoside alert would disappear', async () => {
    const no = `RX-${randomUUID().slice(0, 8)}`;
    const sub = await p.his('/his/v1/prescriptions/check', { body: infantGentamicin(no) });
    expect(sub.status).toBe(200);
    expect(sub.body.findings.some((f: { ruleId: string }) => f.ruleId === 'rule:aminoglycosides-infants')).toBe(true);
    const s = await p.api(`/api/rule-packs/${r2Id}/shadow-run`, admin, { body: { days: 7 } });
    expect(s.status).toBe(200);
    expect(s.body.prescriptions).toBeGreaterThanOrEqual(1);
    expect(s.body.disappear).toBe(1);
    expect(s.body.appear).toBe(0);
    expect(s.body.byCheckType).toEqual([{ key: 'pediatric', appear: 0, disappear: 1 }]);
    expect(s.body.samples[0]).toMatchObject({ prescriptionNo: no, change: 'disappear', ruleId: 'rule:aminoglycosides-infants' });
    const bad = await p.api(`/api/rule-packs/${r2Id}/shadow-run`, admin, { body: { days: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('days');
  });

  it('publishes atomically on every node, announces it on the live bus and audits it', async () => {
    const node2 = p2 ?? p; // the second node when there is one (PostgreSQL)
    const announced = node2.bus.waitFor((c) => c.kind === 'pack-activated', 10_000);
    const r = await p.api(`/api/rule-packs/${r2Id}/publish`, admin, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ packId: 'baseline', revision: 2, source: 'published' });
    expect(p.deps.kb().manifest.revision).toBe(2);
    expect((await announced)?.payload).toMatchObject({ revision: 2 });
    await expect.poll(() => node2.deps.kb().manifest.revision, { timeout: 10_000 }).toBe(2);
    const t = await node2.login('yaoshi');
    expect((await node2.api('/api/rule-pack/active/summary', t)).body.revision).toBe(2);
    expect((await node2.api('/api/rule-pack/active/artifact', t)).body.manifest.revision).toBe(2);
    // The engine now runs r2: the rule is gone for new prescriptions.
    const sub = await p.his('/his/v1/prescriptions/check', { body: infantGentamicin(`RX-${randomUUID().slice(0, 8)}`) });
    expect(sub.body.packRevision).toBe(2);
    expect(sub.body.findings.some((f: { ruleId: string }) => f.ruleId === 'rule:aminoglycosides-infants')).toBe(false);
    expect((await p.api(`/api/rule-packs/${r2Id}/publish`, admin, { method: 'POST' })).status).toBe(409);
    const audit = await p.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'rule-pack-%' ORDER BY seq");
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['rule-pack-uploaded', 'rule-pack-published']));
  });

  it('rolls back as an explicit signed act: the previous content under a new, higher revision', async () => {
    expect((await p.api('/api/rule-packs/rollback', admin, { body: {} })).status).toBe(400);
    const r = await p.api('/api/rule-packs/rollback', admin, { body: { reason: '新版本漏掉儿科规则' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ packId: 'baseline', revision: 3, source: 'published' });
    expect(p.deps.kb().rules.some((x) => x.id === 'aminoglycosides-infants')).toBe(true);
    const list = await p.api('/api/rule-packs', admin);
    expect(list.body.packs.map((x: { revision: number; status: string }) => [x.revision, x.status])).toEqual([[3, 'active'], [2, 'superseded']]);
    const audit = await p.db.query<{ detail: { contentOfRevision: number } }>("SELECT detail FROM audit_log WHERE action = 'rule-pack-rollback-signed'");
    expect(audit[0]!.detail.contentOfRevision).toBe(1);
    await expect.poll(() => (p2 ?? p).deps.kb().manifest.revision, { timeout: 10_000 }).toBe(3);
  });

  it('lists refusals reported by workstations in the admin failure report', async () => {
    const t = await p.login('yaoshi');
    expect((await p.api('/api/rule-pack/failures', t, { body: { packId: 'baseline', revision: 9 } })).status).toBe(400);
    const r = await p.api('/api/rule-pack/failures', t, { body: { packId: 'baseline', revision: 9, reason: 'bad-signature', message: '签名无效：清单与文件哈希列表的签名不能用密钥 dev-2026 验证' } });
    expect(r.status).toBe(204);
    const list = await p.api('/api/rule-packs', admin);
    expect(list.body.failures[0]).toMatchObject({ fileName: '工作站（王药师）', revision: 9, reason: 'bad-signature', actorName: '王药师' });
  });
});
