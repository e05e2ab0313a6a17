/** Stable check-type codes (product.md §4) with their Chinese names and default 点评 codes. */
export const CHECK_TYPES = {
  indication: { zh: '适应症', reviewCode: '2-1' },
  contraindication: { zh: '禁忌症', reviewCode: '2-2' },
  compatibility: { zh: '配伍', reviewCode: '2-8' },
  'admixture-concentration': { zh: '配伍浓度/溶媒', reviewCode: '2-5' },
  'ion-concentration': { zh: '注射剂离子浓度', reviewCode: '2-5' },
  allergy: { zh: '药物过敏史', reviewCode: '2-2' },
  age: { zh: '年龄用药', reviewCode: '2-2' },
  sex: { zh: '性别用药', reviewCode: '2-2' },
  pediatric: { zh: '儿童用药', reviewCode: '2-2' },
  pregnancy: { zh: '妊娠期妇女用药', reviewCode: '2-2' },
  lactation: { zh: '哺乳期妇女用药', reviewCode: '2-2' },
  hepatic: { zh: '肝功能不全', reviewCode: '2-5' },
  renal: { zh: '肾功能不全', reviewCode: '2-5' },
  'chronic-disease': { zh: '慢病用药', reviewCode: '2-9' },
  'history-contraindication': { zh: '病史相关禁忌', reviewCode: '2-2' },
  'duplicate-therapy': { zh: '重复用药', reviewCode: '2-7' },
  interaction: { zh: '药物相互作用', reviewCode: '2-8' },
  warning: { zh: '用药警示', reviewCode: '2-9' },
  'above-usual-dose': { zh: '超常规用量', reviewCode: '2-5' },
  overdose: { zh: '超剂量', reviewCode: '2-5' },
  frequency: { zh: '给药频次', reviewCode: '2-5' },
  route: { zh: '给药途径/剂型', reviewCode: '2-3' },
  duration: { zh: '疗程', reviewCode: '2-5' },
  ppi: { zh: '质子泵抑制剂', reviewCode: '2-1' },
  antibacterial: { zh: '抗菌药', reviewCode: '1-14' },
  narcotic: { zh: '麻醉药品', reviewCode: '1-13' },
  psychotropic: { zh: '精神药品', reviewCode: '1-13' },
  'lab-contraindication': { zh: '检验结果用药禁忌', reviewCode: '2-2' },
  'drug-count': { zh: '处方药品数', reviewCode: '1-11' },
  'supply-days': { zh: '用量天数', reviewCode: '1-12' },
  'prescription-format': { zh: '书写规范', reviewCode: '1-10' },
  'unknown-drug': { zh: '无法识别的药品', reviewCode: '' },
} as const satisfies Record<string, { zh: string; reviewCode: string }>;

export type CheckType = keyof typeof CHECK_TYPES;

export function isCheckType(value: unknown): value is CheckType {
  return typeof value === 'string' && Object.hasOwn(CHECK_TYPES, value);
}
