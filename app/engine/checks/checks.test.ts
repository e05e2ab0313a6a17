/** Positive and negative clinical cases for the checks not covered in review.test.ts. */
import { describe, expect, it } from 'vitest';
import type { CheckType } from '../../domain/check-types';
import type { Level } from '../../domain/levels';
import { review } from '../review';
import { CHECKS } from '../review';
import { fixtureKb, order, request } from '../test-fixture';
import { CHECK_TYPES } from '../../domain/check-types';

const kb = fixtureKb();
const run = (req: Parameters<typeof review>[1]) => review(kb, req).findings;
const has = (req: Parameters<typeof review>[1], t: CheckType, l?: Level) => run(req).some((f) => f.checkType === t && (l === undefined || f.level === l));
const htn = [{ code: 'I10', text: '原发性高血压', status: 'active' as const }];

describe('every check type has a module', () => {
  it('covers all codes of product.md §4', () => {
    const covered = new Set(CHECKS.flatMap((c) => c.types));
    expect(Object.keys(CHECK_TYPES).filter((t) => !covered.has(t as CheckType))).toEqual([]);
    for (const c of CHECKS) expect(c.doc.length).toBeGreaterThan(5);
  });
});

describe('frequency', () => {
  it('flags a once-daily drug given tid, not qd', () => {
    expect(has(request({ diagnoses: htn, orders: [order('苯磺酸氨氯地平片 5mg', [5, 'mg'], { frequencyCode: 'tid', days: 7 })] }), 'frequency', 'caution')).toBe(true);
    expect(has(request({ diagnoses: htn, orders: [order('苯磺酸氨氯地平片 5mg', [5, 'mg'], { frequencyCode: 'qd', days: 7 })] }), 'frequency')).toBe(false);
  });
});

