import { describe, expect, it } from 'vitest';
import type { CheckType } from '../domain/check-types';
import type { Level } from '../domain/levels';
import { review } from './review';
import { fixtureKb, order, request } from './test-fixture';

const kb = fixtureKb();
const run = (req: Parameters<typeof review>[1]) => review(kb, req).findings;
const has = (fs: ReturnType<typeof run>, t: CheckType, l?: Level) => fs.some((f) => f.checkType === t && (l === undefined || f.level === l));
const alarms = (fs: ReturnType<typeof run>) => fs.filter((f) => f.level !== 'info');

describe('dose', () => {
  it('flags a daily dose above the maximum (对乙酰氨基酚 1.5 g qid = 6 g)', () => {
    const fs = run(request({ orders: [order('对乙酰氨基酚片 0.5g', [1.5, 'g'], { frequencyCode: 'qid' })] }));
    expect(has(fs, 'overdose', 'not-recommended')).toBe(true);
    expect(fs.find((f) => f.checkType === 'overdose')?.sources[0]?.title).toContain('说明书');
  });
  it('converts per-form units through the 规格 (1 片 × 0.5 g qid is usual; 3 片 qid = 6 g is not)', () => {
    expect(alarms(run(request({ orders: [order('对乙酰氨基酚片 0.5g', [1, '片'], { frequencyCode: 'qid' })] })))).toEqual([]);
    expect(has(run(request({ orders: [order('对乙酰氨基酚片 0.5g', [3, '片'], { frequencyCode: 'qid' })] })), 'overdose')).toBe(true);
  });
  it('flags above-usual but within maximum as caution only', () => {
    const fs = run(request({ orders: [order('对乙酰氨基酚片 0.5g', [0.75, 'g'], { frequencyCode: 'tid' })] }));
    expect(has(fs, 'above-usual-dose', 'caution')).toBe(true);
    expect(has(fs, 'overdose')).toBe(false);
  });
  it('is quiet on a usual dose and on prn without a daily count', () => {
    expect(alarms(run(request({ orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] })))).toEqual([]);
    expect(alarms(run(request({ orders: [order('对乙酰氨基酚片 0.5g', [0.5, 'g'], { frequencyCode: 'prn' })] })))).toEqual([]);
  });
  it('uses mg/kg for children and skips without a weight', () => {
    const child = { sex: 'male' as const, birthDate: '2020-06-01', weightKg: 20 };
    expect(has(run(request({ patient: child, orders: [order('阿莫西林颗粒 0.125g', [1, 'g'], { frequencyCode: 'tid' })] })), 'overdose')).toBe(true);
    expect(alarms(run(request({ patient: child, orders: [order('阿莫西林颗粒 0.125g', [0.5, 'g'], { frequencyCode: 'tid' })] })))).toEqual([]);
    expect(has(run(request({ patient: { ...child, weightKg: undefined }, orders: [order('阿莫西林颗粒 0.125g', [1, 'g'], { frequencyCode: 'tid' })] })), 'overdose')).toBe(false);
  });
  it('turns an unconvertible unit into an info finding, never an alert', () => {
    const fs = run(request({ orders: [order('对乙酰氨基酚片', [3, '片'], { frequencyCode: 'qid' })] }));
    expect(alarms(fs)).toEqual([]);
    expect(fs.some((f) => f.checkType === 'prescription-format' && f.level === 'info')).toBe(true);
  });
});

describe('interaction', () => {
  it('fires a class rule (any strong CYP3A4 inhibitor + simvastatin)', () => {
    const fs = run(request({ orders: [order('辛伐他汀片 20mg', [20, 'mg'], { frequencyCode: 'qn' }), order('克拉霉素片 0.25g', [0.25, 'g'], { frequencyCode: 'bid' })] }));
    expect(has(fs, 'interaction', 'contraindicated')).toBe(true);
    expect(fs.find((f) => f.checkType === 'interaction')?.orders).toHaveLength(2);
  });
  it('checks against current medicines from another institution', () => {
    const fs = run(request({ orders: [order('伊曲康唑胶囊 0.1g', [0.2, 'g'], { frequencyCode: 'qd' })], currentMedications: [{ ref: 'current/1', text: '辛伐他汀片 20mg', institution: '县人民医院' }] }));
    const f = fs.find((x) => x.checkType === 'interaction');
    expect(f?.summary).toContain('县人民医院');
  });
  it('is quiet on drugs without a documented interaction', () => {
    expect(has(run(request({ orders: [order('辛伐他汀片 20mg', [20, 'mg']), order('阿莫西林胶囊 0.25g', [0.5, 'g'])] })), 'interaction')).toBe(false);
  });
});

