/**
 * A HIS simulator for the demo: township and village clinics submit realistic
 * prescriptions every few seconds through the real HIS API, and their doctors answer
 * rejections (double-sign after D, modify after N) as a township doctor would.
 */
import type { HisCheckRequest } from '../../../app/interop/his';
import { demo360Prescription } from './demo-360';
import { DEMO_INSTITUTIONS, demoHisKey } from './seed';

type Item = HisCheckRequest['items'][number];

interface Template {
  readonly title: string;
  readonly visitType: 'AMB' | 'EMER';
  readonly dept: string;
  readonly diagnoses: HisCheckRequest['diagnoses'];
  readonly allergies?: HisCheckRequest['allergies'];
  readonly labs?: HisCheckRequest['labs'];
  readonly age: [number, number];
  readonly sex?: 'male' | 'female';
  readonly weightKg?: number;
  readonly items: readonly Omit<Item, 'itemNo'>[];
}

const oral = (drugName: string, dose: number, doseUnit: string, frequency: string, days: number): Omit<Item, 'itemNo'> => ({ drugName, dose, doseUnit, frequency, route: '口服', days });

export const TEMPLATES: readonly Template[] = [
  { title: '上呼吸道感染', visitType: 'AMB', dept: '全科', age: [20, 60], diagnoses: [{ code: 'J06.9', name: '急性上呼吸道感染', status: 'active' }], items: [oral('阿莫西林胶囊 0.25g', 0.5, 'g', 'tid', 5), oral('布洛芬缓释胶囊 0.3g', 0.3, 'g', 'bid', 3)] },
  { title: '高血压复诊', visitType: 'AMB', dept: '内科', age: [55, 80], diagnoses: [{ code: 'I10', name: '原发性高血压', status: 'active' }], items: [oral('苯磺酸氨氯地平片 5mg', 5, 'mg', 'qd', 28)] },
  { title: '房颤患者加用阿司匹林', visitType: 'AMB', dept: '内科', age: [65, 85], diagnoses: [{ code: 'I48', name: '心房颤动', status: 'active' }], items: [oral('华法林钠片 2.5mg', 2.5, 'mg', 'qd', 7), oral('阿司匹林肠溶片 100mg', 100, 'mg', 'qd', 7)] },
  { title: '对乙酰氨基酚过量', visitType: 'AMB', dept: '全科', age: [30, 50], diagnoses: [{ code: 'M54.5', name: '腰痛', status: 'active' }], items: [oral('对乙酰氨基酚片 0.5g', 1.5, 'g', 'qid', 3)] },
  { title: '一张处方六种药', visitType: 'AMB', dept: '全科', age: [20, 50], diagnoses: [{ code: 'J20.9', name: '急性支气管炎', status: 'active' }], items: [
    oral('阿莫西林胶囊 0.25g', 0.5, 'g', 'tid', 5), oral('布洛芬缓释胶囊 0.3g', 0.3, 'g', 'bid', 3), oral('氯雷他定片 10mg', 10, 'mg', 'qd', 5),
    oral('盐酸氨溴索片 30mg', 30, 'mg', 'tid', 5), oral('维生素C片 0.1g', 0.1, 'g', 'tid', 5), oral('蒙脱石散 3g', 3, 'g', 'tid', 3)] },
  { title: '肾功能不全用二甲双胍', visitType: 'AMB', dept: '内科', age: [65, 80], diagnoses: [{ code: 'E11.9', name: '2型糖尿病', status: 'active' }], labs: [{ code: '33914-3', name: '估算肾小球滤过率', value: 38, unit: 'mL/min/1.73m2' }], items: [oral('盐酸二甲双胍片 0.5g', 0.5, 'g', 'tid', 28)] },
  { title: '青霉素过敏用阿莫西林', visitType: 'AMB', dept: '全科', age: [18, 60], diagnoses: [{ code: 'J03.9', name: '急性扁桃体炎', status: 'active' }], allergies: [{ name: '青霉素' }], items: [oral('阿莫西林胶囊 0.25g', 0.5, 'g', 'tid', 5)] },
  { title: '门诊开药 10 天', visitType: 'AMB', dept: '全科', age: [20, 60], diagnoses: [{ code: 'K29.7', name: '胃炎', status: 'active' }], items: [oral('奥美拉唑肠溶胶囊 20mg', 20, 'mg', 'qd', 14)] },
  { title: '急诊补钾', visitType: 'EMER', dept: '急诊科', age: [40, 70], diagnoses: [{ code: 'E87.6', name: '低钾血症', status: 'active' }], items: [
    { drugName: '10%氯化钾注射液 10ml:1g', dose: 15, doseUnit: 'ml', frequency: 'st', route: '静脉滴注', days: 1, groupNo: '1' },
    { drugName: '0.9%氯化钠注射液 250ml', dose: 250, doseUnit: 'ml', frequency: 'st', route: '静脉滴注', days: 1, groupNo: '1' }] },
  { title: '儿童左氧氟沙星', visitType: 'AMB', dept: '儿科', age: [6, 12], weightKg: 30, diagnoses: [{ code: 'J18.9', name: '肺炎', status: 'active' }], items: [oral('左氧氟沙星片 0.5g', 0.5, 'g', 'qd', 5)] },
  { title: '他汀加伊曲康唑', visitType: 'AMB', dept: '内科', age: [50, 75], diagnoses: [{ code: 'E78.5', name: '高脂血症', status: 'active' }, { code: 'B35.1', name: '甲癣', status: 'active' }], items: [oral('辛伐他汀片 20mg', 20, 'mg', 'qn', 7), oral('伊曲康唑胶囊 0.1g', 0.2, 'g', 'qd', 7)] },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['秀英', '桂兰', '建国', '志强', '海燕', '春梅', '国庆', '玉兰', '伟', '芳', '敏', '军', '丽', '强', '磊'];
const DOCTORS = [{ code: 'D001', name: '张医生', title: '主治医师' }, { code: 'D002', name: '刘医生', title: '住院医师' }, { code: 'D003', name: '陈医生', title: '执业助理医师' }, { code: 'D004', name: '孙医生', title: '乡村医生' }];

/** Deterministic PRNG (mulberry32) so a demo run can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export function makePrescription(r: () => number, n: number, now = new Date()): { institutionCode: string; body: HisCheckRequest; template: Template } {
  const inst = pick(r, DEMO_INSTITUTIONS.filter((i) => i.level !== '县级医院'));
  const t = pick(r, TEMPLATES);
  const age = t.age[0] + Math.floor(r() * (t.age[1] - t.age[0] + 1));
  const birth = new Date(now.getTime() - (age * 365.25 + Math.floor(r() * 300)) * 86_400_000).toISOString().slice(0, 10);
  const doctor = inst.level === '村卫生室' ? DOCTORS[3]! : pick(r, DOCTORS.slice(0, 3));
  const sex = t.sex ?? (r() < 0.5 ? 'male' : 'female');
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return {
    institutionCode: inst.code,
    template: t,
    body: {
      institutionCode: inst.code,
      prescriptionNo: `${inst.code}-${stamp}-${n}`,
      prescriptionType: 'outpatient',
      prescribedAt: now.toISOString(),
      visit: { visitNo: `V${stamp}${n}`, visitType: t.visitType, departmentName: t.dept },
      doctor,
      patient: { patientId: `P${Math.floor(r() * 90000) + 10000}`, name: pick(r, [...SURNAMES]) + pick(r, GIVEN), sex, birthDate: birth, weightKg: t.weightKg ?? 50 + Math.floor(r() * 30) },
      diagnoses: t.diagnoses,
      allergies: t.allergies ?? [],
      labs: t.labs ?? [],
      items: t.items.map((it, i) => ({ ...it, itemNo: String(i + 1) })),
      currentMedications: [],
    },
  };
}

export interface SimulatorOptions {
  readonly baseUrl: string;
  readonly intervalMs: number;
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

/** Starts submitting; returns a stop function. */
export function startHisSimulator(opts: SimulatorOptions): () => void {
  const r = rng(opts.seed ?? Date.now());
  let n = 0;
  let stopped = false;
  const log = opts.log ?? (() => undefined);
  const post = async (path: string, key: string, body: unknown): Promise<Response> => fetch(`${opts.baseUrl}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body), signal: AbortSignal.timeout(70_000),
  });
  const follow = async (code: string, body: HisCheckRequest): Promise<void> => {
    const key = demoHisKey(code);
    const res = await fetch(`${opts.baseUrl}/his/v1/prescriptions/${encodeURIComponent(body.prescriptionNo)}/result?wait=60`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(70_000) });
    if (!res.ok || stopped) return;
    const result = (await res.json()) as { status: string };
    if (result.status === 'rejected-double-sign' && r() < 0.6) {
      await post(`/his/v1/prescriptions/${encodeURIComponent(body.prescriptionNo)}/double-sign`, key, { doctorCode: body.doctor.code, doctorName: body.doctor.name, reason: '患者长期使用，已充分告知风险并加强监测' });
      log(`  ${body.prescriptionNo} 医生双签`);
    } else if (result.status === 'rejected' && body.items.length > 1) {
      await post('/his/v1/prescriptions/check', key, { ...body, items: body.items.slice(0, -1), prescribedAt: new Date().toISOString() });
      log(`  ${body.prescriptionNo} 医生修改后重新提交`);
    }
  };
  const tick = async (): Promise<void> => {
    if (stopped) return;
    n++;
    // The first prescription is for the demo person with records at two institutions (360° view).
    const { institutionCode, body, template } = n === 1
      ? { institutionCode: 'QSZWSY', body: demo360Prescription(`QSZWSY-360-${Date.now()}`), template: { title: '二甲双胍（肾功能下降，360° 演示患者）' } }
      : makePrescription(r, n);
    try {
      const res = await post('/his/v1/prescriptions/check', demoHisKey(institutionCode), body);
      const out = (await res.json()) as { action?: string; maxLevel?: string | null; message?: string };
      log(`HIS ${institutionCode} ${template.title}: ${res.ok ? `${out.action} (${out.maxLevel ?? '无问题'})` : `HTTP ${res.status} ${out.message ?? ''}`}`);
      if (res.ok && out.action === 'review') void follow(institutionCode, body).catch(() => undefined);
    } catch (e) {
      log(`HIS 提交失败：${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const timer = setInterval(() => void tick(), opts.intervalMs);
  void tick();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
