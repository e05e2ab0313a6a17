import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patient360Schema, taskDetailSchema } from '../../../app/sync/api';
import { startTestPlatform, type TestPlatform } from '../test-support';
import { demo360Prescription, ensureDemo360 } from './demo-360';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => p?.close());

describe('demo 360° data', () => {
  it('gives the demo person visits, medicines and lab trends at two institutions, idempotently', async () => {
    await ensureDemo360(p.db); // the test platform seeded it once already
    const sub = await p.his('/his/v1/prescriptions/check', { key: 'demo-his-qszwsy', body: demo360Prescription('DEMO-360-1') });
    expect(sub.status).toBe(200);
    expect(sub.body.action).toBe('review');
    const token = await p.login('yaoshi');
    const [t] = await p.db.query<{ id: string }>(`SELECT t.id FROM review_tasks t JOIN prescriptions pr ON pr.id = t.prescription_id WHERE pr.prescription_no = 'DEMO-360-1'`);
    const detail = taskDetailSchema.parse((await p.api(`/api/tasks/${t!.id}`, token)).body);
    const view = patient360Schema.parse((await p.api(`/api/patients/${detail.patient.patientId}/360`, token)).body);
    expect(new Set(view.timeline.map((v) => v.institution))).toEqual(new Set(['青石镇卫生院', '县人民医院']));
    expect(view.timeline).toHaveLength(4);
    const cr = view.labs.find((l) => l.name === '肌酐')!;
    expect(cr.points).toHaveLength(4);
    expect(new Set(cr.points.map((x) => x.institution)).size).toBe(2);
    expect(view.medicines.map((m) => m.drugName)).toEqual(expect.arrayContaining(['阿托伐他汀钙片 20mg', '盐酸二甲双胍片 0.5g']));
    expect(view.allergies).toContain('青霉素过敏');
    expect(view.exams).toHaveLength(1);
  });
});
