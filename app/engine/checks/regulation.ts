/**
 * Legality and standardization rules of 处方管理办法 and 抗菌药物临床应用管理办法, with their
 * numbers taken from the pack's regulations (each province keeps its own catalogue, so
 * they are data): drug count, supply days, antibacterial tier rights.
 */
import type { Finding } from '../../domain/finding';
import { matchesIcd } from '../normalize/icd';
import { drugOrders, finding, nameOf, type CheckContext } from '../context';
import type { Check } from './check';

const TIER_RANK = { 'non-restricted': 0, restricted: 1, special: 2 } as const;
const TIER_ZH = { 'non-restricted': '非限制使用级', restricted: '限制使用级', special: '特殊使用级' } as const;

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

function chronicDiagnosis(ctx: CheckContext): string | null {
  const c = ctx.kb.regulations.chronicDiagnoses;
  for (const d of ctx.patient.activeDiagnoses) {
    if ((d.code && matchesIcd(d.code, c.icd10)) || (d.text && c.keywords.some((k) => d.text!.includes(k)))) return d.text ?? d.code ?? null;
  }
  return null;
}

export const supplyDaysCheck: Check = {
  id: 'supply-days',
  types: ['supply-days'],
  doc: '门诊一般不超过 7 日用量、急诊不超过 3 日；慢性病长期处方一般不超过 4 周，最长 12 周（不含抗菌药、麻精药品）。',
  run: (ctx) => {
    const visit = ctx.req.visitType;
    if (visit !== 'AMB' && visit !== 'EMER') return [];
    const r = ctx.kb.regulations.supplyDays;
    const chronic = visit === 'AMB' ? chronicDiagnosis(ctx) : null;
    const out: Finding[] = [];
    for (const o of drugOrders(ctx)) {
      const days = o.input.days;
      if (days === undefined || !(days > 0)) continue;
      // 长期处方管理规范: never for antimicrobials, narcotics, psychotropics.
      const longAllowed = chronic !== null && !o.drug?.antibacterialTier && !o.drug?.controlled;
      let limit = visit === 'EMER' ? r.emergency : r.outpatient;
      let source = r.source;
      if (longAllowed) {
        limit = r.chronicMax;
        source = r.chronicSource;
      }
      if (days <= limit) continue;
      out.push(finding({
        checkType: 'supply-days', level: r.level, ruleId: `regulation:supply-days:${longAllowed ? 'chronic' : visit}`, orders: [o],
        summary: `${nameOf(o)}用量 ${days} 天，超过${longAllowed ? '长期处方' : visit === 'EMER' ? '急诊' : '门诊'} ${limit} 天`,
        what: `${o.label} 开具 ${days} 天用量。`,
        why: longAllowed ? `慢性病（${chronic}）长期处方最长不超过 ${limit} 天。` : `${visit === 'EMER' ? '急诊处方一般不得超过 3 日用量' : '门诊处方一般不得超过 7 日用量'}；慢性病、老年病或特殊情况可适当延长，但医师应注明理由。`,
        action: '请缩短用量天数，或注明延长理由。', sources: [source], facts: [`就诊类型 ${visit}`, ...(chronic ? [`慢病诊断：${chronic}`] : [])],
      }));
    }
    return out;
  },
};

export const antibacterialCheck: Check = {
  id: 'antibacterial',
  types: ['antibacterial'],
  doc: '抗菌药物分级管理：处方医师职称与机构级别对应的处方权限；特殊使用级不得在门诊使用。',
  run: (ctx) => {
    const rights = ctx.kb.regulations.antibacterialRights;
    const out: Finding[] = [];
    const title = ctx.req.prescriberTitle?.trim();
    const inst = ctx.req.institutionLevel?.trim();
    for (const o of drugOrders(ctx)) {
      const tier = o.drug?.antibacterialTier?.tier;
      if (!tier) continue;
      let allowed = title ? rights.byTitle[title] : undefined;
      const restrictedInst = inst !== undefined && rights.restrictedInstitutions.includes(inst);
      if (restrictedInst && (allowed === undefined || TIER_RANK[allowed] > 0)) allowed = 'non-restricted';
      if (allowed !== undefined && TIER_RANK[tier] > TIER_RANK[allowed]) {
        out.push(finding({
          checkType: 'antibacterial', level: rights.level, ruleId: `antibacterial:tier:${tier}`, orders: [o],
          summary: `${nameOf(o)}为${TIER_ZH[tier]}抗菌药物，超出${title ?? ''}${restrictedInst ? `（${inst}）` : ''}的处方权限`,
          what: `${nameOf(o)}属${TIER_ZH[tier]}；处方医师${title ?? '职称未知'}${inst ? `，机构：${inst}` : ''}，权限至${TIER_ZH[allowed]}。`,
          why: '抗菌药物实行分级管理，医师按职称授予相应级别处方权。',
          action: '请由具有相应处方权的医师开具，或改用权限内的抗菌药物；紧急情况越级使用须在 24 小时内补办手续。',
          sources: [rights.source, o.drug!.antibacterialTier!.source], facts: [`职称：${title ?? '未知'}`, ...(inst ? [`机构：${inst}`] : [])],
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
