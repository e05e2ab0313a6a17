/**
 * Quick-reply templates (CRUD + reorder, per pharmacist), override reasons recorded with an
 * approval, and the task detail's versions and 处方流转 — against a real platform and database.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REJECT_REASONS, taskDetailSchema, type QuickReply } from '../../../../app/sync/api';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
let yaoshi: string;
let yaoshi2: string;

beforeAll(async () => {
  p = await startTestPlatform();
  yaoshi = await p.login('yaoshi');
  yaoshi2 = await p.login('yaoshi2');
});
afterAll(async () => p?.close());

const codes = (list: QuickReply[]) => list.map((r) => r.code);

describe('quick replies', () => {
  it('seeds a pharmacist’s list from the default reject reasons once', async () => {
    const r = await p.api('/api/quick-replies', yaoshi);
    expect(r.status).toBe(200);
    expect(codes(r.body.replies)).toEqual(REJECT_REASONS.map((x) => x.code));
    expect(r.body.replies[0].text).toBe(REJECT_REASONS[0]!.text);
    const again = await p.api('/api/quick-replies', yaoshi);
    expect(again.body.replies).toHaveLength(REJECT_REASONS.length);
  });

  it('adds, edits, reorders and deletes, each pharmacist only their own', async () => {
    const created = await p.api('/api/quick-replies', yaoshi, { body: { code: 'dose', text: '儿童剂量请按体重计算' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.position).toBe(REJECT_REASONS.length);

    const edited = await p.api(`/api/quick-replies/${id}`, yaoshi, { method: 'PUT', body: { code: 'dose', text: '儿童剂量请按 mg/kg 计算' } });
    expect(edited.status).toBe(200);
    expect(edited.body.text).toBe('儿童剂量请按 mg/kg 计算');

    const list = (await p.api('/api/quick-replies', yaoshi)).body.replies as QuickReply[];
    const order = [id, ...list.filter((r) => r.id !== id).map((r) => r.id)];
    const reordered = await p.api('/api/quick-replies/order', yaoshi, { method: 'PUT', body: { ids: order } });
    expect(reordered.status).toBe(200);
    expect(reordered.body.replies.map((r: QuickReply) => r.id)).toEqual(order);
    expect(reordered.body.replies[0].text).toBe('儿童剂量请按 mg/kg 计算');

    // Another pharmacist neither sees nor changes it.
    const other = (await p.api('/api/quick-replies', yaoshi2)).body.replies as QuickReply[];
    expect(other.map((r) => r.id)).not.toContain(id);
    expect((await p.api(`/api/quick-replies/${id}`, yaoshi2, { method: 'DELETE' })).status).toBe(404);

    expect((await p.api(`/api/quick-replies/${id}`, yaoshi, { method: 'DELETE' })).status).toBe(204);
    const after = (await p.api('/api/quick-replies', yaoshi)).body.replies as QuickReply[];
    expect(after.map((r) => r.id)).not.toContain(id);
    expect((await p.api(`/api/quick-replies/${id}`, yaoshi, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses bad input with a 400 naming the field, and keeps what was there', async () => {
    const before = (await p.api('/api/quick-replies', yaoshi)).body.replies as QuickReply[];
    const empty = await p.api('/api/quick-replies', yaoshi, { body: { code: 'dose', text: '   ' } });
    expect(empty.status).toBe(400);
    expect(empty.body.issues[0].path).toBe('text');
    const badCode = await p.api('/api/quick-replies', yaoshi, { body: { code: 'nope', text: '文字' } });
    expect(badCode.status).toBe(400);
    expect(badCode.body.issues[0].path).toBe('code');
    const partial = await p.api('/api/quick-replies/order', yaoshi, { method: 'PUT', body: { ids: [before[0]!.id] } });
    expect(partial.status).toBe(400);
    expect(partial.body.message).toContain('全部');
    const foreign = await p.api('/api/quick-replies/order', yaoshi, { method: 'PUT', body: { ids: [...before.map((r) => r.id), randomUUID()] } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.issues[0].path).toBe(`ids[${before.length}]`);
    expect(((await p.api('/api/quick-replies', yaoshi)).body.replies as QuickReply[]).map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect((await p.api('/api/quick-replies', await p.login('yisheng'))).status).toBe(403);
  });
});

describe('override reasons, versions and 处方流转', () => {
  it('records an override reason per finding with the approval and shows versions and the flow', async () => {
    const no = `OV-${randomUUID().slice(0, 8)}`;
    const v1 = sixDrugPrescription(no);
    await p.his('/his/v1/prescriptions/check', { body: v1 });
    const [t1] = await p.db.query<{ id: string }>('SELECT t.id FROM review_tasks t JOIN prescriptions pr ON pr.id = t.prescription_id WHERE pr.prescription_no = $1', [no]);
    // The pharmacist rejects; the doctor resubmits with one drug fewer and one dose changed.
    const rej = await p.api('/api/commands', yaoshi, { body: { commandId: randomUUID(), taskId: t1!.id, baseVersion: 1, decision: 'reject', reasonCode: 'other', reason: '药品过多' } });
    expect(rej.body.outcome).toBe('accepted');
    const items = v1.items.slice(0, 5).map((it, i) => (i === 0 ? { ...it, dose: 2 } : it));
    await p.his('/his/v1/prescriptions/check', { body: { ...v1, items: [...items, { itemNo: '9', drugName: '蒙脱石散 3g', dose: 1, doseUnit: '袋', frequency: 'tid', route: '口服', days: 3 }] } });
    const [t2] = await p.db.query<{ id: string }>(`SELECT t.id FROM review_tasks t JOIN prescriptions pr ON pr.id = t.prescription_id WHERE pr.prescription_no = $1 AND t.status = 'pending'`, [no]);
    await p.api(`/api/tasks/${t2!.id}/lease`, yaoshi, { method: 'POST' });

    const detail = taskDetailSchema.parse((await p.api(`/api/tasks/${t2!.id}`, yaoshi)).body);
    expect(detail.patient.patientId).toBeTruthy();
    expect(detail.versions?.map((v) => v.version)).toEqual([1, 2]);
    expect(detail.versions?.[0]?.items).toHaveLength(6);
    expect(detail.versions?.[1]?.items[0]?.dose).toBe('2片');

    const serious = detail.findings.filter((f) => f.level !== 'info');
    expect(serious.length).toBeGreaterThan(0);
    // A finding of another prescription, or a missing note for "other", is refused.
    const bad = await p.api(`/api/tasks/${t2!.id}/overrides`, yaoshi, { method: 'PUT', body: { overrides: [{ findingId: 'nope', reasonCode: 'benefit' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('overrides[0].findingId');
    const noNote = await p.api(`/api/tasks/${t2!.id}/overrides`, yaoshi, { method: 'PUT', body: { overrides: [{ findingId: serious[0]!.id, reasonCode: 'other' }] } });
    expect(noNote.status).toBe(400);
    expect(noNote.body.issues[0].path).toBe('overrides[0].note');

    const saved = await p.api(`/api/tasks/${t2!.id}/overrides`, yaoshi, { method: 'PUT', body: { overrides: serious.map((f) => ({ findingId: f.id, reasonCode: 'benefit', note: '已电话联系医生' })) } });
    expect(saved.status).toBe(200);
    const ok = await p.api('/api/commands', yaoshi, { body: { commandId: randomUUID(), taskId: t2!.id, baseVersion: 2, decision: 'approve' } });
    expect(ok.body.outcome).toBe('accepted');

    const after = taskDetailSchema.parse((await p.api(`/api/tasks/${t2!.id}`, yaoshi)).body);
    const kinds = after.flow!.map((f) => f.kind);
    expect(kinds.filter((k) => k === 'submitted')).toHaveLength(2);
    expect(kinds).toEqual(expect.arrayContaining(['checked', 'leased', 'decided', 'modified']));
    const approval = after.flow!.find((f) => f.label === '药师审核通过')!;
    expect(approval.actor).toBe('王药师');
    expect(approval.overrides.map((o) => o.findingId).sort()).toEqual(serious.map((f) => f.id).sort());
    expect(approval.overrides[0]).toMatchObject({ reasonCode: 'benefit', note: '已电话联系医生', actor: '王药师' });
    expect(after.flow!.find((f) => f.label === '药师驳回')?.detail).toBe('药品过多');
    // No draft is left once the decision took them.
    const [drafts] = await p.db.query<{ n: number }>('SELECT count(*)::int AS n FROM finding_overrides WHERE decision_id IS NULL');
    expect(drafts!.n).toBe(0);
  });
});
