/**
 * Knowledge lookup over an indexed pack (the workstation's 知识库, offline once the pack is
 * loaded): the monograph of a drug with a source on every fact, the interaction checker for
 * any set of drugs (the engine's own interaction check, run over a prescription made of just
 * those drugs), and the dose calculator (mg/kg, BSA, renal function against the drug's bands).
 */
import type { Finding } from '../domain/finding';
import { LEVEL_RANK, type Level } from '../domain/levels';
import type { ReviewRequest } from '../domain/review-request';
import { keysOf, type IndexedKb } from '../knowledge/indexed';
import type { DoseLimit, Drug, Interaction, SourceFact } from '../knowledge/schema';
import { interactionCheck } from './checks/interaction';
import { buildContext } from './context';
import { cockcroftGault } from './normalize/patient';
import { formatCanonical, round, toCanonical, type Canonical } from './normalize/units';

/** Interaction findings among the given drugs, exactly as the engine reports them on a prescription. */
export function interactionsAmong(kb: IndexedKb, drugIds: readonly string[]): readonly Finding[] {
  const ids = [...new Set(drugIds)].filter((id) => kb.drugs.has(id));
  const req: ReviewRequest = {
    authoredOn: new Date(0).toISOString(),
    patient: {},
    diagnoses: [],
    allergies: [],
    observations: [],
    orders: ids.map((id) => ({ ref: id, catalogCode: id, text: kb.drugs.get(id)!.nameZh })),
    currentMedications: [],
  };
  return interactionCheck.run(buildContext(kb, req));
}

/** Every interaction rule that names the drug or one of its classes (for the monograph). */
export function interactionRulesOf(kb: IndexedKb, drugId: string): readonly Interaction[] {
  const seen = new Set<string>();
  const out: Interaction[] = [];
  for (const key of keysOf(kb, drugId)) {
    for (const rule of kb.interactionsByKey.get(key) ?? []) {
      if (seen.has(rule.id)) continue;
      seen.add(rule.id);
      out.push(rule);
    }
  }
  return out.sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]);
}

export interface MonographFact {
  readonly text: string;
  readonly level?: Level | undefined;
  readonly source: SourceFact;
}

export interface MonographSection {
  readonly key: 'label' | 'dose' | 'contraindications' | 'interactions' | 'pregnancy-lactation' | 'renal' | 'hepatic' | 'population' | 'safety';
  readonly title: string;
  readonly facts: readonly MonographFact[];
}

const ROUTE_ZH: Readonly<Record<string, string>> = { oral: '口服', iv: '静脉', im: '肌注', sc: '皮下', inhaled: '吸入', sublingual: '舌下', topical: '外用', rectal: '直肠', ophthalmic: '眼用', nasal: '鼻用', vaginal: '阴道', intrathecal: '鞘内', other: '其他' };

const POPULATION_ZH: Readonly<Record<DoseLimit['population'], string>> = { adult: '成人', pediatric: '儿童', elderly: '老年人' };

function amountText(a: { value: number; unit: string } | undefined, perKg: boolean): string | null {
  return a ? `${a.value} ${a.unit}${perKg ? '/kg' : ''}` : null;
}

export function describeDoseLimit(l: DoseLimit): string {
  const parts = [
    amountText(l.usualSingle, l.perKg) && `常用单次 ${amountText(l.usualSingle, l.perKg)}`,
    amountText(l.maxSingle, l.perKg) && `单次最大 ${amountText(l.maxSingle, l.perKg)}`,
    amountText(l.usualDaily, l.perKg) && `常用日剂量 ${amountText(l.usualDaily, l.perKg)}`,
    amountText(l.maxDaily, l.perKg) && `日最大 ${amountText(l.maxDaily, l.perKg)}`,
    l.absoluteMaxDaily && `且不超过 ${l.absoluteMaxDaily.value} ${l.absoluteMaxDaily.unit}/日`,
  ].filter((p): p is string => typeof p === 'string');
  const band = l.minAgeYears !== undefined || l.maxAgeYears !== undefined ? `（${l.minAgeYears ?? 0}–${l.maxAgeYears ?? ''}岁）` : '';
  return `${POPULATION_ZH[l.population]}${band} ${l.routes.map((r) => ROUTE_ZH[r] ?? r).join('/')}：${parts.join('，') || '见说明'}${l.note ? `。${l.note}` : ''}`;
}

