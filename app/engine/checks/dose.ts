/**
 * 超剂量 (overdose) and 超常规用量 (above-usual-dose): the single and daily dose of each order
 * against the 说明书 / 国家处方集 limits for its route and the patient's population (adult,
 * pediatric band by age, elderly), per kg when the limit is per kg. A dose that cannot be
 * converted (unknown unit, no 规格) is an info finding, never a guessed alert.
 */
import type { Finding } from '../../domain/finding';
import type { Amount, DoseLimit } from '../../knowledge/schema';
import { finding, nameOf, type CheckContext, type ResolvedOrder } from '../context';
import { convertDose, formatCanonical, toCanonical, type Canonical } from '../normalize/units';
import type { Check } from './check';

const EPS = 1e-6;

function applicableLimits(ctx: CheckContext, o: ResolvedOrder): DoseLimit[] {
  const drug = o.drug;
  if (!drug || o.route === null) return [];
  const byRoute = drug.doses.filter((l) => l.routes.includes(o.route!));
  const age = ctx.patient.ageYears;
  const inBand = (l: DoseLimit): boolean =>
    age !== null && (l.minAgeYears === undefined || age >= l.minAgeYears) && (l.maxAgeYears === undefined || age < l.maxAgeYears);
  if (age !== null && age < 18) {
    const ped = byRoute.filter((l) => l.population === 'pediatric' && inBand(l));
    // No pediatric limit: the adult maximum still bounds a child's dose; the adult usual dose does not.
    return ped.length > 0 ? ped : byRoute.filter((l) => l.population === 'adult').map((l) => ({ ...l, usualSingle: undefined, usualDaily: undefined }));
  }
  if (age !== null && age >= 65) {
    const elderly = byRoute.filter((l) => l.population === 'elderly');
    if (elderly.length > 0) return elderly;
  }
  return byRoute.filter((l) => l.population === 'adult' && (l.minAgeYears === undefined || age === null || age >= l.minAgeYears));
}

function limitValue(a: Amount | undefined, l: DoseLimit, weightKg: number | null): Canonical | null {
  if (!a) return null;
  const c = toCanonical(a.value, a.unit);
  if (!c) return null;
  if (!l.perKg) return c;
  if (weightKg === null) return null;
  let v = c.value * weightKg;
  // "按体重计算，但不超过成人剂量": the per-kg limit is capped by the absolute cap.
  const cap = l.absoluteMaxDaily ? toCanonical(l.absoluteMaxDaily.value, l.absoluteMaxDaily.unit) : null;
  if (cap && cap.dimension === c.dimension && a === l.maxDaily) v = Math.min(v, cap.value);
  return { value: v, dimension: c.dimension };
}

function describeLimit(a: Amount, l: DoseLimit, weightKg: number | null, c: Canonical): string {
  return l.perKg && weightKg !== null ? `${a.value}${a.unit}/kg × ${weightKg}kg = ${formatCanonical(c)}` : formatCanonical(c);
}

