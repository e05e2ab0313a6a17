/**
 * Knowledge-base schema (architecture.md §Rule packs). Rules are data: a pack never executes
 * code. Every fact carries a `source`; the schema refuses a fact without one, so a fact
 * without a source cannot build.
 */
import { z } from 'zod';
import { LEVELS } from '../domain/levels';
import { ruleSchema } from './rules';
import { sourceSchema } from './source';

export { sourceSchema };

const level = z.enum(LEVELS);
const nonEmpty = z.string().min(1);

/** Units a limit may be written in; per-form units (片, 粒 …) are never used in limits. */
export const LIMIT_UNITS = ['g', 'mg', 'μg', 'ml', 'IU', 'mmol'] as const;
export const amountSchema = z.object({ value: z.number().positive().finite(), unit: z.enum(LIMIT_UNITS) }).strict();

/** Route classes the engine normalizes every route text to (app/engine/normalize/route.ts). */
export const ROUTE_CLASSES = ['oral', 'iv', 'im', 'sc', 'inhaled', 'sublingual', 'topical', 'rectal', 'ophthalmic', 'nasal', 'vaginal', 'intrathecal', 'other'] as const;
export const routeClassSchema = z.enum(ROUTE_CLASSES);

export const doseLimitSchema = z.object({
  routes: z.array(routeClassSchema).min(1),
  population: z.enum(['adult', 'pediatric', 'elderly']),
  /** Age band in years, inclusive lower, exclusive upper (pediatric bands). */
  minAgeYears: z.number().min(0).optional(),
  maxAgeYears: z.number().positive().optional(),
  /** Amounts are per kg body weight (pediatric dosing). */
  perKg: z.boolean().default(false),
  usualSingle: amountSchema.optional(),
  maxSingle: amountSchema.optional(),
  usualDaily: amountSchema.optional(),
  maxDaily: amountSchema.optional(),
  /** A per-kg dose may not exceed the adult cap (e.g. "按体重计算但不超过成人量"). */
  absoluteMaxDaily: amountSchema.optional(),
  note: z.string().optional(),
  source: sourceSchema,
}).strict();

export const ageRuleSchema = z.object({
  /** Fires when the patient is younger than this (years; fractional allowed) … */
  belowAgeYears: z.number().positive().optional(),
  /** … or at least this old (elderly rules). */
  atLeastAgeYears: z.number().positive().optional(),
  checkType: z.enum(['age', 'pediatric']).default('age'),
  level,
  note: nonEmpty,
  source: sourceSchema,
}).strict().refine((r) => r.belowAgeYears !== undefined || r.atLeastAgeYears !== undefined, { message: 'an age rule needs belowAgeYears or atLeastAgeYears' });

export const renalRuleSchema = z.object({
  /** Fires when eGFR (or Cockcroft-Gault CrCl) is below this, mL/min(/1.73m²). */
  egfrBelow: z.number().positive(),
  level,
  note: nonEmpty,
  source: sourceSchema,
}).strict();

export const diagnosisRuleSchema = z.object({
  /** ICD-10 codes or prefixes ("N18.5", "K25") and ranges ("O00-O9A"). */
  icd10: z.array(nonEmpty).min(1),
  /** Chinese diagnosis words that also match when the HIS sends no code. */
  keywords: z.array(nonEmpty).default([]),
  checkType: z.enum(['contraindication', 'history-contraindication', 'chronic-disease']).default('contraindication'),
  /** Whether resolved (past) diagnoses count too. */
  includeHistory: z.boolean().default(false),
  level,
  note: nonEmpty,
  source: sourceSchema,
}).strict();

export const LAB_KINDS = ['egfr', 'creatinine', 'alt', 'ast', 'potassium', 'inr', 'platelets', 'glucose', 'sodium', 'hemoglobin', 'wbc', 'neutrophils', 'qtc', 'tbil'] as const;
export const labKindSchema = z.enum(LAB_KINDS);

export const labRuleSchema = z.object({
  lab: labKindSchema,
  op: z.enum(['<', '<=', '>', '>=']),
  value: z.number().finite(),
  /** Unit of `value`, in the lab's canonical unit (app/engine/normalize/labs.ts). */
  unit: nonEmpty,
  level,
  note: nonEmpty,
  source: sourceSchema,
}).strict();

export const populationRuleSchema = z.object({ level, note: nonEmpty, source: sourceSchema }).strict();