describe('route', () => {
  it('forbids an oral tablet given intravenously', () => {
    expect(has(request({ diagnoses: htn, orders: [order('苯磺酸氨氯地平片 5mg', [5, 'mg'], { frequencyCode: 'qd', route: '静脉注射' })] }), 'route', 'contraindicated')).toBe(true);
  });
  it('cautions a route none of the forms allows, says info for an unknown route, and is quiet on 口服', () => {
    expect(has(request({ diagnoses: htn, orders: [order('氨氯地平片 5mg', [5, 'mg'], { frequencyCode: 'qd', route: '外用' })] }), 'route', 'caution')).toBe(true);
    // The knowledge base lists only the tablet: an injection of the same drug is not flagged.
    expect(has(request({ diagnoses: htn, orders: [order('氨氯地平注射液 5mg', [5, 'mg'], { frequencyCode: 'qd', route: '静脉注射' })] }), 'route')).toBe(false);
    expect(has(request({ orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'], { route: '乱服' })] }), 'route', 'info')).toBe(true);
    expect(has(request({ diagnoses: htn, orders: [order('苯磺酸氨氯地平片 5mg', [5, 'mg'], { frequencyCode: 'qd', route: '口服' })] }), 'route')).toBe(false);
  });
});

describe('route rules of the label', () => {
  it('forbids pushing potassium chloride but allows the infusion', () => {
    const fs = (route: string) => review(kb, request({ visitType: 'IMP', orders: [order('10%氯化钾注射液 10ml:1g', [5, 'ml'], { route, frequencyCode: 'st', group: '1' }), order('0.9%氯化钠注射液 500ml', [500, 'ml'], { route: '静脉滴注', frequencyCode: 'st', group: '1' })] })).findings;
    expect(fs('静脉推注').some((f) => f.checkType === 'route' && f.level === 'contraindicated')).toBe(true);
    expect(fs('静脉滴注').some((f) => f.checkType === 'route')).toBe(false);
  });
  it('cautions an injection taken by mouth', () => {
    expect(has(request({ orders: [order('注射用头孢曲松钠 1g', [1, 'g'], { route: '口服', frequencyCode: 'qd' })] }), 'route', 'caution')).toBe(true);
  });
});

describe('duration', () => {
  it('flags a course beyond the label, not within it', () => {
    expect(has(request({ visitType: 'IMP', orders: [order('诺氟沙星胶囊 0.1g', [0.4, 'g'], { frequencyCode: 'bid', days: 21 })] }), 'duration', 'caution')).toBe(true);
    expect(has(request({ visitType: 'IMP', orders: [order('诺氟沙星胶囊 0.1g', [0.4, 'g'], { frequencyCode: 'bid', days: 7 })] }), 'duration')).toBe(false);
  });
});

describe('indication', () => {
  it('flags a drug without a matching diagnosis and antibacterials for a common cold', () => {
    expect(has(request({ diagnoses: [{ code: 'J20.9', text: '急性支气管炎', status: 'active' }], orders: [order('苯磺酸氨氯地平片 5mg', [5, 'mg'], { frequencyCode: 'qd' })] }), 'indication', 'caution')).toBe(true);
    expect(has(request({ diagnoses: [{ code: 'J06.9', text: '急性上呼吸道感染', status: 'active' }], orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] }), 'indication', 'caution')).toBe(true);
  });
  it('is quiet when a diagnosis matches, for bacterial diagnoses, and without diagnoses', () => {
    expect(has(request({ diagnoses: htn, orders: [order('苯磺酸氨氯地平片 5mg', [5, 'mg'], { frequencyCode: 'qd' })] }), 'indication')).toBe(false);
    expect(has(request({ diagnoses: [{ code: 'J03.9', text: '急性扁桃体炎', status: 'active' }], orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] }), 'indication')).toBe(false);
    expect(has(request({ diagnoses: [{ code: 'J06.9', text: '急性上呼吸道感染', status: 'active' }, { code: 'J03.9', text: '急性扁桃体炎', status: 'active' }], orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] }), 'indication')).toBe(false);
  });
});

describe('ppi', () => {
  it('flags a PPI without an indication', () => {
    expect(has(request({ diagnoses: [{ code: 'J20.9', text: '急性支气管炎', status: 'active' }], orders: [order('奥美拉唑肠溶胶囊 20mg', [20, 'mg'], { frequencyCode: 'qd' })] }), 'ppi', 'caution')).toBe(true);
  });
  it('flags an outpatient IV PPI without bleeding, not for GI bleeding', () => {
    expect(has(request({ diagnoses: [{ code: 'K29.5', text: '慢性胃炎', status: 'active' }], orders: [order('注射用奥美拉唑钠 40mg', [40, 'mg'], { route: '静脉滴注', frequencyCode: 'qd' })] }), 'ppi', 'caution')).toBe(true);
    expect(has(request({ visitType: 'EMER', diagnoses: [{ code: 'K92.2', text: '上消化道出血', status: 'active' }], orders: [order('注射用奥美拉唑钠 40mg', [40, 'mg'], { route: '静脉滴注', frequencyCode: 'q12h', days: 1 })] }), 'ppi')).toBe(false);
  });
  it('is quiet for gastritis and for prophylaxis with an NSAID', () => {
    expect(has(request({ diagnoses: [{ code: 'K29.7', text: '胃炎', status: 'active' }], orders: [order('奥美拉唑肠溶胶囊 20mg', [20, 'mg'], { frequencyCode: 'qd' })] }), 'ppi')).toBe(false);
    expect(has(request({ diagnoses: [{ code: 'M54.5', text: '腰痛', status: 'active' }], orders: [order('奥美拉唑肠溶胶囊 20mg', [20, 'mg'], { frequencyCode: 'qd' }), order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { frequencyCode: 'bid' })] }), 'ppi')).toBe(false);
  });
});

