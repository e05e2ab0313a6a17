/**
 * Labs: identified by LOINC where the HIS has it, and by Chinese name always (township HIS
 * systems often send no LOINC). Values are converted to one canonical unit per lab; a value
 * in a unit we do not know is dropped, never guessed.
 */
import type { ObservationInput } from '../../domain/review-request';
import type { LabKind } from '../../knowledge/schema';

interface LabDef {
  readonly loinc: readonly string[];
  readonly names: RegExp;
  readonly unit: string;
  /** Other units → factor to the canonical unit. */
  readonly convert: Readonly<Record<string, number>>;
}

const LABS: Readonly<Record<LabKind, LabDef>> = {
  egfr: { loinc: ['33914-3', '62238-1', '48642-3', '48643-1', '98979-8', '69405-9', '50044-7', '88293-6', '88294-4'], names: /^(估算)?肾小球滤过率|^egfr|^估算GFR/i, unit: 'mL/min/1.73m2', convert: { 'ml/min/1.73m2': 1, 'ml/min/1.73m^2': 1, 'ml/min/{1.73_m2}': 1, 'ml/min': 1 } },
  creatinine: { loinc: ['2160-0', '14682-9', '38483-4', '59826-8'], names: /^(血清?)?肌酐|^cr$|^scr$|^creatinine/i, unit: 'μmol/L', convert: { 'μmol/l': 1, 'umol/l': 1, 'µmol/l': 1, 'mg/dl': 88.4 } },
  alt: { loinc: ['1742-6', '1743-4', '1744-2'], names: /丙氨酸氨基转移酶|谷丙转氨酶|^alt$|^gpt$/i, unit: 'U/L', convert: { 'u/l': 1, 'iu/l': 1 } },
  ast: { loinc: ['1920-8', '30239-8'], names: /天门?冬氨酸氨基转移酶|谷草转氨酶|^ast$|^got$/i, unit: 'U/L', convert: { 'u/l': 1, 'iu/l': 1 } },
  potassium: { loinc: ['2823-3', '6298-4', '2824-1'], names: /^(血清?)?钾$|^k\+?$|^血钾/i, unit: 'mmol/L', convert: { 'mmol/l': 1, 'meq/l': 1 } },
  sodium: { loinc: ['2951-2', '2947-0'], names: /^(血清?)?钠$|^na\+?$|^血钠/i, unit: 'mmol/L', convert: { 'mmol/l': 1, 'meq/l': 1 } },
  inr: { loinc: ['6301-6', '34714-6', '46418-0'], names: /国际标准化比值|^inr$/i, unit: '1', convert: { '1': 1, '': 1, 'ratio': 1, '{inr}': 1 } },
  platelets: { loinc: ['777-3', '26515-7', '778-1'], names: /血小板(计数)?$|^plt$/i, unit: '10^9/L', convert: { '10^9/l': 1, '10*9/l': 1, '×10^9/l': 1, 'x10^9/l': 1, '10^3/ul': 1, '10*3/ul': 1 } },
  glucose: { loinc: ['2345-7', '2339-0', '1558-6', '14749-6', '15074-8'], names: /葡萄糖|血糖|^glu$/i, unit: 'mmol/L', convert: { 'mmol/l': 1, 'mg/dl': 1 / 18 } },
  hemoglobin: { loinc: ['718-7'], names: /血红蛋白|^hb$|^hgb$/i, unit: 'g/L', convert: { 'g/l': 1, 'g/dl': 10 } },
  wbc: { loinc: ['6690-2', '26464-8'], names: /白细胞(计数)?$|^wbc$/i, unit: '10^9/L', convert: { '10^9/l': 1, '10*9/l': 1, '×10^9/l': 1, 'x10^9/l': 1 } },
  neutrophils: { loinc: ['751-8', '26499-4'], names: /中性粒细胞(绝对值|计数)/i, unit: '10^9/L', convert: { '10^9/l': 1, '10*9/l': 1, '×10^9/l': 1 } },
  qtc: { loinc: ['8636-3', '8634-8'], names: /qtc|校正qt/i, unit: 'ms', convert: { ms: 1 } },
  tbil: { loinc: ['1975-2', '42719-5'], names: /总胆红素|^tbil$/i, unit: 'μmol/L', convert: { 'μmol/l': 1, 'umol/l': 1, 'mg/dl': 17.1 } },
};

export interface LabValue {
  readonly kind: LabKind;
  readonly value: number;
  readonly unit: string;
  readonly at?: string | undefined;
  readonly label: string;
}

const ENTRIES = Object.entries(LABS) as [LabKind, LabDef][];
const BY_LOINC = new Map<string, LabKind>(ENTRIES.flatMap(([kind, def]) => def.loinc.map((l) => [l, kind] as const)));

export function labKindOf(o: ObservationInput): LabKind | null {
  const byCode = o.loinc ? BY_LOINC.get(o.loinc) : undefined;
  if (byCode) return byCode;
  const name = o.text?.trim();
  if (!name) return null;
  for (const [kind, def] of ENTRIES) {
    if (def.names.test(name)) return kind;
  }
  return null;
}

export function canonicalLabUnit(kind: LabKind): string {
  return LABS[kind].unit;
}

/** Converts a lab value to the canonical unit; null when the unit is not one we know. */
export function toLabValue(o: ObservationInput): LabValue | null {
  if (o.value === undefined || !Number.isFinite(o.value)) return null;
  const kind = labKindOf(o);
  if (!kind) return null;
  const def = LABS[kind];
  const unit = (o.unit ?? '').trim().toLowerCase().replace(/\s+/g, '').replace('µ', 'μ');
  const canonical = def.unit.toLowerCase();
  let factor: number | undefined;
  if (unit === '' || unit === canonical) factor = 1;
  else factor = def.convert[unit] ?? def.convert[unit.replace('μ', 'u')];
  if (factor === undefined) return null;
  return { kind, value: o.value * factor, unit: def.unit, at: o.at, label: o.text ?? kind };
}

/** The most recent value of each lab. */
export function latestLabs(observations: readonly ObservationInput[]): Map<LabKind, LabValue> {
  const out = new Map<LabKind, LabValue>();
  for (const o of observations) {
    const v = toLabValue(o);
    if (!v) continue;
    const prev = out.get(v.kind);
    if (!prev || (v.at ?? '') >= (prev.at ?? '')) out.set(v.kind, v);
  }
  return out;
}

/** The LOINC codes the platform knows for a lab kind (code mapping suggests the first). */
export function labLoincCodes(kind: LabKind): readonly string[] {
  return LABS[kind].loinc;
}
