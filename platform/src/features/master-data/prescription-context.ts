/**
 * What the data center knows about a prescription before the engine sees it: the
 * prescriber's title and rights from master data (authoritative over the request — a HIS
 * that omits or overstates the title does not change what the doctor may prescribe), and
 * the institution's confirmed code mappings (cached per node for a few seconds; ingestLookup).
 */
import type { ReviewRequest } from '../../../../app/domain/review-request';
import type { HisCheckRequest } from '../../../../app/interop/his';
import type { Db, Queryable } from '../../db/db';
import { codeKey, ingestLookup, type IngestLookup, type LocalCode, type StaffRights } from '../code-mapping/ingest';

export type PrescriptionContext = IngestLookup;

/** What is kept with the stored version: the rights the check used, and the codes it mapped. */
export interface StoredMasterData {
  readonly prescriber: (StaffRights & { readonly source: 'master-data' }) | null;
  readonly mappedCodes: Readonly<Record<string, string>>;
}

function localCodes(body: HisCheckRequest): LocalCode[] {
  return [
    ...body.items.flatMap((it) => (it.drugCode ? [{ kind: 'drug' as const, code: it.drugCode, name: it.drugName }] : [])),
    ...body.currentMedications.flatMap((it) => (it.drugCode ? [{ kind: 'drug' as const, code: it.drugCode, name: it.drugName }] : [])),
    ...body.diagnoses.flatMap((d) => (d.code ? [{ kind: 'diagnosis' as const, code: d.code, name: d.name }] : [])),
    ...body.labs.flatMap((l) => (l.code ? [{ kind: 'lab' as const, code: l.code, name: l.name }] : [])),
    ...(body.visit.departmentCode ? [{ kind: 'department' as const, code: body.visit.departmentCode, name: body.visit.departmentName }] : []),
  ];
}

export function prescriptionContext(db: Db, q: Queryable, institutionId: string, body: HisCheckRequest): Promise<PrescriptionContext> {
  return ingestLookup(db, q, institutionId, localCodes(body), body.doctor.code, { prescriptionNo: body.prescriptionNo });
}

/** The engine input with master-data rights and confirmed mappings applied. */
export function applyPrescriptionContext(req: ReviewRequest, ctx: PrescriptionContext): ReviewRequest {
  const m = ctx.mapped;
  return {
    ...req,
    ...(ctx.staff ? { prescriberTitle: ctx.staff.title, prescriberRights: { antibacterialTier: ctx.staff.antibacterialTier, narcotic: ctx.staff.narcoticRight } } : {}),
    // drugCode is the institution's code: only a confirmed mapping turns it into a platform
    // drug id; unmapped, the engine identifies the drug by its name as if no code came.
    orders: req.orders.map((o) => (o.catalogCode ? { ...o, catalogCode: m.get(codeKey('drug', o.catalogCode)) } : o)),
    currentMedications: req.currentMedications.map((o) => (o.catalogCode ? { ...o, catalogCode: m.get(codeKey('drug', o.catalogCode)) } : o)),
    diagnoses: m.size === 0 ? req.diagnoses : req.diagnoses.map((d) => (d.code && m.has(codeKey('diagnosis', d.code)) ? { ...d, code: m.get(codeKey('diagnosis', d.code)) } : d)),
    observations: m.size === 0 ? req.observations : req.observations.map((o) => (o.loinc && m.has(codeKey('lab', o.loinc)) ? { ...o, loinc: m.get(codeKey('lab', o.loinc)) } : o)),
  };
}

export function storedMasterData(ctx: PrescriptionContext): StoredMasterData {
  return { prescriber: ctx.staff ? { ...ctx.staff, source: 'master-data' } : null, mappedCodes: Object.fromEntries(ctx.mapped) };
}
