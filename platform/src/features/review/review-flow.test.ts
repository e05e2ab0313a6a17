import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
let token: string;

beforeAll(async () => {
  p = await startTestPlatform({ timeoutSeconds: 300 });
  token = await p.login('yaoshi');
});
afterAll(async () => p?.close());

async function taskFor(no: string): Promise<{ id: string; version: number }> {
  const list = await p.api('/api/tasks?scope=open', token);
  const t = list.body.tasks.find((x: { prescriptionNo: string }) => x.prescriptionNo === no);
  if (!t) throw new Error(`no open task for ${no}`);
  return t;
}

describe('pre-review flow HIS → platform → pharmacist → HIS', () => {
  it('queues a risky prescription, the pharmacist rejects allowing double signature, the HIS sees it and double-signs', async () => {
    const no = `RX-${randomUUID().slice(0, 8)}`;
    const submit = await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
    expect(submit.status).toBe(200);
    expect(submit.body).toMatchObject({ action: 'review', status: 'pending', version: 1 });
    expect(submit.body.findings.some((f: { checkType: string }) => f.checkType === 'drug-count')).toBe(true);

    const task = await taskFor(no);
    const waiting = p.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY&wait=20`);
    const lease = await p.api(`/api/tasks/${task.id}/lease`, token, { method: 'POST' });
    expect(lease.body.ok).toBe(true);
    const detail = await p.api(`/api/tasks/${task.id}`, token);
    expect(detail.body.findings.length).toBeGreaterThan(0);
    expect(detail.body.findings[0].sources.length).toBeGreaterThan(0);

    const decided = await p.api('/api/commands', token, { body: { commandId: randomUUID(), taskId: task.id, baseVersion: 1, decision: 'reject-allow-double-sign', reasonCode: 'other', reason: '药品超过五种，请拆分处方' } });
    expect(decided.body).toMatchObject({ outcome: 'accepted', status: 'rejected-double-sign' });

    const result = await waiting;
    expect(result.body).toMatchObject({ status: 'rejected-double-sign', final: true, mayProceed: false, decision: { event: 'reject-allow-double-sign', reason: '药品超过五种，请拆分处方' } });

    const ds = await p.his(`/his/v1/prescriptions/${no}/double-sign`, { body: { institutionCode: 'QSZWSY', doctorCode: 'D001', doctorName: '张医生', reason: '患者病情需要，已告知' } });
    expect(ds.body).toMatchObject({ status: 'double-signed', mayProceed: true });
    const again = await p.his(`/his/v1/prescriptions/${no}/double-sign`, { body: { institutionCode: 'QSZWSY', doctorCode: 'D001', reason: '再次' } });
    expect(again.status).toBe(409);
  });

  it('refuses a double signature unless the pharmacist allowed it', async () => {
    const no = `RX-${randomUUID().slice(0, 8)}`;
    await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
    const task = await taskFor(no);
    await p.api('/api/commands', token, { body: { commandId: randomUUID(), taskId: task.id, baseVersion: 1, decision: 'reject', reason: '请拆分处方' } });
    const ds = await p.his(`/his/v1/prescriptions/${no}/double-sign`, { body: { institutionCode: 'QSZWSY', doctorCode: 'D001', reason: '坚持' } });
    expect(ds.status).toBe(409);
    expect(ds.body.message).toContain('驳回');
  });

  it('keeps both check runs when the doctor resubmits a modified version; a decision on the old version is stale', async () => {
    const no = `RX-${randomUUID().slice(0, 8)}`;
    await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
    const old = await taskFor(no);
    const body = sixDrugPrescription(no);
    const v2 = await p.his('/his/v1/prescriptions/check', { body: { ...body, items: body.items.slice(0, 3) } });
    expect(v2.body).toMatchObject({ version: 2 });
    expect(v2.body.findings.some((f: { checkType: string }) => f.checkType === 'drug-count')).toBe(false);
    const stale = await p.api('/api/commands', token, { body: { commandId: randomUUID(), taskId: old.id, baseVersion: 1, decision: 'approve' } });
    expect(stale.body).toMatchObject({ outcome: 'conflict', reason: 'stale-base' });
    const runs = await p.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM check_runs c JOIN prescription_versions v ON v.id = c.version_id JOIN prescriptions pr ON pr.id = v.prescription_id WHERE pr.prescription_no = $1`, [no]);
    expect(runs[0]!.n).toBe(2);
  });

  it('applies a duplicated command once and returns the stored outcome', async () => {
    const no = `RX-${randomUUID().slice(0, 8)}`;
    await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
    const task = await taskFor(no);
    const cmd = { commandId: randomUUID(), taskId: task.id, baseVersion: 1, decision: 'approve' };
    const a = await p.api('/api/commands', token, { body: cmd });
    const b = await p.api('/api/commands', token, { body: cmd });
    expect(a.body).toEqual(b.body);
    expect(a.body.outcome).toBe('accepted');
    const n = await p.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM decisions WHERE id = $1`, [cmd.commandId]);
    expect(n[0]!.n).toBe(1);
  });

  it('never lets two pharmacists silently work the same prescription', async () => {
    const no = `RX-${randomUUID().slice(0, 8)}`;
    await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
    const task = await taskFor(no);
    const other = await p.login('yaoshi2');
    expect((await p.api(`/api/tasks/${task.id}/lease`, token, { method: 'POST' })).body.ok).toBe(true);
    const second = await p.api(`/api/tasks/${task.id}/lease`, other, { method: 'POST' });
    expect(second.body).toMatchObject({ ok: false, leasedBy: '王药师' });
    const blocked = await p.api('/api/commands', other, { body: { commandId: randomUUID(), taskId: task.id, baseVersion: 1, decision: 'approve' } });
    expect(blocked.body).toMatchObject({ outcome: 'conflict', reason: 'leased-by-other' });
  });

  it('lets the doctor cancel, after which nothing can be decided', async () => {
    const no = `RX-${randomUUID().slice(0, 8)}`;
    await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
    const task = await taskFor(no);
    const c = await p.his(`/his/v1/prescriptions/${no}/cancel`, { body: { institutionCode: 'QSZWSY', reason: '患者拒绝用药' } });
    expect(c.body).toMatchObject({ status: 'cancelled', final: true, mayProceed: false });
    const late = await p.api('/api/commands', token, { body: { commandId: randomUUID(), taskId: task.id, baseVersion: 1, decision: 'approve' } });
    expect(late.body.outcome).toBe('conflict');
    const resubmit = await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
    expect(resubmit.status).toBe(409);
  });
});

describe('HIS API input and auth', () => {
  it('answers 401 without a valid key', async () => {
    expect((await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription('X'), key: null })).status).toBe(401);
    expect((await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription('X'), key: 'wrong-key-xxxxxxxx' })).status).toBe(401);
    expect((await p.his('/cds-services/yaodun-prescription-review', { body: {}, key: null })).status).toBe(401);
  });

  it('an institution key writes only its own institution', async () => {
    const r = await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription('X-OTHER', { institutionCode: 'LHZWSY' }), key: 'demo-his-qszwsy' });
    expect(r.status).toBe(403);
    const own = await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(`OWN-${randomUUID().slice(0, 6)}`, { institutionCode: undefined }), key: 'demo-his-qszwsy' });
    expect(own.status).toBe(200);
  });

  it('names the field of bad input and stores nothing', async () => {
    const no = `BAD-${randomUUID().slice(0, 8)}`;
    const malformed = await p.his('/his/v1/prescriptions/check', { raw: '{"prescriptionNo": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('invalid-json');
    const body = sixDrugPrescription(no);
    const badDose = await p.his('/his/v1/prescriptions/check', { body: { ...body, items: [{ ...body.items[0], dose: 'lots' }] } });
    expect(badDose.status).toBe(400);
    expect(badDose.body.issues[0].path).toBe('items[0].dose');
    const noUnit = await p.his('/his/v1/prescriptions/check', { body: { ...body, items: [{ ...body.items[0], doseUnit: undefined }] } });
    expect(noUnit.body.issues[0].path).toBe('items[0].doseUnit');
    const absurd = await p.his('/his/v1/prescriptions/check', { body: { ...body, patient: { ...body.patient, weightKg: 9e9 } } });
    expect(absurd.body.issues[0].path).toBe('patient.weightKg');
    const unknownInst = await p.his('/his/v1/prescriptions/check', { body: { ...body, institutionCode: 'NOPE' } });
    expect(unknownInst.status).toBe(400);
    expect(unknownInst.body.issues[0].path).toBe('institutionCode');
    const stored = await p.db.query<{ n: number }>('SELECT count(*)::int AS n FROM prescriptions WHERE prescription_no = $1', [no]);
    expect(stored[0]!.n).toBe(0);
  });

  it('serves the OpenAPI document with Chinese field descriptions', async () => {
    const r = await fetch(`${p.url}/openapi.json`);
    const doc = await r.json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/his/v1/prescriptions/check', '/his/v1/prescriptions/{prescriptionNo}/result', '/his/v1/prescriptions/{prescriptionNo}/cancel', '/his/v1/prescriptions/{prescriptionNo}/double-sign', '/his/v1/drugs']));
    expect(JSON.stringify(doc)).toContain('处方号');
  });
});
