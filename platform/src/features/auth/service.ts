/**
 * Users, sessions and HIS clients. Lockout after repeated failures and session expiry
 * follow 等保 level 3 practice (product.md §7 Security).
 */
import { randomUUID } from 'node:crypto';
import type { Role, User } from '../../../../app/sync/api';
import type { Db, Queryable } from '../../db/db';
import { HttpError } from '../../http/errors';
import { hashPassword, newToken, sha256, verifyPassword } from './passwords';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
export const SESSION_HOURS = 8;

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  institution_id: string | null;
  institution_name: string | null;
  password_hash: string;
  failed_attempts: number;
  locked_until: Date | string | null;
}

const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.role, u.institution_id, i.name AS institution_name, u.password_hash, u.failed_attempts, u.locked_until
  FROM users u LEFT JOIN institutions i ON i.id = u.institution_id`;

function toUser(r: UserRow): User {
  return { id: r.id, username: r.username, displayName: r.display_name, role: r.role, institutionId: r.institution_id, institutionName: r.institution_name };
}

export async function createUser(q: Queryable, u: { username: string; displayName: string; role: Role; password: string; institutionId?: string | null; title?: string | null }): Promise<string> {
  const id = randomUUID();
  await q.query(
    `INSERT INTO users (id, username, display_name, role, institution_id, title, password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (username) DO NOTHING`,
    [id, u.username, u.displayName, u.role, u.institutionId ?? null, u.title ?? null, await hashPassword(u.password)],
  );
  return id;
}

export async function login(db: Db, username: string, password: string): Promise<{ token: string; expiresAt: string; user: User }> {
  const [row] = await db.query<UserRow>(`${USER_SELECT} WHERE u.username = $1`, [username]);
  // Same answer for an unknown user and a wrong password: no username probing.
  if (!row) throw new HttpError(401, 'invalid-credentials', '用户名或密码错误');
  if (row.locked_until && new Date(row.locked_until).getTime() > Date.now()) {
    throw new HttpError(401, 'locked', `账号已锁定，请于 ${new Date(row.locked_until).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} 后重试`);
  }
  if (!(await verifyPassword(password, row.password_hash))) {
    const failed = row.failed_attempts + 1;
    const lock = failed >= MAX_FAILED_LOGINS;
    await db.query('UPDATE users SET failed_attempts = $2, locked_until = $3 WHERE id = $1', [row.id, lock ? 0 : failed, lock ? new Date(Date.now() + LOCK_MINUTES * 60_000) : null]);
    throw new HttpError(401, lock ? 'locked' : 'invalid-credentials', lock ? `密码连续错误 ${MAX_FAILED_LOGINS} 次，账号锁定 ${LOCK_MINUTES} 分钟` : '用户名或密码错误');
  }
  await db.query('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1', [row.id]);
  const token = newToken();
  const expires = new Date(Date.now() + SESSION_HOURS * 3_600_000);
  await db.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [sha256(token), row.id, expires]);
  return { token, expiresAt: expires.toISOString(), user: toUser(row) };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1', [sha256(token)]);
}

export async function userForToken(db: Db, token: string): Promise<User | null> {
  const [row] = await db.query<UserRow & { expires_at: Date | string }>(
    `${USER_SELECT} JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [sha256(token)],
  );
  return row ? toUser(row) : null;
}

export interface HisClient {
  readonly id: string;
  readonly name: string;
  /** null = county-wide integration client (must name the institution per request). */
  readonly institutionId: string | null;
}

export async function hisClientForKey(db: Db, key: string): Promise<HisClient | null> {
  const [row] = await db.query<{ id: string; name: string; institution_id: string | null }>('SELECT id, name, institution_id FROM his_clients WHERE key_hash = $1', [sha256(key)]);
  return row ? { id: row.id, name: row.name, institutionId: row.institution_id } : null;
}

export async function ensureHisClient(db: Db, name: string, key: string, institutionId: string | null): Promise<void> {
  await db.query(
    `INSERT INTO his_clients (id, name, key_hash, institution_id) VALUES ($1, $2, $3, $4) ON CONFLICT (key_hash) DO NOTHING`,
    [randomUUID(), name, sha256(key), institutionId],
  );
}

/** The HIS client of a request's `Authorization: Bearer <key>`, or 401. */
export async function requireHisClient(db: Db, authorization: string | undefined): Promise<HisClient> {
  const key = bearer(authorization);
  const client = key ? await hisClientForKey(db, key) : null;
  if (!client) throw new HttpError(401, 'unauthorized', '缺少或无效的 HIS 接入密钥（Authorization: Bearer <key>）');
  return client;
}

export function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1]! : null;
}