describe('narcotic and psychotropic supply (处方管理办法 23–24)', () => {
  it('limits outpatient morphine tablets to 3 days, 7 for cancer pain', () => {
    expect(has(request({ orders: [order('盐酸吗啡片 10mg', [10, 'mg'], { frequencyCode: 'q4h', days: 5 })] }), 'narcotic', 'caution')).toBe(true);
    expect(has(request({ orders: [order('盐酸吗啡片 10mg', [10, 'mg'], { frequencyCode: 'q4h', days: 3 })] }), 'narcotic')).toBe(false);
    const cancer = [{ code: 'C34.9', text: '肺恶性肿瘤', status: 'active' as const }];
    expect(has(request({ diagnoses: cancer, orders: [order('盐酸吗啡片 10mg', [10, 'mg'], { frequencyCode: 'q4h', days: 7 })] }), 'narcotic')).toBe(false);
    expect(has(request({ diagnoses: cancer, orders: [order('硫酸吗啡缓释片 30mg', [30, 'mg'], { frequencyCode: 'q12h', days: 20 })] }), 'narcotic')).toBe(true);
  });
  it('limits 第二类精神药品 to 7 days and does not apply to inpatients', () => {
    expect(has(request({ orders: [order('地西泮片 2.5mg', [2.5, 'mg'], { frequencyCode: 'qn', days: 14 })] }), 'psychotropic', 'caution')).toBe(true);
    expect(has(request({ orders: [order('地西泮片 2.5mg', [2.5, 'mg'], { frequencyCode: 'qn', days: 7 })] }), 'psychotropic')).toBe(false);
    expect(has(request({ visitType: 'IMP', orders: [order('地西泮片 2.5mg', [2.5, 'mg'], { frequencyCode: 'qn', days: 14 })] }), 'psychotropic')).toBe(false);
  });
});

describe('prescription format', () => {
  it('flags a missing diagnosis, 遵医嘱 and a missing dose', () => {
    expect(has(request({ diagnoses: [], orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] }), 'prescription-format', 'caution')).toBe(true);
    expect(has(request({ orders: [order('阿莫西林胶囊 0.25g', undefined, { doseText: '遵医嘱' })] }), 'prescription-format', 'caution')).toBe(true);
    expect(has(request({ orders: [order('阿莫西林胶囊 0.25g', undefined)] }), 'prescription-format', 'info')).toBe(true);
    expect(has(request({ diagnoses: [], diagnosesProvided: false, orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] }), 'prescription-format', 'caution')).toBe(false);
  });
  it('is quiet on a complete prescription and for inpatient orders without a diagnosis line', () => {
    expect(run(request({ orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] })).filter((f) => f.checkType === 'prescription-format')).toEqual([]);
    expect(has(request({ visitType: 'IMP', diagnoses: [], orders: [order('阿莫西林胶囊 0.25g', [0.5, 'g'])] }), 'prescription-format', 'caution')).toBe(false);
  });
});

describe('compatibility and admixture concentration', () => {
  const g = { route: '静脉滴注', frequencyCode: 'qd', group: '1' };
  it('forbids ceftriaxone with calcium in one bag, not in separate groups', () => {
    const ns = order('0.9%氯化钠注射液 100ml', [100, 'ml'], g);
    expect(has(request({ visitType: 'IMP', orders: [order('注射用头孢曲松钠 1g', [2, 'g'], g), order('10%葡萄糖酸钙注射液 10ml:1g', [10, 'ml'], g), ns] }), 'compatibility', 'contraindicated')).toBe(true);
    expect(has(request({ visitType: 'IMP', orders: [order('注射用头孢曲松钠 1g', [2, 'g'], g), order('10%葡萄糖酸钙注射液 10ml:1g', [10, 'ml'], { ...g, group: '2' }), ns] }), 'compatibility')).toBe(false);
  });
  it('flags amiodarone above 2 mg/ml peripheral, not at 300 mg in 250 ml', () => {
    const amio = (mg: number, bag: number) => [order('盐酸胺碘酮注射液 3ml:0.15g', [mg, 'mg'], g), order(`5%葡萄糖注射液 ${bag}ml`, [bag, 'ml'], g)];
    expect(has(request({ visitType: 'IMP', orders: amio(600, 100) }), 'admixture-concentration', 'caution')).toBe(true);
    expect(has(request({ visitType: 'IMP', orders: amio(300, 250) }), 'admixture-concentration')).toBe(false);
  });
});

