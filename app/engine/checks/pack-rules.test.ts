/** Declarative rules: every condition kind, exemptions, per-institution white and black lists, templates. */
import { describe, expect, it } from 'vitest';
import { withRules } from '../../knowledge/indexed';
import { ruleSchema, type RuleInput } from '../../knowledge/rules';
import { review } from '../review';
import { fixtureKb, order, request } from '../test-fixture';

const base: RuleInput = {
  id: 'outpatient-7-days',
  title: '门诊处方超过 7 日用量',
  checkType: 'supply-days',
  level: 'caution',
  reviewCode: '1-12',
  message: '{{drug}}开具 {{days}} 天（{{institution}} {{department}}）',
  why: '门诊处方一般不得超过 7 日用量。',
  action: '请缩短用量天数或注明理由。',
  doc: '门诊处方单药超过 7 日用量提示。',
  sources: [{ kind: 'regulation', title: '处方管理办法', section: '第十九条' }],
  when: { visitTypes: ['AMB'], days: { min: 8 } },
};
const kbWith = (...rules: RuleInput[]) => withRules(fixtureKb(), rules.map((r) => ruleSchema.parse(r)));
const hits = (rules: RuleInput[], req: Parameters<typeof review>[1]) => review(kbWith(...rules), req).findings.filter((f) => f.ruleId.startsWith('rule:'));

describe('pack rules', () => {
  const long = () => request({ orders: [order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { days: 14 })], institutionCode: 'H001', departmentName: '内科门诊' });

  it('fires per matching order and fills the template', () => {
    const f = hits([base], long());
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ ruleId: 'rule:outpatient-7-days', checkType: 'supply-days', level: 'caution', reviewCode: '1-12', summary: '布洛芬开具 14 天（H001 内科门诊）' });
    expect(f[0]!.sources[0]).toEqual({ kind: 'regulation', title: '处方管理办法', section: '第十九条' });
  });

  it('does not fire below the threshold or for another visit type', () => {
    expect(hits([base], request({ orders: [order('布洛芬缓释胶囊 0.3g', [0.3, 'g'], { days: 7 })] }))).toHaveLength(0);
    expect(hits([base], { ...long(), visitType: 'IMP' })).toHaveLength(0);
  });

  it('exempts chronic diagnoses (unless)', () => {
    const rule = { ...base, unless: { diagnoses: { icd10: ['I10-I15'], keywords: ['高血压'] } } };
    expect(hits([rule], { ...long(), diagnoses: [{ code: 'I10.x00', text: '原发性高血压', status: 'active' as const }] })).toHaveLength(0);
    expect(hits([rule], long())).toHaveLength(1);
  });

  it('honours per-institution white and black lists', () => {
    expect(hits([{ ...base, institutionsOnly: ['H002'] }], long())).toHaveLength(0);
    expect(hits([{ ...base, institutionsOnly: ['H001'] }], long())).toHaveLength(1);
    expect(hits([{ ...base, institutionsExcept: ['H001'] }], long())).toHaveLength(0);
  });

  it('matches drug, class, department, prescriber title, sex, weight, age, pregnancy and diagnosis', () => {
    const req = long();
    const yes: RuleInput['when'][] = [
      { drugs: ['ibuprofen'] }, { classes: ['nsaids'] }, { departments: ['内科'] }, { prescriberTitles: ['主治医师'] }, { sex: 'male' },
      { weightKg: { min: 60, max: 80 } }, { ageYears: { min: 18 } }, { pregnant: false }, { diagnoses: { icd10: ['J20'], keywords: [] } }, { institutions: ['H001'] },
    ];
    const no: RuleInput['when'][] = [
      { drugs: ['paracetamol'] }, { classes: ['penicillins'] }, { departments: ['儿科'] }, { prescriberTitles: ['住院医师'] }, { sex: 'female' },
      { weightKg: { max: 50 } }, { ageYears: { max: 18 } }, { pregnant: true }, { diagnoses: { icd10: ['I10'], keywords: [] } }, { institutions: ['H009'] },
    ];
    for (const when of yes) expect(hits([{ ...base, when }], req), JSON.stringify(when)).not.toHaveLength(0);
    for (const when of no) expect(hits([{ ...base, when }], req), JSON.stringify(when)).toHaveLength(0);
  });

  it('never fires on an unknown fact (age, weight, department unknown)', () => {
    const req = { ...long(), patient: { sex: 'male' as const }, departmentName: undefined };
    for (const when of [{ ageYears: { max: 18 } }, { weightKg: { max: 50 } }, { departments: ['内科'] }]) expect(hits([{ ...base, when }], req)).toHaveLength(0);
  });

  it('ignores a disabled rule', () => {
    expect(hits([{ ...base, enabled: false }], long())).toHaveLength(0);
  });

  it('fires once per prescription when no order condition is given', () => {
    const f = hits([{ ...base, when: { visitTypes: ['AMB'], departments: ['内科'] }, message: '{{department}}处方' }], request({ orders: [order('布洛芬缓释胶囊 0.3g'), order('对乙酰氨基酚片 0.5g')], departmentName: '内科门诊' }));
    expect(f).toHaveLength(1);
    expect(f[0]!.orders).toEqual([]);
  });
});
