/**
 * What the engine knows about the patient at the time the orders were written, derived once
 * per review: age (days for neonates and infants), weight, BSA, renal function (eGFR, or
 * Cockcroft-Gault CrCl from creatinine), hepatic impairment, pregnancy and lactation from
 * observations or ICD-10 diagnoses.
 */
import type { DiagnosisInput, ReviewRequest, Sex } from '../../domain/review-request';
import type { LabKind } from '../../knowledge/schema';
import { latestLabs, type LabValue } from './labs';
import { matchesIcd } from './icd';

export interface RenalFunction {
  readonly value: number;
  readonly method: 'egfr' | 'cockcroft-gault';
  readonly text: string;
}

export interface DerivedPatient {
  readonly sex: Sex | null;
  readonly ageDays: number | null;
  readonly ageYears: number | null;
  readonly weightKg: number | null;
  readonly heightCm: number | null;
  readonly bsa: number | null;
  readonly renal: RenalFunction | null;
  readonly hepaticImpairment: string | null;
  readonly pregnant: string | null;
  readonly lactating: string | null;
  readonly labs: ReadonlyMap<LabKind, LabValue>;
  readonly activeDiagnoses: readonly DiagnosisInput[];
  readonly historyDiagnoses: readonly DiagnosisInput[];
}

const DAY_MS = 86_400_000;

function parseDay(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** The local (China Standard Time) calendar date of an ISO date-time, as UTC midnight ms. */
function localDay(isoDateTime: string): number | null {
  const t = Date.parse(isoDateTime);
  if (Number.isNaN(t)) return parseDay(isoDateTime);
  const d = new Date(t + 8 * 3_600_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

export function ageAt(birthDate: string | undefined, at: string): { days: number; years: number } | null {
  if (!birthDate) return null;
  const b = parseDay(birthDate);
  const ref = localDay(at);
  if (b === null || ref === null || ref < b) return null;
  const days = Math.round((ref - b) / DAY_MS);
  const bd = new Date(b);
  const rd = new Date(ref);
  let years = rd.getUTCFullYear() - bd.getUTCFullYear();
  if (rd.getUTCMonth() < bd.getUTCMonth() || (rd.getUTCMonth() === bd.getUTCMonth() && rd.getUTCDate() < bd.getUTCDate())) years -= 1;
  return { days, years };
}

/**
 * Cockcroft-Gault: CrCl (mL/min) = (140 − age) × weight(kg) × (0.85 if female) / (72 × Scr mg/dL).
 * Source: Cockcroft DW, Gault MH. Nephron 1976;16:31–41. Only adults with weight, age, sex.
 */
export function cockcroftGault(ageYears: number, weightKg: number, sex: Sex, creatinineUmolL: number): number {
  const scrMgDl = creatinineUmolL / 88.4;
  const base = ((140 - ageYears) * weightKg) / (72 * scrMgDl);
  return sex === 'female' ? base * 0.85 : base;
}

/** ICD-10 pregnancy codes (interop.md: Z33, O00–O9A). */
const PREGNANCY_ICD = ['Z33', 'Z34', 'Z35', 'O00-O9A'];
/** Liver disease: K70–K77 (diseases of liver), B15–B19 (viral hepatitis). */
const LIVER_ICD = ['K70-K77', 'B15-B19'];
/** ALT/AST above 3 × ULN (ULN 40 U/L): the DILI threshold of 中国药物性肝损伤诊治指南（2017年版）. */
const TRANSAMINASE_LIMIT = 120;

function findDiagnosis(list: readonly DiagnosisInput[], icd: readonly string[], words: RegExp): DiagnosisInput | undefined {
  return list.find((d) => (d.code !== undefined && matchesIcd(d.code, icd)) || (d.text !== undefined && words.test(d.text)));
}

export function derivePatient(req: ReviewRequest): DerivedPatient {
  const p = req.patient;
  const age = ageAt(p.birthDate, req.authoredOn);
  const labs = latestLabs(req.observations);
  const sex = p.sex && p.sex !== 'unknown' ? p.sex : null;
  const weightKg = p.weightKg !== undefined && p.weightKg > 0 && p.weightKg < 500 ? p.weightKg : null;
  const heightCm = p.heightCm !== undefined && p.heightCm > 20 && p.heightCm < 260 ? p.heightCm : null;
  // Mosteller: BSA (m²) = sqrt(height(cm) × weight(kg) / 3600)
  const bsa = weightKg !== null && heightCm !== null ? Math.sqrt((heightCm * weightKg) / 3600) : null;

  let renal: RenalFunction | null = null;
  const egfr = labs.get('egfr');
  const scr = labs.get('creatinine');
  if (egfr) renal = { value: egfr.value, method: 'egfr', text: `eGFR ${round1(egfr.value)} mL/min/1.73m²` };
  else if (scr && age && age.years >= 18 && weightKg !== null && (sex === 'male' || sex === 'female')) {
    const crcl = cockcroftGault(age.years, weightKg, sex, scr.value);
    renal = { value: crcl, method: 'cockcroft-gault', text: `肌酐 ${round1(scr.value)} μmol/L，Cockcroft-Gault 估算 CrCl ${round1(crcl)} mL/min` };
  }

  const active = req.diagnoses.filter((d) => d.status === 'active');
  const history = req.diagnoses.filter((d) => d.status !== 'active');

  let hepaticImpairment: string | null = null;
  const liverDx = findDiagnosis(active, LIVER_ICD, /肝硬化|肝功能不全|肝功能异常|肝衰竭|肝炎/);
  if (liverDx) hepaticImpairment = `诊断：${liverDx.text ?? liverDx.code}`;
  else {
    const alt = labs.get('alt');
    const ast = labs.get('ast');
    if (alt && alt.value > TRANSAMINASE_LIMIT) hepaticImpairment = `ALT ${alt.value} U/L（>3倍正常上限）`;
    else if (ast && ast.value > TRANSAMINASE_LIMIT) hepaticImpairment = `AST ${ast.value} U/L（>3倍正常上限）`;
  }

  let pregnant: string | null = null;
  let lactating: string | null = null;
  if (sex !== 'male') {
    if (p.pregnant === true) pregnant = '妊娠状态：是';
    else if (p.pregnant !== false) {
      // 避孕 (contraception), 不孕 (infertility) and 孕前 (pre-conception) are not pregnancy.
      const dx = findDiagnosis(active, PREGNANCY_ICD, /妊娠(?!试验)|(?<![避不])孕(?!前)/);
      if (dx) pregnant = `诊断：${dx.text ?? dx.code}`;
    }
    if (p.lactating === true) lactating = '哺乳状态：是';
    else if (p.lactating !== false) {
      const dx = findDiagnosis(active, ['Z39.1'], /哺乳/);
      if (dx) lactating = `诊断：${dx.text ?? dx.code}`;
    }
  }

  return {
    sex,
    ageDays: age?.days ?? null,
    ageYears: age?.years ?? null,
    weightKg,
    heightCm,
    bsa,
    renal,
    hepaticImpairment,
    pregnant,
    lactating,
    labs,
    activeDiagnoses: active,
    historyDiagnoses: history,
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export function describeAge(p: DerivedPatient): string {
  if (p.ageDays === null || p.ageYears === null) return '年龄未知';
  if (p.ageDays < 28) return `${p.ageDays} 天`;
  if (p.ageYears < 1) return `${Math.floor(p.ageDays / 30.44)} 月龄`;
  return `${p.ageYears} 岁`;
}
