/**
 * Quick-reply templates (快捷回复, seed 002 §3.6.3): each pharmacist's own list, seeded once
 * from REJECT_REASONS, then added to, edited, deleted and reordered by the pharmacist.
 */
import { randomUUID } from 'node:crypto';
import { REJECT_REASONS, type QuickReply, type QuickReplyInput } from '../../../../app/sync/api';
import type { Db, Queryable } from '../../db/db';
import { HttpError } from '../../http/errors';

interface Row {
  id: string;
  code: string;
  text: string;
  position: number;
}

const toReply = (r: Row): QuickReply => ({ id: r.id, code: r.code, text: r.text, position: r.position });

async function ensureSeeded(q: Queryable, userId: string): Promise<void> {
  const inserted = await q.query<{ user_id: string }>('INSERT INTO quick_reply_owners (user_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING user_id', [userId]);
  if (inserted.length === 0) return;
  for (const [i, r] of REJECT_REASONS.entries()) {
    await q.query('INSERT INTO quick_replies (id, user_id, code, text, position) VALUES ($1, $2, $3, $4, $5)', [randomUUID(), userId, r.code, r.text, i]);
  }
}

async function list(q: Queryable, userId: string): Promise<QuickReply[]> {
  const rows = await q.query<Row>('SELECT id, code, text, position FROM quick_replies WHERE user_id = $1 ORDER BY position, created_at', [userId]);
  return rows.map(toReply);
}

export async function listQuickReplies(db: Db, userId: string): Promise<QuickReply[]> {
  return db.tx(async (q) => {
    await ensureSeeded(q, userId);
    return list(q, userId);
  });
}

export async function createQuickReply(db: Db, userId: string, input: Required<QuickReplyInput>): Promise<QuickReply> {
  return db.tx(async (q) => {
    await ensureSeeded(q, userId);
    const [n] = await q.query<{ count: number }>('SELECT count(*)::int AS count FROM quick_replies WHERE user_id = $1', [userId]);
    if (n!.count >= 100) throw new HttpError(409, 'conflict', '快捷回复最多 100 条，请先删除不用的模板');
    const [pos] = await q.query<{ next: number }>('SELECT coalesce(max(position) + 1, 0)::int AS next FROM quick_replies WHERE user_id = $1', [userId]);
    const [row] = await q.query<Row>('INSERT INTO quick_replies (id, user_id, code, text, position) VALUES ($1, $2, $3, $4, $5) RETURNING id, code, text, position', [randomUUID(), userId, input.code, input.text, pos!.next]);
    return toReply(row!);
  });
}

export async function updateQuickReply(db: Db, userId: string, id: string, input: Required<QuickReplyInput>): Promise<QuickReply> {
  const [row] = await db.query<Row>('UPDATE quick_replies SET code = $3, text = $4, updated_at = now() WHERE id = $1 AND user_id = $2 RETURNING id, code, text, position', [id, userId, input.code, input.text]);
  if (!row) throw new HttpError(404, 'not-found', '快捷回复不存在');
  return toReply(row);
}

export async function deleteQuickReply(db: Db, userId: string, id: string): Promise<void> {
  const rows = await db.query<{ id: string }>('DELETE FROM quick_replies WHERE id = $1 AND user_id = $2 RETURNING id', [id, userId]);
  if (rows.length === 0) throw new HttpError(404, 'not-found', '快捷回复不存在');
}

/** The new order must name exactly the user's templates, each once. */
export async function reorderQuickReplies(db: Db, userId: string, ids: readonly string[]): Promise<QuickReply[]> {
  return db.tx(async (q) => {
    await ensureSeeded(q, userId);
    const current = await q.query<{ id: string }>('SELECT id FROM quick_replies WHERE user_id = $1 FOR UPDATE', [userId]);
    const have = new Set(current.map((r) => r.id));
    const given = new Set(ids);
    if (given.size !== ids.length) throw new HttpError(400, 'invalid-request', '排序无效：ids 中有重复的模板', [{ path: 'ids', message: '有重复的模板 ID' }]);
    const missing = current.find((r) => !given.has(r.id));
    const unknown = ids.findIndex((id) => !have.has(id));
    if (unknown >= 0) throw new HttpError(400, 'invalid-request', `排序无效：ids[${unknown}] 不是您的快捷回复`, [{ path: `ids[${unknown}]`, message: '不是您的快捷回复' }]);
    if (missing) throw new HttpError(400, 'invalid-request', '排序无效：ids 必须包含全部快捷回复', [{ path: 'ids', message: `缺少模板 ${missing.id}` }]);
    for (const [i, id] of ids.entries()) await q.query('UPDATE quick_replies SET position = $3, updated_at = now() WHERE id = $1 AND user_id = $2', [id, userId, i]);
    return list(q, userId);
  });
}
