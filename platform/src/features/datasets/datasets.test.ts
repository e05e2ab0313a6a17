import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidIdCard } from '../../../../app/interop/id-card';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
beforeAll(async () => { p = await startTestPlatform(); });
afterAll(async () => p?.close());

/** A checksum-valid 身份证号 for a birth date (test data). */
function idCard(prefix17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...prefix17].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return prefix17 + '10X98765432'[sum % 11];
}
const ID = idCard('41010219650315123');

describe('finished-visit upload', () => {
  it('validates the 身份证号 checksum', () => {
    expect(isValidIdCard(ID)).toBe(true);
    expect(isValidIdCard(`${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`)).toBe(false);
    expect(isValidIdCard('410102196502301230')).toBe(false);
  });

  it('accepts good records, rejects bad ones with the field path, and loses nothing accepted', async () => {
    const records = [
      { visitNo: 'V1', patientId: 'P1', visitType: 'AMB', visitAt: '2026-11-01T09:00:00+08:00', departmentName: '全科', doctorCode: 'D001' },
      { visitNo: 'V2', patientId: 'P1', visitType: 'XXX', visitAt: '2026-11-02T09:00:00+08:00' },
      { visitNo: 'V3', patientId: 'P1', visitType: 'EMER', visitAt: 'yesterday' },
      { visitNo: 'V4', patientId: 'P1', visitType: 'AMB', visitAt: '2026-11-03T09:00:00+08:00' },
    ];
    const r = await p.his('/his/v1/datasets/visit?institutionCode=QSZWSY', { body: records });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ received: 4, accepted: 2, rejected: 2 });
    expect(r.body.results[1]).toMatchObject({ index: 1, status: 'rejected', issues: [{ path: '[1].visitType' }] });
    expect(r.body.results[2].issues[0].path).toBe('[2].visitAt');
    const n = await p.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM dataset_records WHERE dataset = 'visit' AND record_key IN ('V1', 'V4')`);
    expect(n[0]!.n).toBe(2);
  });

  it('takes NDJSON, keeps a broken line as one rejected record, and is idempotent on re-upload', async () => {
    const ndjson = [
      JSON.stringify({ visitNo: 'V1', seq: 1, code: 'I10', name: '原发性高血压', type: 'main' }),
      '{not json',
      JSON.stringify({ visitNo: 'V1', seq: 2, code: 'E11.9', name: '2型糖尿病' }),
    ].join('\n');
    const upload = () => fetch(`${p.url}/his/v1/datasets/diagnosis?institutionCode=QSZWSY`, { method: 'POST', headers: { authorization: 'Bearer test-county-key-0123456789', 'content-type': 'application/x-ndjson' }, body: ndjson }).then((r) => r.json());
    const first = await upload() as { accepted: number; rejected: number; results: Array<{ status: string; issues?: Array<{ path: string }> }> };
    expect(first).toMatchObject({ accepted: 2, rejected: 1 });
    expect(first.results[1]!.issues![0]!.path).toBe('[1]');
    await upload();
    const rows = await p.db.query<{ version: number }>(`SELECT version FROM dataset_records WHERE dataset = 'diagnosis' AND visit_no = 'V1'`);
    expect(rows.map((r) => r.version)).toEqual([1, 1]);
  });

  it('answers 401 without a key, 404 for an unknown data set, 403 for another institution', async () => {
    expect((await p.his('/his/v1/datasets/visit?institutionCode=QSZWSY', { body: [], key: null })).status).toBe(401);
    expect((await p.his('/his/v1/datasets/nope?institutionCode=QSZWSY', { body: [] })).status).toBe(404);
    expect((await p.his('/his/v1/datasets/visit?institutionCode=LHZWSY', { body: [], key: 'demo-his-qszwsy' })).status).toBe(403);
  });
});

describe('EMPI and the 360° view', () => {
  it('links one person across two institutions by 身份证号 and shows both on one timeline', async () => {
    const person = { name: '李桂兰', sex: 'female', birthDate: '1965-03-15', idCardNo: ID };
    await p.his('/his/v1/datasets/patient?institutionCode=QSZWSY', { body: [{ patientId: 'QS-001', ...person, phone: '13800000000' }] });
    await p.his('/his/v1/datasets/patient?institutionCode=XRMYY', { body: [{ patientId: 'XR-778', ...person }] });
    await p.his('/his/v1/datasets/visit?institutionCode=QSZWSY', { body: [{ visitNo: 'QV1', patientId: 'QS-001', visitType: 'AMB', visitAt: '2026-10-01T09:00:00+08:00' }] });
    await p.his('/his/v1/datasets/visit?institutionCode=XRMYY', { body: [{ visitNo: 'XV1', patientId: 'XR-778', visitType: 'IMP', visitAt: '2026-10-20T09:00:00+08:00', departmentName: '心内科' }] });
    await p.his('/his/v1/datasets/lab-report?institutionCode=QSZWSY', { body: [{ visitNo: 'QV1', reportNo: 'L1', name: '肾功能', reportedAt: '2026-10-01T11:00:00+08:00' }] });
    await p.his('/his/v1/datasets/lab-item?institutionCode=QSZWSY', { body: [{ reportNo: 'L1', itemNo: '1', code: '2160-0', name: '肌酐', value: 98, unit: 'μmol/L' }] });
    await p.his('/his/v1/datasets/lab-report?institutionCode=XRMYY', { body: [{ visitNo: 'XV1', reportNo: 'L9', name: '肾功能', reportedAt: '2026-10-20T11:00:00+08:00' }] });
    await p.his('/his/v1/datasets/lab-item?institutionCode=XRMYY', { body: [{ reportNo: 'L9', itemNo: '1', code: '2160-0', name: '肌酐', value: 132, unit: 'μmol/L' }] });
    const rx = sixDrugPrescription('EMPI-1', { patient: { patientId: 'QS-001', name: '李桂兰', sex: 'female', birthDate: '1965-03-15', idCardNo: ID } });
    await p.his('/his/v1/prescriptions/check', { body: rx });

    const [pat] = await p.db.query<{ id: string }>(`SELECT pa.id FROM patients pa JOIN institutions i ON i.id = pa.institution_id WHERE i.code = 'XRMYY' AND pa.his_patient_id = 'XR-778'`);
    const token = await p.login('yaoshi');
    const view = await p.api(`/api/patients/${pat!.id}/360`, token);
    expect(view.status).toBe(200);
    expect(view.body.institutions).toHaveLength(2);
    expect(view.body.timeline.map((v: { visitNo: string }) => v.visitNo)).toEqual(['XV1', 'QV1']);
    expect(view.body.labs).toEqual([{ name: '肌酐', points: [expect.objectContaining({ value: 98 }), expect.objectContaining({ value: 132, institution: '县人民医院' })] }]);
    expect(view.body.prescriptions.map((x: { prescriptionNo: string }) => x.prescriptionNo)).toContain('EMPI-1');
    const audit = await p.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'view-360' AND target_id = $1`, [pat!.id]);
    expect(audit[0]!.n).toBe(1);
  });

  it('reports data quality with the rejected records to fix', async () => {
    const token = await p.login('admin');
    const r = await p.api('/api/data-quality', token);
    const qs = r.body.institutions.find((i: { institution: string }) => i.institution === '青石镇卫生院');
    expect(qs.datasets.visit.rejected).toBeGreaterThan(0);
    expect(qs.datasets.visit.validity).toBeLessThan(1);
    expect(r.body.recentRejections.length).toBeGreaterThan(0);
    expect(r.body.definitions.validity).toContain('有效率');
  });
});

