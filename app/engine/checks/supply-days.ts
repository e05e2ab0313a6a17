/** 用量天数: 门诊 7 日、急诊 3 日；慢性病长期处方 (长期处方管理规范). */
import type { Finding } from '../../domain/finding';
import { matchesDiagnosis } from '../normalize/icd';
import { drugOrders, finding, nameOf, type CheckContext } from '../context';
import type { Check } from './check';

function chronicDiagnosis(ctx: CheckContext): string | null {
  const c = ctx.kb.regulations.chronicDiagnoses;
  for (const d of ctx.patient.activeDiagnoses) {
    if (matchesDiagnosis(d, c.icd10, c.keywords)) return d.text ?? d.code ?? null;
  }
  return null;
}

export const supplyDaysCheck: Check = {
  id: 'supply-days',
  types: ['supply-days'],
  doc: '门诊一般不超过 7 日用量、急诊不超过 3 日；慢性病长期处方一般不超过 4 周，最长 12 周（不含抗菌药、麻精药品）。',
  run: (ctx) => {
    const visit = ctx.req.visitType;
    if (visit !== 'AMB' && visit !== 'EMER') return [];
    const r = ctx.kb.regulations.supplyDays;
    const chronic = visit === 'AMB' ? chronicDiagnosis(ctx) : null;
    const extended = visit === 'AMB' ? ctx.kb.regulations.extendedCourses : [];
    const course = extended.find((c) => ctx.patient.activeDiagnoses.some((d) => matchesDiagnosis(d, c.icd10, c.keywords)));
    const out: Finding[] = [];
    for (const o of drugOrders(ctx)) {
      const days = o.input.days;
      if (days === undefined || !(days > 0)) continue;
      // Narcotics and psychotropics have their own limits (处方管理办法 第二十三、二十四条): the controlled check applies them.
      if (o.drug?.controlled) continue;
      // 长期处方管理规范: never for antimicrobials, narcotics, psychotropics.
      const longAllowed = chronic !== null && !o.drug?.antibacterialTier && !o.drug?.controlled;
      let limit = visit === 'EMER' ? r.emergency : r.outpatient;
      let source = r.source;
      if (longAllowed) {
        limit = r.chronicMax;
        source = r.chronicSource;
      }
      // A guideline course (H. pylori 14 days) is not a 7-day violation, antibacterials included.
      if (course && days <= course.maxDays) continue;
      if (days <= limit) continue;
      out.push(finding({
        checkType: 'supply-days', level: r.level, ruleId: `regulation:supply-days:${longAllowed ? 'chronic' : visit}`, orders: [o],
        summary: `${nameOf(o)}用量 ${days} 天，超过${longAllowed ? '长期处方' : visit === 'EMER' ? '急诊' : '门诊'} ${limit} 天`,
        what: `${o.label} 开具 ${days} 天用量。`,
        why: longAllowed ? `慢性病（${chronic}）长期处方最长不超过 ${limit} 天。` : `${visit === 'EMER' ? '急诊处方一般不得超过 3 日用量' : '门诊处方一般不得超过 7 日用量'}；慢性病、老年病或特殊情况可适当延长，但医师应注明理由。`,
        action: '请缩短用量天数，或注明延长理由。', sources: [source], facts: [`就诊类型 ${visit}`, ...(chronic ? [`慢病诊断：${chronic}`] : [])],
      }));
    }
    return out;
  },
};