export const drugSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  nameZh: nonEmpty,
  nameEn: nonEmpty,
  /** Other Chinese names the HIS text may use: salts, trade-neutral synonyms. */
  aliases: z.array(nonEmpty).default([]),
  pinyin: z.string().regex(/^[a-z]+$/),
  atc: z.array(z.string().regex(/^[A-Z]\d{2}[A-Z]{2}\d{2}$/)).default([]),
  /** Class ids (classes.json) for interactions, duplicates and allergy cross-reactions. */
  classes: z.array(nonEmpty).default([]),
  forms: z.array(z.object({
    form: nonEmpty,
    routes: z.array(routeClassSchema).min(1),
    strengths: z.array(nonEmpty).default([]),
  }).strict()).default([]),
  essential: z.boolean().default(false),
  highAlert: z.object({ note: nonEmpty, source: sourceSchema }).strict().optional(),
  antibacterialTier: z.object({ tier: z.enum(['non-restricted', 'restricted', 'special']), source: sourceSchema }).strict().optional(),
  controlled: z.object({ class: z.enum(['narcotic', 'psychotropic-1', 'psychotropic-2']), source: sourceSchema }).strict().optional(),
  ppi: z.boolean().default(false),
  skinTest: z.object({ note: nonEmpty, source: sourceSchema }).strict().optional(),
  doses: z.array(doseLimitSchema).default([]),
  ageRules: z.array(ageRuleSchema).default([]),
  renal: z.array(renalRuleSchema).default([]),
  hepatic: populationRuleSchema.optional(),
  pregnancy: populationRuleSchema.optional(),
  lactation: populationRuleSchema.optional(),
  sex: z.object({ only: z.enum(['male', 'female']), level, note: nonEmpty, source: sourceSchema }).strict().optional(),
  diagnoses: z.array(diagnosisRuleSchema).default([]),
  labs: z.array(labRuleSchema).default([]),
  /** Diagnoses the drug is indicated for (适应症); used only when the prescription has diagnoses. */
  indications: z.object({ icd10: z.array(nonEmpty).default([]), keywords: z.array(nonEmpty).default([]), level, note: nonEmpty, source: sourceSchema }).strict().optional(),
  /** Most administrations a day for a route / form ("缓释" in the text). */
  frequencyLimits: z.array(z.object({
    routes: z.array(routeClassSchema).min(1),
    textIncludes: z.string().optional(),
    maxTimesPerDay: z.number().positive(),
    level,
    note: nonEmpty,
    source: sourceSchema,
  }).strict()).default([]),
  /** Routes the 说明书 forbids or restricts, e.g. 氯化钾注射液 严禁静脉推注 ('iv-push'). */
  routeRules: z.array(z.object({ route: z.union([routeClassSchema, z.literal('iv-push')]), level, note: nonEmpty, source: sourceSchema }).strict()).default([]),
  /** Longest course in days (疗程). */
  courseLimit: z.object({ maxDays: z.number().int().positive(), level, note: nonEmpty, source: sourceSchema }).strict().optional(),
  /** Key 说明书 sections for the monograph panel (short, paraphrased). */
  monograph: z.record(z.string(), z.string()).default({}),
  /** Where the monograph text and names come from. */
  source: sourceSchema,
}).strict();

/** A class: used for interaction class rules, duplicate-therapy groups and allergy groups. */
export const classSchema = z.object({
  id: nonEmpty,
  nameZh: nonEmpty,
  /** ATC prefixes whose drugs belong to the class (in addition to drugs listing it). */
  atcPrefixes: z.array(z.string().regex(/^[A-Z][0-9A-Z]*$/)).default([]),
  /** Two members in one prescription (or with current medicines) are duplicate therapy. */
  duplicate: z.object({ level, note: nonEmpty, source: sourceSchema }).strict().optional(),
  /** Allergy words ("青霉素", "青霉素类") that mean this class. */
  allergyTerms: z.array(nonEmpty).default([]),
  /** Allergy to this class → caution/forbid other classes. */
  crossReactions: z.array(z.object({ classId: nonEmpty, level, note: nonEmpty, source: sourceSchema }).strict()).default([]),
  source: sourceSchema,
}).strict();

export const refSchema = z.union([
  z.object({ drug: nonEmpty }).strict(),
  z.object({ class: nonEmpty }).strict(),
]);

export const interactionSchema = z.object({
  id: nonEmpty,
  a: refSchema,
  b: refSchema,
  level,
  effect: nonEmpty,
  mechanism: nonEmpty,
  management: nonEmpty,
  source: sourceSchema,
}).strict();

export const incompatibilitySchema = z.object({
  id: nonEmpty,
  a: refSchema,
  b: refSchema,
  level,
  note: nonEmpty,
  source: sourceSchema,
}).strict();

/** Concentration of a drug in its infusion bag (ion-concentration / admixture-concentration). */
export const concentrationLimitSchema = z.object({
  id: nonEmpty,
  drug: nonEmpty,
  checkType: z.enum(['ion-concentration', 'admixture-concentration']),
  /** Maximum grams per 100 ml of final solution (0.3 = 0.3%). */
  maxPercent: z.number().positive(),
  routes: z.array(routeClassSchema).min(1),
  level,
  note: nonEmpty,
  source: sourceSchema,
}).strict();

