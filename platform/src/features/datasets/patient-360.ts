/**
 * Patient 360° view (seed 003 §3.2.6): one person across institutions (following the EMPI
 * link), visits on one timeline, diagnoses, medicines by institution (current and past),
 * allergies, labs with history for trend charts, exams, and the prescriptions YaoDun
 * reviewed with their check runs and decisions.
 */
import type { Queryable } from '../../db/db';
import { iso } from '../../db/db';
import { HttpError } from '../../http/errors';
import type { StoredPayload } from '../review/service';

type Rec = { institution_id: string; institution_name: string; dataset: string; payload: Record<string, unknown> | string; visit_no: string | null };

export async function patient360(q: Queryable, patientId: string) {
  // A person merged into another (EMPI) is read as the survivor: the whole merged view.
  const [p] = await q.query<{ id: string; person_id: string | null; name: string | null; sex: string | null; birth_date: Date | string | null }>(
    'SELECT pa.id, COALESCE(pe.merged_into, pa.person_id) AS person_id, pa.name, pa.sex, pa.birth_date FROM patients pa LEFT JOIN persons pe ON pe.id = pa.person_id WHERE pa.id = $1', [patientId]);
  if (!p) throw new HttpError(404, 'not-found', '患者不存在');
  const patients = p.person_id
    ? await q.query<{ id: string; institution_id: string; his_patient_id: string; institution_name: string }>('SELECT pa.id, pa.institution_id, pa.his_patient_id, i.name AS institution_name FROM patients pa JOIN institutions i ON i.id = pa.institution_id WHERE pa.person_id = $1', [p.person_id])
    : await q.query<{ id: string; institution_id: string; his_patient_id: string; institution_name: string }>('SELECT pa.id, pa.institution_id, pa.his_patient_id, i.name AS institution_name FROM patients pa JOIN institutions i ON i.id = pa.institution_id WHERE pa.id = $1', [p.id]);
  const pairs = patients.map((x) => [x.institution_id, x.his_patient_id]);
  const inst = pairs.map((x) => x[0]);
  const hisIds = pairs.map((x) => x[1]);
  // Visits of these patients, then everything hanging off those visits.
  const visits = await q.query<Rec>(
    `SELECT d.institution_id, i.name AS institution_name, d.dataset, d.payload, d.visit_no FROM dataset_records d JOIN institutions i ON i.id = d.institution_id
      JOIN unnest($1::text[], $2::text[]) AS x(inst, pid) ON x.inst = d.institution_id AND x.pid = d.patient_id WHERE d.dataset = 'visit'`, [inst, hisIds]);
  const visitKeys = visits.map((v) => [v.institution_id, v.visit_no ?? '']);
  const related = visitKeys.length === 0 ? [] : await q.query<Rec>(
    `SELECT d.institution_id, i.name AS institution_name, d.dataset, d.payload, d.visit_no FROM dataset_records d JOIN institutions i ON i.id = d.institution_id
      JOIN unnest($1::text[], $2::text[]) AS x(inst, vno) ON x.inst = d.institution_id AND x.vno = d.visit_no WHERE d.dataset <> 'visit'`,
    [visitKeys.map((k) => k[0]), visitKeys.map((k) => k[1])]);
  const reportNos = related.filter((r) => r.dataset === 'lab-report').map((r) => [r.institution_id, String((typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).reportNo)]);
  const labItems = reportNos.length === 0 ? [] : await q.query<Rec & { record_key: string }>(
    `SELECT d.institution_id, i.name AS institution_name, d.dataset, d.payload, d.visit_no, d.record_key FROM dataset_records d JOIN institutions i ON i.id = d.institution_id
      JOIN unnest($1::text[], $2::text[]) AS x(inst, rno) ON x.inst = d.institution_id AND d.record_key LIKE x.rno || '#%' WHERE d.dataset = 'lab-item'`,
    [reportNos.map((r) => r[0]), reportNos.map((r) => r[1])]);
  const pl = (r: Rec) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>;
  const reportAt = new Map(related.filter((r) => r.dataset === 'lab-report').map((r) => [`${r.institution_id}|${pl(r).reportNo}`, String(pl(r).reportedAt)]));

  const reviewed = await q.query<{ id: string; prescription_no: string; status: string; institution_name: string; version: number; prescribed_at: Date; payload: StoredPayload | string; max_level: string | null; action: string | null }>(
    `SELECT pr.id, pr.prescription_no, pr.status, i.name AS institution_name, v.version, v.prescribed_at, v.payload, c.max_level, c.action
       FROM prescriptions pr JOIN institutions i ON i.id = pr.institution_id
       JOIN prescription_versions v ON v.prescription_id = pr.id AND v.version = pr.current_version
       LEFT JOIN LATERAL (SELECT max_level, action FROM check_runs WHERE version_id = v.id ORDER BY created_at DESC LIMIT 1) c ON true
      WHERE pr.patient_id = ANY($1) ORDER BY v.prescribed_at DESC LIMIT 200`, [patients.map((x) => x.id)]);
  const allergies = new Set<string>();
  for (const r of reviewed) for (const a of (typeof r.payload === 'string' ? (JSON.parse(r.payload) as StoredPayload) : r.payload).body.allergies) allergies.add(a.name);
  for (const r of related.filter((x) => x.dataset === 'medical-record')) if (pl(r).allergyHistory) allergies.add(String(pl(r).allergyHistory));

  const labs = new Map<string, Array<{ at: string; value: number | string; unit: string | null; institution: string }>>();
  for (const li of labItems) {
    const x = pl(li);
    const at = reportAt.get(`${li.institution_id}|${x.reportNo}`) ?? '';
    const name = String(x.name);
    const list = labs.get(name) ?? [];
    list.push({ at, value: x.value as number | string, unit: (x.unit as string | undefined) ?? null, institution: li.institution_name });
    labs.set(name, list);
  }
  const now = Date.now();
  return {
    patient: { id: p.id, personId: p.person_id, name: p.name, sex: p.sex, birthDate: p.birth_date instanceof Date ? p.birth_date.toISOString().slice(0, 10) : p.birth_date },
    institutions: patients.map((x) => ({ patientId: x.id, institution: x.institution_name, hisPatientId: x.his_patient_id })),
    timeline: visits.map((v): Record<string, unknown> => ({ institution: v.institution_name, ...pl(v) })).sort((a, b) => String(b.visitAt).localeCompare(String(a.visitAt))),
    diagnoses: related.filter((r) => r.dataset === 'diagnosis').map((r) => ({ institution: r.institution_name, ...pl(r) })),
    medicines: [
      ...related.filter((r) => r.dataset === 'order-item').map((r) => ({ institution: r.institution_name, source: 'visit' as const, ...pl(r) })),
      ...reviewed.flatMap((r) => {
        const payload = typeof r.payload === 'string' ? (JSON.parse(r.payload) as StoredPayload) : r.payload;
        const start = new Date(r.prescribed_at).getTime();
        return payload.body.items.map((it) => ({ institution: r.institution_name, source: 'review' as const, prescriptionNo: r.prescription_no, drugName: it.drugName, dose: it.dose, doseUnit: it.doseUnit, frequency: it.frequency, route: it.route, days: it.days, current: start + (it.days ?? 1) * 86_400_000 > now && ['passed', 'approved', 'double-signed', 'auto-passed', 'dispensed'].includes(r.status) }));
      }),
    ],
    allergies: [...allergies],
    labs: [...labs.entries()].map(([name, points]) => ({ name, points: points.sort((a, b) => a.at.localeCompare(b.at)) })),
    exams: related.filter((r) => r.dataset === 'exam').map((r) => ({ institution: r.institution_name, ...pl(r) })),
    prescriptions: reviewed.map((r) => ({ id: r.id, prescriptionNo: r.prescription_no, institution: r.institution_name, version: r.version, status: r.status, prescribedAt: iso(r.prescribed_at), maxLevel: r.max_level, action: r.action })),
  };
}
