import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
let admin: string;
beforeAll(async () => {
  p = await startTestPlatform();
  admin = await p.login('admin');
});
afterAll(async () => p?.close());

const patient = (inst: string, rec: Record<string, unknown>) => p.his(`/his/v1/datasets/patient?institutionCode=${inst}`, { body: [rec] });
const patientRow = async (inst: string, hisId: string) => (await p.db.query<{ id: string; person_id: string }>(
  `SELECT pa.id, pa.person_id FROM patients pa JOIN institutions i ON i.id = pa.institution_id WHERE i.code = $1 AND pa.his_patient_id = $2`, [inst, hisId]))[0]!;
const LI = { name: '李桂兰', sex: 'female', birthDate: '1965-03-15' };

describe('EMPI without 身份证号', () => {
  it('links, queues or creates a person by score', async () => {
    await patient('QSZWSY', { patientId: 'QS-1', ...LI, phone: '13800000001' });
    await patient('CGSQ', { patientId: 'CG-1', ...LI }); // no phone: name, birth date and sex agree
    await patient('XRMYY', { patientId: 'XR-1', ...LI, phone: '13800000010' }); // a typo in the phone
    await patient('LHZWSY', { patientId: 'LH-1', name: '李桂兰', sex: 'female', birthDate: '1972-08-02', phone: '13900000000' }); // a namesake
    const qs = await patientRow('QSZWSY', 'QS-1');
    const xr = await patientRow('XRMYY', 'XR-1');
    const lh = await patientRow('LHZWSY', 'LH-1');
    const cg = await patientRow('CGSQ', 'CG-1');
    expect(cg.person_id).toBe(qs.person_id);
    expect(xr.person_id).not.toBe(qs.person_id);
    expect(lh.person_id).not.toBe(qs.person_id);

    const queue = await p.api('/api/admin/empi/queue', admin);
    expect(queue.status).toBe(200);
    expect(queue.body.pairs).toHaveLength(1);
    const pair = queue.body.pairs[0];
    expect(pair.a.id).toBe(qs.person_id);
    expect(pair.b).toMatchObject({ id: xr.person_id, records: [{ hisPatientId: 'XR-1', phone: '13800000010' }] });
    expect(pair.breakdown).toContainEqual({ field: '电话', outcome: '不一致', weight: -1.74 });
    expect(pair.a.records.map((r: { hisPatientId: string }) => r.hisPatientId).sort()).toEqual(['CG-1', 'QS-1']);

    // Re-uploading changes nothing: no new person, no new queue entry.
    await patient('XRMYY', { patientId: 'XR-1', ...LI, phone: '13800000010' });
    expect((await patientRow('XRMYY', 'XR-1')).person_id).toBe(xr.person_id);
    expect((await p.api('/api/admin/empi/queue', admin)).body.pairs).toHaveLength(1);
  });

  it('does not pick between two equally good candidates: the record is queued against both', async () => {
    const a = await patient('CGSQ', { patientId: 'AMB-1', name: '周红', sex: 'female', birthDate: '1950-06-01', phone: '13600000001' });
    expect(a.body.accepted).toBe(1);
    await p.db.query(`INSERT INTO persons (id, name, name_pinyin, sex, birth_date) VALUES ('person-twin', '周红', 'zhou hong', 'female', '1950-06-01')`);
    await patient('LHZWSY', { patientId: 'AMB-2', name: '周红', sex: 'female', birthDate: '1950-06-01' });
    const amb = await patientRow('LHZWSY', 'AMB-2');
    const pairs = (await p.api('/api/admin/empi/queue', admin)).body.pairs.filter((x: { b: { id: string } }) => x.b.id === amb.person_id);
    expect(pairs).toHaveLength(2);
    for (const x of pairs) await p.api(`/api/admin/empi/candidates/${x.id}/not-same`, admin, { body: { reason: '测试清理' } });
  });

  it('merges with history, the 360° view follows the merge, and split undoes it', async () => {
    const qs = await patientRow('QSZWSY', 'QS-1');
    const xr = await patientRow('XRMYY', 'XR-1');
    await p.his('/his/v1/datasets/visit?institutionCode=XRMYY', { body: [{ visitNo: 'XV-1', patientId: 'XR-1', visitType: 'AMB', visitAt: '2026-10-02T09:00:00+08:00' }] });
    await p.his('/his/v1/datasets/visit?institutionCode=QSZWSY', { body: [{ visitNo: 'QV-1', patientId: 'QS-1', visitType: 'AMB', visitAt: '2026-10-01T09:00:00+08:00' }] });
    const view = async () => (await p.api(`/api/patients/${xr.id}/360`, admin)).body;
    expect((await view()).timeline.map((v: { visitNo: string }) => v.visitNo)).toEqual(['XV-1']);

    const [pair] = (await p.api('/api/admin/empi/queue', admin)).body.pairs;
    const merge = await p.api('/api/admin/empi/merge', admin, { body: { survivorId: qs.person_id, mergedId: xr.person_id, reason: '电话号码录入错误，同一人', candidateId: pair.id } });
    expect(merge.status).toBe(200);
    expect(merge.body.movedPatients).toEqual([xr.id]);
    const merged = await view();
    expect(merged.patient.personId).toBe(qs.person_id);
    expect(merged.institutions).toHaveLength(3);
    expect(merged.timeline.map((v: { visitNo: string }) => v.visitNo)).toEqual(['XV-1', 'QV-1']);
    expect((await p.api(`/api/admin/empi/persons/${xr.person_id}`, admin)).body.id).toBe(qs.person_id);
    expect((await p.api('/api/admin/empi/queue', admin)).body.pairs).toEqual([]);
    expect((await p.api('/api/admin/empi/merge', admin, { body: { survivorId: qs.person_id, mergedId: xr.person_id, reason: '再次' } })).status).toBe(409);

    const split = await p.api('/api/admin/empi/split', admin, { body: { mergeId: merge.body.mergeId, reason: '核实后不是同一人' } });
    expect(split.status).toBe(200);
    expect(split.body.restoredPatients).toEqual([xr.id]);
    expect((await patientRow('XRMYY', 'XR-1')).person_id).toBe(xr.person_id);
    expect((await view()).timeline.map((v: { visitNo: string }) => v.visitNo)).toEqual(['XV-1']);
    expect((await p.api('/api/admin/empi/split', admin, { body: { mergeId: merge.body.mergeId, reason: '再次' } })).status).toBe(409);

    const history = (await p.api(`/api/admin/empi/history?personId=${xr.person_id}`, admin)).body.entries;
    expect(history.map((h: { action: string }) => h.action).sort()).toEqual(['merge', 'split']);
    expect(history.find((h: { action: string }) => h.action === 'merge')).toMatchObject({ undone: true, actorName: '系统管理员', reason: '电话号码录入错误，同一人' });
    const audit = await p.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action IN ('empi-merge', 'empi-split') ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(['empi-merge', 'empi-split']);
    expect((await p.api('/api/audit/verify', admin)).body.ok).toBe(true);
  });

  it('marks a suspected pair as not the same person, and answers bad requests with 4xx', async () => {
    await patient('QSZWSY', { patientId: 'QS-2', name: '张伟', sex: 'male', birthDate: '1980-01-02', phone: '13700000001' });
    await patient('XRMYY', { patientId: 'XR-2', name: '张伟', sex: 'male', birthDate: '1980-02-01' });
    const pair = (await p.api('/api/admin/empi/queue', admin)).body.pairs.find((x: { b: { records: Array<{ hisPatientId: string }> } }) => x.b.records[0]?.hisPatientId === 'XR-2');
    expect(pair.breakdown).toContainEqual(expect.objectContaining({ field: '出生日期', outcome: '疑似录入颠倒' }));
    const r = await p.api(`/api/admin/empi/candidates/${pair.id}/not-same`, admin, { body: { reason: '父子同名' } });
    expect(r.status).toBe(204);
    expect((await p.api(`/api/admin/empi/candidates/${pair.id}/not-same`, admin, { body: {} })).status).toBe(404);
    expect((await p.api('/api/admin/empi/queue', admin)).body.pairs.some((x: { id: string }) => x.id === pair.id)).toBe(false);
    expect((await p.api('/api/admin/empi/merge', admin, { body: { survivorId: 'x' } })).status).toBe(400);
    expect((await p.api('/api/admin/empi/merge', admin, { body: { survivorId: 'x', mergedId: 'y', reason: 'r' } })).status).toBe(404);
  });
});
