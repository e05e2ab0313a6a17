/** 年龄用药 / 儿童用药: age rules of the 说明书, age taken at the authoring date (days for infants). */
import type { Finding } from '../../domain/finding';
import { LEVEL_ZH } from '../../domain/levels';
import { describeAge } from '../normalize/patient';
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

export const ageCheck: Check = {
  id: 'age',
  types: ['age', 'pediatric'],
  doc: '按年龄的用药限制（儿童、青少年、老年人），年龄以开方日计算，婴幼儿精确到天。',
  run: (ctx) => {
    const years = ctx.patient.ageDays !== null ? ctx.patient.ageDays / 365.25 : null;
    const completed = ctx.patient.ageYears;
    if (years === null || completed === null) return [];
    const out: Finding[] = [];
    for (const o of systemicDrugOrders(ctx)) {
      for (const r of o.drug.ageRules) {
        const young = r.belowAgeYears !== undefined && (Number.isInteger(r.belowAgeYears) ? completed < r.belowAgeYears : years < r.belowAgeYears);
        const old = r.atLeastAgeYears !== undefined && completed >= r.atLeastAgeYears;
        if (!young && !old) continue;
        out.push(finding({
          checkType: r.checkType, level: r.level, ruleId: `age:${o.drug.id}:${young ? `<${r.belowAgeYears}` : `>=${r.atLeastAgeYears}`}`, orders: [o],
          summary: `患者 ${describeAge(ctx.patient)}，${nameOf(o)}${LEVEL_ZH[r.level]}`,
          what: `患者 ${describeAge(ctx.patient)}，开具 ${o.label}。`, why: r.note,
          action: r.level === 'contraindicated' ? '请更换为适用于该年龄段的药物。' : '请评估获益与风险，必要时调整剂量并加强监测。',
          sources: [r.source], facts: [`年龄 ${describeAge(ctx.patient)}`],
        }));
      }
    }
    return out;
  },
};
