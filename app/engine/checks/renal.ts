/** 肾功能不全: eGFR (or Cockcroft-Gault CrCl) bands from the 说明书; the most severe band below the value fires. */
import type { Finding } from '../../domain/finding';
import { LEVEL_RANK, LEVEL_ZH } from '../../domain/levels';
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

export const renalCheck: Check = {
  id: 'renal',
  types: ['renal'],
  doc: '按 eGFR（或 Cockcroft-Gault 估算的肌酐清除率）分段的肾功能不全用药限制。',
  run: (ctx) => {
    const renal = ctx.patient.renal;
    if (!renal) return [];
    const out: Finding[] = [];
    for (const o of systemicDrugOrders(ctx)) {
      const fired = o.drug.renal.filter((r) => renal.value < r.egfrBelow);
      if (fired.length === 0) continue;
      const r = fired.reduce((a, b) => (LEVEL_RANK[b.level] > LEVEL_RANK[a.level] || (b.level === a.level && b.egfrBelow < a.egfrBelow) ? b : a));
      out.push(finding({
        checkType: 'renal', level: r.level, ruleId: `renal:${o.drug.id}:<${r.egfrBelow}`, orders: [o],
        summary: `${renal.text}，${nameOf(o)}${LEVEL_ZH[r.level]}`,
        what: `患者${renal.text}，低于 ${r.egfrBelow}；开具 ${o.label}。`, why: r.note,
        action: r.level === 'contraindicated' ? '请停用或更换为不经肾排泄的药物。' : '请按肾功能调整剂量或给药间隔，并监测肾功能。',
        sources: [r.source], facts: [renal.text],
      }));
    }
    return out;
  },
};