/** The 说明书 panel of a drug: the label's key sections and every structured fact, each with its source. */
export function monographOf(kb: IndexedKb, drug: Drug): readonly MonographSection[] {
  const sections: MonographSection[] = [];
  const label = Object.entries(drug.monograph).map(([k, v]) => ({ text: `【${k}】${v}`, source: { ...drug.source, section: `【${k}】` } }));
  if (label.length > 0) sections.push({ key: 'label', title: '说明书要点', facts: label });
  if (drug.doses.length > 0) sections.push({ key: 'dose', title: '用法用量与限量', facts: drug.doses.map((l) => ({ text: describeDoseLimit(l), source: l.source })) });
  const contra = [
    ...(drug.indications ? [{ text: `适应症：${drug.indications.note}`, level: drug.indications.level, source: drug.indications.source }] : []),
    ...drug.diagnoses.map((d) => ({ text: `${d.keywords.join('、') || d.icd10.join('、')}：${d.note}`, level: d.level, source: d.source })),
    ...drug.labs.map((l) => ({ text: `${l.lab} ${l.op} ${l.value} ${l.unit}：${l.note}`, level: l.level, source: l.source })),
    ...drug.routeRules.map((r) => ({ text: `${r.route === 'iv-push' ? '静脉推注' : r.route}：${r.note}`, level: r.level, source: r.source })),
    ...(drug.sex ? [{ text: drug.sex.note, level: drug.sex.level, source: drug.sex.source }] : []),
  ];
  if (contra.length > 0) sections.push({ key: 'contraindications', title: '禁忌与慎用', facts: contra });
  const interactions = interactionRulesOf(kb, drug.id).map((i) => {
    const other = refName(kb, i.a, drug.id) ?? refName(kb, i.b, drug.id) ?? '';
    return { text: `与${other}：${i.effect}（${i.management}）`, level: i.level, source: i.source };
  });
  if (interactions.length > 0) sections.push({ key: 'interactions', title: `相互作用（${interactions.length}）`, facts: interactions });
  const pl = [
    ...(drug.pregnancy ? [{ text: `妊娠期：${drug.pregnancy.note}`, level: drug.pregnancy.level, source: drug.pregnancy.source }] : []),
    ...(drug.lactation ? [{ text: `哺乳期：${drug.lactation.note}`, level: drug.lactation.level, source: drug.lactation.source }] : []),
  ];
  if (pl.length > 0) sections.push({ key: 'pregnancy-lactation', title: '妊娠与哺乳', facts: pl });
  if (drug.renal.length > 0) sections.push({ key: 'renal', title: '肾功能不全', facts: [...drug.renal].sort((a, b) => b.egfrBelow - a.egfrBelow).map((r) => ({ text: `eGFR/CrCl < ${r.egfrBelow} mL/min：${r.note}`, level: r.level, source: r.source })) });
  if (drug.hepatic) sections.push({ key: 'hepatic', title: '肝功能不全', facts: [{ text: drug.hepatic.note, level: drug.hepatic.level, source: drug.hepatic.source }] });
  if (drug.ageRules.length > 0) {
    sections.push({ key: 'population', title: '特殊人群（年龄）', facts: drug.ageRules.map((r) => ({ text: `${r.belowAgeYears !== undefined ? `< ${r.belowAgeYears} 岁` : `≥ ${r.atLeastAgeYears} 岁`}：${r.note}`, level: r.level, source: r.source })) });
  }
  const safety = [
    ...(drug.highAlert ? [{ text: `高警示药品：${drug.highAlert.note}`, source: drug.highAlert.source }] : []),
    ...(drug.skinTest ? [{ text: `皮试：${drug.skinTest.note}`, source: drug.skinTest.source }] : []),
    ...(drug.antibacterialTier ? [{ text: `抗菌药物分级：${TIER_ZH[drug.antibacterialTier.tier]}`, source: drug.antibacterialTier.source }] : []),
    ...(drug.courseLimit ? [{ text: `疗程上限 ${drug.courseLimit.maxDays} 天：${drug.courseLimit.note}`, level: drug.courseLimit.level, source: drug.courseLimit.source }] : []),
  ];
  if (safety.length > 0) sections.push({ key: 'safety', title: '管理与警示', facts: safety });
  return sections;
}

