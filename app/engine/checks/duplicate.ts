/**
 * 重复用药: the same ingredient twice, or two drugs of a duplicate-therapy class (same ATC
 * level-4 class or same pharmacological action), within the prescription or against the
 * patient's active medicines from other prescriptions. 医院处方点评管理规范 2-7 / 3-4.
 */
import type { Finding } from '../../domain/finding';
import { classesOf } from '../../knowledge/indexed';
import { finding, nameOf, type ResolvedOrder } from '../context';
import type { Check } from './check';

const REGULATION = { kind: 'regulation', title: '医院处方点评管理规范（试行）（2010）', section: '第十八条（重复给药）' } as const;

function sameRouteFamily(a: ResolvedOrder, b: ResolvedOrder): boolean {
  // Topical and systemic forms of one ingredient are not duplicate therapy.
  const systemic = (r: ResolvedOrder['route']): boolean => r === null || r === 'oral' || r === 'iv' || r === 'im' || r === 'sc' || r === 'sublingual' || r === 'rectal';
  return systemic(a.route) === systemic(b.route);
}

export const duplicateCheck: Check = {
  id: 'duplicate-therapy',
  types: ['duplicate-therapy'],
  doc: '同一成分或同一药理作用类别的药品重复使用（处方内及与在用药品之间）。',
  run: (ctx) => {
    const out: Finding[] = [];
    const orders = ctx.orders.filter((o) => o.drug && !o.isCarrier);
    const emitted = new Set<string>();
    const currentWithDrug = ctx.current.filter((c) => c.drug);
    for (let i = 0; i < orders.length; i++) {
      const a = orders[i]!;
      for (let j = i + 1; j < orders.length + currentWithDrug.length; j++) {
        const b = j < orders.length ? orders[j]! : currentWithDrug[j - orders.length]!;
        if (!sameRouteFamily(a, b)) continue;
        const other = (): string => (b.isCurrent ? `（在用药品${b.input.institution ? `，${b.input.institution}` : ''}）` : '');
        if (a.drug!.id === b.drug!.id) {
          const key = `same:${a.drug!.id}`;
          if (emitted.has(key)) continue;
          emitted.add(key);
          out.push(finding({
            checkType: 'duplicate-therapy', level: 'not-recommended', ruleId: `duplicate:ingredient:${a.drug!.id}`, orders: [a, b],
            summary: `${nameOf(a)}重复开具${other()}`,
            what: `${a.label} 与 ${b.label}${other()} 为同一成分。`,
            why: '同一成分重复给药会使实际剂量叠加。', action: '请删除重复的医嘱，或合并为一条并核对总剂量。',
            sources: [REGULATION], reviewCode: '2-7',
          }));
          continue;
        }
        const bClasses = classesOf(ctx.kb, b.drug!.id);
        for (const c of ctx.kb.duplicateClasses.get(a.drug!.id) ?? []) {
          if (!bClasses.has(c)) continue;
          const cls = ctx.kb.classes.get(c);
          if (!cls?.duplicate) continue;
          const key = `class:${c}:${[a.drug!.id, b.drug!.id].sort().join('+')}`;
          if (emitted.has(key)) continue;
          emitted.add(key);
          out.push(finding({
            checkType: 'duplicate-therapy', level: cls.duplicate.level, ruleId: `duplicate:class:${c}`, orders: [a, b],
            summary: `${nameOf(a)}与${nameOf(b)}${other()}同属${cls.nameZh}，重复用药`,
            what: `${nameOf(a)}与${nameOf(b)}${other()}同属${cls.nameZh}。`, why: cls.duplicate.note,
            action: '如无特殊理由，请保留其中一种。', sources: [cls.duplicate.source], reviewCode: '3-4',
          }));
          break;
        }
      }
    }
    return out;
  },
};
