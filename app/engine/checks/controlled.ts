/**
 * 麻醉药品 / 精神药品: outpatient supply limits of 处方管理办法 第二十三、二十四条 —
 * narcotics and 第一类精神药品: injections one dose, controlled release ≤ 7 days, other forms
 * ≤ 3 days (cancer / chronic pain: 3 / 15 / 7 days); 第二类精神药品 ≤ 7 days.
 */
import type { Finding } from '../../domain/finding';
import { matchesDiagnosis } from '../normalize/icd';
import { isInjectionText, isParenteral } from '../normalize/route';
import { finding, nameOf, systemicDrugOrders } from '../context';
import type { Check } from './check';

/** 第三十八条: only physicians granted the 麻醉药品和第一类精神药品处方资格 may prescribe them. */
const RIGHTS_SOURCE = { kind: 'regulation', title: '麻醉药品和精神药品管理条例（国务院令第442号）', section: '第三十八条' } as const;

const CLASS_ZH = { narcotic: '麻醉药品', 'psychotropic-1': '第一类精神药品', 'psychotropic-2': '第二类精神药品' } as const;

export const controlledCheck: Check = {
  id: 'controlled',
  types: ['narcotic', 'psychotropic'],
  doc: '门急诊麻醉药品、精神药品处方用量限制（处方管理办法第二十三、二十四条）。',
  run: (ctx) => {
    const out: Finding[] = [];
    // Known from master data only: a HIS request never says whether the doctor holds the right.
    if (ctx.req.prescriberRights?.narcotic === false) {
      for (const o of systemicDrugOrders(ctx)) {
        const cls = o.drug.controlled?.class;
        if (cls !== 'narcotic' && cls !== 'psychotropic-1') continue;
        out.push(finding({
          checkType: cls === 'narcotic' ? 'narcotic' : 'psychotropic', level: 'not-recommended', ruleId: `${cls === 'narcotic' ? 'narcotic' : 'psychotropic'}:prescriber-right`, orders: [o],
          summary: `处方医师无麻醉药品和第一类精神药品处方权，不得开具${CLASS_ZH[cls]}${nameOf(o)}`,
          what: `${CLASS_ZH[cls]} ${o.label}；人员档案中该医师未登记麻醉药品和第一类精神药品处方权。`,
          why: '执业医师经培训考核合格、取得麻醉药品和第一类精神药品处方资格后，方可开具该类处方。',
          action: '请由具有麻醉药品和第一类精神药品处方权的医师开具。', sources: [RIGHTS_SOURCE, o.drug.controlled!.source], facts: ['处方权限来源：人员档案（主数据）'],
        }));
      }
    }
    const visit = ctx.req.visitType;
    if (visit !== 'AMB' && visit !== 'EMER') return out;
    const rule = ctx.kb.regulations.controlledSupply;
    const pain = ctx.patient.activeDiagnoses.some((d) => matchesDiagnosis(d, rule.painDiagnoses.icd10, rule.painDiagnoses.keywords));
    for (const o of systemicDrugOrders(ctx)) {
      const cls = o.drug.controlled?.class;
      const days = o.input.days;
      if (!cls || days === undefined) continue;
      const text = o.input.text ?? '';
      let limit: number;
      let form: string;
      if (cls === 'psychotropic-2') {
        limit = rule.psychotropic2Days;
        form = '';
      } else {
        const t = pain ? rule.painPatients : rule.narcoticAndPsychotropic1;
        if (isInjectionText(text) || isParenteral(o.route)) { limit = t.injectionDays; form = '注射剂'; }
        else if (/缓释|控释/.test(text)) { limit = t.controlledReleaseDays; form = '控缓释制剂'; }
        else { limit = t.otherDays; form = '其他剂型'; }
      }
      const exception = rule.exceptions.find((x) => x.drugs.includes(o.drug.id) && ctx.patient.activeDiagnoses.some((d) => matchesDiagnosis(d, x.icd10, x.keywords)));
      if (exception) limit = Math.max(limit, exception.maxDays);
      if (days <= limit) continue;
      const checkType = cls === 'narcotic' ? 'narcotic' : 'psychotropic';
      out.push(finding({
        checkType, level: rule.level, ruleId: `${checkType}:supply:${cls}:${form || 'all'}${pain ? ':pain' : ''}`, orders: [o],
        summary: `${CLASS_ZH[cls]}${nameOf(o)}${form}开具 ${days} 天，超过 ${limit} 天`,
        what: `门急诊${pain ? '（癌痛/慢性疼痛患者）' : ''}${CLASS_ZH[cls]} ${o.label} 开具 ${days} 天用量。`,
        why: `${CLASS_ZH[cls]}${form}每张处方不得超过 ${limit === 1 ? '一次常用量' : `${limit} 日常用量`}。`,
        action: '请按规定减少处方用量。', sources: [pain && cls !== 'psychotropic-2' ? rule.painSource : rule.source, o.drug.controlled!.source], facts: [`天数 ${days}`],
      }));
    }
    return out;
  },
};
