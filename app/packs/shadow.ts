/**
 * Shadow run (试运行): the same stored prescriptions reviewed with the active pack and with
 * the candidate; which alerts would appear or disappear, by check type and institution.
 * Pure: the platform feeds it the two engines' findings per prescription.
 */
import type { CheckType } from '../domain/check-types';
import type { Finding } from '../domain/finding';
import type { Level } from '../domain/levels';

export interface ShadowInput {
  readonly prescriptionNo: string;
  readonly institution: string;
  readonly before: readonly Finding[];
  readonly after: readonly Finding[];
}

export interface ShadowChange {
  readonly prescriptionNo: string;
  readonly institution: string;
  readonly change: 'appear' | 'disappear';
  readonly checkType: CheckType;
  readonly level: Level;
  readonly ruleId: string;
  readonly summary: string;
}

export interface ShadowCount { readonly key: string; readonly appear: number; readonly disappear: number }

export interface ShadowReport {
  readonly prescriptions: number;
  readonly changedPrescriptions: number;
  readonly appear: number;
  readonly disappear: number;
  readonly byCheckType: readonly ShadowCount[];
  readonly byInstitution: readonly ShadowCount[];
  /** The first changes, for the admin to read (the counts cover all). */
  readonly samples: readonly ShadowChange[];
}

/** A finding is "the same alert" when rule, orders and level are the same (wording may change). */
function keyOf(f: Finding): string {
  return `${f.ruleId}|${[...f.orders].sort().join(',')}|${f.level}`;
}

function tally(map: Map<string, { appear: number; disappear: number }>, key: string, change: 'appear' | 'disappear'): void {
  const c = map.get(key) ?? { appear: 0, disappear: 0 };
  c[change] += 1;
  map.set(key, c);
}

export function compareShadow(inputs: readonly ShadowInput[], maxSamples = 200): ShadowReport {
  const byType = new Map<string, { appear: number; disappear: number }>();
  const byInst = new Map<string, { appear: number; disappear: number }>();
  const samples: ShadowChange[] = [];
  let appear = 0;
  let disappear = 0;
  let changed = 0;
  for (const p of inputs) {
    const before = new Map(p.before.map((f) => [keyOf(f), f] as const));
    const after = new Map(p.after.map((f) => [keyOf(f), f] as const));
    const diffs: ShadowChange[] = [];
    for (const [k, f] of after) if (!before.has(k)) diffs.push({ prescriptionNo: p.prescriptionNo, institution: p.institution, change: 'appear', checkType: f.checkType, level: f.level, ruleId: f.ruleId, summary: f.summary });
    for (const [k, f] of before) if (!after.has(k)) diffs.push({ prescriptionNo: p.prescriptionNo, institution: p.institution, change: 'disappear', checkType: f.checkType, level: f.level, ruleId: f.ruleId, summary: f.summary });
    if (diffs.length > 0) changed += 1;
    for (const d of diffs) {
      if (d.change === 'appear') appear += 1;
      else disappear += 1;
      tally(byType, d.checkType, d.change);
      tally(byInst, d.institution, d.change);
      if (samples.length < maxSamples) samples.push(d);
    }
  }
  const list = (m: Map<string, { appear: number; disappear: number }>) => [...m].map(([key, c]) => ({ key, ...c })).sort((a, b) => b.appear + b.disappear - (a.appear + a.disappear) || a.key.localeCompare(b.key));
  return { prescriptions: inputs.length, changedPrescriptions: changed, appear, disappear, byCheckType: list(byType), byInstitution: list(byInst), samples };
}
