/**
 * 书写规范 (医院处方点评管理规范 不规范处方): no clinical diagnosis on an outpatient
 * prescription (1-10), "遵医嘱" / "自用" as the dose or usage (1-8), a drug line without a dose
 * (1-7), an unreadable frequency (info), a missing birth date (info: infants need 日/月龄, 1-4).
 */
import type { Finding } from '../../domain/finding';
import { drugOrders, finding, nameOf, type CheckContext } from '../context';
import type { Check } from './check';

const VAGUE = /遵医嘱|自用|按说明|遵嘱|医嘱/;

export const prescriptionFormatCheck: Check = {
  id: 'prescription-format',
  types: ['prescription-format'],
  doc: '处方书写规范：无临床诊断、用法用量写“遵医嘱”、缺剂量、频次无法识别、未提供出生日期。',
  run: (ctx: CheckContext) => {
    const rule = ctx.kb.regulations.prescriptionFormat;
    const out: Finding[] = [];
    const visit = ctx.req.visitType;
    // No condition data at all is missing data (skipped); an empty list is a prescription without a diagnosis.
    if ((visit === 'AMB' || visit === 'EMER') && ctx.req.diagnosesProvided !== false && ctx.patient.activeDiagnoses.length === 0) {
      out.push(finding({
        checkType: 'prescription-format', level: rule.level, ruleId: 'format:no-diagnosis', orders: drugOrders(ctx), reviewCode: '1-10',
        summary: '处方未写临床诊断', what: '门急诊处方没有临床诊断。', why: '开具处方应写明临床诊断，药师据此审核用药适宜性。',
        action: '请补充临床诊断。', sources: [rule.source],
      }));
    }
    if (!ctx.req.patient.birthDate) {
      out.push(finding({
        checkType: 'prescription-format', level: 'info', ruleId: 'format:no-birth-date', orders: [], reviewCode: '1-4',
        summary: '未提供患者出生日期，未做年龄相关审核', what: '处方未提供出生日期（婴幼儿应写明日、月龄）。', why: '年龄相关的剂量、禁忌审核需要出生日期。',
        action: '请补充出生日期。', sources: [rule.source],
      }));
    }
    for (const o of drugOrders(ctx)) {
      const vague = [o.input.doseText, o.input.frequencyCode].find((t) => t !== undefined && VAGUE.test(t));
      if (vague !== undefined) {
        out.push(finding({
          checkType: 'prescription-format', level: rule.level, ruleId: 'format:vague-usage', orders: [o], reviewCode: '1-8',
          summary: `${nameOf(o)}用法用量写“${vague}”`, what: `${o.label} 的用法用量为“${vague}”。`, why: '用法、用量不得使用“遵医嘱”“自用”等含糊不清字句。',
          action: '请写明单次剂量、频次与给药途径。', sources: [rule.source],
        }));
        continue;
      }
      if (!o.input.dose && !o.isCarrier) {
        // A dose the caller did not send is missing data: said, never held for review.
        out.push(finding({
          checkType: 'prescription-format', level: 'info', ruleId: 'format:no-dose', orders: [o], reviewCode: '1-7',
          summary: `${nameOf(o)}未写单次剂量`, what: `${o.label} 没有单次剂量。`, why: '药品剂量、单位应书写规范清楚。',
          action: '请补充单次剂量与单位。', sources: [rule.source],
        }));
      }
      if (o.input.frequencyCode && o.frequency === null) {
        out.push(finding({
          checkType: 'prescription-format', level: 'info', ruleId: 'format:unknown-frequency', orders: [o], reviewCode: '1-7',
          summary: `${nameOf(o)}：无法识别的给药频次“${o.input.frequencyCode}”`, what: `频次“${o.input.frequencyCode}”无法识别，未做日剂量审核。`,
          why: '给药频次应使用规范写法。', action: '请使用 qd、bid、tid 等规范频次。', sources: [rule.source],
        }));
      }
    }
    return out;
  },
};
