/**
 * Code mapping administration: local code items (uploaded by the HIS or collected at
 * ingest), ranked suggestions, a person's confirm / reject (audited), and the unmapped
 * report per institution and kind.
 */
import { invalidateMasterData } from './ingest';
import { codeItemRecordSchema, type CodeItem, type CodeItemRecord, type CodeKind, type MappingDecision, type Suggestion, type UnmappedReport } from '../../../../app/contracts/data-center';
import type { IndexedKb } from '../../../../app/knowledge/indexed';
import type { User } from '../../../../app/sync/api';
import type { Db, Queryable } from '../../db/db';
import { iso } from '../../db/db';
import { HttpError } from '../../http/errors';
import { appendAudit } from '../audit/audit';
import { rowsSql, summarize, validateBatch, type BatchItem, type BatchResult } from '../master-data/batch';
import { targetName } from './catalogs';
import { suggest, type PeerMapping } from './suggest';

export async function importCodeItems(db: Db, institutionId: string, items: readonly BatchItem[]): Promise<BatchResult> {
  const v = validateBatch(items, codeItemRecordSchema, (r) => `${r.kind}|${r.code}`);
  for (let i = 0; i < v.accepted.length; i += 500) {
    const chunk: CodeItemRecord[] = v.accepted.slice(i, i + 500);
    await db.query(
      `INSERT INTO code_items (institution_id, kind, local_code, local_name, spec, manufacturer, atc, source) VALUES ${rowsSql(chunk.length, 8)}
       ON CONFLICT (institution_id, kind, local_code) DO UPDATE SET local_name = EXCLUDED.local_name, spec = EXCLUDED.spec, manufacturer = EXCLUDED.manufacturer, atc = EXCLUDED.atc
       WHERE (code_items.local_name, code_items.spec, code_items.manufacturer, code_items.atc) IS DISTINCT FROM (EXCLUDED.local_name, EXCLUDED.spec, EXCLUDED.manufacturer, EXCLUDED.atc)`,
      chunk.flatMap((r) => [institutionId, r.kind, r.code, r.name, r.spec ?? null, r.manufacturer ?? null, r.atc ?? null, 'upload']),
    );
  }
  return summarize(v.results);
}

interface ItemRow { institution_id: string; institution_name: string; kind: CodeKind; local_code: string; local_name: string | null; spec: string | null; manufacturer: string | null; atc: string | null; source: string; seen_count: number; last_seen: Date; target_code: string | null; target_name: string | null; decided_by: string | null; decided_at: Date | null }

const ITEM_SELECT = `SELECT ci.institution_id, i.name AS institution_name, ci.kind, ci.local_code, ci.local_name, ci.spec, ci.manufacturer, ci.atc, ci.source, ci.seen_count, ci.last_seen,
    cm.target_code, cm.target_name, u.display_name AS decided_by, cm.decided_at
  FROM code_items ci JOIN institutions i ON i.id = ci.institution_id
  LEFT JOIN code_mappings cm ON cm.institution_id = ci.institution_id AND cm.kind = ci.kind AND cm.local_code = ci.local_code AND cm.status = 'confirmed'
  LEFT JOIN users u ON u.id = cm.decided_by`;

const toItem = (r: ItemRow): CodeItem => ({
  institutionId: r.institution_id, institutionName: r.institution_name, kind: r.kind, code: r.local_code, name: r.local_name, spec: r.spec, manufacturer: r.manufacturer, source: r.source,
  status: r.target_code ? 'confirmed' : 'unmapped',
  target: r.target_code ? { code: r.target_code, name: r.target_name, decidedBy: r.decided_by, decidedAt: iso(r.decided_at) } : null,
  seenCount: r.seen_count, lastSeen: iso(r.last_seen),
});

