/** POST /fhir/Bundle: FHIR R4 ingest of finished visits into the same data sets as the HIS upload. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DatasetName } from '../../../../app/interop/datasets';
import { mapFhirEntry } from '../../../../app/interop/fhir-ingest';
import { parseOr400 } from '../../http/errors';
import { requireHisClient } from '../auth/service';
import { resolveInstitution, type ReviewDeps } from '../review/service';
import { uploadDataset } from './upload';

const query = z.object({ institutionCode: z.string().trim().min(1).max(64).optional() });
const bundle = z.object({ resourceType: z.literal('Bundle'), entry: z.array(z.object({ resource: z.unknown() }).loose()).max(20_000) }).loose();

export function registerFhirRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.post('/fhir/Bundle', {
    bodyLimit: 50 * 1024 * 1024,
    schema: { tags: ['HIS 处方点评数据上传'], summary: 'FHIR R4 Bundle 上传已完成就诊（Patient、Encounter、Condition、AllergyIntolerance、MedicationRequest、Observation、DiagnosticReport）', security: [{ hisKey: [] }] },
  }, async (req) => {
    const client = await requireHisClient(deps.db, req.headers.authorization);
    const { institutionCode } = parseOr400(query, req.query, '查询参数');
    const inst = await resolveInstitution(deps.db, client, institutionCode);
    const b = parseOr400(bundle, req.body, 'FHIR Bundle');
    const groups = new Map<DatasetName, Array<{ entry: number; value: unknown }>>();
    const results: Array<{ entry: number; status: 'accepted' | 'rejected'; dataset?: DatasetName; issues?: Array<{ path: string; message: string }> }> = [];
    b.entry.forEach((e, i) => {
      for (const m of mapFhirEntry(e.resource, i)) {
        if (!m.ok) results.push({ entry: i, status: 'rejected', issues: [{ path: m.path, message: m.message }] });
        else {
          const list = groups.get(m.dataset) ?? [];
          list.push({ entry: i, value: m.record });
          groups.set(m.dataset, list);
        }
      }
    });
    // Parents before children, so a 360° view never sees an item without its visit.
    const order: DatasetName[] = ['patient', 'visit', 'medical-record', 'diagnosis', 'prescription', 'order-item', 'lab-report', 'lab-item', 'exam'];
    for (const dataset of order) {
      const list = groups.get(dataset);
      if (!list) continue;
      const r = await uploadDataset(deps.db, inst.id, dataset, list.map((x) => ({ ok: true as const, value: x.value })));
      for (const rr of r.results) {
        const entry = list[rr.index]!.entry;
        if (rr.status === 'accepted') results.push({ entry, status: 'accepted', dataset });
        else results.push({ entry, status: 'rejected', dataset, issues: rr.issues.map((x) => ({ path: `entry[${entry}].resource(${dataset})${x.path.replace(/^\[\d+\]/, '')}`, message: x.message })) });
      }
    }
    results.sort((x, y) => x.entry - y.entry);
    return { received: b.entry.length, accepted: results.filter((r) => r.status === 'accepted').length, rejected: results.filter((r) => r.status === 'rejected').length, results };
  });
}
