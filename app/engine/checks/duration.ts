/** 疗程: days of therapy beyond the 说明书 course limit. */
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

export const durationCheck: Check = {
  id: 'duration',
  types: ['duration'],
  doc: '疗程超过说明书规定的最长疗程。',
  run: (ctx) => systemicDrugOrders(ctx).flatMap((o) => {
    const limit = o.drug.courseLimit;
    const days = o.input.days;
    if (!limit || days === undefined || days <= limit.maxDays) return [];
    return [finding({
      checkType: 'duration', level: limit.level, ruleId: `duration:${o.drug.id}`, orders: [o],
      summary: `${nameOf(o)}疗程 ${days} 天，超过 ${limit.maxDays} 天`, what: `${o.label} 开具 ${days} 天。`, why: limit.note,
      action: '请按说明书疗程开具，必要时复诊评估后续用。', sources: [limit.source], facts: [`天数 ${days}`],
    })];
  }),
};
