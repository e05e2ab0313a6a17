/** 禁忌症 / 病史相关禁忌 / 慢病用药: diagnosis rules (ICD-10 ranges and Chinese names). */
import type { Finding } from '../../domain/finding';
import { LEVEL_ZH } from '../../domain/levels';
import { matchesDiagnosis } from '../normalize/icd';
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

export const diagnosisCheck: Check = {
  id: 'diagnosis',
  types: ['contraindication', 'history-contraindication', 'chronic-disease'],
  doc: '诊断（ICD-10 及中文诊断名）相关的禁忌症、病史禁忌与慢病用药。',
  run: (ctx) => {
    const out: Finding[] = [];
    for (const o of systemicDrugOrders(ctx)) {
      for (const r of o.drug.diagnoses) {
        const hit = (d: { code?: string | undefined; text?: string | undefined }) => matchesDiagnosis(d, r.icd10, r.keywords);
        const historyRule = r.includeHistory || r.checkType === 'history-contraindication';
        let dx = ctx.patient.activeDiagnoses.find(hit);
        let level = r.level;
        let checkType = r.checkType;
        if (!dx) {
          dx = ctx.patient.historyDiagnoses.find(hit);
          if (!dx) continue;
          // A resolved condition that contraindicates the drug is a 病史相关禁忌: one level
          // below the active condition unless the rule itself is about history.
          if (!historyRule) {
            checkType = 'history-contraindication';
            level = r.level === 'contraindicated' ? 'not-recommended' : r.level === 'not-recommended' ? 'caution' : r.level;
            if (r.checkType === 'chronic-disease') continue;
          }
        }
        const dxText = `${dx.text ?? ''}${dx.code ? `（${dx.code}）` : ''}`;
        out.push(finding({
          checkType, level, ruleId: `${checkType}:${o.drug.id}:${r.icd10[0]}`, orders: [o],
          summary: `${dx.status === 'active' ? '诊断' : '病史'}${dxText}，${nameOf(o)}${LEVEL_ZH[level]}`,
          what: `患者${dx.status === 'active' ? '诊断' : '既往史'}：${dxText}；开具 ${o.label}。`, why: r.note,
          action: level === 'contraindicated' ? '请更换药物。' : '请评估风险，必要时更换药物或加强监测。', sources: [r.source], facts: [dxText],
        }));
      }
    }
    return out;
  },
};

