import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertDose, parseStrength, toCanonical } from './units';

describe('parseStrength (规格)', () => {
  it('reads a per-unit mass', () => {
    expect(parseStrength('阿莫西林胶囊 0.25g')).toMatchObject({ perUnit: { value: 250, dimension: 'mass' } });
    expect(parseStrength('阿莫西林胶囊 0.25g*24粒')).toMatchObject({ perUnit: { value: 250 } });
    expect(parseStrength('辛伐他汀片 20mg')).toMatchObject({ perUnit: { value: 20 } });
    expect(parseStrength('维生素B12注射液 500μg')).toMatchObject({ perUnit: { value: 0.5 } });
  });
  it('reads volume:amount and percent', () => {
    expect(parseStrength('10%氯化钾注射液 10ml:1g')).toEqual({ perUnit: { value: 1000, dimension: 'mass' }, volumeMl: 10, percent: 10 });
    expect(parseStrength('0.9%氯化钠注射液 250ml')).toMatchObject({ volumeMl: 250, percent: 0.9 });
    expect(parseStrength('胰岛素注射液 10ml:400IU')).toMatchObject({ perUnit: { value: 400, dimension: 'activity' }, volumeMl: 10 });
    expect(parseStrength('青霉素钠 80万U')).toMatchObject({ perUnit: { value: 800000, dimension: 'activity' } });
  });
  it('returns nothing for text without a strength', () => {
    expect(parseStrength('蒙脱石散')).toEqual({ perUnit: undefined, volumeMl: undefined, percent: undefined });
  });
});

describe('convertDose', () => {
  const amox = parseStrength('阿莫西林胶囊 0.25g');
  it('converts g, mg and μg to mg', () => {
    expect(convertDose(0.5, 'g', amox, 'mass')).toMatchObject({ ok: true, value: { value: 500 } });
    expect(convertDose(500, 'mg', amox, 'mass')).toMatchObject({ ok: true, value: { value: 500 } });
    expect(convertDose(500, 'ug', amox, 'mass')).toMatchObject({ ok: true, value: { value: 0.5 } });
  });
  it('converts per-form units through the 规格', () => {
    expect(convertDose(2, '粒', amox, 'mass')).toMatchObject({ ok: true, value: { value: 500 } });
    expect(convertDose(2, '片', parseStrength('蒙脱石散'), 'mass')).toMatchObject({ ok: false, reason: 'needs-strength' });
  });
  it('converts ml through a concentration', () => {
    const kcl = parseStrength('10%氯化钾注射液 10ml:1g');
    expect(convertDose(15, 'ml', kcl, 'mass')).toMatchObject({ ok: true, value: { value: 1500 } });
    expect(convertDose(15, 'ml', amox, 'mass')).toMatchObject({ ok: false, reason: 'needs-concentration' });
  });
  it('refuses unknown units with the unit named', () => {
    const r = convertDose(1, '勺', amox, 'mass');
    expect(r).toMatchObject({ ok: false, reason: 'unknown-unit' });
    expect(!r.ok && r.detail).toContain('勺');
  });
  it('never converts between dimensions', () => {
    expect(convertDose(10, 'IU', amox, 'mass')).toMatchObject({ ok: false });
  });
  it('property: g → mg → μg round-trips', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 10_000, noNaN: true }), (g) => {
      const a = toCanonical(g, 'g')!;
      const b = toCanonical(g * 1000, 'mg')!;
      const c = toCanonical(g * 1_000_000, 'μg')!;
      expect(a.value).toBeCloseTo(b.value, 6);
      expect(b.value / c.value).toBeCloseTo(1, 9);
    }));
  });
  it('property: n units of a strength equal n × strength', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.constantFrom(0.1, 0.25, 0.5, 1), (n, g) => {
      const r = convertDose(n, '片', parseStrength(`某药片 ${g}g`), 'mass');
      expect(r.ok && r.value.value).toBeCloseTo(n * g * 1000, 6);
    }));
  });
});
