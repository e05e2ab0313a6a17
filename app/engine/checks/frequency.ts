/** 给药频次: administrations a day above the 说明书 limit for the route / form (e.g. a long-acting drug given tid). */
import { LEVEL_ZH } from '../../domain/levels';
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

export const frequencyCheck: Check = {
  id: 'frequency',
  types: ['frequency'],
  doc: '给药频次超过说明书规定（按给药途径与剂型，如缓释制剂）。',
  run: (ctx) => systemicDrugOrders(ctx).flatMap((o) => {
    const times = o.frequency?.timesPerDay;
    if (times === null || times === undefined || o.frequency?.once || o.route === null) return [];
    const limit = o.drug.frequencyLimits.find((l) => l.routes.includes(o.route!) && (l.textIncludes === undefined || (o.input.text ?? '').includes(l.textIncludes)) && times > l.maxTimesPerDay + 1e-9);
    if (!limit) return [];
    return [finding({
      checkType: 'frequency', level: limit.level, ruleId: `frequency:${o.drug.id}:${limit.maxTimesPerDay}`, orders: [o],
      summary: `${nameOf(o)}给药频次 ${o.frequency?.text}（每日 ${Math.round(times * 100) / 100} 次），超过每日 ${limit.maxTimesPerDay} 次`,
      what: `${o.label} 按 ${o.frequency?.text} 给药，说明书规定每日不超过 ${limit.maxTimesPerDay} 次（${LEVEL_ZH[limit.level]}）。`,
      why: limit.note, action: '请按说明书调整给药频次。', sources: [limit.source], facts: [`频次 ${o.frequency?.text}`],
    })];
  }),
};
