/**
 * The data center's contracts (issue #4): master data records the HIS uploads, local code
 * items and their mapping to the platform catalogs, and the EMPI steward's queue. One zod
 * schema per message; the platform validates with them, the renderer parses with them.
 */
import { z } from 'zod';
import { isValidIdCard } from '../interop/id-card';

const text = (max: number) => z.string().trim().min(1).max(max);

/** 职称 (卫生专业技术资格): physicians, pharmacists, and the grassroots titles HIS systems send. */
export const STAFF_TITLES = [
  '住院医师', '主治医师', '副主任医师', '主任医师', '医师', '执业助理医师', '乡村医生',
  '药士', '药师', '主管药师', '副主任药师', '主任药师',
  '护士', '护师', '主管护师', '副主任护师', '主任护师',
] as const;

/** 抗菌药物处方权 (抗菌药物临床应用管理办法 第二十四条); none = not granted. */
export const ANTIBACTERIAL_TIERS = ['none', 'non-restricted', 'restricted', 'special'] as const;
export type AntibacterialGrant = (typeof ANTIBACTERIAL_TIERS)[number];
export const ANTIBACTERIAL_TIER_ZH: Readonly<Record<AntibacterialGrant, string>> = {
  none: '无', 'non-restricted': '非限制使用级', restricted: '限制使用级', special: '特殊使用级',
};

export const departmentRecordSchema = z.object({
  code: text(64).describe('科室编码（本机构内唯一）'),
  name: text(64).describe('科室名称'),
  category: text(32).optional().describe('科室类别，如 内科、外科、儿科、全科'),
  active: z.boolean().default(true).describe('是否启用'),
});
export type DepartmentRecord = z.infer<typeof departmentRecordSchema>;

export const staffRecordSchema = z.object({
  code: text(64).describe('工号（本机构内唯一，与处方中的医生工号一致）'),
  name: text(64).describe('姓名'),
  idCardNo: z.string().trim().refine(isValidIdCard, '身份证号校验位错误或格式无效').optional().describe('居民身份证号（GB 11643 校验；平台只保存其哈希）'),
  title: z.enum(STAFF_TITLES).describe(`职称：${STAFF_TITLES.join('、')}`),
  departmentCode: text(64).optional().describe('所属科室编码'),
  prescribingRight: z.boolean().describe('是否具有处方权'),
  antibacterialTier: z.enum(ANTIBACTERIAL_TIERS).default('none').describe('抗菌药物处方权（《抗菌药物临床应用管理办法》第二十四条）：none 无，non-restricted 非限制使用级，restricted 限制使用级，special 特殊使用级'),
  narcoticRight: z.boolean().default(false).describe('麻醉药品和第一类精神药品处方权（《麻醉药品和精神药品管理条例》第三十八条）'),
  active: z.boolean().default(true).describe('是否在职'),
});
export type StaffRecord = z.infer<typeof staffRecordSchema>;

export const CODE_KINDS = ['drug', 'diagnosis', 'lab', 'department'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];
export const CODE_KIND_ZH: Readonly<Record<CodeKind, string>> = { drug: '药品', diagnosis: '诊断', lab: '检验项目', department: '科室' };

export const codeItemRecordSchema = z.object({
  kind: z.enum(CODE_KINDS).describe('编码类别：drug 药品，diagnosis 诊断，lab 检验项目，department 科室'),
  code: text(64).describe('本机构编码'),
  name: text(200).describe('本机构名称（药品为通用名+剂型，如“阿莫西林胶囊”）'),
  spec: text(64).optional().describe('规格，如 0.25g、10ml:1g'),
  manufacturer: text(100).optional().describe('生产企业'),
  atc: z.string().regex(/^[A-Z]\d{2}[A-Z]{2}\d{2}$/, 'ATC 代码格式应为 7 位，如 J01CA04').optional().describe('WHO ATC 代码（如有）'),
});
export type CodeItemRecord = z.infer<typeof codeItemRecordSchema>;

export const mappingStatusSchema = z.enum(['unmapped', 'confirmed']);

