/**
 * The audit log: every login, record view, decision and configuration change, appended
 * with the hash of the previous entry (a chain), under an advisory lock so that several
 * platform nodes append one linear chain. verifyAuditChain() recomputes it and reports the
 * first entry that does not match — tampering with any row breaks every hash after it.
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db/db';
import { iso } from '../../db/db';

const LOCK_ID = 7_240_302;
export const GENESIS = '0'.repeat(64);

export interface AuditEntry {
  readonly actorType: 'user' | 'his' | 'system';
  readonly actorId?: string | null;
  readonly actorName?: string | null;
  readonly institutionId?: string | null;
  readonly ip?: string | null;
  readonly action: string;
  readonly targetType?: string | null;
  readonly targetId?: string | null;
  readonly detail?: Record<string, unknown>;
}

/** Canonical JSON (sorted keys) so the hash does not depend on key order in jsonb. */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

function hashOf(prev: string, e: { at: string; actorType: string; actorId: string | null; actorName: string | null; institutionId: string | null; ip: string | null; action: string; targetType: string | null; targetId: string | null; detail: unknown }): string {
  return createHash('sha256').update(prev).update('\n').update(canonical(e)).digest('hex');
}

export async function appendAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
  const [last] = await q.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const prev = last?.hash ?? GENESIS;
  // Millisecond precision: what the database stores is what the hash covers.
  const at = new Date(Math.floor(Date.now())).toISOString();
  const e = {
    at, actorType: entry.actorType, actorId: entry.actorId ?? null, actorName: entry.actorName ?? null, institutionId: entry.institutionId ?? null,
    ip: entry.ip ?? null, action: entry.action, targetType: entry.targetType ?? null, targetId: entry.targetId ?? null, detail: entry.detail ?? {},
  };
  await q.query(
    `INSERT INTO audit_log (at, actor_type, actor_id, actor_name, institution_id, ip, action, target_type, target_id, detail, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [at, e.actorType, e.actorId, e.actorName, e.institutionId, e.ip, e.action, e.targetType, e.targetId, JSON.stringify(e.detail), prev, hashOf(prev, e)],
  );
}

/** Appends one entry in a transaction of its own (for actions outside any other transaction). */
export function audit(db: Db, entry: AuditEntry): Promise<void> {
  return db.tx((q) => appendAudit(q, entry));
}

export type VerifyResult = { ok: true; entries: number; head: string } | { ok: false; entries: number; brokenAt: number; reason: string };

export async function verifyAuditChain(q: Queryable): Promise<VerifyResult> {
  const rows = await q.query<{ seq: number; at: Date; actor_type: string; actor_id: string | null; actor_name: string | null; institution_id: string | null; ip: string | null; action: string; target_type: string | null; target_id: string | null; detail: unknown; prev_hash: string; hash: string }>(
    'SELECT seq, at, actor_type, actor_id, actor_name, institution_id, ip, action, target_type, target_id, detail, prev_hash, hash FROM audit_log ORDER BY seq');
  let prev = GENESIS;
  for (const r of rows) {
    if (r.prev_hash !== prev) return { ok: false, entries: rows.length, brokenAt: Number(r.seq), reason: 'prev_hash does not match the previous entry (an entry was removed or reordered)' };
    const detail = typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail;
    const expected = hashOf(prev, { at: iso(r.at), actorType: r.actor_type, actorId: r.actor_id, actorName: r.actor_name, institutionId: r.institution_id, ip: r.ip, action: r.action, targetType: r.target_type, targetId: r.target_id, detail });
    if (expected !== r.hash) return { ok: false, entries: rows.length, brokenAt: Number(r.seq), reason: 'content does not match its hash (the entry was altered)' };
    prev = r.hash;
  }
  return { ok: true, entries: rows.length, head: prev };
}