describe('allergy', () => {
  it('contraindicates a drug of the allergic class and cautions a cross-reacting class', () => {
    expect(has(run(request({ allergies: [{ text: '青霉素' }], orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] })), 'allergy', 'contraindicated')).toBe(true);
    expect(has(run(request({ allergies: [{ text: '青霉素类' }], orders: [order('头孢呋辛酯片 0.25g', [0.25, 'g'], { frequencyCode: 'bid' })] })), 'allergy', 'caution')).toBe(true);
    expect(has(run(request({ allergies: [{ text: '头孢菌素类' }], orders: [order('头孢呋辛酯片 0.25g', [0.25, 'g'])] })), 'allergy', 'contraindicated')).toBe(true);
  });
  it('treats an allergy to one drug as an allergy to its class', () => {
    expect(has(run(request({ allergies: [{ text: '阿莫西林' }], orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] })), 'allergy', 'contraindicated')).toBe(true);
  });
  it('is quiet for unrelated allergies and for 无/否认', () => {
    expect(has(run(request({ allergies: [{ text: '头孢菌素类' }], orders: [order('左氧氟沙星片 0.5g', [0.5, 'g'], { frequencyCode: 'qd' })] })), 'allergy')).toBe(false);
    expect(has(run(request({ allergies: [{ text: '否认药物过敏史' }], orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] })), 'allergy')).toBe(false);
  });
});

