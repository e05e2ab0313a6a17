/** Knowledge lookup (app/engine/lookup.ts) over the baseline pack: monograph, interaction checker, dose calculator. */
import { describe, expect, it } from 'vitest';
import { bsaMosteller, creatinineClearance, interactionsAmong, monographOf, renalAdvice, scaledDose } from '../../app/engine/lookup';
import { loadIndexedPack } from './read-pack';

const kb = loadIndexedPack();

describe('interaction checker', () => {
  it('reports the baseline rule for simvastatin + clarithromycin as the engine does', () => {
    const f = interactionsAmong(kb, ['simvastatin', 'clarithromycin']);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ checkType: 'interaction', level: 'contraindicated', ruleId: 'interaction:simvastatin+clarithromycin' });
    expect(f[0]!.sources[0]!.title.length).toBeGreaterThan(1);
  });

  it('finds nothing for a clean pair, and every pair in a larger set', () => {
    expect(interactionsAmong(kb, ['amoxicillin', 'paracetamol'])).toEqual([]);
    const f = interactionsAmong(kb, ['simvastatin', 'clarithromycin', 'itraconazole', 'amoxicillin']);
    expect(f.map((x) => x.ruleId).sort()).toEqual(expect.arrayContaining(['interaction:simvastatin+clarithromycin', 'interaction:simvastatin+itraconazole']));
  });
});

describe('monograph', () => {
  it('shows label sections, dose limits, renal bands and interactions, each with a source', () => {
    const sections = monographOf(kb, kb.drugs.get('metformin')!);
    const keys = sections.map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['label', 'dose', 'renal']));
    for (const s of sections) for (const f of s.facts) expect(f.source.title.length).toBeGreaterThan(1);
    const simva = monographOf(kb, kb.drugs.get('simvastatin')!);
    expect(simva.find((s) => s.key === 'interactions')!.facts.some((f) => f.text.includes('克拉霉素'))).toBe(true);
  });
});

describe('dose calculator', () => {
  it('BSA by Mosteller: 170 cm, 70 kg ≈ 1.82 m²', () => {
    expect(bsaMosteller(170, 70)).toBeCloseTo(1.818, 3);
  });

  it('mg/kg with explicit unit conversion, and refuses an unknown unit', () => {
    const r = scaledDose({ value: 50, unit: 'mg' }, { kind: 'kg', weightKg: 20 });
    expect(r.ok && r.value.total).toEqual({ value: 1000, dimension: 'mass' });
    expect(r.ok && r.value.text).toBe('50 mg/kg × 20 kg = 1 g');
    const g = scaledDose({ value: 0.5, unit: 'g' }, { kind: 'm2', bsa: 1.82 });
    expect(g.ok && g.value.total.value).toBeCloseTo(910);
    expect(scaledDose({ value: 1, unit: '片' }, { kind: 'kg', weightKg: 20 })).toMatchObject({ ok: false, reason: 'unit' });
  });

  it('CrCl by Cockcroft–Gault in either creatinine unit, then the drug’s renal bands', () => {
    // 70-year-old woman, 60 kg, creatinine 100 μmol/L: (140-70)×60×0.85 / (72 × 100/88.4) = 43.8 mL/min
    const a = creatinineClearance({ ageYears: 70, weightKg: 60, sex: 'female', creatinine: { value: 100, unit: 'μmol/L' } });
    expect(a.ok && a.value).toBeCloseTo(43.8, 1);
    const b = creatinineClearance({ ageYears: 70, weightKg: 60, sex: 'female', creatinine: { value: 100 / 88.4, unit: 'mg/dL' } });
    expect(b.ok && b.value).toBeCloseTo(43.8, 1);
    expect(creatinineClearance({ ageYears: 10, weightKg: 30, sex: 'male', creatinine: { value: 50, unit: 'μmol/L' } })).toMatchObject({ ok: false, reason: 'invalid-input' });
    const metformin = kb.drugs.get('metformin')!;
    expect(renalAdvice(metformin, 43.8).map((r) => r.egfrBelow)).toEqual([45]);
    expect(renalAdvice(metformin, 20)[0]!.egfrBelow).toBe(30);
    expect(renalAdvice(metformin, 90)).toEqual([]);
  });
});
