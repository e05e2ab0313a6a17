/**
 * The HIS-native JSON API (interop.md: the team designs it). Chinese HIS systems send 处方 +
 * 明细 + 组号 + 规格 strings, not FHIR; this is that shape, documented field by field in
 * Chinese (served as OpenAPI by the platform) and mapped onto the engine's ReviewRequest.
 */
import { z } from 'zod';
import type { OrderInput, ReviewRequest, Sex } from '../domain/review-request';

const text = (max: number) => z.string().trim().min(1).max(max);
const finite = z.number().finite();

export const hisItemSchema = z.object({
  itemNo: text(64).describe('明细序号（处方内唯一）'),
  drugCode: text(64).optional().describe('本机构药品编码（经药品对照映射到平台目录）'),
  atc: z.string().regex(/^[A-Z]\d{2}[A-Z]{2}\d{2}$/, 'ATC 代码格式应为 7 位，如 J01CA04').optional().describe('WHO ATC 代码'),
  drugName: text(200).describe('药品名称：通用名 + 剂型 + 规格，如“阿莫西林胶囊 0.25g”“10%氯化钾注射液 10ml:1g”'),
  dose: finite.positive().max(1e7).optional().describe('单次剂量数值'),
  doseUnit: text(16).optional().describe('单次剂量单位：g、mg、μg、ml、IU、U、万U、片、粒、支、袋……'),
  doseText: text(64).optional().describe('无法用数值表达的剂量（如“遵医嘱”），将被提示为不规范'),
  frequency: text(32).optional().describe('给药频次：qd、bid、tid、qid、q8h、qn、qod、qw、st、prn 或中文“每日三次”'),
  route: text(32).optional().describe('给药途径：口服、静脉滴注、肌内注射、皮下注射…… 或 po、ivgtt、im、ih'),
  days: finite.positive().max(3650).optional().describe('用药天数'),
  quantity: finite.positive().max(1e6).optional().describe('发药数量'),
  quantityUnit: text(16).optional().describe('发药单位（盒、瓶、支……）'),
  groupNo: text(32).optional().describe('组号：同组药品在同一输液袋中混合'),
});
export type HisItem = z.infer<typeof hisItemSchema>;

export const hisCurrentMedicationSchema = hisItemSchema.extend({
  institutionName: text(100).optional().describe('开具机构名称'),
});

export const hisCheckRequestSchema = z.object({
  institutionCode: text(64).optional().describe('机构编码；机构专属密钥可省略，县级集成密钥必填'),
  prescriptionNo: text(64).describe('处方号（本机构内唯一）；同一处方号再次提交即为修改后的新版本'),
  prescriptionType: z.enum(['outpatient', 'inpatient', 'internet']).default('outpatient').describe('处方类别：outpatient 门急诊处方，inpatient 住院医嘱，internet 互联网医院电子处方'),
  prescribedAt: z.iso.datetime({ offset: true }).describe('开方时间（ISO 8601，含时区）'),
  visit: z.object({
    visitNo: text(64).describe('就诊号 / 住院号'),
    visitType: z.enum(['AMB', 'EMER', 'IMP']).describe('就诊类型：AMB 门诊，EMER 急诊，IMP 住院'),
    departmentCode: text(64).optional().describe('科室编码'),
    departmentName: text(64).optional().describe('科室名称'),
  }).describe('就诊信息'),
  doctor: z.object({
    code: text(64).describe('医生工号'),
    name: text(64).describe('医生姓名'),
    title: text(32).optional().describe('职称：住院医师、主治医师、副主任医师、主任医师、执业助理医师、乡村医生'),
  }).describe('开方医生'),
  patient: z.object({
    patientId: text(64).describe('患者在本机构的 ID'),
    name: text(64).optional().describe('患者姓名'),
    sex: z.enum(['male', 'female', 'unknown', 'M', 'F', '男', '女']).optional().describe('性别'),
    birthDate: z.iso.date().optional().describe('出生日期（YYYY-MM-DD；婴幼儿必须精确到日）'),
    idCardNo: z.string().regex(/^\d{17}[\dXx]$/, '身份证号应为 18 位').optional().describe('身份证号'),
    weightKg: finite.positive().max(500).optional().describe('体重（kg）'),
    heightCm: finite.positive().max(300).optional().describe('身高（cm）'),
    pregnant: z.boolean().optional().describe('是否妊娠'),
    lactating: z.boolean().optional().describe('是否哺乳'),
  }).describe('患者信息'),
  diagnoses: z.array(z.object({
    code: text(32).optional().describe('ICD-10 诊断编码'),
    name: text(200).optional().describe('诊断名称'),
    status: z.enum(['active', 'resolved']).default('active').describe('active 当前诊断，resolved 既往史'),
  })).max(100).default([]).describe('诊断（含既往史）'),
  allergies: z.array(z.object({
    name: text(100).describe('过敏药物或类别，如 青霉素、头孢菌素类、磺胺类'),
    atc: z.string().optional().describe('过敏药物 ATC 代码（可选）'),
  })).max(100).default([]).describe('过敏史'),
  labs: z.array(z.object({
    code: text(32).optional().describe('LOINC 编码（如有）'),
    name: text(100).describe('检验项目名称，如 肌酐、估算肾小球滤过率、钾'),
    value: finite.describe('结果数值'),
    unit: text(32).optional().describe('单位'),
    at: z.iso.datetime({ offset: true }).optional().describe('报告时间'),
  })).max(500).default([]).describe('检验结果'),
  items: z.array(hisItemSchema).min(1, '处方至少包含一条药品明细').max(200).describe('处方明细'),
  currentMedications: z.array(hisCurrentMedicationSchema).max(200).default([]).describe('患者在用药品（本机构其他处方；平台会自动补充医共体内其他机构的在用药品）'),
}).superRefine((r, ctx) => {
  const seen = new Set<string>();
  r.items.forEach((it, i) => {
    if (seen.has(it.itemNo)) ctx.addIssue({ code: 'custom', path: ['items', i, 'itemNo'], message: `明细序号 ${it.itemNo} 重复` });
    seen.add(it.itemNo);
    if (it.dose !== undefined && it.doseUnit === undefined) ctx.addIssue({ code: 'custom', path: ['items', i, 'doseUnit'], message: '有剂量数值时必须给出剂量单位' });
  });
});
export type HisCheckRequest = z.infer<typeof hisCheckRequestSchema>;

