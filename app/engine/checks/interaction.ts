/**
 * 药物相互作用: every pair among the draft orders, and every draft order against the
 * patient's active medicines from other prescriptions and institutions (the data center's
 * reason to exist). Rules name drugs or classes ("any strong CYP3A4 inhibitor + simvastatin").
 */
import type { Finding } from '../../domain/finding';
import { LEVEL_RANK, LEVEL_ZH } from '../../domain/levels';
import { keysOf, partnerRulesOf } from '../../knowledge/indexed';
import type { Interaction } from '../../knowledge/schema';
import { finding, nameOf, type CheckContext, type ResolvedOrder } from '../context';
import type { Check } from './check';

function rulesFor(ctx: CheckContext, a: ResolvedOrder, b: ResolvedOrder): Interaction[] {
  if (!a.drug || !b.drug || a.drug.id === b.drug.id) return [];
  const partners = partnerRulesOf(ctx.kb, a.drug.id);
  const out: Interaction[] = [];
  for (const key of keysOf(ctx.kb, b.drug.id)) for (const rule of partners.get(key) ?? []) if (!out.includes(rule)) out.push(rule);
  return out;
}

export const interactionCheck: Check = {
  id: 'interaction',
  types: ['interaction'],
  doc: '处方内药品两两之间、以及与患者在各机构的在用药品之间的相互作用（药品或药理类别规则）。',
  run: (ctx) => {
    const out: Finding[] = [];
    const emitted = new Set<string>();
    const orders = ctx.orders.filter((o) => o.drug && !o.isCarrier);
    const pairs: Array<[ResolvedOrder, ResolvedOrder]> = [];
    for (let i = 0; i < orders.length; i++) {
      for (let j = i + 1; j < orders.length; j++) pairs.push([orders[i]!, orders[j]!]);
      for (const c of ctx.current) if (c.drug) pairs.push([orders[i]!, c]);
    }
    for (const [a, b] of pairs) {
      // One finding per pair of drugs: the most severe rule speaks for it.
      const rules = rulesFor(ctx, a, b).sort((x, y) => LEVEL_RANK[y.level] - LEVEL_RANK[x.level]).slice(0, 1);
      for (const rule of rules) {
        const key = [a.drug!.id, b.drug!.id].sort().join('+');
        if (emitted.has(key)) continue;
        emitted.add(key);
        const other = b.isCurrent ? `（在用药品${b.input.institution ? `，${b.input.institution}` : ''}）` : '';
        out.push(finding({
          checkType: 'interaction', level: rule.level, ruleId: `interaction:${rule.id}`, orders: [a, b],
          summary: `${nameOf(a)}与${nameOf(b)}${other}合用：${rule.effect}`,
          what: `${nameOf(a)}与${nameOf(b)}${other}存在相互作用（${LEVEL_ZH[rule.level]}）：${rule.effect}`,
          why: rule.mechanism, action: rule.management, sources: [rule.source],
          facts: [`${a.label}`, `${b.label}${other}`],
        }));
      }
    }
    return out;
  },
};
