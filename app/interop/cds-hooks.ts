/**
 * CDS Hooks 2.0 order-sign ⇄ the engine's ReviewRequest / findings (interop.md, exactly).
 * FHIR resources are validated only as far as the engine reads them; a missing element
 * skips the check that needs it, a wrong type is a 400 naming the path.
 */
import { z } from 'zod';
import { formatSource, type Finding } from '../domain/finding';
import { CDS_INDICATOR, LEVEL_ZH, type Level } from '../domain/levels';
import type { PlanAction } from '../domain/review-plan';
import type { AllergyInput, DiagnosisInput, ObservationInput, OrderInput, PatientInput, ReviewRequest, Sex, VisitType } from '../domain/review-request';
import { fieldIssues, type FieldIssue } from './zod-path';

export const SERVICE_ID = 'yaodun-prescription-review';
export const GROUP_EXTENSION = 'urn:yaodun:fhir:infusion-group';
const SYS_ATC = 'http://www.whocc.no/atc';
const SYS_ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const SYS_LOINC = 'http://loinc.org';

const coding = z.looseObject({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
const codeable = z.looseObject({ coding: z.array(coding).optional(), text: z.string().optional() });
const quantity = z.looseObject({ value: z.number().finite().optional(), unit: z.string().optional(), code: z.string().optional() });
const reference = z.looseObject({ reference: z.string().optional() });

const medicationRequest = z.looseObject({
  resourceType: z.literal('MedicationRequest'),
  id: z.string().optional(),
  status: z.string().optional(),
  extension: z.array(z.looseObject({ url: z.string(), valueString: z.string().optional() })).optional(),
  medicationCodeableConcept: codeable.optional(),
  authoredOn: z.string().optional(),
  requester: reference.optional(),
  dosageInstruction: z.array(z.looseObject({
    text: z.string().optional(),
    timing: z.looseObject({
      code: codeable.optional(),
      repeat: z.looseObject({ frequency: z.number().optional(), period: z.number().optional(), periodUnit: z.string().optional() }).optional(),
    }).optional(),
    route: codeable.optional(),
    doseAndRate: z.array(z.looseObject({ doseQuantity: quantity.optional() })).optional(),
  })).optional(),
  dispenseRequest: z.looseObject({
    expectedSupplyDuration: quantity.optional(),
    quantity: quantity.optional(),
  }).optional(),
});

const anyResource = z.looseObject({ resourceType: z.string() });
const bundleOf = <T extends z.ZodTypeAny>(entry: T) => z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.looseObject({ resource: entry })).optional(),
});

const observation = z.looseObject({
  resourceType: z.string(),
  code: codeable.optional(),
  valueQuantity: quantity.optional(),
  valueBoolean: z.boolean().optional(),
  valueString: z.string().optional(),
  effectiveDateTime: z.string().optional(),
});
const condition = z.looseObject({
  resourceType: z.string(),
  code: codeable.optional(),
  clinicalStatus: codeable.optional(),
});
const allergy = z.looseObject({ resourceType: z.string(), code: codeable.optional() });

export const cdsRequestSchema = z.looseObject({
  hook: z.string(),
  hookInstance: z.string().optional(),
  context: z.looseObject({
    userId: z.string().optional(),
    patientId: z.string().optional(),
    encounterId: z.string().optional(),
    draftOrders: bundleOf(anyResource),
  }),
  prefetch: z.looseObject({
    patient: z.looseObject({ resourceType: z.literal('Patient'), id: z.string().optional(), gender: z.string().optional(), birthDate: z.string().optional() }),
    practitioner: z.looseObject({ qualification: z.array(z.looseObject({ code: codeable.optional() })).optional() }).nullish(),
    organization: z.looseObject({ type: z.array(codeable).optional(), name: z.string().optional() }).nullish(),
    encounter: z.looseObject({ class: z.union([coding, z.array(codeable)]).optional() }).nullish(),
    conditions: bundleOf(condition).nullish(),
    allergies: bundleOf(allergy).nullish(),
    observations: bundleOf(observation).nullish(),
    medications: bundleOf(anyResource).nullish(),
  }),
});

export type CdsRequest = z.infer<typeof cdsRequestSchema>;
type MedicationRequest = z.infer<typeof medicationRequest>;

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly FieldIssue[] };

const KNOWN_TITLES = ['主任医师', '副主任医师', '主治医师', '住院医师', '执业助理医师', '乡村医生', '医师'];

function codeOf(c: z.infer<typeof codeable> | undefined, system: string): string | undefined {
  return c?.coding?.find((x) => x.system === system)?.code ?? undefined;
}

function sexOf(gender: string | undefined): Sex | undefined {
  if (gender === 'male' || gender === 'female' || gender === 'other' || gender === 'unknown') return gender;
  return undefined;
}

