/**
 * Declarative rules (architecture.md §Rule packs: rules are data, a pack never executes
 * code). A rule names a check type, conditions over the prescription's facts, a level, a
 * message template with {{placeholders}}, a 点评 code and its sources. The same schema
 * serves pack rules (rules/*.json, each with tests in rule-tests/<id>.json) and the
 * custom rules an admin keeps on the platform (用药规则管理, seed 001 item 18), which the
 * engine applies as an overlay on the active pack.
 */
import { z } from 'zod';
import { CHECK_TYPES, type CheckType } from '../domain/check-types';
import { LEVELS } from '../domain/levels';
import { isReviewCode } from '../domain/review-codes';
import { sourceSchema } from './source';

const nonEmpty = z.string().trim().min(1);
const checkTypeSchema = z.enum(Object.keys(CHECK_TYPES) as [CheckType, ...CheckType[]]);

/** Inclusive lower bound, exclusive upper bound (as the pack's pediatric age bands). */
const rangeSchema = z.object({ min: z.number().min(0).optional(), max: z.number().positive().optional() }).strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, { message: '范围至少需要 min 或 max' })
  .refine((r) => r.min === undefined || r.max === undefined || r.min < r.max, { message: 'min 必须小于 max' });

export const diagnosisMatchSchema = z.object({
  /** ICD-10 codes, prefixes ("K25") and ranges ("O00-O9A"), app/engine/normalize/icd.ts. */
  icd10: z.array(nonEmpty).default([]),
  /** Chinese words matched in the diagnosis text when the HIS sent no matching code. */
  keywords: z.array(nonEmpty).default([]),
}).strict().refine((d) => d.icd10.length + d.keywords.length > 0, { message: '诊断条件至少需要一个 ICD-10 编码或关键词' });

export const VISIT_TYPES = ['AMB', 'EMER', 'IMP'] as const;

/** Every condition listed must hold (AND); within a list any entry may match (OR). */
export const ruleConditionsSchema = z.object({
  /** Drug ids of the pack. */
  drugs: z.array(nonEmpty).optional(),
  /** Class ids of the pack (membership by the drug's classes or ATC prefix). */
  classes: z.array(nonEmpty).optional(),
  diagnoses: diagnosisMatchSchema.optional(),
  ageYears: rangeSchema.optional(),
  sex: z.enum(['male', 'female']).optional(),
  weightKg: rangeSchema.optional(),
  /** true: only pregnant patients; false: only patients known not to be pregnant. */
  pregnant: z.boolean().optional(),
  /** Institution codes (HIS institutionCode). */
  institutions: z.array(nonEmpty).optional(),
  /** Department names; a department matches when its name contains one of these. */
  departments: z.array(nonEmpty).optional(),
  /** Prescriber titles (主任医师, 住院医师 …), exact. */
  prescriberTitles: z.array(nonEmpty).optional(),
  visitTypes: z.array(z.enum(VISIT_TYPES)).min(1).optional(),
  /** Days of supply of the order (用药天数). */
  days: rangeSchema.optional(),
}).strict();

export const PLACEHOLDERS = ['drug', 'age', 'sex', 'weight', 'days', 'diagnosis', 'institution', 'department', 'title', 'visitType'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const ruleSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, { message: '规则编号只能包含小写字母、数字和连字符' }),
  title: nonEmpty,
  checkType: checkTypeSchema,
  level: z.enum(LEVELS),
  /** 处方点评 code (医院处方点评管理规范: 1-x 不规范, 2-x 用药不适宜, 3-x 超常). */
  reviewCode: z.string().refine(isReviewCode, { message: '点评编码必须是《医院处方点评管理规范（试行）》的 1-1…1-15、2-1…2-9、3-1…3-4 之一' }),
  /** One line shown on the alert: a template with {{placeholders}}. */
  message: nonEmpty,
  why: nonEmpty,
  action: nonEmpty,
  /** One line for the rule listing and the docs (ESLint's meta.docs.description). */
  doc: nonEmpty,
  sources: z.array(sourceSchema).min(1, { message: '每条规则至少需要一个来源（说明书、指南或法规条款）' }),
  when: ruleConditionsSchema,
  /** Exemptions: the rule does not fire when the patient has one of these diagnoses. */
  unless: z.object({ diagnoses: diagnosisMatchSchema }).strict().optional(),
  /** Per-institution white and black lists: only these institutions / never these. */
  institutionsOnly: z.array(nonEmpty).default([]),
  institutionsExcept: z.array(nonEmpty).default([]),
  enabled: z.boolean().default(true),
}).strict();

export type Rule = z.infer<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;
export type RuleConditions = z.infer<typeof ruleConditionsSchema>;

/** Placeholders a template uses that the engine cannot fill. */
export function unknownPlaceholders(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(/\{\{\s*([^}\s]*)\s*\}\}/g)) {
    const name = m[1] ?? '';
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) out.push(name);
  }
  return out;
}

export function renderTemplate(template: string, values: Partial<Record<Placeholder, string>>): string {
  return template.replace(/\{\{\s*([^}\s]*)\s*\}\}/g, (_, name: string) => values[name as Placeholder] ?? '');
}
