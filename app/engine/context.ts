/**
 * Per-review context: orders resolved against the knowledge base and normalized once
 * (drug, route, 规格, frequency), the derived patient, and a finding builder.
 */
import { CHECK_TYPES, type CheckType } from '../domain/check-types';
import type { Finding, Source } from '../domain/finding';
import type { Level } from '../domain/levels';
import type { OrderInput, ReviewRequest } from '../domain/review-request';
import { resolveDrug, type IndexedKb } from '../knowledge/indexed';
import type { Drug, RouteClass } from '../knowledge/schema';
import { normalizeFrequency, type Frequency } from './normalize/frequency';
import { derivePatient, type DerivedPatient } from './normalize/patient';
import { normalizeRoute, routeFromText } from './normalize/route';
import { parseStrength, type Strength } from './normalize/units';

export interface ResolvedOrder {
  readonly input: OrderInput;
  readonly ref: string;
  /** Display name: the HIS text, else the generic name. */
  readonly label: string;
  readonly drug: Drug | null;
  readonly route: RouteClass | null;
  readonly strength: Strength;
  readonly frequency: Frequency | null;
  /** Carrier solution of an infusion group (0.9%氯化钠, 5%葡萄糖 ≥ 50 ml …). */
  readonly isCarrier: boolean;
  readonly isCurrent: boolean;
}

export interface CheckContext {
  readonly kb: IndexedKb;
  readonly req: ReviewRequest;
  readonly patient: DerivedPatient;
  readonly orders: readonly ResolvedOrder[];
  readonly current: readonly ResolvedOrder[];
}

const CARRIER_TEXT = /(氯化钠|葡萄糖|葡萄糖氯化钠|灭菌注射用水|注射用水|林格|乳酸钠林格)(注射液)?/;

/** Drugs that are themselves infusion carriers (a premixed 莫西沙星氯化钠注射液 is not). */
const CARRIER_DRUGS = new Set(['sodium-chloride', 'glucose', 'glucose-sodium-chloride', 'water-for-injection', 'ringer', 'lactated-ringer']);

function isCarrierOrder(text: string, strength: Strength, drug: Drug | null): boolean {
  if (!CARRIER_TEXT.test(text)) return false;
  if (drug && !CARRIER_DRUGS.has(drug.id) && !drug.classes.includes('iv-diluents')) return false;
  // 10% 氯化钠 10 ml or 50% 葡萄糖 20 ml are additives, not carriers.
  return strength.volumeMl !== undefined && strength.volumeMl >= 50 && (strength.percent === undefined || strength.percent <= 10);
}

export function resolveOrder(kb: IndexedKb, input: OrderInput, isCurrent: boolean): ResolvedOrder {
  const text = input.text ?? input.generic ?? '';
  const drug = resolveDrug(kb, input);
  const strength = parseStrength(input.text);
  let route = normalizeRoute(input.route);
  if (route === null && !input.route) route = routeFromText(input.text);
  return {
    input,
    ref: input.ref,
    label: text || input.atc || input.ref,
    drug,
    route,
    strength,
    frequency: normalizeFrequency(input.frequencyCode, input.frequencyRepeat),
    isCarrier: isCarrierOrder(text, strength, drug),
    isCurrent,
  };
}

export function buildContext(kb: IndexedKb, req: ReviewRequest): CheckContext {
  return {
    kb,
    req,
    patient: derivePatient(req),
    orders: req.orders.map((o) => resolveOrder(kb, o, false)),
    current: req.currentMedications.map((o) => resolveOrder(kb, o, true)),
  };
}

export interface FindingSpec {
  readonly checkType: CheckType;
  readonly level: Level;
  readonly ruleId: string;
  readonly orders: readonly ResolvedOrder[];
  readonly summary: string;
  readonly what: string;
  readonly why: string;
  readonly action: string;
  readonly sources: readonly Source[];
  readonly facts?: readonly string[];
  readonly reviewCode?: string;
}

export function finding(spec: FindingSpec): Finding {
  return {
    checkType: spec.checkType,
    level: spec.level,
    ruleId: spec.ruleId,
    reviewCode: spec.reviewCode ?? CHECK_TYPES[spec.checkType].reviewCode,
    orders: spec.orders.map((o) => o.ref),
    summary: spec.summary,
    what: spec.what,
    why: spec.why,
    action: spec.action,
    sources: spec.sources,
    facts: spec.facts ?? [],
  };
}

/** Drug orders of this prescription that are not the carrier solution of a group. */
export function drugOrders(ctx: CheckContext): readonly ResolvedOrder[] {
  return ctx.orders.filter((o) => !o.isCarrier);
}

const LOCAL_ROUTES: ReadonlySet<RouteClass> = new Set(['topical', 'ophthalmic']);
const LOCAL_FORM_TEXT = /(乳膏|软膏|凝胶|滴眼液|眼膏|滴耳液|眼用|洗剂|搽剂)/;

/**
 * A cream or eye drop matched by name to a systemic drug entry: the systemic entry's
 * pregnancy, renal or diagnosis facts do not apply to it. Entries written for the local
 * form (their forms list that route) keep their own facts.
 */
function isLocalUseOfSystemicEntry(o: ResolvedOrder): boolean {
  const local = (o.route !== null && LOCAL_ROUTES.has(o.route)) || (o.route === null && LOCAL_FORM_TEXT.test(o.input.text ?? ''));
  if (!local || !o.drug) return false;
  return !o.drug.forms.some((f) => f.routes.some((r) => LOCAL_ROUTES.has(r)));
}

/** Orders with a resolved drug that are not a carrier solution nor a local use of a systemic entry. */
export function systemicDrugOrders(ctx: CheckContext): Array<ResolvedOrder & { drug: Drug }> {
  return ctx.orders.filter((o): o is ResolvedOrder & { drug: Drug } => o.drug !== null && !o.isCarrier && !isLocalUseOfSystemicEntry(o));
}

export function nameOf(o: ResolvedOrder): string {
  return o.drug?.nameZh ?? o.label;
}
