/**
 * 质子泵抑制剂: a PPI needs an indication (质子泵抑制剂临床应用指导原则（2020年版）):
 * acid-related disease, H. pylori, GI bleeding, or prophylaxis with NSAIDs / antithrombotics /
 * corticosteroids. Two PPIs together are a duplicate (duplicate-therapy, via the class).
 */
import type { Finding } from '../../domain/finding';
import { classesOf } from '../../knowledge/indexed';
import { matchesDiagnosis, matchesIcd } from '../normalize/icd';
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

/** Classes whose co-prescription makes PPI prophylaxis reasonable. */
const PROPHYLAXIS_CLASSES = ['nsaids', 'antiplatelets', 'anticoagulants', 'systemic-corticosteroids', 'salicylates'];

export const ppiCheck: Check = {
  id: 'ppi',
  types: ['ppi'],
  doc: '质子泵抑制剂无适应症使用（无酸相关疾病诊断，亦无 NSAIDs/抗栓药/糖皮质激素合用的预防指征）。',
  run: (ctx) => {
    const out: Finding[] = [];
    const ppis = systemicDrugOrders(ctx).filter((o) => o.drug.ppi);
    if (ppis.length === 0 || ctx.patient.activeDiagnoses.length === 0) return out;
    const rule = ctx.kb.regulations.ppiIndications;
    const indicated = ctx.patient.activeDiagnoses.some((d) => matchesDiagnosis(d, rule.icd10, rule.keywords));
    const prophylaxis = [...ctx.orders, ...ctx.current].some((o) => o.drug && [...classesOf(ctx.kb, o.drug.id)].some((c) => PROPHYLAXIS_CLASSES.includes(c)));
    // 能口服者不宜静脉用药: an outpatient IV PPI without bleeding is a route the guideline discourages.
    const bleeding = ctx.patient.activeDiagnoses.some((d) => (d.code && matchesIcd(d.code, ['K92.0-K92.2', 'K25.0', 'K25.4', 'K26.0', 'K26.4', 'K27.0', 'K27.4', 'K28.0', 'K28.4', 'I85.0'])) || (d.text && /出血/.test(d.text)));
    if (ctx.req.visitType === 'AMB' && !bleeding) {
      for (const o of ppis.filter((x) => x.route === 'iv')) {
        out.push(finding({
          checkType: 'ppi', level: rule.level, ruleId: 'ppi:iv-outpatient', orders: [o],
          summary: `门诊静脉使用质子泵抑制剂${nameOf(o)}`, what: `门诊患者静脉使用 ${o.label}，无消化道出血等需静脉给药的诊断。`,
          why: '能口服的患者应优先口服 PPI，静脉 PPI 用于不能口服或急性上消化道出血等情况。',
          action: '请改为口服制剂。', sources: [rule.source], reviewCode: '2-3',
        }));
      }
    }
    if (indicated || prophylaxis) return out;
    const dxText = ctx.patient.activeDiagnoses.map((d) => d.text ?? d.code).join('、');
    for (const o of ppis) {
      out.push(finding({
        checkType: 'ppi', level: rule.level, ruleId: 'ppi:no-indication', orders: [o],
        summary: `${nameOf(o)}无适应症（诊断：${dxText}）`, what: `诊断：${dxText}；开具质子泵抑制剂 ${o.label}，无酸相关疾病诊断或预防用药指征。`,
        why: 'PPI 应用于消化性溃疡、胃食管反流病、幽门螺杆菌根除、上消化道出血及高危患者的预防；无指征使用增加感染、骨折等风险与费用。',
        action: '请补充适应症诊断，或停用质子泵抑制剂。', sources: [rule.source], facts: [`诊断：${dxText}`], reviewCode: '2-1',
      }));
    }
    return out;
  },
};
