/** 抗菌药物分级管理: prescriber rights by title and institution; 特殊使用级 not in outpatients. */
import type { Finding } from '../../domain/finding';
import { drugOrders, finding, nameOf } from '../context';
import type { Check } from './check';
const TIER_RANK = { none: -1, 'non-restricted': 0, restricted: 1, special: 2 } as const;
const TIER_ZH = { none: '无抗菌药物处方权', 'non-restricted': '非限制使用级', restricted: '限制使用级', special: '特殊使用级' } as const;


export const antibacterialCheck: Check = {
  id: 'antibacterial',
  types: ['antibacterial'],
  doc: '抗菌药物分级管理：处方医师职称与机构级别对应的处方权限；特殊使用级不得在门诊使用。',
  run: (ctx) => {
    const rights = ctx.kb.regulations.antibacterialRights;
    const out: Finding[] = [];
    const title = ctx.req.prescriberTitle?.trim();
    // The tier the institution granted (master data) wins over what the title would allow:
    // rights are granted per person, and a HIS that omits the title must not escape the check.
    const granted = ctx.req.prescriberRights?.antibacterialTier;
    const inst = ctx.req.institutionLevel?.trim();
    for (const o of drugOrders(ctx)) {
      const tier = o.drug?.antibacterialTier?.tier;
      if (!tier) continue;
      let allowed: keyof typeof TIER_RANK | undefined = granted ?? (title ? rights.byTitle[title] : undefined);
      const restrictedInst = inst !== undefined && rights.restrictedInstitutions.includes(inst);
      if (restrictedInst && (allowed === undefined || TIER_RANK[allowed] > 0)) allowed = 'non-restricted';
      if (allowed !== undefined && TIER_RANK[tier] > TIER_RANK[allowed]) {
        out.push(finding({
          checkType: 'antibacterial', level: rights.level, ruleId: `antibacterial:tier:${tier}`, orders: [o],
          summary: `${nameOf(o)}为${TIER_ZH[tier]}抗菌药物，超出${title ?? ''}${restrictedInst ? `（${inst}）` : ''}的处方权限`,
          what: `${nameOf(o)}属${TIER_ZH[tier]}；处方医师${title ?? '职称未知'}${inst ? `，机构：${inst}` : ''}，${granted !== undefined ? `人员档案登记的抗菌药物处方权：${TIER_ZH[granted]}` : `权限至${TIER_ZH[allowed]}`}。`,
          why: '抗菌药物实行分级管理，医师按职称授予相应级别处方权。',
          action: '请由具有相应处方权的医师开具，或改用权限内的抗菌药物；紧急情况越级使用须在 24 小时内补办手续。',
          sources: [rights.source, o.drug!.antibacterialTier!.source], facts: [`职称：${title ?? '未知'}`, ...(inst ? [`机构：${inst}`] : []), ...(granted !== undefined ? [`人员档案抗菌药物处方权：${TIER_ZH[granted]}`] : [])],
        }));
      }
      if (tier === 'special' && (ctx.req.visitType === 'AMB' || ctx.req.visitType === 'EMER')) {
        const s = ctx.kb.regulations.specialTierOutpatient;
        out.push(finding({
          checkType: 'antibacterial', level: s.level, ruleId: 'antibacterial:special-outpatient', orders: [o],
          summary: `${nameOf(o)}为特殊使用级抗菌药物，不得在门诊使用`,
          what: `门急诊处方开具特殊使用级抗菌药物 ${nameOf(o)}。`, why: '特殊使用级抗菌药物不得在门诊使用，使用须经会诊。',
          action: '请改用非特殊使用级药物或收入院经会诊后使用。', sources: [s.source], facts: [`就诊类型 ${ctx.req.visitType}`],
        }));
      }
    }
    return out;
  },
};
