/**
 * Indexes a validated knowledge base for the engine's hot path: lookups by id, ATC and
 * Chinese name, class membership (explicit and by ATC prefix), interaction and
 * incompatibility candidates by drug and class, allergy words. Built once per pack revision.
 */
import type { ConcentrationLimit, Drug, DrugClass, Incompatibility, Interaction, KnowledgeBase, Manifest, Regulations } from './schema';

export interface IndexedKb {
  readonly manifest: Manifest;
  readonly regulations: Regulations;
  readonly drugs: ReadonlyMap<string, Drug>;
  readonly classes: ReadonlyMap<string, DrugClass>;
  readonly byAtc: ReadonlyMap<string, readonly Drug[]>;
  /** [name, drug] sorted longest name first, so 阿莫西林克拉维酸钾 wins over 阿莫西林. */
  readonly names: readonly (readonly [string, Drug])[];
  readonly drugClasses: ReadonlyMap<string, ReadonlySet<string>>;
  readonly interactionsByKey: ReadonlyMap<string, readonly Interaction[]>;
  readonly incompatibilitiesByKey: ReadonlyMap<string, readonly Incompatibility[]>;
  readonly concentrationLimits: ReadonlyMap<string, readonly ConcentrationLimit[]>;
  /** Allergy word → class ids. */
  readonly allergyTerms: readonly (readonly [string, string])[];
  readonly interactionCount: number;
}

export type Ref = { readonly drug: string } | { readonly class: string };

export function refKey(r: Ref): string {
  return 'drug' in r ? `drug:${r.drug}` : `class:${r.class}`;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function indexKnowledgeBase(kb: KnowledgeBase): IndexedKb {
  const drugs = new Map(kb.drugs.map((d) => [d.id, d] as const));
  const classes = new Map(kb.classes.map((c) => [c.id, c] as const));
  const byAtc = new Map<string, Drug[]>();
  const names: [string, Drug][] = [];
  for (const d of kb.drugs) {
    for (const a of d.atc) push(byAtc, a, d);
    names.push([d.nameZh, d]);
    for (const alias of d.aliases) names.push([alias, d]);
  }
  names.sort((x, y) => y[0].length - x[0].length);

  const prefixed = kb.classes.filter((c) => c.atcPrefixes.length > 0);
  const drugClasses = new Map<string, Set<string>>();
  for (const d of kb.drugs) {
    const set = new Set(d.classes);
    for (const c of prefixed) if (d.atc.some((a) => c.atcPrefixes.some((p) => a.startsWith(p)))) set.add(c.id);
    drugClasses.set(d.id, set);
  }

  const interactionsByKey = new Map<string, Interaction[]>();
  for (const i of kb.interactions) {
    push(interactionsByKey, refKey(i.a), i);
    if (refKey(i.b) !== refKey(i.a)) push(interactionsByKey, refKey(i.b), i);
  }
  const incompatibilitiesByKey = new Map<string, Incompatibility[]>();
  for (const i of kb.incompatibilities) {
    push(incompatibilitiesByKey, refKey(i.a), i);
    if (refKey(i.b) !== refKey(i.a)) push(incompatibilitiesByKey, refKey(i.b), i);
  }
  const concentrationLimits = new Map<string, ConcentrationLimit[]>();
  for (const l of kb.concentrationLimits) push(concentrationLimits, l.drug, l);

  const allergyTerms: [string, string][] = [];
  for (const c of kb.classes) for (const t of c.allergyTerms) allergyTerms.push([t, c.id]);
  allergyTerms.sort((x, y) => y[0].length - x[0].length);

  return {
    manifest: kb.manifest,
    regulations: kb.regulations,
    drugs,
    classes,
    byAtc,
    names,
    drugClasses,
    interactionsByKey,
    incompatibilitiesByKey,
    concentrationLimits,
    allergyTerms,
    interactionCount: kb.interactions.length,
  };
}

export function classesOf(kb: IndexedKb, drugId: string): ReadonlySet<string> {
  return kb.drugClasses.get(drugId) ?? new Set();
}

/** Whether a drug matches a rule reference (the drug itself, or a class it belongs to). */
export function refMatches(kb: IndexedKb, ref: Ref, drugId: string): boolean {
  return 'drug' in ref ? ref.drug === drugId : classesOf(kb, drugId).has(ref.class);
}

/** Keys under which rules about this drug are indexed. */
export function keysOf(kb: IndexedKb, drugId: string): string[] {
  return [`drug:${drugId}`, ...[...classesOf(kb, drugId)].map((c) => `class:${c}`)];
}

const COMPOUND = /复方/;

/**
 * Resolves a drug: by ATC code, then by the Chinese generic name inside the HIS text.
 * A compound preparation (复方…) never resolves to one of its ingredients.
 */
export function resolveDrug(kb: IndexedKb, input: { atc?: string | undefined; text?: string | undefined; generic?: string | undefined; catalogCode?: string | undefined }): Drug | null {
  // The platform catalog code is the knowledge base's drug id (institution codes are mapped to it by the platform).
  if (input.catalogCode) {
    const byCode = kb.drugs.get(input.catalogCode.trim());
    if (byCode) return byCode;
  }
  const text = `${input.text ?? ''} ${input.generic ?? ''}`;
  if (input.atc) {
    const list = kb.byAtc.get(input.atc.trim().toUpperCase());
    if (list && list.length === 1) return list[0] ?? null;
    if (list && list.length > 1) return list.find((d) => text.includes(d.nameZh) || d.aliases.some((a) => text.includes(a))) ?? list[0] ?? null;
  }
  const isCompound = COMPOUND.test(text);
  for (const [name, drug] of kb.names) {
    if (!text.includes(name)) continue;
    if (isCompound && !COMPOUND.test(name)) return null;
    return drug;
  }
  return null;
}
