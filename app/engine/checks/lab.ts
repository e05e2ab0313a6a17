/** 检验结果用药禁忌: lab values (canonical units) against the 说明书 thresholds. */
import type { Finding } from '../../domain/finding';
import { LEVEL_ZH } from '../../domain/levels';
import { canonicalLabUnit } from '../normalize/labs';
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

const OPS = { '<': (a: number, b: number) => a < b, '<=': (a: number, b: number) => a <= b, '>': (a: number, b: number) => a > b, '>=': (a: number, b: number) => a >= b } as const;

export const labCheck: Check = {
  id: 'lab',
  types: ['lab-contraindication'],
  doc: '检验结果（血钾、INR、血小板、血糖、转氨酶等）相关的用药禁忌。',
  run: (ctx) => {
    const out: Finding[] = [];
    for (const o of systemicDrugOrders(ctx)) {
      for (const r of o.drug.labs) {
        const v = ctx.patient.labs.get(r.lab);
        // Rule values are written in the canonical unit; a rule in another unit is not compared.
        if (!v || r.unit !== canonicalLabUnit(r.lab) || !OPS[r.op](v.value, r.value)) continue;
        out.push(finding({
          checkType: 'lab-contraindication', level: r.level, ruleId: `lab:${o.drug.id}:${r.lab}${r.op}${r.value}`, orders: [o],
          summary: `${v.label} ${v.value} ${v.unit}，${nameOf(o)}${LEVEL_ZH[r.level]}`,
          what: `检验：${v.label} ${v.value} ${v.unit}（${r.op} ${r.value}）；开具 ${o.label}。`, why: r.note,
          action: '请结合检验结果调整用药，必要时复查。', sources: [r.source], facts: [`${v.label} ${v.value} ${v.unit}`],
        }));
      }
    }
    return out;
  },
};
