/**
 * The one severity model (product.md §3). Every finding carries exactly one level; the
 * seeds' other vocabularies (risk class, CDS Hooks indicator, FHIR severity) derive from it.
 */
export const LEVELS = ['info', 'caution', 'not-recommended', 'contraindicated'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_RANK: Readonly<Record<Level, number>> = {
  info: 0,
  caution: 1,
  'not-recommended': 2,
  contraindicated: 3,
};

export const LEVEL_ZH: Readonly<Record<Level, string>> = {
  info: '提示',
  caution: '慎用',
  'not-recommended': '不推荐使用',
  contraindicated: '禁用',
};

export const RISK_CLASS_ZH: Readonly<Record<Level, string>> = {
  info: '提醒类',
  caution: '低风险',
  'not-recommended': '中风险',
  contraindicated: '高风险',
};

export type CdsIndicator = 'info' | 'warning' | 'critical';

export const CDS_INDICATOR: Readonly<Record<Level, CdsIndicator>> = {
  info: 'info',
  caution: 'warning',
  'not-recommended': 'warning',
  contraindicated: 'critical',
};

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

export function maxLevel(levels: Iterable<Level>): Level | null {
  let best: Level | null = null;
  for (const l of levels) if (best === null || LEVEL_RANK[l] > LEVEL_RANK[best]) best = l;
  return best;
}

export function isAtLeast(level: Level, min: Level): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[min];
}
