/**
 * What changes between two pack revisions (the admin's review before publishing): drugs,
 * facts (classes, interactions, incompatibilities, concentration limits, regulation
 * parameters) and rules added, changed or removed. Pure: both sides are assembled packs.
 */
import type { KnowledgeBase } from '../knowledge/schema';
import { canonicalJson } from './artifact';

export const DIFF_SECTIONS = ['drugs', 'classes', 'interactions', 'incompatibilities', 'concentrationLimits', 'rules', 'regulations'] as const;
export type DiffSection = (typeof DIFF_SECTIONS)[number];

export const DIFF_SECTION_ZH: Readonly<Record<DiffSection, string>> = {
  drugs: '药品', classes: '药物类别', interactions: '相互作用', incompatibilities: '配伍禁忌', concentrationLimits: '浓度限值', rules: '规则', regulations: '法规参数',
};

export interface DiffItem {
  readonly id: string;
  readonly label: string;
}

export interface SectionDiff {
  readonly section: DiffSection;
  readonly added: readonly DiffItem[];
  readonly changed: readonly DiffItem[];
  readonly removed: readonly DiffItem[];
}

export interface PackDiff {
  readonly from: { readonly id: string; readonly revision: number };
  readonly to: { readonly id: string; readonly revision: number };
  readonly sections: readonly SectionDiff[];
  readonly total: number;
}

function diffById<T>(section: DiffSection, a: readonly T[], b: readonly T[], id: (x: T) => string, label: (x: T) => string): SectionDiff {
  const before = new Map(a.map((x) => [id(x), x] as const));
  const after = new Map(b.map((x) => [id(x), x] as const));
  const added: DiffItem[] = [];
  const changed: DiffItem[] = [];
  const removed: DiffItem[] = [];
  for (const [k, x] of after) {
    const old = before.get(k);
    if (old === undefined) added.push({ id: k, label: label(x) });
    else if (canonicalJson(old) !== canonicalJson(x)) changed.push({ id: k, label: label(x) });
  }
  for (const [k, x] of before) if (!after.has(k)) removed.push({ id: k, label: label(x) });
  return { section, added, changed, removed };
}

const refLabel = (r: { drug: string } | { class: string }) => ('drug' in r ? r.drug : r.class);

export function diffPacks(a: KnowledgeBase, b: KnowledgeBase): PackDiff {
  const regs = (kb: KnowledgeBase) => Object.entries(kb.regulations).map(([k, v]) => ({ k, v }));
  const sections = [
    diffById('drugs', a.drugs, b.drugs, (d) => d.id, (d) => d.nameZh),
    diffById('classes', a.classes, b.classes, (c) => c.id, (c) => c.nameZh),
    diffById('interactions', a.interactions, b.interactions, (i) => i.id, (i) => `${refLabel(i.a)} + ${refLabel(i.b)}`),
    diffById('incompatibilities', a.incompatibilities, b.incompatibilities, (i) => i.id, (i) => `${refLabel(i.a)} + ${refLabel(i.b)}`),
    diffById('concentrationLimits', a.concentrationLimits, b.concentrationLimits, (l) => l.id, (l) => l.drug),
    diffById('rules', a.rules, b.rules, (r) => r.id, (r) => r.title),
    diffById('regulations', regs(a), regs(b), (r) => r.k, (r) => r.k),
  ];
  return {
    from: { id: a.manifest.id, revision: a.manifest.revision },
    to: { id: b.manifest.id, revision: b.manifest.revision },
    sections,
    total: sections.reduce((n, s) => n + s.added.length + s.changed.length + s.removed.length, 0),
  };
}