export function hisSex(s: HisCheckRequest['patient']['sex']): Sex | undefined {
  if (s === 'male' || s === 'M' || s === '男') return 'male';
  if (s === 'female' || s === 'F' || s === '女') return 'female';
  if (s === 'unknown') return 'unknown';
  return undefined;
}

export function orderFromHisItem(it: HisItem, prefix: string, institution?: string): OrderInput {
  return {
    ref: `${prefix}/${it.itemNo}`,
    text: it.drugName,
    atc: it.atc,
    catalogCode: it.drugCode,
    dose: it.dose !== undefined ? { value: it.dose, unit: it.doseUnit } : undefined,
    doseText: it.doseText,
    frequencyCode: it.frequency,
    route: it.route,
    days: it.days,
    quantity: it.quantity !== undefined ? { value: it.quantity, unit: it.quantityUnit } : undefined,
    group: it.groupNo,
    institution,
  };
}

/** Maps a HIS submission onto the engine input; `extraCurrent` are medicines the data center knows. */
export function hisToReviewRequest(r: HisCheckRequest, ctx: { institutionLevel?: string | undefined; institutionCode?: string | undefined; extraCurrent?: readonly OrderInput[] }): ReviewRequest {
  return {
    authoredOn: r.prescribedAt,
    patient: {
      sex: hisSex(r.patient.sex),
      birthDate: r.patient.birthDate,
      weightKg: r.patient.weightKg,
      heightCm: r.patient.heightCm,
      pregnant: r.patient.pregnant,
      lactating: r.patient.lactating,
    },
    diagnoses: r.diagnoses.map((d) => ({ code: d.code, text: d.name, status: d.status })),
    allergies: r.allergies.map((a) => ({ text: a.name, atc: a.atc })),
    observations: r.labs.map((l) => ({ loinc: l.code, text: l.name, value: l.value, unit: l.unit, at: l.at })),
    prescriberTitle: r.doctor.title,
    institutionLevel: ctx.institutionLevel,
    institutionCode: ctx.institutionCode ?? r.institutionCode,
    departmentName: r.visit.departmentName,
    visitType: r.visit.visitType,
    orders: r.items.map((it) => orderFromHisItem(it, 'item')),
    currentMedications: [
      ...r.currentMedications.map((it) => orderFromHisItem(it, 'current', it.institutionName)),
      ...(ctx.extraCurrent ?? []),
    ],
  };
}

export const hisResultQuerySchema = z.object({
  institutionCode: text(64).optional().describe('机构编码（县级集成密钥必填）'),
  wait: z.coerce.number().int().min(0).max(60).default(0).describe('长轮询等待秒数（0–60）；药师审核完成或超时即返回'),
});

export const hisCancelSchema = z.object({
  institutionCode: text(64).optional().describe('机构编码（县级集成密钥必填）'),
  doctorCode: text(64).optional().describe('操作医生工号'),
  reason: z.string().trim().max(500).default('').describe('取消原因'),
});

/** Doctor reply or appeal (回复 / 申诉) from the HIS, seed 002 §3.6.4.2. */
export const hisReplySchema = z.object({
  institutionCode: text(64).optional().describe('机构编码（县级集成密钥必填）'),
  kind: z.enum(['reply', 'appeal']).describe('reply 回复（说明修改或用药理由）；appeal 申诉（对驳回结果有异议）'),
  doctorCode: text(64).describe('医生工号'),
  doctorName: text(64).optional().describe('医生姓名'),
  text: text(1000).describe('回复或申诉内容'),
});

export const hisDoubleSignSchema = z.object({
  institutionCode: text(64).optional().describe('机构编码（县级集成密钥必填）'),
  doctorCode: text(64).describe('双签医生工号'),
  doctorName: text(64).optional().describe('双签医生姓名'),
  reason: text(500).describe('双签理由（必填，医生对用药负责）'),
});
