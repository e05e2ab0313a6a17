/**
 * The rule-pack administration contract (platform ↔ admin screens, issue 6): uploaded
 * packs and their status, refused uploads, the diff between revisions, the shadow run,
 * custom rules (用药规则管理). Types are inferred from these schemas on both sides.
 */
import { z } from 'zod';
import { CHECK_TYPES, type CheckType } from '../domain/check-types';
import { LEVELS } from '../domain/levels';
import { ruleSchema } from '../knowledge/rules';
import { DIFF_SECTIONS } from '../packs/diff';

export const packSummarySchema = z.object({ packId: z.string(), revision: z.number().int(), source: z.enum(['baseline', 'published']) });
export type PackSummary = z.infer<typeof packSummarySchema>;

export const PACK_STATUS_ZH = { candidate: '候选', active: '生效中', superseded: '已替换' } as const;

export const rulePackRowSchema = z.object({
  id: z.string(),
  packId: z.string(),
  revision: z.number().int(),
  engineApi: z.number().int(),
  keyId: z.string(),
  status: z.enum(['candidate', 'active', 'superseded']),
  uploadedBy: z.string().nullable(),
  uploadedAt: z.string(),
  activatedBy: z.string().nullable(),
  activatedAt: z.string().nullable(),
});
export type RulePackRow = z.infer<typeof rulePackRowSchema>;

export const packFailureSchema = z.object({
  id: z.string(),
  fileName: z.string().nullable(),
  packId: z.string().nullable(),
  revision: z.number().int().nullable(),
  reason: z.string(),
  message: z.string(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export type PackFailure = z.infer<typeof packFailureSchema>;

export const rulePackListSchema = z.object({ active: packSummarySchema, packs: z.array(rulePackRowSchema), failures: z.array(packFailureSchema) });
export type RulePackList = z.infer<typeof rulePackListSchema>;

const diffItem = z.object({ id: z.string(), label: z.string() });
export const packDiffSchema = z.object({
  from: z.object({ id: z.string(), revision: z.number().int() }),
  to: z.object({ id: z.string(), revision: z.number().int() }),
  sections: z.array(z.object({ section: z.enum(DIFF_SECTIONS), added: z.array(diffItem), changed: z.array(diffItem), removed: z.array(diffItem) })),
  total: z.number().int(),
});

export const shadowRequestSchema = z.object({
  days: z.number().int().min(1).max(90).default(7).describe('回放最近多少天的处方（1–90）'),
  limit: z.number().int().min(1).max(5000).default(1000).describe('最多回放多少张处方'),
});
const checkType = z.enum(Object.keys(CHECK_TYPES) as [CheckType, ...CheckType[]]);
const count = z.object({ key: z.string(), appear: z.number().int(), disappear: z.number().int() });
export const shadowReportSchema = z.object({
  candidate: z.object({ packId: z.string(), revision: z.number().int() }),
  active: z.object({ packId: z.string(), revision: z.number().int() }),
  days: z.number().int(),
  prescriptions: z.number().int(),
  changedPrescriptions: z.number().int(),
  appear: z.number().int(),
  disappear: z.number().int(),
  byCheckType: z.array(count),
  byInstitution: z.array(count),
  samples: z.array(z.object({ prescriptionNo: z.string(), institution: z.string(), change: z.enum(['appear', 'disappear']), checkType, level: z.enum(LEVELS), ruleId: z.string(), summary: z.string() })),
});
export type ShadowReportOut = z.infer<typeof shadowReportSchema>;

export const customRuleListSchema = z.object({ rules: z.array(ruleSchema) });

export const dictionariesSchema = z.object({
  basic: z.object({
    checkTypes: z.array(z.object({ code: z.string(), zh: z.string(), reviewCode: z.string() })),
    levels: z.array(z.object({ code: z.enum(LEVELS), zh: z.string(), riskClass: z.string(), cdsIndicator: z.string() })),
    visitTypes: z.array(z.object({ code: z.string(), zh: z.string() })),
  }),
  drugAttributes: z.array(z.object({ code: z.string(), zh: z.string(), values: z.array(z.object({ code: z.string(), zh: z.string(), drugs: z.number().int() })) })),
  reviewCodes: z.array(z.object({ code: z.string(), zh: z.string(), category: z.string() })),
  reviewCodeSource: z.object({ kind: z.string(), title: z.string(), section: z.string() }),
  classes: z.array(z.object({ id: z.string(), zh: z.string() })),
});
export type Dictionaries = z.infer<typeof dictionariesSchema>;
