/**
 * Numbered, append-only migrations (NNN_name.sql). Applied in order inside one transaction
 * each, under an advisory lock so several platform nodes starting together migrate once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_ID = 7_240_301;

export function listMigrations(): Array<{ version: number; name: string; sql: string }> {
  return fs.readdirSync(DIR).filter((f) => /^\d{3}_[a-z0-9-_]+\.sql$/.test(f)).sort().map((f) => ({
    version: Number(f.slice(0, 3)),
    name: f,
    sql: fs.readFileSync(path.join(DIR, f), 'utf8'),
  }));
}

export async function migrate(db: Db): Promise<number[]> {
  const applied: number[] = [];
  await db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
    await q.query('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await q.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    for (const m of listMigrations()) {
      if (done.has(m.version)) continue;
      await q.exec(m.sql);
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
  });
  return applied;
}
