/**
 * The review engine: pure and synchronous over an indexed knowledge base. The platform runs
 * it for HIS pre-review; the workstation runs it in a worker. Same pack revision → same
 * findings, in the same order.
 */
import type { Finding } from '../domain/finding';
import { LEVEL_RANK, maxLevel, type Level } from '../domain/levels';
import type { ReviewRequest } from '../domain/review-request';
import type { IndexedKb } from '../knowledge/indexed';
import { allergyCheck } from './checks/allergy';
import type { Check } from './checks/check';
import { doseCheck } from './checks/dose';
import { duplicateCheck } from './checks/duplicate';
import { infusionCheck } from './checks/infusion';
import { interactionCheck } from './checks/interaction';
import { ageCheck } from './checks/age';
import { diagnosisCheck } from './checks/diagnosis';
import { hepaticCheck } from './checks/hepatic';
import { labCheck } from './checks/lab';
import { pregnancyLactationCheck } from './checks/pregnancy-lactation';
import { renalCheck } from './checks/renal';
import { sexCheck } from './checks/sex';
import { warningCheck } from './checks/warning';
import { antibacterialCheck } from './checks/antibacterial';
import { drugCountCheck } from './checks/drug-count';
import { supplyDaysCheck } from './checks/supply-days';
import { unknownDrugCheck } from './checks/unknown-drug';
import { controlledCheck } from './checks/controlled';
import { durationCheck } from './checks/duration';
import { frequencyCheck } from './checks/frequency';
import { indicationCheck } from './checks/indication';
import { packRulesCheck } from './checks/pack-rules';
import { ppiCheck } from './checks/ppi';
import { prescriptionFormatCheck } from './checks/prescription-format';
import { routeCheck } from './checks/route';
import { buildContext } from './context';

export const CHECKS: readonly Check[] = [
  unknownDrugCheck,
  doseCheck,
  interactionCheck,
  allergyCheck,
  duplicateCheck,
  drugCountCheck,
  supplyDaysCheck,
  antibacterialCheck,
  renalCheck,
  hepaticCheck,
  ageCheck,
  sexCheck,
  pregnancyLactationCheck,
  diagnosisCheck,
  labCheck,
  infusionCheck,
  frequencyCheck,
  routeCheck,
  durationCheck,
  indicationCheck,
  ppiCheck,
  controlledCheck,
  prescriptionFormatCheck,
  warningCheck,
  packRulesCheck,
];

export interface ReviewResult {
  readonly findings: readonly Finding[];
  readonly maxLevel: Level | null;
  readonly packId: string;
  readonly packRevision: number;
}

export function review(kb: IndexedKb, req: ReviewRequest): ReviewResult {
  const ctx = buildContext(kb, req);
  const findings: Finding[] = [];
  for (const check of CHECKS) findings.push(...check.run(ctx));
  // Stable order: most severe first, then by check order above (sort is stable).
  findings.sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]);
  return {
    findings,
    maxLevel: maxLevel(findings.map((f) => f.level)),
    packId: kb.manifest.id,
    packRevision: kb.manifest.revision,
  };
}
