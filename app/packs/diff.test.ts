import { describe, expect, it } from 'vitest';
import type { Finding } from '../domain/finding';
import { knowledgeBaseSchema } from '../knowledge/schema';
import { FIXTURE } from '../engine/test-fixture';
import { diffPacks } from './diff';
import { compareShadow } from './shadow';

const kb = () => knowledgeBaseSchema.parse(FIXTURE);

describe('diffPacks', () => {
  it('reports nothing between identical packs', () => {
    expect(diffPacks(kb(), kb()).total).toBe(0);
  });

  it('reports drugs, facts and rules added, changed and removed', () => {
    const a = kb();
    const b = kb();
    const next = {
      ...b,
      manifest: { ...b.manifest, revision: 2 },
      drugs: b.drugs.filter((d) => d.id !== 'diclofenac').map((d) => (d.id === 'ibuprofen' ? { ...d, aliases: ['布洛芬缓释'] } : d)),
      interactions: [...b.interactions, { id: 'new-ix', a: { drug: 'ibuprofen' }, b: { drug: 'paracetamol' }, level: 'info' as const, effect: 'e', mechanism: 'm', management: 'g', source: { kind: 'label' as const, title: '某说明书' } }],
      rules: [{ id: 'r1', title: '新规则', checkType: 'age' as const, level: 'caution' as const, reviewCode: '2-2', message: 'm', why: 'w', action: 'a', doc: 'd', sources: [{ kind: 'label' as const, title: '某说明书' }], when: { ageYears: { max: 3 } }, institutionsOnly: [], institutionsExcept: [], enabled: true }],
      regulations: { ...b.regulations, maxDrugsPerPrescription: { ...b.regulations.maxDrugsPerPrescription, value: 6 } },
    };
    const d = diffPacks(a, next);
    const s = Object.fromEntries(d.sections.map((x) => [x.section, x]));
    expect(d.to.revision).toBe(2);
    expect(s.drugs!.removed.map((x) => x.id)).toEqual(['diclofenac']);
    expect(s.drugs!.changed).toEqual([{ id: 'ibuprofen', label: '布洛芬' }]);
    expect(s.interactions!.added.map((x) => x.id)).toEqual(['new-ix']);
    expect(s.rules!.added).toEqual([{ id: 'r1', label: '新规则' }]);
    expect(s.regulations!.changed.map((x) => x.id)).toEqual(['maxDrugsPerPrescription']);
    expect(d.total).toBe(5);
  });
});

const f = (ruleId: string, level: Finding['level'], checkType: Finding['checkType'] = 'age'): Finding => ({ checkType, level, ruleId, reviewCode: '2-2', orders: ['o1'], summary: ruleId, what: '', why: '', action: '', sources: [], facts: [] });

describe('compareShadow', () => {
  it('counts alerts that appear and disappear by check type and institution', () => {
    const r = compareShadow([
      { prescriptionNo: 'P1', institution: '县医院', before: [f('a', 'caution')], after: [f('a', 'caution'), f('rule:x', 'not-recommended', 'pediatric')] },
      { prescriptionNo: 'P2', institution: '乡镇卫生院', before: [f('b', 'caution', 'interaction')], after: [] },
      { prescriptionNo: 'P3', institution: '县医院', before: [f('c', 'caution')], after: [f('c', 'contraindicated')] },
      { prescriptionNo: 'P4', institution: '县医院', before: [], after: [] },
    ]);
    expect(r).toMatchObject({ prescriptions: 4, changedPrescriptions: 3, appear: 2, disappear: 2 });
    expect(r.byInstitution).toEqual([{ key: '县医院', appear: 2, disappear: 1 }, { key: '乡镇卫生院', appear: 0, disappear: 1 }]);
    expect(r.byCheckType.find((x) => x.key === 'pediatric')).toEqual({ key: 'pediatric', appear: 1, disappear: 0 });
    expect(r.samples).toHaveLength(4);
  });
});