export const suggestionSchema = z.object({
  targetCode: z.string(),
  targetName: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
  rejected: z.boolean(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

export const codeItemSchema = z.object({
  institutionId: z.string(),
  institutionName: z.string(),
  kind: z.enum(CODE_KINDS),
  code: z.string(),
  name: z.string().nullable(),
  spec: z.string().nullable(),
  manufacturer: z.string().nullable(),
  source: z.string(),
  status: mappingStatusSchema,
  target: z.object({ code: z.string(), name: z.string().nullable(), decidedBy: z.string().nullable(), decidedAt: z.string() }).nullable(),
  seenCount: z.number().int(),
  lastSeen: z.string(),
});
export type CodeItem = z.infer<typeof codeItemSchema>;
export const codeItemListSchema = z.object({ items: z.array(codeItemSchema), total: z.number().int() });
export type CodeItemList = z.infer<typeof codeItemListSchema>;

export const codeItemQuerySchema = z.object({
  institutionId: z.string().max(64).optional(),
  kind: z.enum(CODE_KINDS).optional(),
  status: mappingStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const itemKeySchema = z.object({ institutionId: text(64), kind: z.enum(CODE_KINDS), code: text(64) });
export const mappingDecisionSchema = itemKeySchema.extend({
  decision: z.enum(['confirm', 'reject']).describe('confirm 确认为该目标；reject 否决该建议'),
  targetCode: text(64).describe('平台目录编码（药品 ID、ICD-10、LOINC/平台检验编码、平台科室）'),
});
export type MappingDecision = z.infer<typeof mappingDecisionSchema>;

export const suggestionListSchema = z.object({ suggestions: z.array(suggestionSchema) });

export const unmappedReportSchema = z.object({
  rows: z.array(z.object({
    institutionId: z.string(), institutionName: z.string(), kind: z.enum(CODE_KINDS),
    items: z.number().int(), occurrences: z.number().int(), firstSeen: z.string(), lastSeen: z.string(),
    example: z.object({ code: z.string(), name: z.string().nullable() }),
  })),
});
export type UnmappedReport = z.infer<typeof unmappedReportSchema>;

export const institutionOptionSchema = z.object({ id: z.string(), code: z.string(), name: z.string(), level: z.string(), region: z.string().nullable() });
export const institutionListSchema = z.object({ institutions: z.array(institutionOptionSchema) });

// EMPI steward
export const empiPersonSchema = z.object({
  id: z.string(), name: z.string().nullable(), sex: z.string().nullable(), birthDate: z.string().nullable(), hasIdCard: z.boolean(),
  mergedInto: z.string().nullable(),
  records: z.array(z.object({ patientId: z.string(), institution: z.string(), hisPatientId: z.string(), phone: z.string().nullable() })),
});
export type EmpiPerson = z.infer<typeof empiPersonSchema>;
export const empiQueueSchema = z.object({
  pairs: z.array(z.object({ id: z.string(), score: z.number(), breakdown: z.array(z.object({ field: z.string(), outcome: z.string(), weight: z.number() })), createdAt: z.string(), a: empiPersonSchema, b: empiPersonSchema })),
});
export type EmpiQueue = z.infer<typeof empiQueueSchema>;
export const empiMergeSchema = z.object({
  survivorId: text(64).describe('保留的人员 ID'),
  mergedId: text(64).describe('被合并的人员 ID'),
  reason: text(500).describe('合并理由'),
  candidateId: text(64).optional().describe('来自疑似重复队列时的队列项 ID'),
});
export const empiNotSameSchema = z.object({ reason: z.string().trim().max(500).default('') });
export const empiSplitSchema = z.object({ mergeId: text(64).describe('要撤销的合并记录 ID'), reason: text(500).describe('拆分理由') });
export const empiHistorySchema = z.object({
  entries: z.array(z.object({ id: z.string(), action: z.string(), survivorId: z.string(), mergedId: z.string(), patientIds: z.array(z.string()), mergeId: z.string().nullable(), score: z.number().nullable(), actorName: z.string().nullable(), reason: z.string().nullable(), at: z.string(), undone: z.boolean() })),
});
export type EmpiHistory = z.infer<typeof empiHistorySchema>;
