/**
 * FHIR R4 Bundle ingest of finished visits: Patient, Encounter, Condition,
 * AllergyIntolerance, MedicationRequest, Observation, DiagnosticReport mapped onto the same
 * nine data sets as the HIS-native upload, so one validation and one store serve both.
 * An entry that cannot be mapped is reported with its path; the others still go in.
 */
import type { DatasetName } from './datasets';

export type FhirMapped = { ok: true; dataset: DatasetName; record: Record<string, unknown> } | { ok: false; path: string; message: string };

// FHIR JSON is read field by field with optional chaining; each mapped record is then
// validated by the data set's zod schema, so `any` never reaches storage.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type R = Record<string, any>;

const ref = (r: R | undefined): string | undefined => (typeof r?.reference === 'string' ? r.reference.split('/').pop() : undefined);
const code = (c: R | undefined, system?: string): string | undefined => (c?.coding as R[] | undefined)?.find((x) => !system || x.system === system)?.code;
const text = (c: R | undefined): string | undefined => c?.text ?? (c?.coding as R[] | undefined)?.[0]?.display;
const ENC_CLASS: Record<string, string> = { AMB: 'AMB', EMER: 'EMER', IMP: 'IMP', ACUTE: 'IMP', NONAC: 'IMP' };

export function mapFhirEntry(resource: unknown, index: number): FhirMapped[] {
  const at = `entry[${index}].resource`;
  if (!resource || typeof resource !== 'object') return [{ ok: false, path: at, message: 'missing resource' }];
  const r = resource as R;
  switch (r.resourceType) {
    case 'Patient': {
      const idCard = (r.identifier as R[] | undefined)?.find((i) => /身份证|national|2\.16\.156\.10011\.1\.3/i.test(`${i.system ?? ''}${i.type?.text ?? ''}`))?.value;
      return [{ ok: true, dataset: 'patient', record: { patientId: r.id, name: (r.name as R[] | undefined)?.[0]?.text ?? [((r.name as R[] | undefined)?.[0]?.family ?? ''), ...(((r.name as R[] | undefined)?.[0]?.given as string[] | undefined) ?? [])].join(''), sex: r.gender === 'male' || r.gender === 'female' ? r.gender : 'unknown', birthDate: r.birthDate, ...(idCard ? { idCardNo: idCard } : {}), ...((r.telecom as R[] | undefined)?.[0]?.value ? { phone: (r.telecom as R[])[0]!.value } : {}) } }];
    }
    case 'Encounter':
      return [{ ok: true, dataset: 'visit', record: { visitNo: r.id, patientId: ref(r.subject), visitType: ENC_CLASS[String(r.class?.code ?? '').toUpperCase()] ?? r.class?.code, visitAt: r.period?.start, ...(r.period?.end ? { dischargeAt: r.period.end } : {}), ...(r.serviceType ? { departmentName: text(r.serviceType) } : {}) } }];
    case 'Condition':
      return [{ ok: true, dataset: 'diagnosis', record: { visitNo: ref(r.encounter), seq: Number(String(r.id ?? '').replace(/\D/g, '').slice(-3)) || index + 1, code: code(r.code, 'http://hl7.org/fhir/sid/icd-10') ?? code(r.code), name: text(r.code) } }];
    case 'AllergyIntolerance':
      return [{ ok: true, dataset: 'medical-record', record: { visitNo: ref(r.encounter) ?? `allergy-${ref(r.patient) ?? index}`, allergyHistory: text(r.code) } }];
    case 'MedicationRequest': {
      const di = (r.dosageInstruction as R[] | undefined)?.[0];
      const dq = di?.doseAndRate?.[0]?.doseQuantity;
      const rxNo = (r.groupIdentifier?.value as string | undefined) ?? r.id;
      return [{ ok: true, dataset: 'order-item', record: {
        visitNo: ref(r.encounter), prescriptionNo: rxNo, itemNo: String(r.id), drugName: text(r.medicationCodeableConcept),
        ...(code(r.medicationCodeableConcept, 'http://www.whocc.no/atc') ? { atc: code(r.medicationCodeableConcept, 'http://www.whocc.no/atc') } : {}),
        ...(dq?.value !== undefined ? { dose: dq.value, doseUnit: dq.unit } : {}),
        ...(di?.timing?.code?.text ? { frequency: di.timing.code.text } : {}), ...(di?.route ? { route: text(di.route) } : {}),
        ...(r.dispenseRequest?.expectedSupplyDuration?.value !== undefined ? { days: r.dispenseRequest.expectedSupplyDuration.value } : {}),
      } }];
    }
    case 'DiagnosticReport': {
      const isLab = (r.category as R[] | undefined)?.some((c) => code(c) === 'LAB') ?? true;
      return isLab
        ? [{ ok: true, dataset: 'lab-report', record: { visitNo: ref(r.encounter), reportNo: r.id, name: text(r.code), reportedAt: r.issued ?? r.effectiveDateTime } }]
        : [{ ok: true, dataset: 'exam', record: { visitNo: ref(r.encounter), examNo: r.id, type: text(r.code), reportedAt: r.issued ?? r.effectiveDateTime, ...(r.conclusion ? { conclusion: r.conclusion } : {}) } }];
    }
    case 'Observation': {
      const report = (r.derivedFrom as R[] | undefined)?.map(ref).find(Boolean) ?? (r.partOf as R[] | undefined)?.map(ref).find(Boolean);
      if (!report) return [{ ok: false, path: `${at}.derivedFrom`, message: 'an Observation needs derivedFrom (its DiagnosticReport) to be stored as a lab item' }];
      const value = r.valueQuantity?.value ?? r.valueString;
      return [{ ok: true, dataset: 'lab-item', record: { reportNo: report, itemNo: String(r.id), ...(code(r.code, 'http://loinc.org') ? { code: code(r.code, 'http://loinc.org') } : {}), name: text(r.code), value, ...(r.valueQuantity?.unit ? { unit: r.valueQuantity.unit } : {}) } }];
    }
    default:
      return [{ ok: false, path: `${at}.resourceType`, message: `unsupported resourceType ${String(r.resourceType)}` }];
  }
}
