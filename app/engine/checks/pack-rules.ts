/**
 * Declarative rules of the pack and the platform's custom-rule overlay (app/knowledge/rules.ts).
 * A rule with drug or class conditions fires once per matching order; a rule without them
 * fires once per prescription. Unknown patient facts never satisfy a condition: a rule
 * about children does not fire when the age is unknown (a rule that fires on correct
 * prescriptions is a defect).
 */
import { CHECK_TYPES } from '../../domain/check-types';
import type { Finding } from '../../domain/finding';
import { classesOf } from '../../knowledge/indexed';
import { renderTemplate, type Placeholder, type Rule } from '../../knowledge/rules';
import { describeAge, type DerivedPatient } from '../normalize/patient';
import { matchesDiagnosis } from '../normalize/icd';
import { finding, nameOf, systemicDrugOrders, type CheckContext, type ResolvedOrder } from '../context';
import type { Check } from './check';

type Range = { readonly min?: number | undefined; readonly max?: number | undefined };

function inRange(value: number | null | undefined, r: Range | undefined): boolean {
  if (r === undefined) return true;
  if (value === null || value === undefined) return false;
  return (r.min === undefined || value >= r.min) && (r.max === undefined || value < r.max);
}

function matchingDiagnosis(p: DerivedPatient, m: { readonly icd10: readonly string[]; readonly keywords: readonly string[] }): string | null {
  const d = p.activeDiagnoses.find((x) => matchesDiagnosis(x, m.icd10, m.keywords));
  return d ? (d.text ?? d.code ?? '') : null;
}

const SEX_ZH = { male: '男', female: '女', other: '其他', unknown: '性别未知' } as const;
const VISIT_ZH = { AMB: '门诊', EMER: '急诊', IMP: '住院' } as const;

/** Whether the prescription-level conditions hold; the matched diagnosis when there is one. */
function prescriptionMatches(ctx: CheckContext, rule: Rule): { ok: boolean; diagnosis: string | null } {
  const w = rule.when;
  const p = ctx.patient;
  const req = ctx.req;
  const inst = req.institutionCode;
  const no = { ok: false, diagnosis: null };
  if (rule.institutionsOnly.length > 0 && (inst === undefined || !rule.institutionsOnly.includes(inst))) return no;
  if (inst !== undefined && rule.institutionsExcept.includes(inst)) return no;
  if (w.institutions && (inst === undefined || !w.institutions.includes(inst))) return no;
  if (w.departments && (req.departmentName === undefined || !w.departments.some((d) => req.departmentName!.includes(d)))) return no;
  if (w.prescriberTitles && (req.prescriberTitle === undefined || !w.prescriberTitles.includes(req.prescriberTitle))) return no;
  if (w.visitTypes && (req.visitType === undefined || !w.visitTypes.includes(req.visitType))) return no;
  if (w.sex && p.sex !== w.sex) return no;
  // Whole years from 1 year on (birthdays, not 365.25-day years); fractions for infants.
  const age = p.ageYears === null || p.ageDays === null ? null : p.ageYears >= 1 ? p.ageYears : p.ageDays / 365.25;
  if (!inRange(age, w.ageYears)) return no;
  if (!inRange(p.weightKg, w.weightKg)) return no;
  if (w.pregnant === true && p.pregnant === null) return no;
  // "Not pregnant" only when known: a man, or a woman the HIS says is not pregnant.
  if (w.pregnant === false && !(p.sex === 'male' || (p.pregnant === null && req.patient.pregnant === false))) return no;
  let diagnosis: string | null = null;
  if (w.diagnoses) {
    diagnosis = matchingDiagnosis(p, w.diagnoses);
    if (diagnosis === null) return no;
  }
  if (rule.unless && matchingDiagnosis(p, rule.unless.diagnoses) !== null) return no;
  return { ok: true, diagnosis };
}

function orderMatches(ctx: CheckContext, rule: Rule, o: ResolvedOrder & { drug: NonNullable<ResolvedOrder['drug']> }): boolean {
  const w = rule.when;
  if (w.drugs || w.classes) {
    const byDrug = w.drugs?.includes(o.drug.id) ?? false;
    const cls = classesOf(ctx.kb, o.drug.id);
    const byClass = w.classes?.some((c) => cls.has(c)) ?? false;
    if (!byDrug && !byClass) return false;
  }
  return inRange(o.input.days, w.days);
}

function values(ctx: CheckContext, diagnosis: string | null, o: ResolvedOrder | null): Partial<Record<Placeholder, string>> {
  const p = ctx.patient;
  const req = ctx.req;
  return {
    drug: o ? nameOf(o) : '',
    age: describeAge(p),
    sex: p.sex ? SEX_ZH[p.sex] : '性别未知',
    weight: p.weightKg !== null ? `${p.weightKg} kg` : '体重未知',
    days: o?.input.days !== undefined ? String(o.input.days) : '',
    diagnosis: diagnosis ?? p.activeDiagnoses.map((d) => d.text ?? d.code).filter(Boolean).join('、'),
    institution: req.institutionCode ?? '',
    department: req.departmentName ?? '',
    title: req.prescriberTitle ?? '',
    visitType: req.visitType ? VISIT_ZH[req.visitType] : '',
  };
}

export function evaluateRule(ctx: CheckContext, rule: Rule): Finding[] {
  const pm = prescriptionMatches(ctx, rule);
  if (!pm.ok) return [];
  const perOrder = rule.when.drugs !== undefined || rule.when.classes !== undefined || rule.when.days !== undefined;
  const facts = (v: Partial<Record<Placeholder, string>>): string[] =>
    [v.age && `年龄 ${v.age}`, pm.diagnosis && `诊断 ${pm.diagnosis}`, v.days && `天数 ${v.days}`].filter((x): x is string => Boolean(x));
  const make = (o: ResolvedOrder | null): Finding => {
    const v = values(ctx, pm.diagnosis, o);
    return finding({
      checkType: rule.checkType, level: rule.level, ruleId: `rule:${rule.id}`, orders: o ? [o] : [],
      summary: renderTemplate(rule.message, v), what: o ? `${o.label}：${rule.title}` : rule.title,
      why: renderTemplate(rule.why, v), action: renderTemplate(rule.action, v), sources: rule.sources, facts: facts(v),
      reviewCode: rule.reviewCode || CHECK_TYPES[rule.checkType].reviewCode,
    });
  };
  if (!perOrder) return [make(null)];
  return systemicDrugOrders(ctx).filter((o) => orderMatches(ctx, rule, o)).map(make);
}

export const packRulesCheck: Check = {
  id: 'pack-rules',
  types: Object.keys(CHECK_TYPES) as Check['types'],
  doc: '规则包中的声明式规则与平台自定义规则（用药规则管理）：药品/类别、诊断、年龄、性别、体重、妊娠、机构、科室、医师职称、就诊类型。',
  run: (ctx) => ctx.kb.rules.flatMap((r) => evaluateRule(ctx, r)),
};
