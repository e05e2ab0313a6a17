/** 无法识别的药品: said as info so the pharmacist knows nothing was checked for that line. */
import { finding, type CheckContext } from '../context';
import type { Check } from './check';

const SOURCE = { kind: 'regulation', title: '医疗机构处方审核规范（2018）', section: '第十四条（适宜性审核）' } as const;

export const unknownDrugCheck: Check = {
  id: 'unknown-drug',
  types: ['unknown-drug'],
  doc: '知识库中无法识别的药品，提示药师该药品未经系统审核。',
  run: (ctx: CheckContext) => ctx.orders.filter((o) => !o.drug && !o.isCarrier).map((o) => finding({
    checkType: 'unknown-drug', level: 'info', ruleId: 'unknown-drug', orders: [o],
    summary: `无法识别的药品：${o.label}，未做系统审核`,
    what: `“${o.label}”${o.input.atc ? `（ATC ${o.input.atc}）` : ''}不在当前规则包的药品知识库中。`,
    why: '系统无法审核未识别的药品，需药师人工审核。', action: '请药师人工审核；管理员可在药品对照中补充对照。',
    sources: [SOURCE], facts: [o.label],
  })),
};