describe('sex, hepatic, lactation, chronic disease, history', () => {
  it('sex: finasteride for a woman, not a man', () => {
    expect(has(request({ patient: { sex: 'female', birthDate: '1970-01-01' }, orders: [order('非那雄胺片 5mg', [5, 'mg'], { frequencyCode: 'qd' })] }), 'sex', 'contraindicated')).toBe(true);
    expect(has(request({ orders: [order('非那雄胺片 5mg', [5, 'mg'], { frequencyCode: 'qd' })] }), 'sex')).toBe(false);
  });
  it('hepatic: from ALT > 3 × ULN or a liver diagnosis, not from a normal ALT', () => {
    expect(has(request({ observations: [{ loinc: '1742-6', value: 180, unit: 'U/L' }], orders: [order('阿托伐他汀钙片 20mg', [20, 'mg'], { frequencyCode: 'qn' })] }), 'hepatic', 'contraindicated')).toBe(true);
    expect(has(request({ diagnoses: [{ code: 'K74.6', text: '肝硬化', status: 'active' }], orders: [order('阿托伐他汀钙片 20mg', [20, 'mg'], { frequencyCode: 'qn' })] }), 'hepatic')).toBe(true);
    expect(has(request({ observations: [{ loinc: '1742-6', value: 35, unit: 'U/L' }], orders: [order('阿托伐他汀钙片 20mg', [20, 'mg'], { frequencyCode: 'qn' })] }), 'hepatic')).toBe(false);
  });
  it('lactation: from an observation, not when lactation is denied', () => {
    expect(has(request({ patient: { sex: 'female', birthDate: '1995-01-01', lactating: true }, orders: [order('阿托伐他汀钙片 20mg', [20, 'mg'], { frequencyCode: 'qn' })] }), 'lactation', 'contraindicated')).toBe(true);
    expect(has(request({ patient: { sex: 'female', birthDate: '1995-01-01', lactating: false }, orders: [order('阿托伐他汀钙片 20mg', [20, 'mg'], { frequencyCode: 'qn' })] }), 'lactation')).toBe(false);
  });
  it('chronic disease and history: heart failure and a past GI bleed with celecoxib', () => {
    expect(has(request({ diagnoses: [{ code: 'I50.9', text: '心力衰竭', status: 'active' }], orders: [order('塞来昔布胶囊 0.2g', [0.2, 'g'], { frequencyCode: 'qd' })] }), 'chronic-disease', 'not-recommended')).toBe(true);
    expect(has(request({ diagnoses: [{ code: 'M17.9', text: '膝骨关节炎', status: 'active' }, { code: 'K92.2', text: '消化道出血', status: 'resolved' }], orders: [order('塞来昔布胶囊 0.2g', [0.2, 'g'], { frequencyCode: 'qd' })] }), 'history-contraindication', 'caution')).toBe(true);
    expect(run(request({ diagnoses: [{ code: 'M17.9', text: '膝骨关节炎', status: 'active' }], orders: [order('塞来昔布胶囊 0.2g', [0.2, 'g'], { frequencyCode: 'qd' })] })).filter((f) => f.level !== 'info')).toEqual([]);
  });
});

describe('local use of a systemic entry', () => {
  it('does not apply pregnancy facts of the tablet entry to a cream', () => {
    const preg = { sex: 'female' as const, birthDate: '1995-01-01', pregnant: true };
    expect(has(request({ patient: preg, orders: [order('辛伐他汀片 20mg', [20, 'mg'], { frequencyCode: 'qn' })] }), 'pregnancy')).toBe(true);
    expect(has(request({ patient: preg, orders: [order('辛伐他汀乳膏 1%', [1, 'g'], { frequencyCode: 'bid', route: '外用' })] }), 'pregnancy')).toBe(false);
  });
  it('does not read 避孕 as pregnancy', () => {
    expect(has(request({ patient: { sex: 'female', birthDate: '1995-01-01' }, diagnoses: [{ code: 'Z30.0', text: '避孕咨询', status: 'active' }], orders: [order('辛伐他汀片 20mg', [20, 'mg'], { frequencyCode: 'qn' })] }), 'pregnancy')).toBe(false);
  });
});
