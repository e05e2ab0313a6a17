/**
 * The engine's input: one prescription (its draft orders) with everything known about the
 * patient. Both ways in (CDS Hooks, HIS JSON) map onto this one model (app/interop).
 * Values stay as the HIS sent them (text units, frequency codes); the engine normalizes,
 * so a value it cannot understand becomes an info finding instead of a wrong alert.
 */
export type Sex = 'male' | 'female' | 'other' | 'unknown';
export type VisitType = 'AMB' | 'EMER' | 'IMP';

export interface RawQuantity {
  readonly value: number;
  readonly unit?: string | undefined;
}

export interface FrequencyRepeat {
  readonly frequency: number;
  readonly period: number;
  readonly periodUnit: string;
}

export interface OrderInput {
  /** Order reference as the caller knows it, e.g. "MedicationRequest/m2" or a HIS item id. */
  readonly ref: string;
  /** 通用名 + 剂型 + 规格 as the HIS writes it, e.g. "阿莫西林胶囊 0.25g". */
  readonly text?: string | undefined;
  readonly atc?: string | undefined;
  readonly catalogCode?: string | undefined;
  readonly generic?: string | undefined;
  readonly dose?: RawQuantity | undefined;
  /** A dose the caller could not give as a number ("遵医嘱", "1-2片"). */
  readonly doseText?: string | undefined;
  readonly frequencyCode?: string | undefined;
  readonly frequencyRepeat?: FrequencyRepeat | undefined;
  readonly route?: string | undefined;
  readonly days?: number | undefined;
  readonly quantity?: RawQuantity | undefined;
  /** 组号: orders sharing a group are mixed in one infusion bag. */
  readonly group?: string | undefined;
  /** Institution that prescribed it (current medicines from other institutions). */
  readonly institution?: string | undefined;
}

export interface DiagnosisInput {
  readonly code?: string | undefined;
  readonly text?: string | undefined;
  readonly status: 'active' | 'resolved';
}

export interface AllergyInput {
  readonly text: string;
  readonly atc?: string | undefined;
}

export interface ObservationInput {
  readonly loinc?: string | undefined;
  readonly text?: string | undefined;
  readonly value?: number | undefined;
  readonly unit?: string | undefined;
  readonly valueBoolean?: boolean | undefined;
  readonly valueText?: string | undefined;
  readonly at?: string | undefined;
}

export interface PatientInput {
  readonly sex?: Sex | undefined;
  /** ISO date; infants need it to the day. */
  readonly birthDate?: string | undefined;
  readonly weightKg?: number | undefined;
  readonly heightCm?: number | undefined;
  readonly pregnant?: boolean | undefined;
  readonly lactating?: boolean | undefined;
}

/** A prescriber's rights as the institution granted them (master data, not the HIS request). */
export interface PrescriberRights {
  /** 抗菌药物处方权; none = not granted. */
  readonly antibacterialTier: 'none' | 'non-restricted' | 'restricted' | 'special';
  /** 麻醉药品和第一类精神药品处方权. */
  readonly narcotic: boolean;
}

export interface ReviewRequest {
  /** When the orders were written (age is taken here), ISO date-time. */
  readonly authoredOn: string;
  readonly patient: PatientInput;
  readonly diagnoses: readonly DiagnosisInput[];
  /** False when the caller sent no diagnosis data at all (as opposed to an empty list). */
  readonly diagnosesProvided?: boolean | undefined;
  readonly allergies: readonly AllergyInput[];
  readonly observations: readonly ObservationInput[];
  readonly prescriberTitle?: string | undefined;
  /** Rights from the platform's master data (staff): authoritative over the title when known. */
  readonly prescriberRights?: PrescriberRights | undefined;
  readonly institutionLevel?: string | undefined;
  /** Institution code and department, for custom rules scoped to them (用药规则管理). */
  readonly institutionCode?: string | undefined;
  readonly departmentName?: string | undefined;
  readonly visitType?: VisitType | undefined;
  readonly orders: readonly OrderInput[];
  /** Active medicines from other prescriptions and institutions. */
  readonly currentMedications: readonly OrderInput[];
}
