/**
 * 药物过敏史: the patient's allergies (class words such as 青霉素, 头孢菌素类, 磺胺类, or a drug
 * name, optionally an ATC code) against each order's drug and classes, including the
 * cross-class reactions the knowledge base lists (penicillin → cephalosporins …).
 */
import type { Finding, Source } from '../../domain/finding';
import type { Level } from '../../domain/levels';
import { LEVEL_RANK } from '../../domain/levels';
import { classesOf, resolveDrug } from '../../knowledge/indexed';
import { finding, nameOf, type CheckContext } from '../context';
import type { Check } from './check';

interface Allergen {
  readonly text: string;
  readonly drugId: string | null;
  readonly classIds: ReadonlySet<string>;
}

function allergensOf(ctx: CheckContext): Allergen[] {
  const out: Allergen[] = [];
  for (const a of ctx.req.allergies) {
    const text = a.text.trim();
    if (!text || /^(无|否认|不详|未知|无过敏史|否认药物过敏史)$/.test(text)) continue;
    const classIds = new Set<string>();
    for (const [term, classId] of ctx.kb.allergyTerms) if (text === term || text.includes(term)) classIds.add(classId);
    if (a.atc) {
      for (const c of ctx.kb.classes.values()) if (c.atcPrefixes.some((p) => a.atc!.toUpperCase().startsWith(p))) classIds.add(c.id);
    }
    const drug = resolveDrug(ctx.kb, { text, atc: a.atc });
    // Allergy to one drug means its allergy classes too (阿莫西林过敏 → 青霉素类).
    if (drug) for (const c of classesOf(ctx.kb, drug.id)) if ((ctx.kb.classes.get(c)?.allergyTerms.length ?? 0) > 0) classIds.add(c);
    if (drug || classIds.size > 0) out.push({ text, drugId: drug?.id ?? null, classIds });
  }
  return out;
}

export const allergyCheck: Check = {
  id: 'allergy',
  types: ['allergy'],
  doc: '过敏史（药名、类别词、ATC）对照药品及其类别，含交叉过敏。',
  run: (ctx) => {
    const allergens = allergensOf(ctx);
    if (allergens.length === 0) return [];
    const out: Finding[] = [];
    for (const o of ctx.orders) {
      if (!o.drug) continue;
      const drugClasses = classesOf(ctx.kb, o.drug.id);
      let best: { level: Level; why: string; source: Source; rule: string; allergen: string } | null = null;
      const consider = (level: Level, why: string, source: Source, rule: string, allergen: string): void => {
        if (!best || LEVEL_RANK[level] > LEVEL_RANK[best.level]) best = { level, why, source, rule, allergen };
      };
      for (const al of allergens) {
        if (al.drugId === o.drug.id) consider('contraindicated', `患者对${al.text}过敏，本药即为该药品。`, o.drug.source, `allergy:drug:${o.drug.id}`, al.text);
        for (const c of al.classIds) {
          const cls = ctx.kb.classes.get(c);
          if (!cls) continue;
          if (drugClasses.has(c)) consider('contraindicated', `患者对${al.text}过敏，${nameOf(o)}属于${cls.nameZh}。`, cls.source, `allergy:class:${c}`, al.text);
          for (const x of cls.crossReactions) {
            if (drugClasses.has(x.classId)) consider(x.level, x.note, x.source, `allergy:cross:${c}>${x.classId}`, al.text);
          }
        }
      }
      if (best) {
        const b: { level: Level; why: string; source: Source; rule: string; allergen: string } = best;
        out.push(finding({
          checkType: 'allergy', level: b.level, ruleId: b.rule, orders: [o],
          summary: `患者有${b.allergen}过敏史，${nameOf(o)}${b.level === 'contraindicated' ? '禁用' : '慎用'}`,
          what: `过敏史：${b.allergen}；开具：${o.label}。`, why: b.why,
          action: b.level === 'contraindicated' ? '请更换为不同类别的药品。' : '如必须使用，请确认过敏史细节（过敏反应类型），必要时皮试并密切观察。',
          sources: [b.source], facts: [`过敏史：${b.allergen}`],
        }));
      }
    }
    return out;
  },
};
