/**
 * The doctor's side and 事后干预 over real HTTP and a real database: an offline rejection
 * that lost to the circuit breaker raises exactly one intervention; the doctor sees it and
 * the pharmacist's reasons, replies (workstation and HIS), double-signs a D result; the HIS
 * sees the double-signature and the pharmacist sees the replies in the task's history.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorListSchema, taskDetailSchema } from '../../../../app/sync/api';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
let pharmacist: string;
let doctor: string;

beforeAll(async () => {
  // A 1-second breaker so the auto-pass happens inside the test.
  p = await startTestPlatform({ timeoutSeconds: 1, breakerMs: 100 });
  pharmacist = await p.login('yaoshi');
  doctor = await p.login('yisheng');
});
afterAll(async () => p?.close());

async function submit(no: string): Promise<{ taskId: string; prescriptionId: string }> {
  const r = await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
  expect(r.body.action).toBe('review');
  const [t] = await p.db.query<{ id: string; prescription_id: string }>('SELECT t.id, t.prescription_id FROM review_tasks t JOIN prescriptions pr ON pr.id = t.prescription_id WHERE pr.prescription_no = $1', [no]);
  return { taskId: t!.id, prescriptionId: t!.prescription_id };
}

async function waitForStatus(no: string, status: string): Promise<void> {
  const r = await p.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY&wait=10`);
  expect(r.body.status).toBe(status);
}

describe('rejected after auto-pass → intervention', () => {
  it('raises one intervention per command, retries return the stored outcome, the doctor sees it and replies', async () => {
    const no = `IV-${randomUUID().slice(0, 8)}`;
    const { taskId, prescriptionId } = await submit(no);
    await waitForStatus(no, 'auto-passed');
    const command = { commandId: randomUUID(), taskId, baseVersion: 1, decision: 'reject', reasonCode: 'dose', reason: '剂量过大，请复核' };
    const first = await p.api('/api/commands', pharmacist, { body: command });
    expect(first.body).toMatchObject({ outcome: 'conflict', reason: 'rejected-after-auto-pass', status: 'auto-passed' });
    const again = await p.api('/api/commands', pharmacist, { body: command });
    expect(again.body).toEqual(first.body);
    const rows = await p.db.query<{ status: string; reason: string; pharmacist_name: string }>('SELECT status, reason, pharmacist_name FROM interventions WHERE prescription_id = $1', [prescriptionId]);
    expect(rows).toEqual([{ status: 'open', reason: '剂量过大，请复核', pharmacist_name: '王药师' }]);

    // An approve after auto-pass is "the same": no intervention.
    await p.api('/api/commands', pharmacist, { body: { ...command, commandId: randomUUID(), decision: 'approve', reason: '' } });
    expect((await p.db.query('SELECT 1 FROM interventions WHERE prescription_id = $1', [prescriptionId])).length).toBe(1);

    const inbox = doctorListSchema.parse((await p.api('/api/doctor/prescriptions?filter=inbox', doctor)).body);
    const item = inbox.items.find((i) => i.prescriptionNo === no);
    expect(item).toMatchObject({ status: 'auto-passed', needsAction: true, interventions: [{ reason: '剂量过大，请复核', pharmacistName: '王药师', status: 'open' }] });

    const replied = await p.api(`/api/doctor/prescriptions/${prescriptionId}/reply`, doctor, { body: { kind: 'reply', text: '已电话告知患者减量服用' } });
    expect(replied.status).toBe(201);
    const after = doctorListSchema.parse((await p.api('/api/doctor/prescriptions?filter=all', doctor)).body).items.find((i) => i.prescriptionNo === no);
    expect(after).toMatchObject({ needsAction: false, interventions: [{ status: 'replied' }], replies: [{ kind: 'reply', text: '已电话告知患者减量服用', by: '张医生', source: 'workstation' }] });
  });
});

describe('doctor inbox, appeal and double-sign', () => {
  it('shows a D result with the reasons, takes an appeal from the HIS and a double-sign from the workstation; HIS and pharmacist see both', async () => {
    // Long timeout platform behaviour is not needed: decide before the 1 s breaker fires by
    // pushing the deadline out first.
    const no = `DS-${randomUUID().slice(0, 8)}`;
    const { taskId, prescriptionId } = await submit(no);
    await p.db.query(`UPDATE review_tasks SET deadline = now() + interval '1 hour' WHERE id = $1`, [taskId]);
    const d = await p.api('/api/commands', pharmacist, { body: { commandId: randomUUID(), taskId, baseVersion: 1, decision: 'reject-allow-double-sign', reason: '药品超过五种，如确需请双签' } });
    expect(d.body.outcome).toBe('accepted');

    const inbox = doctorListSchema.parse((await p.api('/api/doctor/prescriptions', doctor)).body);
    expect(inbox.items.find((i) => i.prescriptionNo === no)).toMatchObject({ status: 'rejected-double-sign', needsAction: true, decision: { event: 'reject-allow-double-sign', by: '王药师', reason: '药品超过五种，如确需请双签' } });

    const appeal = await p.his(`/his/v1/prescriptions/${no}/reply`, { body: { institutionCode: 'QSZWSY', kind: 'appeal', doctorCode: 'D001', doctorName: '张医生', text: '慢病患者长期联合用药，申请复核' } });
    expect(appeal.status).toBe(201);
    const bad = await p.his(`/his/v1/prescriptions/${no}/reply`, { body: { institutionCode: 'QSZWSY', kind: 'complain', doctorCode: 'D001', text: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['kind', 'text']));
    expect((await p.his(`/his/v1/prescriptions/NOPE/reply`, { body: { institutionCode: 'QSZWSY', kind: 'reply', doctorCode: 'D001', text: 'x' } })).status).toBe(404);

    const noReason = await p.api(`/api/doctor/prescriptions/${prescriptionId}/double-sign`, doctor, { body: { reason: ' ' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues[0].path).toBe('reason');
    const waiting = p.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY`);
    const ds = await p.api(`/api/doctor/prescriptions/${prescriptionId}/double-sign`, doctor, { body: { reason: '患者病情需要，已告知风险' } });
    expect(ds.status).toBe(200);
    expect(ds.body).toMatchObject({ status: 'double-signed', mayProceed: true });
    await waiting;
    const his = await p.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY`);
    expect(his.body).toMatchObject({ status: 'double-signed', mayProceed: true, decision: { event: 'double-sign', by: '张医生', reason: '患者病情需要，已告知风险' } });
    // Twice is a conflict, not a second signature.
    expect((await p.api(`/api/doctor/prescriptions/${prescriptionId}/double-sign`, doctor, { body: { reason: '再次' } })).status).toBe(409);

    const detail = taskDetailSchema.parse((await p.api(`/api/tasks/${taskId}`, pharmacist)).body);
    const appealEntry = detail.history.find((h) => h.event === 'appeal');
    expect(appealEntry).toMatchObject({ actor: '张医生（申诉）', reason: '慢病患者长期联合用药，申请复核' });
    expect(detail.history.map((h) => h.event)).toEqual(['submit', 'reject-allow-double-sign', 'appeal', 'double-sign']);
  });

  it('a doctor cannot act on another doctor’s or another institution’s prescription', async () => {
    const no = `OT-${randomUUID().slice(0, 8)}`;
    await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no, { doctor: { code: 'D999', name: '刘医生', title: '主治医师' } }) });
    const [row] = await p.db.query<{ id: string }>('SELECT id FROM prescriptions WHERE prescription_no = $1', [no]);
    const list = doctorListSchema.parse((await p.api('/api/doctor/prescriptions?filter=all', doctor)).body);
    expect(list.items.some((i) => i.prescriptionNo === no)).toBe(false);
    expect((await p.api(`/api/doctor/prescriptions/${row!.id}/reply`, doctor, { body: { kind: 'reply', text: '试图回复' } })).status).toBe(404);
    expect((await p.api(`/api/doctor/prescriptions/${row!.id}/double-sign`, pharmacist, { body: { reason: 'x' } })).status).toBe(403);
  });
});