describe('cross-institution checks read the data center', () => {
  it('flags an interaction with a medicine another institution prescribed to the same person', async () => {
    const id = idCard('41010219500101001');
    const base = (no: string, inst: string, pid: string, items: unknown[], diagnoses: unknown[]) => ({ ...sixDrugPrescription(no, { institutionCode: inst, diagnoses, patient: { patientId: pid, name: '赵大爷', sex: 'male', birthDate: '1950-01-01', idCardNo: id } }), items });
    const simva = { itemNo: '1', drugName: '辛伐他汀片 20mg', dose: 20, doseUnit: 'mg', frequency: 'qn', route: '口服', days: 7 };
    const itra = { itemNo: '1', drugName: '伊曲康唑胶囊 0.1g', dose: 0.2, doseUnit: 'g', frequency: 'qd', route: '口服', days: 7 };
    const first = await p.his('/his/v1/prescriptions/check', { body: base('XR-STATIN', 'XRMYY', 'XR-9001', [simva], [{ code: 'E78.5', name: '高脂血症' }]) });
    expect(first.body.status).toBe('passed');
    const second = await p.his('/his/v1/prescriptions/check', { body: base('QS-AZOLE', 'QSZWSY', 'QS-7002', [itra], [{ code: 'B35.1', name: '甲癣' }]) });
    const f = second.body.findings.find((x: { checkType: string }) => x.checkType === 'interaction');
    expect(f).toBeDefined();
    expect(f.summary).toContain('县人民医院');
  });
});

