import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';
import { verifyAuditChain } from './audit';
import { verifySignature } from './signing';

let p: TestPlatform;
beforeAll(async () => { p = await startTestPlatform(); });
afterAll(async () => p?.close());

describe('audit log and signed decisions', () => {
  it('records logins, record views and decisions in an intact chain, with verifiable signatures', async () => {
    const token = await p.login('yaoshi');
    await p.api('/api/auth/login', null, { body: { username: 'yaoshi', password: 'wrong-password' } });
    const no = `AU-${randomUUID().slice(0, 8)}`;
    await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
    const task = (await p.api('/api/tasks?scope=open', token)).body.tasks.find((t: { prescriptionNo: string }) => t.prescriptionNo === no);
    await p.api(`/api/tasks/${task.id}`, token);
    const cmd = await p.api('/api/commands', token, { body: { commandId: randomUUID(), taskId: task.id, baseVersion: 1, decision: 'reject-allow-double-sign', reason: '超过五种' } });
    expect(cmd.body.outcome).toBe('accepted');
    await p.his(`/his/v1/prescriptions/${no}/double-sign`, { body: { institutionCode: 'QSZWSY', doctorCode: 'D001', reason: '病情需要' } });

    const actions = (await p.db.query<{ action: string }>('SELECT action FROM audit_log ORDER BY seq')).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['login', 'login-failed', 'view-task', 'decision', 'double-sign']));
    expect(await verifyAuditChain(p.db)).toMatchObject({ ok: true });

    const key = (await p.api('/api/platform/signing-key', null)).body.publicKeyPem as string;
    const signed = await p.db.query<{ event: string; signature: string; signed_payload: string }>(
      `SELECT d.event, d.signature, d.signed_payload FROM decisions d JOIN prescriptions pr ON pr.id = d.prescription_id WHERE pr.prescription_no = $1 AND d.event IN ('reject-allow-double-sign', 'double-sign')`, [no]);
    expect(signed).toHaveLength(2);
    for (const s of signed) {
      expect(verifySignature(key, s.signed_payload, s.signature)).toBe(true);
      expect(verifySignature(key, s.signed_payload.replace('病情需要', '病情不需要').replace('超过五种', '没超过'), s.signature)).toBe(false);
    }
  });

  it('refuses updates and deletes, and detects tampering by someone who bypasses that', async () => {
    await expect(p.db.query("UPDATE audit_log SET actor_name = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(p.db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    // A superuser can disable the trigger: the chain still exposes the change.
    await p.db.exec("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; UPDATE audit_log SET actor_name = '篡改者' WHERE seq = 2; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;");
    expect(await verifyAuditChain(p.db)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('lets only administrators verify the chain over HTTP', async () => {
    const pharmacist = await p.login('yaoshi');
    expect((await p.api('/api/audit/verify', pharmacist)).status).toBe(403);
    const admin = await p.login('admin');
    expect((await p.api('/api/audit/verify', admin)).body).toMatchObject({ ok: false });
  });
});
