/**
 * Authorization matrix: every role × every workstation endpoint, plus HIS endpoints without a
 * key. A role may reach what its function needs and nothing else.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
let taskId: string;
let patientId: string;
const tokens: Record<string, string> = {};
const USERS = { pharmacist: 'yaoshi', doctor: 'yisheng', qa: 'dianping', admin: 'admin', supervisor: 'jianguan' } as const;

beforeAll(async () => {
  p = await startTestPlatform();
  for (const [role, user] of Object.entries(USERS)) tokens[role] = await p.login(user);
  const no = `AZ-${randomUUID().slice(0, 8)}`;
  await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
  const [t] = await p.db.query<{ id: string; patient_id: string }>(`SELECT t.id, pr.patient_id FROM review_tasks t JOIN prescriptions pr ON pr.id = t.prescription_id WHERE pr.prescription_no = $1`, [no]);
  taskId = t!.id;
  patientId = t!.patient_id;
});
afterAll(async () => p?.close());

type Role = keyof typeof USERS | 'anonymous';
const ALL: Role[] = ['anonymous', 'pharmacist', 'doctor', 'qa', 'admin', 'supervisor'];

// [method, path, roles allowed (2xx), body]
const MATRIX: Array<[string, () => string, Role[], unknown?]> = [
  ['GET', () => '/api/me', ['pharmacist', 'doctor', 'qa', 'admin', 'supervisor']],
  ['GET', () => '/api/tasks?scope=open', ['pharmacist', 'qa', 'admin']],
  ['GET', () => '/api/tasks/changes?scope=open&since=0', ['pharmacist', 'qa', 'admin']],
  ['GET', () => `/api/tasks/${taskId}`, ['pharmacist', 'qa', 'admin']],
  ['GET', () => `/api/patients/${patientId}/360`, ['pharmacist', 'qa', 'admin']],
  ['GET', () => '/api/audit/verify', ['admin', 'supervisor']],
  ['GET', () => '/api/data-quality', ['pharmacist', 'doctor', 'qa', 'admin', 'supervisor']],
  ['GET', () => '/api/platform/signing-key', ALL],
  ['GET', () => '/api/rule-pack/active', ['pharmacist', 'doctor', 'qa', 'admin', 'supervisor']],
  // Data center administration (master data, code mapping, EMPI): the admin only.
  ['GET', () => '/api/admin/institutions', ['admin']],
  ['GET', () => '/api/admin/master-data/staff?institutionId=inst-tz-1', ['admin']],
  ['GET', () => '/api/admin/master-data/departments?institutionId=inst-tz-1', ['admin']],
  ['GET', () => '/api/admin/code-items', ['admin']],
  ['GET', () => '/api/admin/code-items/unmapped', ['admin']],
  ['GET', () => '/api/admin/empi/queue', ['admin']],
  ['GET', () => '/api/admin/empi/history', ['admin']],
  ['GET', () => '/api/doctor/prescriptions?filter=inbox', ['doctor']],
  ['GET', () => '/api/doctor/prescriptions?filter=all', ['doctor']],
];

// Writes of the data center: every non-admin role is refused before the body is looked at;
// the admin gets past authorization (an empty body is then a 4xx about the body, not 401/403).
const ADMIN_WRITES: Array<[string, string]> = [
  ['POST', '/api/admin/master-data/staff/import?institutionId=inst-tz-1'],
  ['PATCH', '/api/admin/institutions/inst-tz-1'],
  ['POST', '/api/admin/code-mappings'],
  ['GET', '/api/admin/code-items/suggestions?institutionId=inst-tz-1&kind=drug&code=X'],
  ['POST', '/api/admin/empi/merge'],
  ['POST', '/api/admin/empi/split'],
  ['POST', '/api/admin/empi/candidates/x/not-same'],
  ['GET', '/api/admin/empi/persons/x'],
];

describe('authorization matrix', () => {
  for (const [method, path, allowed] of MATRIX) {
    for (const role of ALL) {
      it(`${role} ${allowed.includes(role) ? 'may' : 'may not'} ${method} ${path.toString().replace(/^\(\) => /, '')}`, async () => {
        const r = await p.api(path(), role === 'anonymous' ? null : tokens[role]!, { method });
        if (allowed.includes(role)) expect(r.status, JSON.stringify(r.body)).toBe(200);
        else expect([401, 403]).toContain(r.status);
      });
    }
  }

  for (const [method, path] of ADMIN_WRITES) {
    it(`only the admin may ${method} ${path}`, async () => {
      for (const role of ALL) {
        const r = await p.api(path, role === 'anonymous' ? null : tokens[role]!, { method, body: method === 'GET' ? undefined : {} });
        if (role === 'admin') expect([401, 403], `${role} ${JSON.stringify(r.body)}`).not.toContain(r.status);
        else expect([401, 403], role).toContain(r.status);
      }
    });
  }

  it('only pharmacists decide; other roles get a rejected outcome or 403', async () => {
    for (const role of ['doctor', 'supervisor'] as const) {
      const r = await p.api('/api/commands', tokens[role]!, { body: { commandId: randomUUID(), taskId, baseVersion: 1, decision: 'approve' } });
      expect(r.status).toBe(403);
    }
    for (const role of ['qa', 'admin'] as const) {
      const r = await p.api('/api/commands', tokens[role]!, { body: { commandId: randomUUID(), taskId, baseVersion: 1, decision: 'approve' } });
      expect(r.body).toMatchObject({ outcome: 'rejected', reason: 'not-authorized' });
    }
    expect((await p.api('/api/commands', null, { body: {} })).status).toBe(401);
  });

  it('only the prescribing doctor replies to or double-signs a prescription', async () => {
    const [rx] = await p.db.query<{ id: string }>('SELECT prescription_id AS id FROM review_tasks WHERE id = $1', [taskId]);
    for (const role of ['pharmacist', 'qa', 'admin', 'supervisor'] as const) {
      expect((await p.api(`/api/doctor/prescriptions/${rx!.id}/reply`, tokens[role]!, { body: { kind: 'reply', text: '回复' } })).status).toBe(403);
      expect((await p.api(`/api/doctor/prescriptions/${rx!.id}/double-sign`, tokens[role]!, { body: { reason: '理由' } })).status).toBe(403);
    }
    expect((await p.api(`/api/doctor/prescriptions/${rx!.id}/reply`, null, { body: { kind: 'reply', text: '回复' } })).status).toBe(401);
    expect((await p.api(`/api/doctor/prescriptions/${rx!.id}/reply`, tokens.doctor!, { body: { kind: 'reply', text: '回复' } })).status).toBe(201);
  });

  it('expired or revoked sessions are refused', async () => {
    const t = await p.login('yaoshi');
    await p.api('/api/auth/logout', t, { method: 'POST' });
    expect((await p.api('/api/me', t)).status).toBe(401);
    const t2 = await p.login('yaoshi2');
    await p.db.query(`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE username = 'yaoshi2')`);
    expect((await p.api('/api/me', t2)).status).toBe(401);
  });

  it('locks an account after five wrong passwords', async () => {
    for (let i = 0; i < 5; i++) await p.api('/api/auth/login', null, { body: { username: 'dianping', password: `wrong-${i}` } });
    const r = await p.api('/api/auth/login', null, { body: { username: 'dianping', password: 'Test@Pass2026' } });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('locked');
  });

  it('HIS endpoints answer 401 without a key', async () => {
    for (const [path, body] of [['/his/v1/prescriptions/check', {}], ['/his/v1/datasets/visit', []], ['/his/v1/master-data/staff', []], ['/his/v1/master-data/departments', []], ['/his/v1/code-items', []], ['/cds-services/yaodun-prescription-review', {}], ['/his/v1/prescriptions/X/cancel', {}], ['/his/v1/prescriptions/X/double-sign', {}], ['/his/v1/prescriptions/X/reply', {}]] as const) {
      expect((await p.his(path, { body, key: null })).status).toBe(401);
    }
    expect((await p.his('/his/v1/prescriptions/X/result', { key: null })).status).toBe(401);
    expect((await p.his('/his/v1/drugs?q=amxl', { key: null })).status).toBe(401);
  });
});

describe('data permissions by review plan', () => {
  it('a pharmacist on a plan for one institution sees and decides only that institution', async () => {
    const [inst] = await p.db.query<{ id: string }>(`SELECT id FROM institutions WHERE code = 'LHZWSY'`);
    const [user] = await p.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'yaoshi2'`);
    await p.db.query(`INSERT INTO review_plans (id, name, timeout_seconds, actions) VALUES ('plan-lh', '柳河镇审方方案', 300, '{}')`);
    await p.db.query(`INSERT INTO review_plan_institutions (plan_id, institution_id) VALUES ('plan-lh', $1)`, [inst!.id]);
    await p.db.query(`INSERT INTO review_plan_pharmacists (plan_id, user_id) VALUES ('plan-lh', $1)`, [user!.id]);
    // The county default plan now names its own pharmacist, so it no longer applies to everyone.
    const [me] = await p.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'yaoshi'`);
    await p.db.query(`INSERT INTO review_plan_pharmacists (plan_id, user_id) SELECT id, $1 FROM review_plans WHERE is_default`, [me!.id]);

    const lh = `LH-${randomUUID().slice(0, 8)}`;
    await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(lh, { institutionCode: 'LHZWSY' }) });
    const token = await p.login('yaoshi2');
    const list = (await p.api('/api/tasks?scope=open', token)).body.tasks as Array<{ id: string; prescriptionNo: string; institutionName: string }>;
    expect(list.map((t) => t.institutionName)).toEqual(list.map(() => '柳河镇卫生院'));
    expect(list.some((t) => t.prescriptionNo === lh)).toBe(true);
    // The QSZWSY task from beforeAll is out of scope: not listed, not readable, not decidable.
    expect(list.some((t) => t.id === taskId)).toBe(false);
    expect((await p.api(`/api/tasks/${taskId}`, token)).status).toBe(403);
    expect((await p.api(`/api/tasks/${taskId}/lease`, token, { method: 'POST' })).status).toBe(403);
    const cmd = await p.api('/api/commands', token, { body: { commandId: randomUUID(), taskId, baseVersion: 1, decision: 'approve' } });
    expect(cmd.body).toMatchObject({ outcome: 'rejected', reason: 'not-authorized' });
    expect((await p.api(`/api/patients/${patientId}/360`, token)).status).toBe(403);
    // The county pharmacist still sees everything.
    const all = (await p.api('/api/tasks?scope=open', tokens.pharmacist!)).body.tasks as Array<{ id: string }>;
    expect(all.some((t) => t.id === taskId)).toBe(true);
  });
});
