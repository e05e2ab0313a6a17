/**
 * The workstation ⇄ platform contract (internal API, the team's to design). One zod schema
 * per message: the platform validates with them, the renderer parses with them, MSW
 * handlers in component tests are built from them.
 */
import { z } from 'zod';
import { CHECK_TYPES } from '../domain/check-types';
import { REVIEW_STATUSES } from '../domain/decide';
import { LEVELS } from '../domain/levels';

export const roleSchema = z.enum(['pharmacist', 'doctor', 'qa', 'admin', 'supervisor']);
export type Role = z.infer<typeof roleSchema>;

export const ROLE_ZH: Readonly<Record<Role, string>> = {
  pharmacist: '审方药师',
  doctor: '医生',
  qa: '点评药师',
  admin: '管理员',
  supervisor: '监管人员',
};

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  institutionId: z.string().nullable(),
  institutionName: z.string().nullable(),
});
export type User = z.infer<typeof userSchema>;

export const loginRequestSchema = z.object({
  username: z.string().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({ token: z.string(), expiresAt: z.string(), user: userSchema });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

const level = z.enum(LEVELS);
const checkType = z.enum(Object.keys(CHECK_TYPES) as [keyof typeof CHECK_TYPES, ...(keyof typeof CHECK_TYPES)[]]);
export const reviewStatusSchema = z.enum(REVIEW_STATUSES);

export const taskSummarySchema = z.object({
  id: z.string(),
  prescriptionId: z.string(),
  prescriptionNo: z.string(),
  version: z.number().int(),
  status: reviewStatusSchema,
  institutionName: z.string(),
  departmentName: z.string().nullable(),
  doctorName: z.string().nullable(),
  patientName: z.string().nullable(),
  patientSex: z.string().nullable(),
  patientAge: z.string().nullable(),
  maxLevel: level.nullable(),
  findingCount: z.number().int(),
  topSummary: z.string().nullable(),
  createdAt: z.string(),
  /** When the circuit breaker will auto-pass it. */
  deadline: z.string().nullable(),
  leasedBy: z.string().nullable(),
  leaseUntil: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** The check types of its findings and its drugs' names: the queue filters on them locally. */
  checkTypes: z.array(checkType).default([]),
  drugs: z.array(z.string()).default([]),
  /** The plan needs a second pharmacist (多级审核); firstReviewer once the first approval is in. */
  secondReview: z.object({ firstReviewer: z.string().nullable() }).nullable().optional(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

export const countersSchema = z.object({
  pending: z.number().int(),
  reviewed: z.number().int(),
  rejected: z.number().int(),
  doubleSigned: z.number().int(),
});
export type Counters = z.infer<typeof countersSchema>;

export const taskListSchema = z.object({
  tasks: z.array(taskSummarySchema),
  counters: countersSchema,
  cursor: z.number().int(),
  /** false: only the first page of the queue (in queue order), sent so the first screen paints at once. */
  complete: z.boolean().default(true),
});
/**
 * The queue's changes since a cursor (server sequence): tasks created or changed that are in
 * the scope now, and ids that left it. `reset` asks the client for a full list instead
 * (too many changes to be worth sending one by one).
 */
export const taskChangesSchema = z.object({
  reset: z.boolean(),
  cursor: z.number().int(),
  tasks: z.array(taskSummarySchema),
  removed: z.array(z.string()),
  counters: countersSchema,
});
export type TaskList = z.infer<typeof taskListSchema>;
export type TaskChanges = z.infer<typeof taskChangesSchema>;

export const sourceOutSchema = z.object({ kind: z.string(), title: z.string(), section: z.string().optional() });

export const findingOutSchema = z.object({
  id: z.string(),
  checkType,
  level,
  ruleId: z.string(),
  reviewCode: z.string(),
  orders: z.array(z.string()),
  summary: z.string(),
  what: z.string(),
  why: z.string(),
  action: z.string(),
  sources: z.array(sourceOutSchema),
  facts: z.array(z.string()),
});
export type FindingOut = z.infer<typeof findingOutSchema>;

export const prescriptionItemSchema = z.object({
  ref: z.string(),
  name: z.string(),
  dose: z.string().nullable(),
  frequency: z.string().nullable(),
  route: z.string().nullable(),
  days: z.number().nullable(),
  quantity: z.string().nullable(),
  group: z.string().nullable(),
});
export type PrescriptionItem = z.infer<typeof prescriptionItemSchema>;

export const historyEntrySchema = z.object({
  at: z.string(),
  version: z.number().int(),
  status: reviewStatusSchema,
  actor: z.string().nullable(),
  reason: z.string().nullable(),
  /** What happened: a decision event, or a doctor's `reply` / `appeal` (no status change). */
  event: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** Why a pharmacist approved despite a finding at 慎用 or above (issue 5: override reasons per finding). */
export const OVERRIDE_REASONS: ReadonlyArray<{ code: string; text: string }> = [
  { code: 'benefit', text: '获益大于风险，已与开方医生沟通确认' },
  { code: 'monitoring', text: '已嘱监测相关指标/不良反应' },
  { code: 'verified', text: '已核实患者情况，该问题不适用' },
  { code: 'short-course', text: '短期使用，风险可控' },
  { code: 'other', text: '其他（请在说明中填写）' },
];
const overrideCode = z.enum(OVERRIDE_REASONS.map((r) => r.code) as [string, ...string[]]);

export const findingOverrideInputSchema = z.object({
  findingId: z.string().min(1, '缺少审核问题 ID'),
  reasonCode: overrideCode,
  note: z.string().trim().max(500, '说明不能超过 500 字').default(''),
}).refine((o) => o.reasonCode !== 'other' || o.note.length > 0, { message: '选择“其他”时必须填写说明', path: ['note'] });
export type FindingOverrideInput = z.input<typeof findingOverrideInputSchema>;

export const overridesRequestSchema = z.object({ overrides: z.array(findingOverrideInputSchema).max(100) });
export type OverridesRequest = z.input<typeof overridesRequestSchema>;
export const overridesSavedSchema = z.object({ saved: z.number().int() });

export const findingOverrideSchema = z.object({
  findingId: z.string(),
  /** The finding's 点评 code and summary, kept with the override so history reads on its own. */
  reviewCode: z.string(),
  summary: z.string(),
  level,
  reasonCode: z.string(),
  note: z.string(),
  actor: z.string().nullable(),
});
export type FindingOverride = z.infer<typeof findingOverrideSchema>;

/** One submitted version of the prescription (the doctor may resubmit after a rejection). */
export const prescriptionVersionSchema = z.object({
  version: z.number().int(),
  status: reviewStatusSchema,
  prescribedAt: z.string(),
  receivedAt: z.string(),
  doctorName: z.string().nullable(),
  maxLevel: level.nullable(),
  findingCount: z.number().int(),
  items: z.array(prescriptionItemSchema),
});
export type PrescriptionVersion = z.infer<typeof prescriptionVersionSchema>;

export const FLOW_KINDS = ['submitted', 'checked', 'modified', 'leased', 'decided', 'double-signed', 'auto-passed', 'cancelled', 'dispensed', 'other'] as const;
/** 处方流转: one step in the prescription's life, from the decisions, check runs and leases. */
export const flowEventSchema = z.object({
  at: z.string(),
  kind: z.enum(FLOW_KINDS),
  /** Chinese label of the step ("HIS 提交", "系统审核", "药师锁定" …). */
  label: z.string(),
  version: z.number().int(),
  status: reviewStatusSchema.nullable(),
  actor: z.string().nullable(),
  detail: z.string().nullable(),
  overrides: z.array(findingOverrideSchema).default([]),
});
export type FlowEvent = z.infer<typeof flowEventSchema>;

export const taskDetailSchema = z.object({
  task: taskSummarySchema,
  prescription: z.object({
    visitType: z.string().nullable(),
    prescribedAt: z.string(),
    doctorTitle: z.string().nullable(),
    institutionLevel: z.string().nullable(),
    items: z.array(prescriptionItemSchema),
  }),
  patient: z.object({
    /** Platform patient id, for GET /api/patients/:id/360. */
    patientId: z.string().optional(),
    name: z.string().nullable(),
    sex: z.string().nullable(),
    age: z.string().nullable(),
    weightKg: z.number().nullable(),
    diagnoses: z.array(z.object({ code: z.string().nullable(), name: z.string().nullable() })),
    allergies: z.array(z.string()),
    labs: z.array(z.object({ name: z.string(), value: z.string(), unit: z.string().nullable() })),
  }),
  findings: z.array(findingOutSchema),
  packRevision: z.number().int(),
  history: z.array(historyEntrySchema),
  /** Every version of the prescription, oldest first (issue 5: diff on resubmission). */
  versions: z.array(prescriptionVersionSchema).optional(),
  /** 处方流转, oldest first. */
  flow: z.array(flowEventSchema).optional(),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

export const decisionKindSchema = z.enum(['approve', 'reject', 'reject-allow-double-sign']);
export type DecisionKind = z.infer<typeof decisionKindSchema>;

export const decisionCommandSchema = z.object({
  commandId: z.string().uuid(),
  taskId: z.string(),
  baseVersion: z.number().int().positive(),
  decision: decisionKindSchema,
  reasonCode: z.string().max(32).optional(),
  reason: z.string().max(2000).default(''),
  packRevision: z.number().int().optional(),
  /** Override reasons per finding when approving despite findings at 慎用 or above. */
  overrides: z.array(findingOverrideInputSchema).max(100).optional(),
  /** The workstation's order of its decisions (outbox); informational for the platform. */
  clientSeq: z.number().int().positive().optional(),
}).refine((c) => c.decision === 'approve' || c.reason.trim().length > 0, { message: '驳回必须填写理由', path: ['reason'] });
export type DecisionCommand = z.input<typeof decisionCommandSchema>;

export const commandOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ commandId: z.string(), outcome: z.literal('accepted'), status: reviewStatusSchema }),
  z.object({ commandId: z.string(), outcome: z.literal('conflict'), reason: z.enum(['stale-base', 'already-decided-same', 'already-decided-different', 'rejected-after-auto-pass', 'leased-by-other', 'same-pharmacist']), status: reviewStatusSchema, detail: z.string() }),
  z.object({ commandId: z.string(), outcome: z.literal('rejected'), reason: z.enum(['not-authorized', 'unknown-task', 'invalid']), detail: z.string() }),
]);
export type CommandOutcome = z.infer<typeof commandOutcomeSchema>;

export const leaseResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), leasedBy: z.string(), leaseUntil: z.string() }),
  z.object({ ok: z.literal(false), leasedBy: z.string(), leaseUntil: z.string() }),
]);
export type LeaseResponse = z.infer<typeof leaseResponseSchema>;

