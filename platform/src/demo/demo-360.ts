/**
 * Demo data for the patient 360° view: one person (linked by 身份证号) seen at a township
 * health center and at the county hospital, with visits, diagnoses, medicines, labs with a
 * trend (creatinine / eGFR over months) and an exam — uploaded through the same data-set
 * upload path the HIS uses. Dates are relative to the seeding day so the view looks current.
 * Demo values only: not clinical facts.
 */
import type { HisCheckRequest } from '../../../app/interop/his';
import type { DatasetName } from '../../../app/interop/datasets';
import type { Db } from '../db/db';
import { uploadDataset } from '../features/datasets/upload';

/** The demo person: 身份证号 with a valid GB 11643 check digit (demo only). */
export const DEMO_360_PERSON = { name: '陈玉兰', sex: 'female', birthDate: '1958-06-12', idCardNo: '410102195806122021' } as const;
export const DEMO_360_PATIENT_IDS = { township: 'QS-DEMO-360', county: 'XR-DEMO-360' } as const;

const DAY = 86_400_000;

function at(now: Date, daysAgo: number, hour = 9): string {
  const d = new Date(now.getTime() - daysAgo * DAY);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00:00+08:00`;
}

function records(now: Date): Array<{ inst: string; dataset: DatasetName; rows: unknown[] }> {
  const qs = 'inst-tz-1';
  const xr = 'inst-county';
  const lab = (reportNo: string, values: { cr: number; egfr: number; k: number }) => [
    { reportNo, itemNo: '1', code: '2160-0', name: '肌酐', value: values.cr, unit: 'μmol/L', referenceRange: '41-81', abnormalFlag: values.cr > 81 ? 'H' : 'N' },
    { reportNo, itemNo: '2', code: '33914-3', name: 'eGFR', value: values.egfr, unit: 'mL/min/1.73m²', referenceRange: '>90', abnormalFlag: 'L' },
    { reportNo, itemNo: '3', code: '2823-3', name: '血钾', value: values.k, unit: 'mmol/L', referenceRange: '3.5-5.3', abnormalFlag: 'N' },
  ];
  return [
    { inst: qs, dataset: 'patient', rows: [{ patientId: DEMO_360_PATIENT_IDS.township, ...DEMO_360_PERSON, phone: '13900000360' }] },
    { inst: xr, dataset: 'patient', rows: [{ patientId: DEMO_360_PATIENT_IDS.county, ...DEMO_360_PERSON }] },
    { inst: qs, dataset: 'visit', rows: [
      { visitNo: 'QS-V360-1', patientId: DEMO_360_PATIENT_IDS.township, visitType: 'AMB', visitAt: at(now, 150), departmentName: '全科', doctorName: '张医生' },
      { visitNo: 'QS-V360-2', patientId: DEMO_360_PATIENT_IDS.township, visitType: 'AMB', visitAt: at(now, 20), departmentName: '全科', doctorName: '张医生' },
    ] },
    { inst: xr, dataset: 'visit', rows: [
      { visitNo: 'XR-V360-1', patientId: DEMO_360_PATIENT_IDS.county, visitType: 'IMP', visitAt: at(now, 90), dischargeAt: at(now, 83), departmentName: '内分泌科', doctorName: '周主任' },
      { visitNo: 'XR-V360-2', patientId: DEMO_360_PATIENT_IDS.county, visitType: 'AMB', visitAt: at(now, 45), departmentName: '肾内科', doctorName: '吴医生' },
    ] },
    { inst: qs, dataset: 'medical-record', rows: [{ visitNo: 'QS-V360-1', chiefComplaint: '口干多饮半年', allergyHistory: '青霉素过敏' }] },
    { inst: qs, dataset: 'diagnosis', rows: [
      { visitNo: 'QS-V360-1', seq: 1, code: 'E11.9', name: '2型糖尿病', type: 'main' },
      { visitNo: 'QS-V360-2', seq: 1, code: 'I10', name: '原发性高血压', type: 'main' },
    ] },
    { inst: xr, dataset: 'diagnosis', rows: [
      { visitNo: 'XR-V360-1', seq: 1, code: 'E11.9', name: '2型糖尿病', type: 'main' },
      { visitNo: 'XR-V360-2', seq: 1, code: 'N18.3', name: '慢性肾脏病3期', type: 'main' },
    ] },
    { inst: qs, dataset: 'order-item', rows: [
      { visitNo: 'QS-V360-2', prescriptionNo: 'QS-RX360-2', itemNo: '1', drugName: '苯磺酸氨氯地平片 5mg', dose: 5, doseUnit: 'mg', frequency: 'qd', route: '口服', days: 30 },
    ] },
    { inst: xr, dataset: 'order-item', rows: [
      { visitNo: 'XR-V360-1', prescriptionNo: 'XR-RX360-1', itemNo: '1', drugName: '盐酸二甲双胍片 0.5g', dose: 0.5, doseUnit: 'g', frequency: 'bid', route: '口服', days: 30 },
      { visitNo: 'XR-V360-2', prescriptionNo: 'XR-RX360-2', itemNo: '1', drugName: '阿托伐他汀钙片 20mg', dose: 20, doseUnit: 'mg', frequency: 'qn', route: '口服', days: 30 },
    ] },
    { inst: qs, dataset: 'lab-report', rows: [
      { visitNo: 'QS-V360-1', reportNo: 'QS-L360-1', name: '肾功能', reportedAt: at(now, 150, 11) },
      { visitNo: 'QS-V360-2', reportNo: 'QS-L360-2', name: '肾功能', reportedAt: at(now, 20, 11) },
    ] },
    { inst: xr, dataset: 'lab-report', rows: [
      { visitNo: 'XR-V360-1', reportNo: 'XR-L360-1', name: '肾功能', reportedAt: at(now, 89, 10) },
      { visitNo: 'XR-V360-2', reportNo: 'XR-L360-2', name: '肾功能', reportedAt: at(now, 45, 10) },
    ] },
    { inst: qs, dataset: 'lab-item', rows: [...lab('QS-L360-1', { cr: 96, egfr: 55, k: 4.3 }), ...lab('QS-L360-2', { cr: 128, egfr: 38, k: 5.0 })] },
    { inst: xr, dataset: 'lab-item', rows: [...lab('XR-L360-1', { cr: 104, egfr: 50, k: 4.5 }), ...lab('XR-L360-2', { cr: 117, egfr: 43, k: 4.8 })] },
    { inst: xr, dataset: 'exam', rows: [{ visitNo: 'XR-V360-2', examNo: 'XR-E360-1', type: '超声', part: '双肾', conclusion: '双肾实质回声稍增强', reportedAt: at(now, 45, 15) }] },
  ];
}

/** Idempotent (the upload is insert-or-update by natural key). */
export async function ensureDemo360(db: Db, now = new Date()): Promise<void> {
  for (const r of records(now)) {
    const result = await uploadDataset(db, r.inst, r.dataset, r.rows.map((value) => ({ ok: true as const, value })));
    if (result.rejected > 0) throw new Error(`demo 360 data rejected (${r.dataset}): ${JSON.stringify(result.results.filter((x) => x.status === 'rejected'))}`);
  }
}

/** A township prescription for the demo person: metformin with eGFR 38 (held for review). */
export function demo360Prescription(prescriptionNo: string, now = new Date()): HisCheckRequest {
  return {
    institutionCode: 'QSZWSY',
    prescriptionNo,
    prescriptionType: 'outpatient',
    prescribedAt: now.toISOString(),
    visit: { visitNo: `V-${prescriptionNo}`, visitType: 'AMB', departmentName: '全科' },
    doctor: { code: 'D001', name: '张医生', title: '主治医师' },
    patient: { patientId: DEMO_360_PATIENT_IDS.township, name: DEMO_360_PERSON.name, sex: DEMO_360_PERSON.sex, birthDate: DEMO_360_PERSON.birthDate, idCardNo: DEMO_360_PERSON.idCardNo, weightKg: 62, heightCm: 158 },
    diagnoses: [{ code: 'E11.9', name: '2型糖尿病', status: 'active' }, { code: 'I10', name: '原发性高血压', status: 'active' }],
    allergies: [{ name: '青霉素' }],
    labs: [{ code: '33914-3', name: '估算肾小球滤过率', value: 38, unit: 'mL/min/1.73m2' }],
    items: [
      { itemNo: '1', drugName: '盐酸二甲双胍片 0.5g', dose: 0.5, doseUnit: 'g', frequency: 'tid', route: '口服', days: 28 },
      { itemNo: '2', drugName: '苯磺酸氨氯地平片 5mg', dose: 5, doseUnit: 'mg', frequency: 'qd', route: '口服', days: 28 },
    ],
    currentMedications: [],
  };
}