describe('duplicate therapy', () => {
  it('flags two NSAIDs and the same ingredient twice', () => {
    expect(has(run(request({ orders: [order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { frequencyCode: 'bid' }), order('双氯芬酸钠缓释片 75mg', [75, 'mg'], { frequencyCode: 'qd' })] })), 'duplicate-therapy', 'not-recommended')).toBe(true);
    expect(has(run(request({ orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g']), order('阿莫西林颗粒 0.125g', [0.25, 'g'])] })), 'duplicate-therapy')).toBe(true);
  });
  it('flags a duplicate against current medicines but not unrelated drugs', () => {
    expect(has(run(request({ orders: [order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { frequencyCode: 'bid' })], currentMedications: [{ ref: 'c/1', text: '双氯芬酸钠缓释片 75mg' }] })), 'duplicate-therapy')).toBe(true);
    expect(has(run(request({ orders: [order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { frequencyCode: 'bid' }), order('阿莫西林胶囊 0.25g', [0.5, 'g'])] })), 'duplicate-therapy')).toBe(false);
  });
});

describe('drug count and supply days (处方管理办法)', () => {
  const six = ['阿莫西林胶囊 0.25g', '布洛芬缓释胶囊 0.3g', '辛伐他汀片 20mg', '对乙酰氨基酚片 0.5g', '二甲双胍片 0.5g', '某某片 10mg'].map((t) => order(t));
  it('flags six drugs on an outpatient prescription, not five, and not a carrier solution', () => {
    expect(has(run(request({ orders: six })), 'drug-count', 'caution')).toBe(true);
    expect(has(run(request({ orders: six.slice(0, 5) })), 'drug-count')).toBe(false);
    expect(has(run(request({ visitType: 'IMP', orders: six })), 'drug-count')).toBe(false);
    expect(has(run(request({ orders: [...six.slice(0, 5), order('0.9%氯化钠注射液 250ml', [250, 'ml'], { route: '静脉滴注' })] })), 'drug-count')).toBe(false);
  });
  it('applies 7 days outpatient, 3 days emergency, longer for chronic diagnoses but never for antibacterials', () => {
    expect(has(run(request({ orders: [order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { days: 10, frequencyCode: 'bid' })] })), 'supply-days', 'caution')).toBe(true);
    expect(has(run(request({ visitType: 'EMER', orders: [order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { days: 4, frequencyCode: 'bid' })] })), 'supply-days')).toBe(true);
    expect(has(run(request({ orders: [order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { days: 7, frequencyCode: 'bid' })] })), 'supply-days')).toBe(false);
    const htn = [{ code: 'I10', text: '原发性高血压', status: 'active' as const }];
    expect(has(run(request({ diagnoses: htn, orders: [order('辛伐他汀片 20mg', [20, 'mg'], { days: 28, frequencyCode: 'qn' })] })), 'supply-days')).toBe(false);
    expect(has(run(request({ diagnoses: htn, orders: [order('辛伐他汀片 20mg', [20, 'mg'], { days: 90, frequencyCode: 'qn' })] })), 'supply-days')).toBe(true);
    expect(has(run(request({ diagnoses: htn, orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'], { days: 14 })] })), 'supply-days')).toBe(true);
    // H. pylori eradication: a 14-day guideline course, antibacterials included.
    const hp = [{ code: 'B98.0', text: '幽门螺杆菌感染', status: 'active' as const }];
    expect(has(run(request({ diagnoses: hp, orders: [order('阿莫西林胶囊 0.25g', [1, 'g'], { frequencyCode: 'bid', days: 14 })] })), 'supply-days')).toBe(false);
    expect(has(run(request({ diagnoses: hp, orders: [order('阿莫西林胶囊 0.25g', [1, 'g'], { frequencyCode: 'bid', days: 21 })] })), 'supply-days')).toBe(true);
  });
});

describe('antibacterial tiers (抗菌药物临床应用管理办法)', () => {
  it('flags a special-tier drug from a junior doctor and in outpatients', () => {
    const fs = run(request({ prescriberTitle: '住院医师', orders: [order('注射用美罗培南 0.5g', [0.5, 'g'], { route: '静脉滴注' })] }));
    expect(fs.filter((f) => f.checkType === 'antibacterial').length).toBe(2);
  });
  it('holds village clinics to non-restricted and lets seniors prescribe special tier for inpatients', () => {
    expect(has(run(request({ visitType: 'IMP', prescriberTitle: '主任医师', institutionLevel: '县级医院', orders: [order('注射用美罗培南 0.5g', [0.5, 'g'], { route: '静脉滴注' })] })), 'antibacterial')).toBe(false);
    expect(has(run(request({ prescriberTitle: '乡村医生', institutionLevel: '村卫生室', orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] })), 'antibacterial')).toBe(false);
  });
});

describe('patient-specific checks', () => {
  it('renal: eGFR bands, and Cockcroft-Gault from creatinine', () => {
    expect(has(run(request({ observations: [{ loinc: '33914-3', value: 22 }], orders: [order('盐酸二甲双胍片 0.5g', [0.5, 'g'])] })), 'renal', 'contraindicated')).toBe(true);
    expect(has(run(request({ observations: [{ text: '估算肾小球滤过率', value: 40 }], orders: [order('盐酸二甲双胍片 0.5g', [0.5, 'g'])] })), 'renal', 'caution')).toBe(true);
    expect(has(run(request({ observations: [{ loinc: '33914-3', value: 75 }], orders: [order('盐酸二甲双胍片 0.5g', [0.5, 'g'])] })), 'renal')).toBe(false);
    expect(has(run(request({ patient: { sex: 'male', birthDate: '1946-01-01', weightKg: 50 }, observations: [{ text: '肌酐', value: 300, unit: 'μmol/L' }], orders: [order('盐酸二甲双胍片 0.5g', [0.5, 'g'])] })), 'renal', 'contraindicated')).toBe(true);
    expect(has(run(request({ orders: [order('盐酸二甲双胍片 0.5g', [0.5, 'g'])] })), 'renal')).toBe(false);
  });
  it('age: levofloxacin in a 10-year-old, not in an adult', () => {
    expect(has(run(request({ patient: { sex: 'female', birthDate: '2016-03-01' }, orders: [order('左氧氟沙星片 0.5g', [0.5, 'g'], { frequencyCode: 'qd' })] })), 'age', 'contraindicated')).toBe(true);
    expect(has(run(request({ orders: [order('左氧氟沙星片 0.5g', [0.5, 'g'], { frequencyCode: 'qd' })] })), 'age')).toBe(false);
  });
  it('pregnancy from an observation or a Z33 diagnosis, never for a male', () => {
    expect(has(run(request({ patient: { sex: 'female', birthDate: '1995-01-01', pregnant: true }, orders: [order('辛伐他汀片 20mg', [20, 'mg'])] })), 'pregnancy', 'contraindicated')).toBe(true);
    expect(has(run(request({ patient: { sex: 'female', birthDate: '1995-01-01' }, diagnoses: [{ code: 'Z33', status: 'active' }], orders: [order('辛伐他汀片 20mg', [20, 'mg'])] })), 'pregnancy')).toBe(true);
    expect(has(run(request({ patient: { sex: 'female', birthDate: '1995-01-01', pregnant: false }, orders: [order('辛伐他汀片 20mg', [20, 'mg'])] })), 'pregnancy')).toBe(false);
  });
  it('diagnosis contraindication by ICD-10 range and by Chinese name', () => {
    expect(has(run(request({ diagnoses: [{ code: 'K25.701', status: 'active' }], orders: [order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { frequencyCode: 'bid' })] })), 'contraindication', 'contraindicated')).toBe(true);
    expect(has(run(request({ diagnoses: [{ text: '十二指肠消化性溃疡', status: 'active' }], orders: [order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { frequencyCode: 'bid' })] })), 'contraindication')).toBe(true);
    expect(has(run(request({ diagnoses: [{ code: 'K25.7', status: 'resolved' }], orders: [order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { frequencyCode: 'bid' })] })), 'contraindication')).toBe(false);
  });
  it('lab: potassium above the limit, quiet below it and with an unknown unit', () => {
    expect(has(run(request({ observations: [{ text: '血钾', value: 6.0, unit: 'mmol/L' }], orders: [order('螺内酯片 20mg', [20, 'mg'], { frequencyCode: 'qd' })] })), 'lab-contraindication', 'contraindicated')).toBe(true);
    expect(has(run(request({ observations: [{ text: '血钾', value: 4.2, unit: 'mmol/L' }], orders: [order('螺内酯片 20mg', [20, 'mg'], { frequencyCode: 'qd' })] })), 'lab-contraindication')).toBe(false);
    expect(has(run(request({ observations: [{ text: '血钾', value: 6.0, unit: 'bananas' }], orders: [order('螺内酯片 20mg', [20, 'mg'], { frequencyCode: 'qd' })] })), 'lab-contraindication')).toBe(false);
  });
});

