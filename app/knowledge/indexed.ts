/**
 * Indexes a validated knowledge base for the engine's hot path: lookups by id, ATC and
 * Chinese name, class membership (explicit and by ATC prefix), interaction and
 * incompatibility candidates by drug and class, allergy words. Built once per pack revision.
 */
import type { Rule } from './rules';
import type { ConcentrationLimit, Drug, DrugClass, Incompatibility, Interaction, KnowledgeBase, Manifest, Regulations } from './schema';

export interface IndexedKb {
  readonly manifest: Manifest;
  readonly regulations: Regulations;
  readonly drugs: ReadonlyMap<string, Drug>;
  readonly classes: ReadonlyMap<string, DrugClass>;
  readonly byAtc: ReadonlyMap<string, readonly Drug[]>;
  /** [name, drug] sorted longest name first, so 阿莫西林克拉维酸钾 wins over 阿莫西林. */
  readonly names: readonly (readonly [string, Drug])[];
  /** Names by their first character, longest first: the resolver scans the text once. */
  readonly namesByFirstChar: ReadonlyMap<string, readonly (readonly [string, Drug])[]>;
  /** Resolution of HIS drug texts, memoized per pack (the same products are prescribed all day). */
  readonly resolved: Map<string, Drug | null>;
  /** Per drug, memoized: interaction rules keyed by the other side's key. */
  readonly partnerRules: Map<string, ReadonlyMap<string, readonly Interaction[]>>;
  readonly drugClasses: ReadonlyMap<string, ReadonlySet<string>>;
  /** Rule keys of each drug ("drug:x", "class:y" …), precomputed for the hot path. */
  readonly drugKeys: ReadonlyMap<string, readonly string[]>;
  /** Classes of each drug that define a duplicate-therapy group. */
  readonly duplicateClasses: ReadonlyMap<string, readonly string[]>;
  readonly interactionsByKey: ReadonlyMap<string, readonly Interaction[]>;
  readonly incompatibilitiesByKey: ReadonlyMap<string, readonly Incompatibility[]>;
  readonly concentrationLimits: ReadonlyMap<string, readonly ConcentrationLimit[]>;
  /** Allergy word → class ids. */
  readonly allergyTerms: readonly (readonly [string, string])[];
  readonly interactionCount: number;
  /** Declarative rules: the pack's, then the platform's custom-rule overlay (withRules). */
  readonly rules: readonly Rule[];
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
  const namesByFirstChar = new Map<string, [string, Drug][]>();
  for (const entry of names) push(namesByFirstChar, entry[0][0]!, entry);

  const prefixed = kb.classes.filter((c) => c.atcPrefixes.length > 0);
  const drugClasses = new Map<string, Set<string>>();
  for (const d of kb.drugs) {
    const set = new Set(d.classes);
    for (const c of prefixed) if (d.atc.some((a) => c.atcPrefixes.some((p) => a.startsWith(p)))) set.add(c.id);
    drugClasses.set(d.id, set);
  }

  const drugKeys = new Map<string, string[]>();
  const duplicateClasses = new Map<string, string[]>();
  for (const [id, set] of drugClasses) {
    drugKeys.set(id, [`drug:${id}`, ...[...set].map((c) => `class:${c}`)]);
    duplicateClasses.set(id, [...set].filter((c) => classes.get(c)?.duplicate !== undefined));
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

  const indexed: IndexedKb = {
    manifest: kb.manifest,
    regulations: kb.regulations,
    drugs,
    classes,
    byAtc,
    names,
    namesByFirstChar,
    resolved: new Map(),
    partnerRules: new Map(),
    drugClasses,
    drugKeys,
    duplicateClasses,
    interactionsByKey,
    incompatibilitiesByKey,
    concentrationLimits,
    allergyTerms,
    interactionCount: kb.interactions.length,
    rules: kb.rules.filter((r) => r.enabled),
  };
  // Precomputed (≈15 ms for the baseline) so no review pays for a drug's first appearance.
  for (const id of drugs.keys()) partnerRulesOf(indexed, id);
  return indexed;
}

export function classesOf(kb: IndexedKb, drugId: string): ReadonlySet<string> {
  return kb.drugClasses.get(drugId) ?? new Set();
}

/** Whether a drug matches a rule reference (the drug itself, or a class it belongs to). */
export function refMatches(kb: IndexedKb, ref: Ref, drugId: string): boolean {
  return 'drug' in ref ? ref.drug === drugId : classesOf(kb, drugId).has(ref.class);
}

/** Keys under which rules about this drug are indexed. */
export function keysOf(kb: IndexedKb, drugId: string): readonly string[] {
  return kb.drugKeys.get(drugId) ?? [`drug:${drugId}`];
}

const COMPOUND = /复方/;

/**
 * Resolves a drug: by ATC code, then by the Chinese generic name inside the HIS text.
 * A compound preparation (复方…) never resolves to one of its ingredients.
 */
export function resolveDrug(kb: IndexedKb, input: { atc?: string | undefined; text?: string | undefined; generic?: string | undefined; catalogCode?: string | undefined }): Drug | null {
  const key = `${input.catalogCode ?? ''}|${input.atc ?? ''}|${input.text ?? ''}|${input.generic ?? ''}`;
  const hit = kb.resolved.get(key);
  if (hit !== undefined) return hit;
  const drug = resolveUncached(kb, input);
  if (kb.resolved.size < 100_000) kb.resolved.set(key, drug);
  return drug;
}

function resolveUncached(kb: IndexedKb, input: { atc?: string | undefined; text?: string | undefined; generic?: string | undefined; catalogCode?: string | undefined }): Drug | null {
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
  // The longest name found anywhere in the text wins (阿莫西林克拉维酸钾 over 阿莫西林).
  let best: readonly [string, Drug] | null = null;
  for (let i = 0; i < text.length; i++) {
    const candidates = kb.namesByFirstChar.get(text[i]!);
    if (!candidates) continue;
    for (const c of candidates) {
      if (best && c[0].length <= best[0].length) break;
      if (text.startsWith(c[0], i)) {
        best = c;
        break;
      }
    }
  }
  if (!best) return null;
  if (isCompound && !COMPOUND.test(best[0])) return null;
  return best[1];
}

/** Interaction rules where `drugId` is on one side, keyed by the other side's key (memoized per drug). */
export function partnerRulesOf(kb: IndexedKb, drugId: string): ReadonlyMap<string, readonly Interaction[]> {
  let m = kb.partnerRules.get(drugId);
  if (m) return m;
  const out = new Map<string, Interaction[]>();
  const seen = new Set<string>();
  for (const key of keysOf(kb, drugId)) {
    for (const rule of kb.interactionsByKey.get(key) ?? []) {
      if (seen.has(rule.id)) continue;
      seen.add(rule.id);
      if (refMatches(kb, rule.a, drugId)) push(out, refKey(rule.b), rule);
      if (refMatches(kb, rule.b, drugId) && refKey(rule.a) !== refKey(rule.b)) push(out, refKey(rule.a), rule);
    }
  }
  m = out;
  kb.partnerRules.set(drugId, m);
  return m;
}

/**
 * The same indexed pack with extra rules (the platform's custom rules, 用药规则管理): a
 * shallow copy, so the drug index and memo tables are shared and the overlay costs nothing.
 */
export function withRules(kb: IndexedKb, extra: readonly Rule[]): IndexedKb {
  if (extra.length === 0) return kb;
  return { ...kb, rules: [...kb.rules, ...extra.filter((r) => r.enabled)] };
}
