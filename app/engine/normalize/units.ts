/**
 * The typed quantity model. Doses arrive as the HIS writes them ("0.5 g", "2 片", "10 ml",
 * "80 万U"); limits are written in g/mg/μg/ml/IU/mmol. Everything is converted explicitly
 * to one canonical unit per dimension, and per-form units (片/粒/支/袋) only through the
 * 规格 parsed from the drug text. A conversion that is not possible says why; it never guesses.
 */
export type Dimension = 'mass' | 'volume' | 'activity' | 'amount-of-substance';

/** Canonical units: mass mg, volume ml, activity IU, amount of substance mmol. */
export const CANONICAL_UNIT: Readonly<Record<Dimension, string>> = {
  mass: 'mg',
  volume: 'ml',
  activity: 'IU',
  'amount-of-substance': 'mmol',
};

export interface Canonical {
  readonly value: number;
  readonly dimension: Dimension;
}

interface UnitDef {
  readonly dimension: Dimension;
  readonly factor: number;
}

const UNITS: ReadonlyMap<string, UnitDef> = new Map<string, UnitDef>([
  ['kg', { dimension: 'mass', factor: 1_000_000 }],
  ['g', { dimension: 'mass', factor: 1000 }],
  ['克', { dimension: 'mass', factor: 1000 }],
  ['mg', { dimension: 'mass', factor: 1 }],
  ['毫克', { dimension: 'mass', factor: 1 }],
  ['μg', { dimension: 'mass', factor: 0.001 }],
  ['µg', { dimension: 'mass', factor: 0.001 }],
  ['ug', { dimension: 'mass', factor: 0.001 }],
  ['mcg', { dimension: 'mass', factor: 0.001 }],
  ['微克', { dimension: 'mass', factor: 0.001 }],
  ['ng', { dimension: 'mass', factor: 0.000001 }],
  ['l', { dimension: 'volume', factor: 1000 }],
  ['升', { dimension: 'volume', factor: 1000 }],
  ['ml', { dimension: 'volume', factor: 1 }],
  ['毫升', { dimension: 'volume', factor: 1 }],
  ['iu', { dimension: 'activity', factor: 1 }],
  ['u', { dimension: 'activity', factor: 1 }],
  ['单位', { dimension: 'activity', factor: 1 }],
  ['国际单位', { dimension: 'activity', factor: 1 }],
  ['万u', { dimension: 'activity', factor: 10_000 }],
  ['万iu', { dimension: 'activity', factor: 10_000 }],
  ['万单位', { dimension: 'activity', factor: 10_000 }],
  ['mmol', { dimension: 'amount-of-substance', factor: 1 }],
]);

/** Per-form (count) units: converted only through the 规格. */
const COUNT_UNITS: ReadonlySet<string> = new Set([
  '片', '粒', '支', '袋', '瓶', '丸', '贴', '喷', '滴', '包', '枚', '揿', '吸', '盒', '板', '支/次', '安瓿', '剂', '块', '条', '掀', 'tab', 'cap', '颗',
]);

export function normalizeUnitText(unit: string): string {
  return unit.trim().replace(/\s+/g, '').replace(/^(\d+)?/, '').toLowerCase();
}

export type UnitKind = { kind: 'measure'; def: UnitDef } | { kind: 'count'; unit: string } | { kind: 'unknown' };

const UNKNOWN: UnitKind = { kind: 'unknown' };
// Unit spellings are few and repeat constantly: classify each once.
const classified = new Map<string, UnitKind>();

export function classifyUnit(unit: string | undefined): UnitKind {
  if (unit === undefined) return UNKNOWN;
  const hit = classified.get(unit);
  if (hit) return hit;
  let out: UnitKind = UNKNOWN;
  if (unit.trim() !== '') {
    const u = normalizeUnitText(unit);
    const def = UNITS.get(u);
    if (def) out = { kind: 'measure', def };
    else if (COUNT_UNITS.has(u)) out = { kind: 'count', unit: u };
  }
  if (classified.size < 10_000) classified.set(unit, out);
  return out;
}

export function toCanonical(value: number, unit: string | undefined): Canonical | null {
  const c = classifyUnit(unit);
  if (c.kind !== 'measure') return null;
  return { value: value * c.def.factor, dimension: c.def.dimension };
}

/** The 规格 of a product as parsed from the HIS drug text. */
export interface Strength {
  /** Active amount in one unit (片/粒/支/袋). */
  readonly perUnit?: Canonical | undefined;
  /** Volume of one unit (支, 袋, 瓶), ml. */
  readonly volumeMl?: number | undefined;
  /** Concentration as w/v percent (g per 100 ml). */
  readonly percent?: number | undefined;
}

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const UNIT_RE = String.raw`(mg|g|kg|μg|µg|ug|mcg|ml|mL|ML|L|IU|iu|U|万U|万IU|万单位|单位|mmol)`;
const RATIO_RE = new RegExp(`${NUM}\\s*(ml|mL|ML)\\s*[:：]\\s*${NUM}\\s*${UNIT_RE}`);
const RATIO_REVERSED_RE = new RegExp(`${NUM}\\s*${UNIT_RE}\\s*[/:：]\\s*${NUM}\\s*(ml|mL|ML)`);
const PERCENT_RE = new RegExp(`${NUM}\\s*%`);
const AMOUNT_RE = new RegExp(`${NUM}\\s*${UNIT_RE}(?![a-zA-Z])`, 'g');

