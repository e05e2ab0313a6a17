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

export const taskListSchema = z.object({ tasks: z.array(taskSummarySchema), counters: countersSchema, cursor: z.number().int() });
export type TaskList = z.infer<typeof taskListSchema>;

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
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

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