export const regulationsSchema = z.object({
  maxDrugsPerPrescription: z.object({ value: z.number().int().positive(), level, source: sourceSchema }).strict(),
  supplyDays: z.object({
    outpatient: z.number().int().positive(),
    emergency: z.number().int().positive(),
    /** Long prescriptions for stable chronic patients (长期处方管理规范). */
    chronicUsual: z.number().int().positive(),
    chronicMax: z.number().int().positive(),
    level,
    source: sourceSchema,
    chronicSource: sourceSchema,
  }).strict(),
  /** Courses a guideline sets longer than 7 days (H. pylori eradication 14 days, tuberculosis). */
  extendedCourses: z.array(z.object({ icd10: z.array(nonEmpty), keywords: z.array(nonEmpty).default([]), maxDays: z.number().int().positive(), source: sourceSchema }).strict()).default([]),
  /** Diagnoses (ICD-10 prefixes/ranges) that count as chronic for long prescriptions. */
  chronicDiagnoses: z.object({ icd10: z.array(nonEmpty), keywords: z.array(nonEmpty).default([]), source: sourceSchema }).strict(),
  antibacterialRights: z.object({
    /** Highest tier each prescriber title may prescribe. */
    byTitle: z.record(z.string(), z.enum(['non-restricted', 'restricted', 'special'])),
    /** Institution levels whose prescribers are held to non-restricted only. */
    restrictedInstitutions: z.array(nonEmpty),
    level,
    source: sourceSchema,
  }).strict(),
  specialTierOutpatient: z.object({ level, source: sourceSchema }).strict(),
  /** 处方管理办法 第二十三、二十四条: outpatient supply limits of narcotics and psychotropics. */
  controlledSupply: z.object({
    narcoticAndPsychotropic1: z.object({ injectionDays: z.number().positive(), controlledReleaseDays: z.number().positive(), otherDays: z.number().positive() }).strict(),
    painPatients: z.object({ injectionDays: z.number().positive(), controlledReleaseDays: z.number().positive(), otherDays: z.number().positive() }).strict(),
    psychotropic2Days: z.number().positive(),
    /** Named exceptions, e.g. 哌醋甲酯 for 儿童多动症 up to 15 days (第二十三条). */
    exceptions: z.array(z.object({ drugs: z.array(nonEmpty).min(1), icd10: z.array(nonEmpty), keywords: z.array(nonEmpty).default([]), maxDays: z.number().positive() }).strict()).default([]),
    painDiagnoses: z.object({ icd10: z.array(nonEmpty), keywords: z.array(nonEmpty) }).strict(),
    level,
    source: sourceSchema,
    painSource: sourceSchema,
  }).strict(),
  /** PPIs need an indication (质子泵抑制剂临床应用指导原则（2020年版）). */
  ppiIndications: z.object({ icd10: z.array(nonEmpty), keywords: z.array(nonEmpty), level, source: sourceSchema }).strict(),
  /** Antibacterials for diagnoses that are usually viral (抗菌药物临床应用指导原则（2015年版）). */
  antibacterialViralDiagnoses: z.object({ icd10: z.array(nonEmpty), keywords: z.array(nonEmpty), level, source: sourceSchema }).strict(),
  /** Prescription format (医院处方点评管理规范 不规范处方). */
  prescriptionFormat: z.object({ level, source: sourceSchema }).strict(),
}).strict();

export const manifestSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  revision: z.number().int().positive(),
  engineApi: z.number().int().positive(),
  publisher: nonEmpty,
  created: z.string().datetime({ offset: true }),
  description: z.string().optional(),
}).strict();

export const knowledgeBaseSchema = z.object({
  manifest: manifestSchema,
  drugs: z.array(drugSchema),
  classes: z.array(classSchema),
  interactions: z.array(interactionSchema),
  incompatibilities: z.array(incompatibilitySchema),
  concentrationLimits: z.array(concentrationLimitSchema),
  regulations: regulationsSchema,
  /** Declarative rules (rules/*.json); older packs have none. */
  rules: z.array(ruleSchema).default([]),
}).strict();

export type SourceFact = z.infer<typeof sourceSchema>;
export type Amount = z.infer<typeof amountSchema>;
export type RouteClass = z.infer<typeof routeClassSchema>;
export type DoseLimit = z.infer<typeof doseLimitSchema>;
export type Drug = z.infer<typeof drugSchema>;
export type DrugClass = z.infer<typeof classSchema>;
export type Interaction = z.infer<typeof interactionSchema>;
export type Incompatibility = z.infer<typeof incompatibilitySchema>;
export type ConcentrationLimit = z.infer<typeof concentrationLimitSchema>;
export type Regulations = z.infer<typeof regulationsSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
export type KnowledgeBase = z.infer<typeof knowledgeBaseSchema>;
export type KnowledgeBaseInput = z.input<typeof knowledgeBaseSchema>;
export type LabKind = z.infer<typeof labKindSchema>;
export const ENGINE_API = 1;
