import { describe, expect, it } from 'vitest';
import type { ReviewRequest } from '../../domain/review-request';
import { normalizeFrequency } from './frequency';
import { matchesIcd } from './icd';
import { latestLabs } from './labs';
import { ageAt, cockcroftGault, derivePatient } from './patient';
import { normalizeRoute, routeFromText } from './route';

const base: ReviewRequest = {
  authoredOn: '2026-06-15T09:00:00+08:00', patient: {}, diagnoses: [], allergies: [], observations: [], orders: [], currentMedications: [],
};

describe('frequency', () => {
  it('reads codes, Chinese and FHIR repeat', () => {
    expect(normalizeFrequency('tid', undefined)?.timesPerDay).toBe(3);
    expect(normalizeFrequency('Q8H', undefined)?.timesPerDay).toBe(3);
    expect(normalizeFrequency('每日三次', undefined)?.timesPerDay).toBe(3);
    expect(normalizeFrequency('qod', undefined)?.timesPerDay).toBe(0.5);
    expect(normalizeFrequency(undefined, { frequency: 2, period: 1, periodUnit: 'd' })?.timesPerDay).toBe(2);
    expect(normalizeFrequency('prn', undefined)).toMatchObject({ timesPerDay: null, asNeeded: true });
    expect(normalizeFrequency('st', undefined)).toMatchObject({ once: true });
    expect(normalizeFrequency('遵医嘱', undefined)).toBeNull();
  });
});

describe('route', () => {
  it('maps Chinese names and abbreviations', () => {
    expect(normalizeRoute('口服')).toBe('oral');
    expect(normalizeRoute('ivgtt')).toBe('iv');
    expect(normalizeRoute('静脉滴注')).toBe('iv');
    expect(normalizeRoute('肌注')).toBe('im');
    expect(normalizeRoute('ih')).toBe('sc');
    expect(normalizeRoute('乱写')).toBeNull();
    expect(routeFromText('阿莫西林胶囊 0.25g')).toBe('oral');
    expect(routeFromText('注射用头孢曲松钠 1g')).toBeNull();
  });
});

describe('icd', () => {
  it('matches prefixes, ranges and national-edition long codes', () => {
    expect(matchesIcd('N18.4', ['N18.4'])).toBe(true);
    expect(matchesIcd('K25.701', ['K25-K28'])).toBe(true);
    expect(matchesIcd('O24.4', ['O00-O9A'])).toBe(true);
    expect(matchesIcd('K29.7', ['K25-K28'])).toBe(false);
    expect(matchesIcd('N18.3', ['N18.4', 'N18.5'])).toBe(false);
  });
});

describe('patient', () => {
  it('takes age at the authoring date, to the day', () => {
    expect(ageAt('2026-06-01', '2026-06-15T09:00:00+08:00')).toEqual({ days: 14, years: 0 });
    expect(ageAt('1957-03-02', '2026-06-15T09:00:00+08:00')?.years).toBe(69);
    expect(ageAt('2016-06-16', '2026-06-15T09:00:00+08:00')?.years).toBe(9);
  });
  it('computes Cockcroft-Gault from creatinine when eGFR is absent', () => {
    expect(cockcroftGault(70, 60, 'male', 88.4)).toBeCloseTo(58.33, 1);
    const p = derivePatient({ ...base, patient: { sex: 'female', birthDate: '1950-01-01', weightKg: 50 }, observations: [{ text: '血肌酐', value: 200, unit: 'μmol/L' }] });
    expect(p.renal?.method).toBe('cockcroft-gault');
    expect(p.renal?.value).toBeCloseTo(((140 - 76) * 50 * 0.85) / (72 * (200 / 88.4)), 3);
  });
  it('prefers eGFR, converts units and reads Chinese lab names without LOINC', () => {
    const labs = latestLabs([{ text: '血钾', value: 6.1 }, { loinc: '2160-0', value: 1.2, unit: 'mg/dL' }, { text: '肌酐', value: 1, unit: 'furlongs' }]);
    expect(labs.get('potassium')?.value).toBe(6.1);
    expect(labs.get('creatinine')?.value).toBeCloseTo(106.08, 2);
  });
  it('finds pregnancy from a diagnosis but never in a male', () => {
    expect(derivePatient({ ...base, patient: { sex: 'female' }, diagnoses: [{ code: 'Z33', status: 'active' }] }).pregnant).toContain('Z33');
    expect(derivePatient({ ...base, patient: { sex: 'male' }, diagnoses: [{ code: 'Z33', status: 'active' }] }).pregnant).toBeNull();
    expect(derivePatient({ ...base, patient: { sex: 'female', pregnant: false }, diagnoses: [{ code: 'O80', status: 'active' }] }).pregnant).toBeNull();
  });
});
