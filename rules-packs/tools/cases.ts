/**
 * Clinical cases in the evaluation format of ../shared/cases (patient, labs, allergies,
 * diagnoses, currentMeds, orders, prescriber, institution, encounter, expect, source),
 * mapped straight onto the engine's ReviewRequest and scored the way the review harness
 * scores them: a positive case needs every expected item at its minimum level or higher, a
 * clean case no finding at caution or higher.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../app/domain/finding';
import { LEVEL_RANK, isLevel, type Level } from '../../app/domain/levels';
import type { OrderInput, ReviewRequest } from '../../app/domain/review-request';

export const AUTHORED_ON = '2026-06-15T09:00:00+08:00';

interface CaseOrder { name?: string; generic?: string; atc?: string; dose?: number | string; unit?: string; frequency?: string; route?: string; days?: number; group?: string | number | null }
interface ExpectItem { checkType: string; minLevel?: Level }
export interface ClinicalCase {
  id: string;
  title?: string;
  patient?: { sex?: string; ageYears?: number; ageDays?: number; weightKg?: number; heightCm?: number; pregnant?: boolean; lactating?: boolean };
  labs?: Array<{ loinc?: string; name?: string; value: number | string; unit?: string }>;
  allergies?: Array<{ name: string; atc?: string }>;
  diagnoses?: Array<{ icd10?: string; name?: string; status?: string }>;
  currentMeds?: CaseOrder[];
  orders: CaseOrder[];
  prescriber?: { title?: string };
  institution?: { level?: string; code?: string };
  department?: string;
  encounter?: string;
  expect: 'clean' | Array<ExpectItem | { anyOf: ExpectItem[] }>;
  source: string;
}

const DAY = 86_400_000;
const REF = Date.UTC(2026, 5, 15);

/** Birth date giving the case's age at AUTHORED_ON (same rules as the shared harness). */
export function birthDateFor(p: ClinicalCase['patient'] = {}): string | undefined {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const Y = p.ageYears;
  const D = p.ageDays;
  if (D !== undefined && D >= 0) {
    if (Y === undefined || Y <= 0 || D >= Y * 365) return iso(REF - D * DAY);
    return iso(Date.UTC(2026 - Math.floor(Y), 5, 15) - D * DAY);
  }
  if (Y === undefined || Y < 0) return undefined;
  if (Y === 0) return iso(REF - 180 * DAY);
  if (Number.isInteger(Y)) return iso(Date.UTC(2026 - Y, 5, 15) - 60 * DAY);
  return iso(Date.UTC(2026, 5 - Math.round(Y * 12), 15) - 10 * DAY);
}

function toOrder(o: CaseOrder, ref: string): OrderInput {
  const dose = typeof o.dose === 'number' ? o.dose : typeof o.dose === 'string' && o.dose.trim() !== '' && Number.isFinite(Number(o.dose)) ? Number(o.dose) : undefined;
  return {
    ref,
    text: o.name ?? o.generic,
    atc: o.atc,
    generic: o.generic,
    dose: dose !== undefined ? { value: dose, unit: o.unit } : undefined,
    doseText: dose === undefined && o.dose !== undefined ? `${o.dose}${o.unit ?? ''}` : undefined,
    frequencyCode: o.frequency,
    route: o.route,
    days: o.days,
    group: o.group === null || o.group === undefined ? undefined : String(o.group),
  };
}

export function caseToReviewRequest(c: ClinicalCase): ReviewRequest {
  const p = c.patient ?? {};
  const sex = p.sex === 'female' || p.sex === 'male' ? p.sex : undefined;
  const enc = c.encounter?.toUpperCase();
  return {
    authoredOn: AUTHORED_ON,
    patient: { sex, birthDate: birthDateFor(p), weightKg: p.weightKg, heightCm: p.heightCm, pregnant: sex === 'female' ? p.pregnant : undefined, lactating: sex === 'female' ? p.lactating : undefined },
    diagnoses: (c.diagnoses ?? []).map((d) => ({ code: d.icd10, text: d.name, status: d.status === undefined || d.status === 'active' ? 'active' : 'resolved' })),
    allergies: (c.allergies ?? []).map((a) => ({ text: a.name, atc: a.atc })),
    observations: (c.labs ?? []).map((l) => ({ loinc: l.loinc, text: l.name, value: typeof l.value === 'number' ? l.value : Number(l.value), unit: l.unit })),
    prescriberTitle: c.prescriber?.title,
    institutionLevel: c.institution?.level,
    institutionCode: c.institution?.code,
    departmentName: c.department,
    visitType: enc === 'AMB' || enc === 'EMER' || enc === 'IMP' ? enc : undefined,
    orders: c.orders.map((o, i) => toOrder(o, `MedicationRequest/ord-${i + 1}`)),
    currentMedications: (c.currentMeds ?? []).map((o, i) => toOrder(o, `MedicationRequest/med-${i + 1}`)),
  };
}

export function scoreCase(c: ClinicalCase, findings: readonly Pick<Finding, 'checkType' | 'level'>[]): { pass: boolean; why: string } {
  if (c.expect === 'clean') {
    const alarms = findings.filter((f) => LEVEL_RANK[f.level] >= LEVEL_RANK.caution);
    return { pass: alarms.length === 0, why: alarms.map((f) => `${f.checkType}:${f.level}`).join(', ') };
  }
  const meets = (it: ExpectItem) => findings.some((f) => f.checkType === it.checkType && LEVEL_RANK[f.level] >= LEVEL_RANK[it.minLevel && isLevel(it.minLevel) ? it.minLevel : 'info']);
  const missing = c.expect.filter((it) => !('anyOf' in it ? it.anyOf.some(meets) : meets(it)));
  return { pass: missing.length === 0, why: `missing ${JSON.stringify(missing)}; got ${findings.map((f) => `${f.checkType}:${f.level}`).join(', ')}` };
}

export function readCases(dir: string): Array<{ file: string; c: ClinicalCase }> {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().flatMap((f) => (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ClinicalCase[]).map((c) => ({ file: f, c })));
}