describe('FHIR R4 Bundle ingest', () => {
  it('maps every supported resource onto the data sets and reports the rest per entry', async () => {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [
      { resource: { resourceType: 'Patient', id: 'FP1', name: [{ text: '孙建国' }], gender: 'male', birthDate: '1958-04-02', identifier: [{ system: 'urn:oid:2.16.156.10011.1.3', value: idCard('11010519580402123') }] } },
      { resource: { resourceType: 'Encounter', id: 'FE1', class: { code: 'AMB' }, subject: { reference: 'Patient/FP1' }, period: { start: '2026-11-02T09:00:00+08:00' } } },
      { resource: { resourceType: 'Condition', id: 'c1', encounter: { reference: 'Encounter/FE1' }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10' }], text: '原发性高血压' } } },
      { resource: { resourceType: 'MedicationRequest', id: 'm1', encounter: { reference: 'Encounter/FE1' }, groupIdentifier: { value: 'FRX1' }, medicationCodeableConcept: { text: '苯磺酸氨氯地平片 5mg', coding: [{ system: 'http://www.whocc.no/atc', code: 'C08CA01' }] }, dosageInstruction: [{ timing: { code: { text: 'qd' } }, route: { text: '口服' }, doseAndRate: [{ doseQuantity: { value: 5, unit: 'mg' } }] }] } },
      { resource: { resourceType: 'DiagnosticReport', id: 'FR1', encounter: { reference: 'Encounter/FE1' }, code: { text: '肾功能' }, issued: '2026-11-02T10:00:00+08:00' } },
      { resource: { resourceType: 'Observation', id: 'o1', derivedFrom: [{ reference: 'DiagnosticReport/FR1' }], code: { coding: [{ system: 'http://loinc.org', code: '2160-0' }], text: '肌酐' }, valueQuantity: { value: 88, unit: 'μmol/L' } } },
      { resource: { resourceType: 'Observation', id: 'o2', code: { text: '孤立结果' }, valueQuantity: { value: 1 } } },
      { resource: { resourceType: 'Encounter', id: 'FE2', class: { code: 'AMB' }, subject: { reference: 'Patient/FP1' } } },
      { resource: { resourceType: 'Medication', id: 'x' } },
    ] };
    const r = await p.his('/fhir/Bundle?institutionCode=QSZWSY', { body: bundle });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ received: 9, accepted: 6, rejected: 3 });
    const rejected = r.body.results.filter((x: { status: string }) => x.status === 'rejected').map((x: { entry: number; issues: Array<{ path: string }> }) => [x.entry, x.issues[0]!.path]);
    expect(rejected).toEqual([[6, 'entry[6].resource.derivedFrom'], [7, 'entry[7].resource(visit).visitAt'], [8, 'entry[8].resource.resourceType']]);
    const [pat] = await p.db.query<{ person_id: string | null }>(`SELECT person_id FROM patients WHERE his_patient_id = 'FP1'`);
    expect(pat!.person_id).not.toBeNull();
  });
});
