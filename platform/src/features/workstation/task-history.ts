/**
 * The prescription's history for the task pane: every submitted version (for the diff on
 * resubmission) and 处方流转 — submitted, checked, leased, decided, double-signed,
 * auto-passed … with who and when — from the versions, check runs, decisions (with their
 * override reasons) and the change feed's lease events.
 */
import type { ReviewStatus } from '../../../../app/domain/decide';
import { LEVEL_ZH, type Level } from '../../../../app/domain/levels';
import type { FlowEvent, PrescriptionItem, PrescriptionVersion } from '../../../../app/sync/api';
import type { Queryable } from '../../db/db';
import { iso } from '../../db/db';
import type { StoredPayload } from '../review/service';
import { overridesByDecision } from './overrides';

function dose(it: StoredPayload['body']['items'][number]): string | null {
  if (it.dose !== undefined) return `${it.dose}${it.doseUnit ?? ''}`;
  return it.doseText ?? null;
}

export function itemsOf(payload: StoredPayload): PrescriptionItem[] {
  return payload.body.items.map((it) => ({
    ref: `item/${it.itemNo}`, name: it.drugName, dose: dose(it), frequency: it.frequency ?? null, route: it.route ?? null,
    days: it.days ?? null, quantity: it.quantity !== undefined ? `${it.quantity}${it.quantityUnit ?? ''}` : null, group: it.groupNo ?? null,
  }));
}

export async function prescriptionVersions(q: Queryable, prescriptionId: string): Promise<PrescriptionVersion[]> {
  const rows = await q.query<{ version: number; status: ReviewStatus; prescribed_at: Date; received_at: Date; doctor_name: string | null; payload: StoredPayload | string; max_level: Level | null; finding_count: number | null }>(
    `SELECT v.version, v.status, v.prescribed_at, v.received_at, v.doctor_name, v.payload, c.max_level,
            (SELECT count(*)::int FROM findings f WHERE f.check_run_id = c.id) AS finding_count
       FROM prescription_versions v
       LEFT JOIN LATERAL (SELECT id, max_level FROM check_runs WHERE version_id = v.id ORDER BY created_at DESC LIMIT 1) c ON true
      WHERE v.prescription_id = $1 ORDER BY v.version`, [prescriptionId]);
  return rows.map((r) => ({
    version: r.version,
    status: r.status,
    prescribedAt: iso(r.prescribed_at),
    receivedAt: iso(r.received_at),
    doctorName: r.doctor_name,
    maxLevel: r.max_level,
    findingCount: r.finding_count ?? 0,
    items: itemsOf(typeof r.payload === 'string' ? (JSON.parse(r.payload) as StoredPayload) : r.payload),
  }));
}

const ACTION_ZH: Readonly<Record<string, string>> = { pass: '通过', warn: '提示后通过', review: '转药师审核', block: '拦截' };

const EVENT_FLOW: Readonly<Record<string, { kind: FlowEvent['kind']; label: string }>> = {
  approve: { kind: 'decided', label: '药师审核通过' },
  reject: { kind: 'decided', label: '药师驳回' },
  'reject-allow-double-sign': { kind: 'decided', label: '药师驳回（可双签）' },
  'double-sign': { kind: 'double-signed', label: '医生双签' },
  cancel: { kind: 'cancelled', label: '医生取消处方' },
  modify: { kind: 'modified', label: '医生修改处方' },
  timeout: { kind: 'auto-passed', label: '超时自动通过（熔断）' },
  dispense: { kind: 'dispensed', label: '药房发药' },
};

export async function prescriptionFlow(q: Queryable, prescriptionId: string): Promise<FlowEvent[]> {
  const versions = await q.query<{ id: string; version: number; received_at: Date; doctor_name: string | null }>(
    'SELECT id, version, received_at, doctor_name FROM prescription_versions WHERE prescription_id = $1', [prescriptionId]);
  const runs = await q.query<{ version: number; created_at: Date; max_level: Level | null; action: string; pack_revision: number; duration_ms: number; finding_count: number }>(
    `SELECT v.version, c.created_at, c.max_level, c.action, c.pack_revision, c.duration_ms, (SELECT count(*)::int FROM findings f WHERE f.check_run_id = c.id) AS finding_count
       FROM check_runs c JOIN prescription_versions v ON v.id = c.version_id WHERE v.prescription_id = $1`, [prescriptionId]);
  const decisions = await q.query<{ id: string; created_at: Date; version: number; event: string; to_status: ReviewStatus; actor_name: string | null; reason: string | null }>(
    'SELECT id, created_at, version, event, to_status, actor_name, reason FROM decisions WHERE prescription_id = $1', [prescriptionId]);
  const leases = await q.query<{ created_at: Date; version: number; leased_by: string }>(
    `SELECT f.created_at, v.version, f.payload->>'leasedBy' AS leased_by
       FROM change_feed f JOIN review_tasks t ON t.id = f.entity_id JOIN prescription_versions v ON v.id = t.version_id
      WHERE t.prescription_id = $1 AND f.kind = 'task-updated' AND f.payload->>'leasedBy' IS NOT NULL`, [prescriptionId]);
  const overrides = await overridesByDecision(q, prescriptionId);

  const out: FlowEvent[] = [];
  for (const v of versions) {
    out.push({ at: iso(v.received_at), kind: 'submitted', label: v.version === 1 ? 'HIS 提交处方' : `HIS 重新提交（第${v.version}版）`, version: v.version, status: null, actor: v.doctor_name, detail: null, overrides: [] });
  }
  for (const r of runs) {
    const level = r.max_level === null ? '未发现问题' : `最高级别：${LEVEL_ZH[r.max_level]}，${r.finding_count} 条问题`;
    out.push({ at: iso(r.created_at), kind: 'checked', label: '系统审核', version: r.version, status: null, actor: `规则包 r${r.pack_revision}`, detail: `${level}；处置：${ACTION_ZH[r.action] ?? r.action}；用时 ${r.duration_ms.toFixed(1)} ms`, overrides: [] });
  }
  for (const d of decisions) {
    // The submit row repeats the check run's outcome as a status: shown as where the system put it.
    const mapped = d.event === 'submit'
      ? { kind: 'other' as const, label: d.to_status === 'pending' ? '进入药师审方队列' : d.to_status === 'blocked' ? '系统拦截' : '系统通过' }
      : EVENT_FLOW[d.event] ?? { kind: 'other' as const, label: d.event };
    out.push({ at: iso(d.created_at), kind: mapped.kind, label: mapped.label, version: d.version, status: d.to_status, actor: d.event === 'submit' ? null : d.actor_name, detail: d.reason, overrides: overrides.get(d.id) ?? [] });
  }
  for (const l of leases) out.push({ at: iso(l.created_at), kind: 'leased', label: '药师锁定处方', version: l.version, status: null, actor: l.leased_by, detail: null, overrides: [] });
  // Same instant: submitted → checked → queued → the rest, as it happened in one transaction.
  const ORDER: Readonly<Record<FlowEvent['kind'], number>> = { submitted: 0, checked: 1, other: 2, modified: 3, leased: 4, decided: 5, 'double-signed': 6, 'auto-passed': 6, cancelled: 6, dispensed: 7 };
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.version - b.version || ORDER[a.kind] - ORDER[b.kind]);
}
