/**
 * The typed query layer: one small interface over PostgreSQL (pg) and PGlite (the same
 * PostgreSQL, embedded), so every query, migration and transaction runs on both. Queries
 * are plain parameterized SQL with a row type per call site; no string interpolation of
 * values anywhere.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// Return int8 (bigserial) as number: sequences stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => { /* an idle client died; the pool replaces it */ });
  let listener: pg.Client | null = null;
  const handlers = new Map<string, Set<(p: string) => void>>();
  return {
    kind: 'postgres',
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      const r = await pool.query(sql, params as unknown[]);
      return r.rows as R[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const q: Queryable = {
          query: async <R extends object>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, params as unknown[])).rows as R[],
          exec: async (sql: string) => { await client.query(sql); },
        };
        const out = await fn(q);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      if (!listener) {
        listener = new pg.Client({ connectionString: url });
        await listener.connect();
        listener.on('notification', (n) => handlers.get(n.channel)?.forEach((h) => h(n.payload ?? '')));
      }
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await listener.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      }
      set.add(onPayload);
      return async () => { set.delete(onPayload); };
    },
    async close() {
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

export async function openPglite(dataDir: string | undefined): Promise<Db> {
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return {
    kind: 'pglite',
    async query<R extends object>(sql: string, params: readonly unknown[] = []) {
      const r = await db.query<R>(sql, params as unknown[]);
      return r.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      return db.transaction(async (t) => fn({
        query: async <R extends object>(sql: string, params: readonly unknown[] = []) => (await t.query<R>(sql, params as unknown[])).rows,
        exec: async (sql: string) => { await t.exec(sql); },
      }));
    },
    async listen(channel, onPayload) {
      const unsub = await db.listen(channel, onPayload);
      return async () => { await unsub(); };
    },
    async close() {
      await db.close();
    },
  };
}

export function openDb(opts: { databaseUrl?: string | undefined; dataDir?: string | undefined }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}

/** timestamptz comes back as Date from both drivers; the API speaks ISO strings. */
export function iso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return new Date(v).toISOString();
  throw new TypeError(`not a timestamp: ${String(v)}`);
}

export function isoOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : iso(v);
}