function checkOrder(ctx: CheckContext, o: ResolvedOrder): Finding[] {
  const limits = applicableLimits(ctx, o);
  const dose = o.input.dose;
  if (limits.length === 0 || !dose) return [];
  const out: Finding[] = [];
  const w = ctx.patient.weightKg;
  const popZh = (l: DoseLimit): string => (l.population === 'pediatric' ? '儿童' : l.population === 'elderly' ? '老年人' : '成人');
  for (const l of limits) {
    const anyAmount = l.maxSingle ?? l.maxDaily ?? l.usualSingle ?? l.usualDaily;
    if (!anyAmount) continue;
    const target = toCanonical(anyAmount.value, anyAmount.unit);
    if (!target) continue;
    const conv = convertDose(dose.value, dose.unit, o.strength, target.dimension);
    if (!conv.ok) {
      out.push(finding({
        checkType: 'prescription-format', level: 'info', ruleId: `dose-unit:${conv.reason}`, orders: [o],
        summary: `${nameOf(o)}：剂量无法换算，未做剂量审核`,
        what: conv.detail, why: '剂量单位必须能换算为说明书限量的单位，系统才能审核剂量。',
        action: '请使用 g、mg、μg、ml、IU 等单位，或在药品名称中写明规格。', sources: [l.source], facts: [`剂量 ${dose.value}${dose.unit ?? ''}`],
      }));
      return out;
    }
    const single = conv.value;
    const times = o.frequency?.timesPerDay ?? null;
    const daily: Canonical | null = o.frequency?.once ? single : times !== null && times >= 1 ? { value: single.value * times, dimension: single.dimension } : null;
    // Built only when a finding fires: most orders are within their limits.
    const facts = (): string[] => [`单次 ${formatCanonical(single)}（${conv.via}）`, ...(daily ? [`日剂量 ${formatCanonical(daily)}（${o.frequency?.text ?? ''}）`] : []), ...(l.perKg && w !== null ? [`体重 ${w} kg`] : [])];
    const tests: Array<{ kind: 'overdose' | 'above-usual-dose'; scope: '单次' | '每日'; actual: Canonical | null; amount: Amount | undefined }> = [
      { kind: 'overdose', scope: '单次', actual: single, amount: l.maxSingle },
      { kind: 'overdose', scope: '每日', actual: daily, amount: l.maxDaily },
      { kind: 'above-usual-dose', scope: '单次', actual: single, amount: l.usualSingle },
      { kind: 'above-usual-dose', scope: '每日', actual: daily, amount: l.usualDaily },
    ];
    let overdose = false;
    for (const t of tests) {
      if (!t.actual || !t.amount) continue;
      if (t.kind === 'above-usual-dose' && overdose) continue;
      const lim = limitValue(t.amount, l, w);
      if (!lim || lim.dimension !== t.actual.dimension) continue;
      if (t.actual.value <= lim.value * (1 + EPS)) continue;
      const limitText = describeLimit(t.amount, l, w, lim);
      if (t.kind === 'overdose') {
        overdose = true;
        out.push(finding({
          checkType: 'overdose', level: 'not-recommended', ruleId: `dose:${o.drug!.id}:${l.population}:max-${t.scope === '单次' ? 'single' : 'daily'}`, orders: [o],
          summary: `${nameOf(o)}${t.scope}剂量 ${formatCanonical(t.actual)} 超过${popZh(l)}最大量 ${limitText}`,
          what: `${nameOf(o)}${t.scope}剂量 ${formatCanonical(t.actual)}，超过${popZh(l)}${t.scope}最大剂量 ${limitText}。`,
          why: l.note ?? '超过说明书规定的最大剂量，不良反应与毒性风险增加。',
          action: '请核对剂量、单位与给药频次，按说明书剂量调整。', sources: [l.source], facts: facts(),
        }));
      } else {
        out.push(finding({
          checkType: 'above-usual-dose', level: 'caution', ruleId: `dose:${o.drug!.id}:${l.population}:usual-${t.scope === '单次' ? 'single' : 'daily'}`, orders: [o],
          summary: `${nameOf(o)}${t.scope}剂量 ${formatCanonical(t.actual)} 超过常规用量 ${limitText}`,
          what: `${nameOf(o)}${t.scope}剂量 ${formatCanonical(t.actual)}，高于说明书${popZh(l)}常规${t.scope}用量 ${limitText}（未超过最大量）。`,
          why: '超出常规用量范围时，应有明确的临床理由。',
          action: '如属病情需要请注明理由，否则按常规剂量开具。', sources: [l.source], facts: facts(),
        }));
      }
    }
  }
  return out;
}

export const doseCheck: Check = {
  id: 'dose',
  types: ['overdose', 'above-usual-dose'],
  doc: '单次与每日剂量对照说明书限量（按给药途径、成人/儿童年龄段/老年人、按体重计算）。',
  run: (ctx) => ctx.orders.flatMap((o) => checkOrder(ctx, o)),
};