function supplyDays(q: z.infer<typeof quantity> | undefined): number | undefined {
  if (!q || q.value === undefined) return undefined;
  const u = (q.code ?? q.unit ?? 'd').toLowerCase();
  if (u === 'd' || u === 'day' || u === 'days' || u === '天' || u === '日') return q.value;
  if (u === 'wk' || u === 'week' || u === '周') return q.value * 7;
  if (u === 'mo' || u === 'month' || u === '月') return q.value * 30;
  return undefined;
}

export function orderFromMedicationRequest(mr: MedicationRequest, index: number, prefix = 'MedicationRequest'): OrderInput {
  const di = mr.dosageInstruction?.[0];
  const dq = di?.doseAndRate?.[0]?.doseQuantity;
  const rep = di?.timing?.repeat;
  return {
    ref: `${prefix}/${mr.id ?? `#${index}`}`,
    text: mr.medicationCodeableConcept?.text ?? mr.medicationCodeableConcept?.coding?.[0]?.display,
    atc: codeOf(mr.medicationCodeableConcept, SYS_ATC),
    generic: mr.medicationCodeableConcept?.coding?.find((c) => c.system === SYS_ATC)?.display,
    dose: dq?.value !== undefined ? { value: dq.value, unit: dq.unit ?? dq.code } : undefined,
    doseText: di?.text,
    frequencyCode: di?.timing?.code?.text ?? di?.timing?.code?.coding?.[0]?.code,
    frequencyRepeat: rep?.frequency !== undefined && rep.period !== undefined && rep.periodUnit ? { frequency: rep.frequency, period: rep.period, periodUnit: rep.periodUnit } : undefined,
    route: di?.route?.text ?? di?.route?.coding?.[0]?.display ?? di?.route?.coding?.[0]?.code,
    days: supplyDays(mr.dispenseRequest?.expectedSupplyDuration),
    quantity: mr.dispenseRequest?.quantity?.value !== undefined ? { value: mr.dispenseRequest.quantity.value, unit: mr.dispenseRequest.quantity.unit } : undefined,
    group: mr.extension?.find((e) => e.url === GROUP_EXTENSION)?.valueString,
  };
}

function isMedicationRequest(r: { resourceType: string }): r is MedicationRequest {
  // Entries were validated against medicationRequest above.
  return r.resourceType === 'MedicationRequest';
}

