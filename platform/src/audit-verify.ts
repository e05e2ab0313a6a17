/**
 * `npm run audit:verify`: recomputes the audit log's hash chain on the configured database
 * (DATABASE_URL, else the PGlite data dir) and exits 1 at the first tampered entry.
 */
import { loadConfig } from './config';
import { openDb } from './db/db';
import { migrate } from './db/migrate';
import { verifyAuditChain } from './features/audit/audit';

const config = loadConfig(process.env);
const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
try {
  await migrate(db);
  const r = await verifyAuditChain(db);
  if (r.ok) process.stdout.write(`audit log intact: ${r.entries} entries, head ${r.head.slice(0, 16)}…\n`);
  else process.stdout.write(`audit log TAMPERED at entry ${r.brokenAt} of ${r.entries}: ${r.reason}\n`);
  process.exitCode = r.ok ? 0 : 1;
} finally {
  await db.close();
}
