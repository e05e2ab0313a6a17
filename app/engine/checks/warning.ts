/** 用药警示: high-alert drugs and skin tests — info reminders, they never hold a prescription. */
import type { Finding } from '../../domain/finding';
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

export const warningCheck: Check = {
  id: 'warning',
  types: ['warning'],
  doc: '高警示药品与需皮试药品的提示（info：未违反规则，仅提醒）。',
  run: (ctx) => {
    const out: Finding[] = [];
    for (const o of systemicDrugOrders(ctx)) {
      if (o.drug.highAlert) {
        out.push(finding({
          checkType: 'warning', level: 'info', ruleId: `warning:high-alert:${o.drug.id}`, orders: [o],
          summary: `${nameOf(o)}为高警示药品`, what: `${o.label} 属高警示药品。`, why: o.drug.highAlert.note,
          action: '请双人核对剂量、浓度与给药途径。', sources: [o.drug.highAlert.source],
        }));
      }
      if (o.drug.skinTest) {
        out.push(finding({
          checkType: 'warning', level: 'info', ruleId: `warning:skin-test:${o.drug.id}`, orders: [o],
          summary: `${nameOf(o)}用药前需皮试`, what: `${o.label} 使用前应进行皮肤过敏试验。`, why: o.drug.skinTest.note,
          action: '请确认皮试结果阴性后用药。', sources: [o.drug.skinTest.source],
        }));
      }
    }
    return out;
  },
};