const TIER_ZH = { 'non-restricted': '非限制使用级', restricted: '限制使用级', special: '特殊使用级' } as const;

function refName(kb: IndexedKb, ref: { drug: string } | { class: string }, self: string): string | null {
  if ('drug' in ref) return ref.drug === self ? null : (kb.drugs.get(ref.drug)?.nameZh ?? ref.drug);
  if (kb.drugClasses.get(self)?.has(ref.class)) return null;
  return kb.classes.get(ref.class)?.nameZh ?? ref.class;
}

/* ---------- dose calculator ---------- */

/** Mosteller RD. Simplified calculation of body-surface area. N Engl J Med 1987;317:1098. BSA (m²) = √(height cm × weight kg / 3600). */
export const MOSTELLER_SOURCE: SourceFact = { kind: 'reference', title: 'Mosteller RD. Simplified calculation of body-surface area. N Engl J Med 1987;317(17):1098' };
export const COCKCROFT_GAULT_SOURCE: SourceFact = { kind: 'reference', title: 'Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine. Nephron 1976;16(1):31–41' };

export function bsaMosteller(heightCm: number, weightKg: number): number {
  return Math.sqrt((heightCm * weightKg) / 3600);
}

export type CalcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: 'invalid-input' | 'unit'; readonly message: string };

/** A per-kg or per-m² dose: the amount (converted explicitly to the canonical unit) times weight or BSA. */
export function scaledDose(perUnit: { value: number; unit: string }, basis: { kind: 'kg'; weightKg: number } | { kind: 'm2'; bsa: number }): CalcResult<{ total: Canonical; text: string }> {
  if (!(perUnit.value > 0) || !Number.isFinite(perUnit.value)) return { ok: false, reason: 'invalid-input', message: '剂量必须为正数' };
  const c = toCanonical(perUnit.value, perUnit.unit);
  if (!c) return { ok: false, reason: 'unit', message: `无法识别的剂量单位“${perUnit.unit}”` };
  const factor = basis.kind === 'kg' ? basis.weightKg : basis.bsa;
  if (!(factor > 0) || !Number.isFinite(factor)) return { ok: false, reason: 'invalid-input', message: basis.kind === 'kg' ? '体重必须为正数' : '体表面积必须为正数' };
  const total: Canonical = { value: c.value * factor, dimension: c.dimension };
  const per = basis.kind === 'kg' ? 'kg' : 'm²';
  return { ok: true, value: { total, text: `${perUnit.value} ${perUnit.unit}/${per} × ${round(factor, 2)} ${per} = ${formatCanonical(total)}` } };
}

export interface CreatinineInput {
  readonly value: number;
  readonly unit: 'μmol/L' | 'mg/dL';
}

/** Cockcroft–Gault CrCl (mL/min) from creatinine in μmol/L or mg/dL (1 mg/dL = 88.4 μmol/L). */
export function creatinineClearance(input: { ageYears: number; weightKg: number; sex: 'male' | 'female'; creatinine: CreatinineInput }): CalcResult<number> {
  const { ageYears, weightKg, creatinine } = input;
  if (!(ageYears >= 18 && ageYears < 130)) return { ok: false, reason: 'invalid-input', message: 'Cockcroft-Gault 公式仅适用于成人（≥18 岁）' };
  if (!(weightKg > 0 && weightKg < 500)) return { ok: false, reason: 'invalid-input', message: '体重必须在 0–500 kg 之间' };
  if (!(creatinine.value > 0)) return { ok: false, reason: 'invalid-input', message: '血肌酐必须为正数' };
  const umol = creatinine.unit === 'mg/dL' ? creatinine.value * 88.4 : creatinine.value;
  return { ok: true, value: cockcroftGault(ageYears, weightKg, input.sex, umol) };
}

/** The drug's renal bands that apply at this clearance, most severe first. */
export function renalAdvice(drug: Drug, crcl: number): Drug['renal'] {
  return drug.renal.filter((r) => crcl < r.egfrBelow).sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || a.egfrBelow - b.egfrBelow);
}
