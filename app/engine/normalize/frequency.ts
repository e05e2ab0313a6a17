/**
 * Frequencies: Latin abbreviations used by Chinese HIS (qd … prn), Chinese phrases and the
 * FHIR `timing.repeat`. `timesPerDay` is null when the frequency gives no daily count
 * (prn 必要时) and the daily-dose checks then stay quiet rather than guess.
 */
import type { FrequencyRepeat } from '../../domain/review-request';

export interface Frequency {
  readonly timesPerDay: number | null;
  /** A single administration (st / 立即 / once). */
  readonly once: boolean;
  readonly asNeeded: boolean;
  readonly text: string;
}

const CODES: ReadonlyMap<string, number> = new Map([
  ['qd', 1], ['od', 1], ['qn', 1], ['qm', 1], ['qam', 1], ['qpm', 1], ['hs', 1], ['bid', 2], ['tid', 3], ['qid', 4],
  ['q4h', 6], ['q6h', 4], ['q8h', 3], ['q12h', 2], ['q24h', 1], ['q2h', 12], ['q3h', 8],
  ['qod', 0.5], ['q2d', 0.5], ['q3d', 1 / 3], ['qw', 1 / 7], ['biw', 2 / 7], ['tiw', 3 / 7], ['q72h', 1 / 3], ['q48h', 0.5],
]);

const ZH: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(每日|一日|每天|日)(一|1)次$/, 1],
  [/^(每日|一日|每天|日)(二|两|2)次$/, 2],
  [/^(每日|一日|每天|日)(三|3)次$/, 3],
  [/^(每日|一日|每天|日)(四|4)次$/, 4],
  [/^(每晚|睡前|每晚一次|睡前一次|每晨|每晨一次|早晨一次)$/, 1],
  [/^隔日(一|1)次$/, 0.5],
  [/^每周(一|1)次$/, 1 / 7],
  [/^每周(二|两|2)次$/, 2 / 7],
  [/^每周(三|3)次$/, 3 / 7],
];

function fromRepeat(r: FrequencyRepeat): number | null {
  const perDay: Record<string, number> = { s: 86400, min: 1440, h: 24, d: 1, wk: 1 / 7, mo: 1 / 30, a: 1 / 365 };
  const f = perDay[r.periodUnit];
  if (f === undefined || !(r.period > 0) || !(r.frequency > 0)) return null;
  return (r.frequency / r.period) * f;
}

export function normalizeFrequency(code: string | undefined, repeat: FrequencyRepeat | undefined): Frequency | null {
  const text = (code ?? '').trim();
  const key = text.toLowerCase().replace(/[\s.]/g, '');
  if (key === 'prn' || key === 'sos' || text === '必要时') return { timesPerDay: null, once: false, asNeeded: true, text };
  if (key === 'st' || key === 'stat' || key === 'once' || text === '立即' || text === '临时') return { timesPerDay: 1, once: true, asNeeded: false, text };
  const known = CODES.get(key);
  if (known !== undefined) return { timesPerDay: known, once: false, asNeeded: false, text };
  const qh = /^q(\d+)h$/.exec(key);
  if (qh && Number(qh[1]) > 0) return { timesPerDay: 24 / Number(qh[1]), once: false, asNeeded: false, text };
  for (const [re, n] of ZH) if (re.test(text)) return { timesPerDay: n, once: false, asNeeded: false, text };
  if (repeat) {
    const n = fromRepeat(repeat);
    if (n !== null) return { timesPerDay: n, once: false, asNeeded: false, text: text || `${repeat.frequency}/${repeat.period}${repeat.periodUnit}` };
  }
  return null;
}