/** Server-sent events on GET /api/events; `id` is the change-feed sequence. */
export const liveEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('task-created'), seq: z.number().int(), taskId: z.string(), maxLevel: level.nullable() }),
  z.object({ type: z.literal('task-updated'), seq: z.number().int(), taskId: z.string(), status: reviewStatusSchema }),
  /** A new rule-pack revision is active: workstations fetch, verify and switch without restart. */
  z.object({ type: z.literal('pack-activated'), seq: z.number().int(), packId: z.string(), revision: z.number().int().positive() }),
  /** The platform's custom rules (用药规则管理) changed: workstations refresh their overlay. */
  z.object({ type: z.literal('custom-rules-changed'), seq: z.number().int(), ruleId: z.string() }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;

/** Every error body of the platform: a reason code, a message, and the fields at fault. */
export const apiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Quick-reply reason codes for rejections (seed 002 §3.6.3: 快捷回复). */
export const REJECT_REASONS: ReadonlyArray<{ code: string; text: string }> = [
  { code: 'dose', text: '剂量不适宜，请核对说明书剂量后修改' },
  { code: 'interaction', text: '存在有临床意义的相互作用，请调整用药' },
  { code: 'allergy', text: '患者有相关过敏史，请更换药品' },
  { code: 'duplicate', text: '重复用药，请删除重复药品' },
  { code: 'contraindication', text: '存在用药禁忌，请更换药品' },
  { code: 'days', text: '用量天数超过规定，请修改或注明理由' },
  { code: 'other', text: '其他（请在理由中说明）' },
];

/** A pharmacist's own quick-reply template (快捷回复), used by the reject modal. */
export const rejectReasonCodeSchema = z.enum(REJECT_REASONS.map((r) => r.code) as [string, ...string[]], { message: '理由代码无效' });
export const quickReplySchema = z.object({ id: z.string(), code: z.string(), text: z.string(), position: z.number().int() });
export type QuickReply = z.infer<typeof quickReplySchema>;
export const quickReplyListSchema = z.object({ replies: z.array(quickReplySchema) });
export type QuickReplyList = z.infer<typeof quickReplyListSchema>;
export const quickReplyInputSchema = z.object({
  code: rejectReasonCodeSchema,
  text: z.string().trim().min(1, '请输入回复内容').max(500, '回复内容不能超过 500 字'),
});
export type QuickReplyInput = z.input<typeof quickReplyInputSchema>;
export const quickReplyOrderSchema = z.object({ ids: z.array(z.string().uuid('模板 ID 格式错误')).max(200) });
export type QuickReplyOrder = z.infer<typeof quickReplyOrderSchema>;

const looseRecord = z.record(z.string(), z.unknown());
/** GET /api/patients/:id/360 (platform/src/features/datasets/patient-360.ts). */
export const patient360Schema = z.object({
  patient: z.object({ id: z.string(), personId: z.string().nullable(), name: z.string().nullable(), sex: z.string().nullable(), birthDate: z.string().nullable() }),
  institutions: z.array(z.object({ patientId: z.string(), institution: z.string(), hisPatientId: z.string() })),
  timeline: z.array(looseRecord.and(z.object({ institution: z.string() }))),
  diagnoses: z.array(looseRecord.and(z.object({ institution: z.string() }))),
  medicines: z.array(looseRecord.and(z.object({ institution: z.string(), source: z.enum(['visit', 'review']), drugName: z.string() }))),
  allergies: z.array(z.string()),
  labs: z.array(z.object({ name: z.string(), points: z.array(z.object({ at: z.string(), value: z.union([z.number(), z.string()]), unit: z.string().nullable(), institution: z.string() })) })),
  exams: z.array(looseRecord.and(z.object({ institution: z.string() }))),
  prescriptions: z.array(z.object({ id: z.string(), prescriptionNo: z.string(), institution: z.string(), version: z.number().int(), status: z.string(), prescribedAt: z.string(), maxLevel: z.string().nullable(), action: z.string().nullable() })),
});
export type Patient360 = z.infer<typeof patient360Schema>;
/* ---- Doctor side (seed 002 §3.6.4.2 医师处方回复管理; product.md W1 DS) ---- */

export const replyKindSchema = z.enum(['reply', 'appeal']);
export type ReplyKind = z.infer<typeof replyKindSchema>;
export const REPLY_KIND_ZH: Readonly<Record<ReplyKind, string>> = { reply: '回复', appeal: '申诉' };

export const doctorPrescriptionSchema = z.object({
  prescriptionId: z.string(),
  prescriptionNo: z.string(),
  version: z.number().int(),
  status: reviewStatusSchema,
  institutionName: z.string(),
  departmentName: z.string().nullable(),
  patientName: z.string().nullable(),
  prescribedAt: z.string(),
  updatedAt: z.string(),
  maxLevel: level.nullable(),
  topSummary: z.string().nullable(),
  /** Rejected / returned / an open intervention: the doctor has to answer. */
  needsAction: z.boolean(),
  /** The pharmacist's (or the breaker's) latest answer on the current version. */
  decision: z.object({ event: z.string(), status: reviewStatusSchema, by: z.string().nullable(), reasonCode: z.string().nullable(), reason: z.string().nullable(), at: z.string() }).nullable(),
  interventions: z.array(z.object({ id: z.string(), pharmacistName: z.string().nullable(), decision: z.string(), reason: z.string(), status: z.enum(['open', 'replied', 'closed']), createdAt: z.string() })),
  replies: z.array(z.object({ id: z.string(), kind: replyKindSchema, text: z.string(), by: z.string().nullable(), source: z.enum(['workstation', 'his']), at: z.string() })),
});
export type DoctorPrescription = z.infer<typeof doctorPrescriptionSchema>;

export const doctorListSchema = z.object({
  items: z.array(doctorPrescriptionSchema),
  counts: z.object({ needsAction: z.number().int(), all: z.number().int() }),
});
export type DoctorList = z.infer<typeof doctorListSchema>;

export const doctorReplyRequestSchema = z.object({
  kind: replyKindSchema,
  text: z.string().trim().min(1, '请填写回复内容').max(1000, '回复内容不能超过 1000 字'),
});
export type DoctorReplyRequest = z.infer<typeof doctorReplyRequestSchema>;

export const doctorDoubleSignRequestSchema = z.object({
  reason: z.string().trim().min(1, '双签必须填写理由').max(500, '理由不能超过 500 字'),
});
export type DoctorDoubleSignRequest = z.infer<typeof doctorDoubleSignRequestSchema>;

/** What a doctor's double-signature returns: the prescription's new status, as the HIS sees it. */
export const doctorActionResultSchema = z.object({
  prescriptionNo: z.string(),
  status: reviewStatusSchema,
  statusZh: z.string(),
  mayProceed: z.boolean(),
});
export type DoctorActionResult = z.infer<typeof doctorActionResultSchema>;

export const doctorReplyResultSchema = z.object({ id: z.string(), at: z.string() });
