/**
 * Data quality per institution (product.md §7): validity (accepted share of everything
 * uploaded), completeness (share of accepted records with the recommended optional fields),
 * timeliness (visits uploaded within 24 h of the visit), and the latest rejected records to fix.
 */
import type { Queryable } from '../../db/db';
import { iso } from '../../db/db';

const RECOMMENDED: Record<string, string[]> = {
  visit: ['departmentName', 'doctorCode'],
  patient: ['idCardNo', 'phone'],
  'order-item': ['atc', 'dose', 'doseUnit', 'frequency', 'route'],
  prescription: ['doctorTitle', 'amount'],
  'lab-item': ['code', 'unit'],
};

export async function dataQuality(q: Queryable, institutionId: string | null) {
  const filter = institutionId ? 'WHERE x.institution_id = $1' : '';
  const params = institutionId ? [institutionId] : [];
  const accepted = await q.query<{ institution_id: string; name: string; dataset: string; n: number }>(
    `SELECT x.institution_id, i.name, x.dataset, count(*)::int AS n FROM dataset_records x JOIN institutions i ON i.id = x.institution_id ${filter} GROUP BY 1, 2, 3`, params);
  const rejected = await q.query<{ institution_id: string; dataset: string; n: number }>(
    `SELECT x.institution_id, x.dataset, count(*)::int AS n FROM dataset_rejections x ${filter} GROUP BY 1, 2`, params);
  const complete: Array<{ institution_id: string; dataset: string; complete: number; total: number }> = [];
  for (const [dataset, fields] of Object.entries(RECOMMENDED)) {
    const cond = fields.map((f) => `(x.payload ? '${f}')`).join(' AND ');
    const rows = await q.query<{ institution_id: string; complete: number; total: number }>(
      `SELECT x.institution_id, count(*) FILTER (WHERE ${cond})::int AS complete, count(*)::int AS total FROM dataset_records x WHERE x.dataset = '${dataset}' ${institutionId ? 'AND x.institution_id = $1' : ''} GROUP BY 1`, params);
    for (const r of rows) complete.push({ ...r, dataset });
  }
  const timely = await q.query<{ institution_id: string; timely: number; total: number }>(
    `SELECT x.institution_id, count(*) FILTER (WHERE x.received_at <= (x.payload->>'visitAt')::timestamptz + interval '24 hours')::int AS timely, count(*)::int AS total
       FROM dataset_records x WHERE x.dataset = 'visit' ${institutionId ? 'AND x.institution_id = $1' : ''} GROUP BY 1`, params);
  const recent = await q.query<{ institution_id: string; dataset: string; record_index: number; issues: unknown; received_at: Date }>(
    `SELECT x.institution_id, x.dataset, x.record_index, x.issues, x.received_at FROM dataset_rejections x ${filter} ORDER BY x.id DESC LIMIT 100`, params);
  const byInst = new Map<string, { institutionId: string; institution: string; datasets: Record<string, { accepted: number; rejected: number; validity: number | null; completeness: number | null }>; timeliness: number | null }>();
  const entry = (id: string, name = id) => {
    let e = byInst.get(id);
    if (!e) { e = { institutionId: id, institution: name, datasets: {}, timeliness: null }; byInst.set(id, e); }
    return e;
  };
  const ds = (id: string, d: string) => (entry(id).datasets[d] ??= { accepted: 0, rejected: 0, validity: null, completeness: null });
  for (const r of accepted) { entry(r.institution_id, r.name).institution = r.name; ds(r.institution_id, r.dataset).accepted = r.n; }
  for (const r of rejected) ds(r.institution_id, r.dataset).rejected = r.n;
  for (const e of byInst.values()) for (const d of Object.values(e.datasets)) d.validity = d.accepted + d.rejected > 0 ? d.accepted / (d.accepted + d.rejected) : null;
  for (const r of complete) ds(r.institution_id, r.dataset).completeness = r.total > 0 ? r.complete / r.total : null;
  for (const r of timely) entry(r.institution_id).timeliness = r.total > 0 ? r.timely / r.total : null;
  return {
    definitions: {
      validity: '有效率 = 校验通过记录数 ÷（通过 + 被拒）记录数',
      completeness: `完整率 = 含推荐字段的记录数 ÷ 通过记录数（推荐字段：${Object.entries(RECOMMENDED).map(([d, f]) => `${d}: ${f.join('、')}`).join('；')}）`,
      timeliness: '及时率 = 就诊后 24 小时内上传的就诊记录数 ÷ 就诊记录数',
    },
    institutions: [...byInst.values()],
    recentRejections: recent.map((r) => ({ institutionId: r.institution_id, dataset: r.dataset, index: r.record_index, issues: r.issues, at: iso(r.received_at) })),
  };
}
