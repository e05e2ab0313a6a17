/** 单张门急诊处方超过五种药品 (处方管理办法第六条). */
import { drugOrders, finding } from '../context';
import type { Check } from './check';

export const drugCountCheck: Check = {
  id: 'drug-count',
  types: ['drug-count'],
  doc: '门急诊西药、中成药处方每张不超过 5 种药品（处方管理办法第六条）。',
  run: (ctx) => {
    const visit = ctx.req.visitType;
    if (visit !== 'AMB' && visit !== 'EMER') return [];
    const rule = ctx.kb.regulations.maxDrugsPerPrescription;
    const drugs = drugOrders(ctx);
    if (drugs.length <= rule.value) return [];
    return [finding({
      checkType: 'drug-count', level: rule.level, ruleId: 'regulation:max-drugs', orders: drugs,
      summary: `单张处方 ${drugs.length} 种药品，超过 ${rule.value} 种`,
      what: `本张门急诊处方开具 ${drugs.length} 种药品（不含溶媒）。`, why: `每张处方不得超过 ${rule.value} 种药品。`,
      action: '请拆分为多张处方。', sources: [rule.source], facts: drugs.map((d) => d.label),
    })];
  },
};

