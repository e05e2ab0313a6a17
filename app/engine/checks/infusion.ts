/**
 * Infusion groups (组号): drugs sharing a group are mixed in one bag. Checks the
 * concentration of each drug in the bag's total volume (注射剂离子浓度, e.g. K⁺ ≤ 0.3% in a
 * peripheral vein; 配伍浓度) and incompatibilities between members (配伍禁忌).
 */
import type { Finding } from '../../domain/finding';
import { refMatches } from '../../knowledge/indexed';
import { convertDose, formatCanonical, round } from '../normalize/units';
import { finding, nameOf, type CheckContext, type ResolvedOrder } from '../context';
import type { Check } from './check';

function groups(ctx: CheckContext): ResolvedOrder[][] {
  const m = new Map<string, ResolvedOrder[]>();
  for (const o of ctx.orders) {
    const g = o.input.group?.trim();
    if (!g) continue;
    const list = m.get(g);
    if (list) list.push(o);
    else m.set(g, [o]);
  }
  return [...m.values()].filter((g) => g.length > 1);
}

/** Volume one order adds to the bag, ml; null when unknown. */
function volumeOf(o: ResolvedOrder): number | null {
  const dose = o.input.dose;
  if (dose) {
    const v = convertDose(dose.value, dose.unit, o.strength, 'volume');
    if (v.ok) return v.value.value;
  }
  // A carrier written without a dose: one bag of its 规格.
  if (o.isCarrier && o.strength.volumeMl !== undefined) return o.strength.volumeMl;
  // A powder for injection (注射用…) dosed by mass is dissolved into the bag: it adds no
  // volume of its own that the HIS would know.
  if (dose && /注射用/.test(o.input.text ?? '') && o.strength.volumeMl === undefined && convertDose(dose.value, dose.unit, o.strength, 'mass').ok) return 0;
  return null;
}

export const infusionCheck: Check = {
  id: 'infusion',
  types: ['ion-concentration', 'admixture-concentration', 'compatibility'],
  doc: '同组输液中各药物的浓度（按组内总体积计算）与配伍禁忌。',
  run: (ctx) => {
    const out: Finding[] = [];
    for (const g of groups(ctx)) {
      const volumes = g.map(volumeOf);
      const total = volumes.every((v) => v !== null) ? volumes.reduce<number>((a, b) => a + (b ?? 0), 0) : null;
      for (const o of g) {
        if (!o.drug || !o.input.dose) continue;
        const limits = ctx.kb.concentrationLimits.get(o.drug.id) ?? [];
        for (const l of limits) {
          if (o.route !== null && !l.routes.includes(o.route)) continue;
          if (total === null || total <= 0) continue;
          const mass = convertDose(o.input.dose.value, o.input.dose.unit, o.strength, 'mass');
          if (!mass.ok) continue;
          const percent = (mass.value.value / 1000 / total) * 100;
          if (percent <= l.maxPercent + 1e-9) continue;
          out.push(finding({
            checkType: l.checkType, level: l.level, ruleId: `concentration:${l.id}`, orders: g,
            summary: `${nameOf(o)}浓度 ${round(percent, 2)}%，超过 ${l.maxPercent}%`,
            what: `第 ${o.input.group} 组：${nameOf(o)} ${formatCanonical(mass.value)}，组内总体积 ${round(total, 1)} ml，浓度 ${round(percent, 2)}%。`,
            why: l.note, action: '请增加溶媒体积或减少单次剂量，使浓度不超过限值。', sources: [l.source],
            facts: g.map((x, i) => `${x.label}${volumes[i] !== null ? `（${round(volumes[i]!, 1)} ml）` : ''}`),
          }));
        }
      }
      for (let i = 0; i < g.length; i++) {
        for (let j = i + 1; j < g.length; j++) {
          const a = g[i]!;
          const b = g[j]!;
          if (!a.drug || !b.drug) continue;
          const rules = [...(ctx.kb.incompatibilitiesByKey.get(`drug:${a.drug.id}`) ?? []), ...[...(ctx.kb.drugClasses.get(a.drug.id) ?? [])].flatMap((c) => ctx.kb.incompatibilitiesByKey.get(`class:${c}`) ?? [])];
          const seen = new Set<string>();
          for (const r of rules) {
            if (seen.has(r.id)) continue;
            const hit = (refMatches(ctx.kb, r.a, a.drug.id) && refMatches(ctx.kb, r.b, b.drug.id)) || (refMatches(ctx.kb, r.b, a.drug.id) && refMatches(ctx.kb, r.a, b.drug.id));
            if (!hit) continue;
            seen.add(r.id);
            out.push(finding({
              checkType: 'compatibility', level: r.level, ruleId: `compatibility:${r.id}`, orders: [a, b],
              summary: `${nameOf(a)}与${nameOf(b)}同组配伍禁忌`, what: `第 ${a.input.group} 组中 ${a.label} 与 ${b.label} 混合。`,
              why: r.note, action: '请分组输注，并在两组之间冲管。', sources: [r.source],
            }));
          }
        }
      }
    }
    return out;
  },
};