describe('infusion groups', () => {
  const kcl = (ml: number) => order('10%氯化钾注射液 10ml:1g', [ml, 'ml'], { route: '静脉滴注', frequencyCode: 'st', group: '1' });
  const ns = order('0.9%氯化钠注射液 250ml', [250, 'ml'], { route: '静脉滴注', frequencyCode: 'st', group: '1' });
  it('flags K⁺ above 0.3% in a peripheral infusion (15 ml of 10% KCl in 250 ml ≈ 0.57%)', () => {
    const fs = run(request({ orders: [kcl(15), ns] }));
    expect(has(fs, 'ion-concentration', 'not-recommended')).toBe(true);
  });
  it('is quiet at 7.5 ml in 250 ml (≈0.29%) and when the group is not shared', () => {
    expect(has(run(request({ orders: [kcl(7.5), ns] })), 'ion-concentration')).toBe(false);
    expect(has(run(request({ orders: [{ ...kcl(15), group: '2' }, ns] })), 'ion-concentration')).toBe(false);
  });
});

describe('unknown drugs and reminders', () => {
  it('reports an unknown drug as info and keeps quiet otherwise', () => {
    const fs = run(request({ orders: [order('某某神奇胶囊 0.3g', [2, '粒'])] }));
    expect(fs).toEqual([expect.objectContaining({ checkType: 'unknown-drug', level: 'info' })]);
  });
  it('never resolves a compound preparation to one of its ingredients', () => {
    expect(run(request({ orders: [order('复方对乙酰氨基酚片', [1, '片'])] }))[0]?.checkType).toBe('unknown-drug');
  });
  it('reminds about high-alert drugs at info level only', () => {
    const fs = run(request({ orders: [order('10%氯化钾注射液 10ml:1g', [5, 'ml'], { route: '静脉滴注', group: '1' }), order('0.9%氯化钠注射液 500ml', [500, 'ml'], { route: '静脉滴注', group: '1' })] }));
    expect(fs.every((f) => f.level === 'info')).toBe(true);
    expect(has(fs, 'warning', 'info')).toBe(true);
  });
});

describe('determinism', () => {
  it('gives the same findings in the same order for the same input and pack revision', () => {
    const req = request({ allergies: [{ text: '青霉素' }], orders: [order('阿莫西林胶囊 0.25g', [1.5, 'g'], { frequencyCode: 'qid' }), order('辛伐他汀片 20mg', [20, 'mg']), order('伊曲康唑胶囊 0.1g', [0.2, 'g'])] });
    expect(JSON.stringify(review(kb, req))).toBe(JSON.stringify(review(kb, req)));
    expect(review(kb, req).findings[0]?.level).toBe('contraindicated');
  });
});
