/**
 * Assembles a knowledge base from a pack's files (already parsed JSON, keyed by path inside
 * the pack) and validates it. Pure: the platform reads files from disk, the workstation
 * from its local store; both end here. Errors name the file and the JSON path.
 */
import type { z } from 'zod';
import {
  classSchema, concentrationLimitSchema, drugSchema, incompatibilitySchema, interactionSchema, manifestSchema, regulationsSchema,
  type KnowledgeBase,
} from './schema';
import { ruleSchema } from './rules';

export interface PackFile {
  readonly path: string;
  readonly json: unknown;
}

export interface PackError {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

export type AssembleResult = { readonly ok: true; readonly kb: KnowledgeBase } | { readonly ok: false; readonly errors: readonly PackError[] };

function issues(file: string, e: z.ZodError): PackError[] {
  return e.issues.map((i) => ({ file, path: i.path.map(String).join('.'), message: i.message }));
}

export function assembleKnowledgeBase(files: readonly PackFile[]): AssembleResult {
  const errors: PackError[] = [];
  const arrays = { drugs: [] as unknown[], classes: [] as unknown[], interactions: [] as unknown[], incompatibilities: [] as unknown[], concentrationLimits: [] as unknown[], rules: [] as unknown[] };
  let manifest: unknown;
  let regulations: unknown;
  const itemSchemas = { drugs: drugSchema, classes: classSchema, interactions: interactionSchema, incompatibilities: incompatibilitySchema, concentrationLimits: concentrationLimitSchema, rules: ruleSchema } as const;
  for (const f of files) {
    const p = f.path.replace(/\\/g, '/');
    let key: keyof typeof arrays | null = null;
    if (p === 'manifest.json') manifest = f.json;
    else if (p === 'regulations.json') regulations = f.json;
    else if (p.startsWith('drugs/')) key = 'drugs';
    else if (p === 'classes.json' || p.startsWith('classes/')) key = 'classes';
    else if (p === 'interactions.json' || p.startsWith('interactions/')) key = 'interactions';
    else if (p === 'incompatibilities.json' || p.startsWith('incompatibilities/')) key = 'incompatibilities';
    else if (p === 'concentration-limits.json' || p.startsWith('concentration-limits/')) key = 'concentrationLimits';
    else if (p.startsWith('rules/')) key = 'rules';
    if (key === null) continue;
    if (!Array.isArray(f.json)) {
      errors.push({ file: p, path: '', message: 'expected a JSON array' });
      continue;
    }
    f.json.forEach((item, i) => {
      const r = itemSchemas[key].safeParse(item);
      if (!r.success) errors.push(...issues(p, r.error).map((e) => ({ ...e, path: `[${i}]${e.path ? `.${e.path}` : ''}` })));
      else arrays[key].push(r.data);
    });
  }
  const m = manifestSchema.safeParse(manifest);
  if (!m.success) errors.push(...issues('manifest.json', m.error));
  const r = regulationsSchema.safeParse(regulations);
  if (!r.success) errors.push(...issues('regulations.json', r.error));
  if (errors.length > 0 || !m.success || !r.success) return { ok: false, errors };

  // Every item was validated above (with its defaults applied): assemble without parsing twice.
  const kb: KnowledgeBase = {
    manifest: m.data,
    regulations: r.data,
    drugs: arrays.drugs as KnowledgeBase['drugs'],
    classes: arrays.classes as KnowledgeBase['classes'],
    interactions: arrays.interactions as KnowledgeBase['interactions'],
    incompatibilities: arrays.incompatibilities as KnowledgeBase['incompatibilities'],
    concentrationLimits: arrays.concentrationLimits as KnowledgeBase['concentrationLimits'],
    rules: arrays.rules as KnowledgeBase['rules'],
  };
  const refErrors = checkReferences(kb);
  if (refErrors.length > 0) return { ok: false, errors: refErrors };
  return { ok: true, kb };
}

/** Every id a rule refers to exists, ids are unique. */
export function checkReferences(kb: KnowledgeBase): PackError[] {
  const errors: PackError[] = [];
  const drugIds = new Set<string>();
  for (const d of kb.drugs) {
    if (drugIds.has(d.id)) errors.push({ file: 'drugs', path: d.id, message: `duplicate drug id ${d.id}` });
    drugIds.add(d.id);
  }
  const classIds = new Set<string>();
  for (const c of kb.classes) {
    if (classIds.has(c.id)) errors.push({ file: 'classes', path: c.id, message: `duplicate class id ${c.id}` });
    classIds.add(c.id);
  }
  const ref = (file: string, id: string, r: { drug: string } | { class: string }): void => {
    if ('drug' in r && !drugIds.has(r.drug)) errors.push({ file, path: id, message: `unknown drug ${r.drug}` });
    if ('class' in r && !classIds.has(r.class)) errors.push({ file, path: id, message: `unknown class ${r.class}` });
  };
  const seen = new Set<string>();
  for (const i of kb.interactions) {
    if (seen.has(i.id)) errors.push({ file: 'interactions', path: i.id, message: `duplicate interaction id ${i.id}` });
    seen.add(i.id);
    ref('interactions', i.id, i.a);
    ref('interactions', i.id, i.b);
  }
  for (const i of kb.incompatibilities) {
    ref('incompatibilities', i.id, i.a);
    ref('incompatibilities', i.id, i.b);
  }
  for (const d of kb.drugs) for (const c of d.classes) if (!classIds.has(c)) errors.push({ file: 'drugs', path: d.id, message: `unknown class ${c}` });
  for (const c of kb.classes) for (const x of c.crossReactions) if (!classIds.has(x.classId)) errors.push({ file: 'classes', path: c.id, message: `unknown class ${x.classId}` });
  for (const l of kb.concentrationLimits) if (!drugIds.has(l.drug)) errors.push({ file: 'concentration-limits', path: l.id, message: `unknown drug ${l.drug}` });
  const ruleIds = new Set<string>();
  for (const r of kb.rules) {
    if (ruleIds.has(r.id)) errors.push({ file: 'rules', path: r.id, message: `duplicate rule id ${r.id}` });
    ruleIds.add(r.id);
    for (const d of r.when.drugs ?? []) if (!drugIds.has(d)) errors.push({ file: 'rules', path: r.id, message: `unknown drug ${d}` });
    for (const c of r.when.classes ?? []) if (!classIds.has(c)) errors.push({ file: 'rules', path: r.id, message: `unknown class ${c}` });
  }
  return errors;
}
