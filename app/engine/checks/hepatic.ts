/** 肝功能不全: liver disease diagnoses or ALT/AST above 3 × ULN. */
import { LEVEL_ZH } from '../../domain/levels';
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

export const hepaticCheck: Check = {
  id: 'hepatic',
  types: ['hepatic'],
  doc: '肝功能不全（肝病诊断或 ALT/AST > 3 倍正常上限）时的用药限制。',
  run: (ctx) => {
    const h = ctx.patient.hepaticImpairment;
    if (!h) return [];
    return systemicDrugOrders(ctx).filter((o) => o.drug.hepatic).map((o) => finding({
      checkType: 'hepatic', level: o.drug.hepatic!.level, ruleId: `hepatic:${o.drug.id}`, orders: [o],
      summary: `肝功能不全（${h}），${nameOf(o)}${LEVEL_ZH[o.drug.hepatic!.level]}`,
      what: `患者肝功能不全：${h}；开具 ${o.label}。`, why: o.drug.hepatic!.note,
      action: '请评估肝功能后调整或更换药物，并监测肝功能。', sources: [o.drug.hepatic!.source], facts: [h],
    }));
  },
};