/** Validates a CDS Hooks order-sign request and maps it onto the engine's model. */
export function parseCdsRequest(body: unknown): ParseResult<{ request: ReviewRequest; raw: CdsRequest }> {
  const parsed = cdsRequestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, issues: fieldIssues(parsed.error) };
  const raw = parsed.data;
  // Entries are checked one by one so an error names the entry: context.draftOrders.entry[2].resource.dosageInstruction
  const entryIssues: FieldIssue[] = [];
  const checkEntries = (entries: ReadonlyArray<{ resource: { resourceType: string } }> | undefined, base: string): void => {
    (entries ?? []).forEach((e, i) => {
      if (e.resource.resourceType !== 'MedicationRequest') return;
      const r = medicationRequest.safeParse(e.resource);
      if (!r.success) entryIssues.push(...fieldIssues(r.error).map((x) => ({ path: `${base}.entry[${i}].resource${x.path === '(root)' ? '' : `.${x.path}`}`.replace('.[', '['), message: x.message })));
    });
  };
  checkEntries(raw.context.draftOrders.entry, 'context.draftOrders');
  checkEntries(raw.prefetch.medications?.entry, 'prefetch.medications');
  if (entryIssues.length > 0) return { ok: false, issues: entryIssues };
  if (raw.hook !== 'order-sign') return { ok: false, issues: [{ path: 'hook', message: `unsupported hook "${raw.hook}"; this service answers order-sign` }] };
  const pf = raw.prefetch;
  const entries = raw.context.draftOrders.entry ?? [];
  const orders = entries.map((e) => e.resource).filter(isMedicationRequest).map((mr, i) => orderFromMedicationRequest(mr, i));

  const patient: { -readonly [K in keyof PatientInput]: PatientInput[K] } = { sex: sexOf(pf.patient.gender), birthDate: pf.patient.birthDate };
  const observations: ObservationInput[] = [];
  for (const e of pf.observations?.entry ?? []) {
    const o = e.resource;
    if (o.resourceType !== 'Observation') continue;
    const loinc = codeOf(o.code, SYS_LOINC);
    if (loinc === '29463-7' && o.valueQuantity?.value !== undefined) patient.weightKg = o.valueQuantity.value;
    else if (loinc === '8302-2' && o.valueQuantity?.value !== undefined) patient.heightCm = o.valueQuantity.value;
    else if (loinc === '82810-3' && o.valueBoolean !== undefined) patient.pregnant = o.valueBoolean;
    else if (loinc === '63895-7' && o.valueBoolean !== undefined) patient.lactating = o.valueBoolean;
    else observations.push({ loinc, text: o.code?.text, value: o.valueQuantity?.value, unit: o.valueQuantity?.unit ?? o.valueQuantity?.code, valueBoolean: o.valueBoolean, valueText: o.valueString, at: o.effectiveDateTime });
  }
  const diagnoses: DiagnosisInput[] = (pf.conditions?.entry ?? []).map((e) => e.resource).filter((c) => c.resourceType === 'Condition').map((c) => {
    const status = c.clinicalStatus?.coding?.[0]?.code ?? 'active';
    return { code: codeOf(c.code, SYS_ICD10) ?? c.code?.coding?.[0]?.code, text: c.code?.text ?? c.code?.coding?.[0]?.display, status: status === 'active' || status === 'recurrence' || status === 'relapse' ? 'active' : 'resolved' } as const;
  });
  const allergies: AllergyInput[] = (pf.allergies?.entry ?? []).map((e) => e.resource).filter((a) => a.resourceType === 'AllergyIntolerance').flatMap((a) => {
    const text = a.code?.text ?? a.code?.coding?.[0]?.display ?? '';
    const atc = codeOf(a.code, SYS_ATC);
    return text || atc ? [{ text, atc }] : [];
  });
  const current = (pf.medications?.entry ?? []).map((e) => e.resource).filter(isMedicationRequest).filter((m) => m.status === undefined || m.status === 'active').map((mr, i) => orderFromMedicationRequest(mr, i));

  const titles = (pf.practitioner?.qualification ?? []).map((q) => q.code?.text).filter((t): t is string => !!t);
  const title = titles.find((t) => KNOWN_TITLES.includes(t.trim())) ?? titles[0];
  const cls = pf.encounter?.class;
  const classCode = Array.isArray(cls) ? cls[0]?.coding?.[0]?.code : cls?.code;
  const visit = classCode?.toUpperCase();
  const visitType: VisitType | undefined = visit === 'AMB' || visit === 'EMER' || visit === 'IMP' ? visit : undefined;

  const authored = entries.map((e) => e.resource).filter(isMedicationRequest).map((m) => m.authoredOn).find((a) => a && !Number.isNaN(Date.parse(a)));
  return {
    ok: true,
    value: {
      raw,
      request: {
        authoredOn: authored ?? new Date().toISOString(),
        patient,
        diagnoses,
        diagnosesProvided: pf.conditions !== undefined && pf.conditions !== null,
        allergies,
        observations,
        prescriberTitle: title,
        institutionLevel: pf.organization?.type?.map((t) => t.text).find((t) => !!t),
        visitType,
        orders,
        currentMedications: current,
      },
    },
  };
}

export interface CdsCard {
  readonly uuid: string;
  readonly summary: string;
  readonly indicator: 'info' | 'warning' | 'critical';
  readonly detail: string;
  readonly source: { readonly label: string };
  readonly extension: { readonly 'yaodun-finding': { checkType: string; level: Level; ruleId: string; orders: readonly string[]; reviewCode: string; packRevision: number } };
}

export function findingDetail(f: Finding): string {
  return [
    `**${LEVEL_ZH[f.level]}** · ${f.what}`,
    '',
    `**原因**：${f.why}`,
    '',
    `**建议**：${f.action}`,
    '',
    `**依据**：${f.sources.map(formatSource).join('；')}`,
  ].join('\n');
}

/** Summaries are limited to 140 characters by CDS Hooks. */
function clip(s: string, n = 140): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

export function toCdsResponse(findings: readonly Finding[], maxLevel: Level | null, action: PlanAction, packRevision: number, makeId: () => string) {
  const cards: CdsCard[] = findings.map((f) => ({
    uuid: makeId(),
    summary: clip(f.summary),
    indicator: CDS_INDICATOR[f.level],
    detail: findingDetail(f),
    source: { label: '药盾审方' },
    extension: { 'yaodun-finding': { checkType: f.checkType, level: f.level, ruleId: f.ruleId, orders: f.orders, reviewCode: f.reviewCode, packRevision } },
  }));
  return { cards, extension: { 'yaodun-decision': { action, maxLevel: maxLevel ?? null, packRevision } } };
}

export const CDS_DISCOVERY = {
  services: [{
    id: SERVICE_ID,
    hook: 'order-sign',
    title: '药盾处方前置审核',
    description: '县域审方中心处方前置审核：剂量、相互作用、过敏、重复用药、肾功能、儿童、妊娠、抗菌药物分级等。',
    prefetch: {
      patient: 'Patient/{{context.patientId}}',
      practitioner: '{{context.userId}}',
      conditions: 'Condition?patient={{context.patientId}}',
      allergies: 'AllergyIntolerance?patient={{context.patientId}}',
      observations: 'Observation?patient={{context.patientId}}',
      medications: 'MedicationRequest?patient={{context.patientId}}&status=active',
    },
  }],
} as const;
