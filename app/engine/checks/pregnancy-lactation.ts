/** 妊娠期 / 哺乳期妇女用药: from observations or ICD-10 (Z33, O00–O9A, Z39.1). */
import type { Finding } from '../../domain/finding';
import { LEVEL_ZH } from '../../domain/levels';
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

export const pregnancyLactationCheck: Check = {
  id: 'pregnancy-lactation',
  types: ['pregnancy', 'lactation'],
  doc: '妊娠期（观察项或 ICD-10 Z33、O00–O9A）与哺乳期妇女用药。',
  run: (ctx) => {
    const out: Finding[] = [];
    const { pregnant, lactating } = ctx.patient;
    for (const o of systemicDrugOrders(ctx)) {
      if (pregnant && o.drug.pregnancy) {
        const r = o.drug.pregnancy;
        out.push(finding({
          checkType: 'pregnancy', level: r.level, ruleId: `pregnancy:${o.drug.id}`, orders: [o],
          summary: `妊娠期患者，${nameOf(o)}${LEVEL_ZH[r.level]}`, what: `${pregnant}；开具 ${o.label}。`, why: r.note,
          action: r.level === 'contraindicated' ? '请更换为妊娠期可用的药物。' : '请权衡利弊，必要时更换药物。', sources: [r.source], facts: [pregnant],
        }));
      }
      if (lactating && o.drug.lactation) {
        const r = o.drug.lactation;
        out.push(finding({
          checkType: 'lactation', level: r.level, ruleId: `lactation:${o.drug.id}`, orders: [o],
          summary: `哺乳期患者，${nameOf(o)}${LEVEL_ZH[r.level]}`, what: `${lactating}；开具 ${o.label}。`, why: r.note,
          action: '请更换药物或用药期间暂停哺乳。', sources: [r.source], facts: [lactating],
        }));
      }
    }
    return out;
  },
};
