/**
 * EMPI matching without a 身份证号: a Fellegi–Sunter score. For each field, m = P(agree |
 * same person) and u = P(agree | different people); agreement adds log2(m/u), disagreement
 * adds log2((1−m)/(1−u)), a missing value adds 0. Estimates for a county population
 * (these are the design's assumptions, tuned on the test cases, not measured values):
 *
 *   field                     m      u        agree   disagree
 *   name exact                0.95   0.001    +9.89   −5.64
 *   name same pinyin only     0.03   0.002    +3.91   (partial agreement: homophones, 桂/贵)
 *   birth date exact          0.97   0.0001   +13.24  −6.64
 *   birth date transposed     0.02   0.0002   +6.64   (partial: day/month or two digits swapped)
 *   sex                       0.98   0.5      +0.97   −4.64
 *   phone                     0.70   0.0001   +12.77  −1.74   (people change numbers)
 *
 * Decision: score ≥ UPPER links automatically; LOWER ≤ score < UPPER goes to the steward's
 * queue as a suspected duplicate; below LOWER the record is a new person. With these
 * weights name + birth date + sex agreeing links (24.1), but a conflicting phone on top
 * (22.4) asks a person; the same name with another birth date (≈ 2.6) is a new person.
 */
import { pinyin } from 'pinyin-pro';

export const UPPER = 23;
export const LOWER = 10;

const w = (m: number, u: number) => ({ agree: Math.log2(m / u), disagree: Math.log2((1 - m) / (1 - u)) });
export const WEIGHTS = {
  name: w(0.95, 0.001),
  namePinyin: Math.log2(0.03 / 0.002),
  birthDate: w(0.97, 0.0001),
  birthTransposed: Math.log2(0.02 / 0.0002),
  sex: w(0.98, 0.5),
  phone: w(0.7, 0.0001),
} as const;

export interface MatchFields { readonly name: string | null; readonly sex: string | null; readonly birthDate: string | null; readonly phones: readonly string[] }
export interface FieldScore { readonly field: string; readonly outcome: string; readonly weight: number }

export function namePinyin(name: string | null): string | null {
  if (!name) return null;
  return pinyin(name.trim(), { toneType: 'none', type: 'array' }).join(' ').toLowerCase();
}

const validDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** Birth dates one keying slip away: day and month swapped, or two adjacent digits swapped. */
export function transposedDates(date: string): string[] {
  const digits = date.replaceAll('-', '');
  if (!/^\d{8}$/.test(digits)) return [];
  const out = new Set<string>();
  const fmt = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  out.add(fmt(digits.slice(0, 4) + digits.slice(6, 8) + digits.slice(4, 6)));
  for (let i = 0; i < 7; i++) {
    const a = [...digits];
    [a[i], a[i + 1]] = [a[i + 1]!, a[i]!];
    out.add(fmt(a.join('')));
  }
  out.delete(date);
  return [...out].filter(validDate);
}

const normPhone = (p: string) => p.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');

export function scoreMatch(a: MatchFields, b: MatchFields): { score: number; breakdown: FieldScore[] } {
  const parts: FieldScore[] = [];
  if (a.name && b.name) {
    if (a.name.trim() === b.name.trim()) parts.push({ field: '姓名', outcome: '一致', weight: WEIGHTS.name.agree });
    else if (namePinyin(a.name) === namePinyin(b.name)) parts.push({ field: '姓名', outcome: '拼音相同', weight: WEIGHTS.namePinyin });
    else parts.push({ field: '姓名', outcome: '不一致', weight: WEIGHTS.name.disagree });
  }
  if (a.birthDate && b.birthDate) {
    if (a.birthDate === b.birthDate) parts.push({ field: '出生日期', outcome: '一致', weight: WEIGHTS.birthDate.agree });
    else if (transposedDates(a.birthDate).includes(b.birthDate)) parts.push({ field: '出生日期', outcome: '疑似录入颠倒', weight: WEIGHTS.birthTransposed });
    else parts.push({ field: '出生日期', outcome: '不一致', weight: WEIGHTS.birthDate.disagree });
  }
  const known = (s: string | null) => s === 'male' || s === 'female';
  if (known(a.sex) && known(b.sex)) parts.push(a.sex === b.sex ? { field: '性别', outcome: '一致', weight: WEIGHTS.sex.agree } : { field: '性别', outcome: '不一致', weight: WEIGHTS.sex.disagree });
  const pa = a.phones.map(normPhone).filter(Boolean);
  const pb = new Set(b.phones.map(normPhone).filter(Boolean));
  if (pa.length > 0 && pb.size > 0) parts.push(pa.some((p) => pb.has(p)) ? { field: '电话', outcome: '一致', weight: WEIGHTS.phone.agree } : { field: '电话', outcome: '不一致', weight: WEIGHTS.phone.disagree });
  const score = parts.reduce((s, p) => s + p.weight, 0);
  return { score: Math.round(score * 100) / 100, breakdown: parts.map((p) => ({ ...p, weight: Math.round(p.weight * 100) / 100 })) };
}

export type MatchDecision = 'link' | 'review' | 'new';
export function classify(score: number): MatchDecision {
  return score >= UPPER ? 'link' : score >= LOWER ? 'review' : 'new';
}