/**
 * Parses the 规格 out of a HIS drug text: "阿莫西林胶囊 0.25g", "0.25g*24粒",
 * "10%氯化钾注射液 10ml:1g", "0.9%氯化钠注射液 250ml", "胰岛素注射液 10ml:400IU".
 */
export function parseStrength(text: string | undefined): Strength {
  if (!text) return {};
  const t = text.replace(/（/g, '(').replace(/）/g, ')');
  const pct = PERCENT_RE.exec(t);
  const percent = pct ? Number(pct[1]) : undefined;

  const ratio = RATIO_RE.exec(t);
  if (ratio) {
    const perUnit = toCanonical(Number(ratio[3]), ratio[4]);
    return { perUnit: perUnit ?? undefined, volumeMl: Number(ratio[1]), percent };
  }
  const reversed = RATIO_REVERSED_RE.exec(t);
  if (reversed) {
    const perUnit = toCanonical(Number(reversed[1]), reversed[2]);
    return { perUnit: perUnit ?? undefined, volumeMl: Number(reversed[3]), percent };
  }

  let perUnit: Canonical | undefined;
  let volumeMl: number | undefined;
  for (const m of t.matchAll(AMOUNT_RE)) {
    // The digits of a percentage ("0.9%") are not a strength.
    const c = toCanonical(Number(m[1]), m[2]);
    if (!c) continue;
    if (c.dimension === 'volume') volumeMl ??= c.value;
    else perUnit ??= c;
  }
  return { perUnit, volumeMl, percent };
}

export type DoseConversion =
  | { readonly ok: true; readonly value: Canonical; readonly via: string }
  | { readonly ok: false; readonly reason: 'unknown-unit' | 'needs-strength' | 'needs-concentration'; readonly detail: string };

function concentrationPerMl(s: Strength, target: Dimension): number | null {
  if (s.perUnit && s.volumeMl && s.perUnit.dimension === target) return s.perUnit.value / s.volumeMl;
  // w/v percent: 1% = 1 g/100 ml = 10 mg/ml
  if (s.percent !== undefined && target === 'mass') return s.percent * 10;
  return null;
}

/**
 * Converts one administered dose to the dimension of the limit it will be compared with.
 * `target` is the limit's dimension (mass for mg limits, volume for ml limits …).
 */
export function convertDose(value: number, unit: string | undefined, strength: Strength, target: Dimension): DoseConversion {
  const kind = classifyUnit(unit);
  if (kind.kind === 'unknown') return { ok: false, reason: 'unknown-unit', detail: `无法识别的剂量单位“${unit ?? '（空）'}”` };
  if (kind.kind === 'measure') {
    const c: Canonical = { value: value * kind.def.factor, dimension: kind.def.dimension };
    if (c.dimension === target) return { ok: true, value: c, via: `${value}${unit ?? ''}` };
    if (c.dimension === 'volume') {
      const perMl = concentrationPerMl(strength, target);
      if (perMl === null) return { ok: false, reason: 'needs-concentration', detail: `以 ml 开具，但规格中没有浓度，无法换算为${CANONICAL_UNIT[target]}` };
      return { ok: true, value: { value: c.value * perMl, dimension: target }, via: `${value}${unit ?? ''} × ${perMl}${CANONICAL_UNIT[target]}/ml` };
    }
    if (target === 'volume' && strength.volumeMl && strength.perUnit && strength.perUnit.dimension === c.dimension) {
      const ml = (c.value / strength.perUnit.value) * strength.volumeMl;
      return { ok: true, value: { value: ml, dimension: 'volume' }, via: `${value}${unit ?? ''} 按规格换算` };
    }
    return { ok: false, reason: 'unknown-unit', detail: `剂量单位“${unit ?? ''}”与限量单位（${CANONICAL_UNIT[target]}）不可换算` };
  }
  // Per-form unit: through the 规格 only.
  if (target === 'volume' && strength.volumeMl) {
    return { ok: true, value: { value: value * strength.volumeMl, dimension: 'volume' }, via: `${value}${kind.unit} × ${strength.volumeMl}ml` };
  }
  if (strength.perUnit && strength.perUnit.dimension === target) {
    return { ok: true, value: { value: value * strength.perUnit.value, dimension: target }, via: `${value}${kind.unit} × ${strength.perUnit.value}${CANONICAL_UNIT[target]}` };
  }
  return { ok: false, reason: 'needs-strength', detail: `以“${kind.unit}”开具，但药品名称中没有可识别的规格，无法换算剂量` };
}

export function formatCanonical(c: Canonical): string {
  const unit = CANONICAL_UNIT[c.dimension];
  if (c.dimension === 'mass' && c.value >= 1000) return `${round(c.value / 1000)} g`;
  if (c.dimension === 'mass' && c.value < 1) return `${round(c.value * 1000)} μg`;
  if (c.dimension === 'activity' && c.value >= 10000 && c.value % 10000 === 0) return `${c.value / 10000} 万U`;
  return `${round(c.value)} ${unit}`;
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