export async function listCodeItems(q: Queryable, f: { institutionId?: string | undefined; kind?: CodeKind | undefined; status?: 'unmapped' | 'confirmed' | undefined; limit: number }): Promise<{ items: CodeItem[]; total: number }> {
  const where = `WHERE ($1::text IS NULL OR ci.institution_id = $1) AND ($2::text IS NULL OR ci.kind = $2)
    AND ($3::text IS NULL OR ($3 = 'confirmed') = (cm.target_code IS NOT NULL))`;
  const params = [f.institutionId ?? null, f.kind ?? null, f.status ?? null];
  const rows = await q.query<ItemRow>(`${ITEM_SELECT} ${where} ORDER BY ci.institution_id, ci.kind, (cm.target_code IS NOT NULL), ci.last_seen DESC, ci.local_code LIMIT ${f.limit}`, params);
  const [n] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM code_items ci LEFT JOIN code_mappings cm ON cm.institution_id = ci.institution_id AND cm.kind = ci.kind AND cm.local_code = ci.local_code AND cm.status = 'confirmed' ${where}`, params);
  return { items: rows.map(toItem), total: n!.n };
}

async function getItem(q: Queryable, key: { institutionId: string; kind: CodeKind; code: string }): Promise<ItemRow> {
  const [row] = await q.query<ItemRow>(`${ITEM_SELECT} WHERE ci.institution_id = $1 AND ci.kind = $2 AND ci.local_code = $3`, [key.institutionId, key.kind, key.code]);
  if (!row) throw new HttpError(404, 'not-found', `没有这个本机构编码：${key.kind} ${key.code}`, [{ path: 'code', message: '不存在' }]);
  return row;
}

export async function suggestionsFor(q: Queryable, kb: IndexedKb, key: { institutionId: string; kind: CodeKind; code: string }): Promise<Suggestion[]> {
  const item = await getItem(q, key);
  // Confirmed mappings of other institutions for the same local name: evidence, not a decision.
  const peers = await q.query<{ name: string | null; manufacturer: string | null; target_code: string; target_name: string | null; institution: string }>(
    `SELECT ci.local_name AS name, ci.manufacturer, cm.target_code, cm.target_name, i.name AS institution FROM code_mappings cm
       JOIN code_items ci ON ci.institution_id = cm.institution_id AND ci.kind = cm.kind AND ci.local_code = cm.local_code
       JOIN institutions i ON i.id = cm.institution_id
      WHERE cm.status = 'confirmed' AND cm.kind = $1 AND cm.institution_id <> $2 AND ci.local_name = $3 LIMIT 20`, [key.kind, key.institutionId, item.local_name]);
  const rejected = new Set((await q.query<{ target_code: string }>(
    `SELECT target_code FROM code_mappings WHERE institution_id = $1 AND kind = $2 AND local_code = $3 AND status = 'rejected'`, [key.institutionId, key.kind, key.code])).map((r) => r.target_code));
  const peerList: PeerMapping[] = peers.map((p) => ({ name: p.name, manufacturer: p.manufacturer, targetCode: p.target_code, targetName: p.target_name, institution: p.institution }));
  const list = suggest(kb, { kind: item.kind, code: item.local_code, name: item.local_name, spec: item.spec, manufacturer: item.manufacturer, atc: item.atc }, peerList, (c) => targetName(kb, item.kind, c), 8);
  // A target a person rejected stays visible (with its score) but after every other one.
  return list.map((s) => ({ ...s, rejected: rejected.has(s.targetCode) })).sort((a, b) => Number(a.rejected) - Number(b.rejected));
}

export async function decideMapping(db: Db, kb: IndexedKb, user: User, d: MappingDecision, ip: string): Promise<CodeItem> {
  const name = targetName(kb, d.kind, d.targetCode);
  if (name === null) throw new HttpError(400, 'invalid-request', `目标编码 ${d.targetCode} 不在平台${d.kind === 'drug' ? '药品目录' : d.kind === 'department' ? '科室目录' : d.kind === 'diagnosis' ? ' ICD-10 编码格式' : ' LOINC 编码格式'}中`, [{ path: 'targetCode', message: '不是有效的平台目标编码' }]);
  const item = await db.tx(async (q) => {
    const before = await getItem(q, d);
    if (d.decision === 'confirm') {
      // Choosing another target replaces the confirmed one; the audit log keeps the old.
      await q.query(`DELETE FROM code_mappings WHERE institution_id = $1 AND kind = $2 AND local_code = $3 AND status = 'confirmed'`, [d.institutionId, d.kind, d.code]);
    }
    await q.query(
      `INSERT INTO code_mappings (institution_id, kind, local_code, target_code, target_name, status, decided_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (institution_id, kind, local_code, target_code) DO UPDATE SET status = EXCLUDED.status, target_name = EXCLUDED.target_name, decided_by = EXCLUDED.decided_by, decided_at = now()`,
      [d.institutionId, d.kind, d.code, d.targetCode, name, d.decision === 'confirm' ? 'confirmed' : 'rejected', user.id]);
    await appendAudit(q, {
      actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip, action: 'config', targetType: 'code-mapping', targetId: `${d.institutionId}|${d.kind}|${d.code}`,
      detail: { change: `code-mapping-${d.decision}`, targetCode: d.targetCode, targetName: name, previous: before.target_code },
    });
    return toItem(await getItem(q, d));
  });
  // Ingest on this node uses the decision at once (other nodes within the cache's few seconds).
  invalidateMasterData(db, d.institutionId);
  return item;
}

export async function unmappedReport(q: Queryable, institutionId: string | null): Promise<UnmappedReport> {
  const rows = await q.query<{ institution_id: string; institution_name: string; kind: CodeKind; items: number; occurrences: number; first_seen: Date; last_seen: Date; example_code: string; example_name: string | null }>(
    `SELECT ci.institution_id, i.name AS institution_name, ci.kind, count(*)::int AS items, sum(ci.seen_count)::int AS occurrences, min(ci.first_seen) AS first_seen, max(ci.last_seen) AS last_seen,
            (array_agg(ci.local_code ORDER BY ci.seen_count DESC, ci.local_code))[1] AS example_code,
            (array_agg(ci.local_name ORDER BY ci.seen_count DESC, ci.local_code))[1] AS example_name
       FROM code_items ci JOIN institutions i ON i.id = ci.institution_id
      WHERE NOT EXISTS (SELECT 1 FROM code_mappings cm WHERE cm.institution_id = ci.institution_id AND cm.kind = ci.kind AND cm.local_code = ci.local_code AND cm.status = 'confirmed')
        AND ($1::text IS NULL OR ci.institution_id = $1)
      GROUP BY 1, 2, 3 ORDER BY 1, 3`, [institutionId]);
  return { rows: rows.map((r) => ({ institutionId: r.institution_id, institutionName: r.institution_name, kind: r.kind, items: r.items, occurrences: r.occurrences, firstSeen: iso(r.first_seen), lastSeen: iso(r.last_seen), example: { code: r.example_code, name: r.example_name } })) };
}
