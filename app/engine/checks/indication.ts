/**
 * 适应症: a drug prescribed for none of its indications — only when the prescription has
 * diagnoses (a missing diagnosis is a prescription-format finding, not an indication one),
 * and antibacterials for diagnoses that are usually viral (抗菌药物临床应用指导原则).
 */
import type { Finding } from '../../domain/finding';
import { matchesDiagnosis } from '../normalize/icd';
import { finding, nameOf, systemicDrugOrders, type CheckContext } from '../context';
import type { Check } from './check';

function matches(ctx: CheckContext, icd: readonly string[], keywords: readonly string[]): string | null {
  for (const d of ctx.patient.activeDiagnoses) {
    if (matchesDiagnosis(d, icd, keywords)) return d.text ?? d.code ?? '';
  }
  return null;
}

export const indicationCheck: Check = {
  id: 'indication',
  types: ['indication'],
  doc: '无适应症用药：诊断与药品适应症不符；病毒性感染诊断使用抗菌药物。',
  run: (ctx) => {
    const out: Finding[] = [];
    const dx = ctx.patient.activeDiagnoses;
    if (dx.length === 0) return out;
    const dxText = dx.map((d) => d.text ?? d.code).join('、');
    const viral = ctx.kb.regulations.antibacterialViralDiagnoses;
    for (const o of systemicDrugOrders(ctx)) {
      const ind = o.drug.indications;
      if (ind && matches(ctx, ind.icd10, ind.keywords) === null) {
        out.push(finding({
          checkType: 'indication', level: ind.level, ruleId: `indication:${o.drug.id}`, orders: [o],
          summary: `诊断（${dxText}）与${nameOf(o)}适应症不符`, what: `诊断：${dxText}；开具 ${o.label}。`, why: ind.note,
          action: '请补充相应诊断或核对用药。', sources: [ind.source], facts: [`诊断：${dxText}`], reviewCode: '2-1',
        }));
      }
      if (o.drug.antibacterialTier) {
        const v = matches(ctx, viral.icd10, viral.keywords);
        // Only when no diagnosis suggests a bacterial infection besides the viral one.
        const onlyViral = v !== null && dx.every((d) => matchesDiagnosis(d, viral.icd10, viral.keywords) || !/[JAKLNB]/.test((d.code ?? 'Z')[0]!));
        if (onlyViral) {
          out.push(finding({
            checkType: 'indication', level: viral.level, ruleId: 'indication:antibacterial-viral', orders: [o],
            summary: `${v}多为病毒感染，使用抗菌药物${nameOf(o)}缺乏指征`, what: `诊断：${dxText}；开具抗菌药物 ${o.label}。`,
            why: '诊断为细菌性感染者方有指征应用抗菌药物；病毒性感染不需应用抗菌药物。',
            action: '如有细菌感染证据（如血常规、病原学），请补充诊断；否则不建议使用抗菌药物。', sources: [viral.source], facts: [`诊断：${dxText}`], reviewCode: '2-1',
          }));
        }
      }
    }
    return out;
  },
};
