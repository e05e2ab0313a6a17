/**
 * The nine data sets of finished visits for 处方点评 (seed 002 §3.6.4.1): 就诊, 病历,
 * 基本信息, 诊断, 处方, 医嘱明细, 检验, 检验明细, 检查. Each record is validated on its own,
 * keyed by a natural key for insert-or-update, and named after WS 363/WS 445 data elements
 * where one exists.
 */
import { z } from 'zod';
import { isValidIdCard } from './id-card';

const text = (max: number) => z.string().trim().min(1).max(max);
const num = z.number().finite();
const when = z.iso.datetime({ offset: true });

export const DATASETS = {
  visit: {
    zh: '就诊',
    schema: z.object({
      visitNo: text(64).describe('就诊流水号（门诊号/住院号）'),
      patientId: text(64).describe('患者 ID（本机构）'),
      visitType: z.enum(['AMB', 'EMER', 'IMP']).describe('就诊类型'),
      visitAt: when.describe('就诊（入院）时间'),
      dischargeAt: when.optional().describe('出院时间'),
      departmentCode: text(64).optional().describe('科室编码'),
      departmentName: text(64).optional().describe('科室名称'),
      doctorCode: text(64).optional().describe('接诊医生工号'),
      doctorName: text(64).optional().describe('接诊医生姓名'),
    }),
    key: (r: { visitNo: string }) => r.visitNo,
  },
  'medical-record': {
    zh: '病历',
    schema: z.object({
      visitNo: text(64).describe('就诊流水号'),
      chiefComplaint: z.string().max(2000).optional().describe('主诉'),
      presentIllness: z.string().max(10000).optional().describe('现病史'),
      pastHistory: z.string().max(5000).optional().describe('既往史'),
      allergyHistory: z.string().max(2000).optional().describe('过敏史'),
      physicalExam: z.string().max(10000).optional().describe('体格检查'),
    }),
    key: (r: { visitNo: string }) => r.visitNo,
  },
  patient: {
    zh: '基本信息',
    schema: z.object({
      patientId: text(64).describe('患者 ID（本机构）'),
      name: text(64).describe('姓名'),
      sex: z.enum(['male', 'female', 'unknown']).describe('性别'),
      birthDate: z.iso.date().describe('出生日期'),
      idCardNo: z.string().refine(isValidIdCard, '身份证号校验位错误或格式无效').optional().describe('居民身份证号（GB 11643 校验）'),
      phone: z.string().regex(/^[0-9+\-\s]{5,20}$/, '电话号码格式无效').optional().describe('联系电话'),
      address: z.string().max(200).optional().describe('住址'),
    }),
    key: (r: { patientId: string }) => r.patientId,
  },
  diagnosis: {
    zh: '诊断',
    schema: z.object({
      visitNo: text(64).describe('就诊流水号'),
      seq: z.number().int().min(1).max(999).describe('诊断序号'),
      code: z.string().regex(/^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/, 'ICD-10 编码格式无效，如 I10、E11.9').describe('ICD-10 编码'),
      name: text(200).describe('诊断名称'),
      type: z.enum(['main', 'secondary']).default('secondary').describe('主要/次要诊断'),
    }),
    key: (r: { visitNo: string; seq: number }) => `${r.visitNo}#${r.seq}`,
  },
  prescription: {
    zh: '处方',
    schema: z.object({
      visitNo: text(64).describe('就诊流水号'),
      prescriptionNo: text(64).describe('处方号'),
      prescribedAt: when.describe('开方时间'),
      doctorCode: text(64).describe('医生工号'),
      doctorName: text(64).optional().describe('医生姓名'),
      doctorTitle: text(32).optional().describe('医生职称'),
      departmentName: text(64).optional().describe('科室'),
      amount: num.min(0).max(1e7).optional().describe('处方金额（元）'),
    }),
    key: (r: { prescriptionNo: string }) => r.prescriptionNo,
  },
  'order-item': {
    zh: '医嘱明细',
    schema: z.object({
      visitNo: text(64).describe('就诊流水号'),
      prescriptionNo: text(64).describe('处方号'),
      itemNo: text(32).describe('明细序号'),
      drugCode: text(64).optional().describe('本机构药品编码'),
      atc: z.string().regex(/^[A-Z]\d{2}[A-Z]{2}\d{2}$/, 'ATC 代码格式无效').optional().describe('ATC'),
      drugName: text(200).describe('药品名称（通用名+剂型+规格）'),
      dose: num.positive().max(1e7).optional().describe('单次剂量'),
      doseUnit: text(16).optional().describe('剂量单位'),
      frequency: text(32).optional().describe('频次'),
      route: text(32).optional().describe('给药途径'),
      days: num.positive().max(3650).optional().describe('天数'),
      quantity: num.positive().max(1e6).optional().describe('数量'),
      quantityUnit: text(16).optional().describe('数量单位'),
      amount: num.min(0).max(1e7).optional().describe('金额（元）'),
      groupNo: text(32).optional().describe('组号'),
    }),
    key: (r: { prescriptionNo: string; itemNo: string }) => `${r.prescriptionNo}#${r.itemNo}`,
  },
  'lab-report': {
    zh: '检验',
    schema: z.object({
      visitNo: text(64).describe('就诊流水号'),
      reportNo: text(64).describe('检验报告单号'),
      name: text(100).describe('检验项目组合名称'),
      reportedAt: when.describe('报告时间'),
    }),
    key: (r: { reportNo: string }) => r.reportNo,
  },
  'lab-item': {
    zh: '检验明细',
    schema: z.object({
      reportNo: text(64).describe('检验报告单号'),
      itemNo: text(32).describe('明细序号'),
      code: text(32).optional().describe('LOINC 或平台检验项目编码'),
      name: text(100).describe('检验项目名称'),
      value: z.union([num, text(64)]).describe('结果（数值或文字）'),
      unit: text(32).optional().describe('单位'),
      referenceRange: z.string().max(64).optional().describe('参考范围'),
      abnormalFlag: z.enum(['H', 'L', 'N', 'A']).optional().describe('异常标志'),
    }),
    key: (r: { reportNo: string; itemNo: string }) => `${r.reportNo}#${r.itemNo}`,
  },
  exam: {
    zh: '检查',
    schema: z.object({
      visitNo: text(64).describe('就诊流水号'),
      examNo: text(64).describe('检查报告单号'),
      type: text(64).describe('检查类别（如 CT、超声、心电图）'),
      part: z.string().max(100).optional().describe('检查部位'),
      findings: z.string().max(10000).optional().describe('检查所见'),
      conclusion: z.string().max(5000).optional().describe('检查结论'),
      reportedAt: when.describe('报告时间'),
    }),
    key: (r: { examNo: string }) => r.examNo,
  },
} as const;

export type DatasetName = keyof typeof DATASETS;
export const DATASET_NAMES = Object.keys(DATASETS) as DatasetName[];

export function isDatasetName(s: string): s is DatasetName {
  return Object.hasOwn(DATASETS, s);
}
