/**
 * One platform node: database (PostgreSQL or PGlite), migrations, the baseline rule pack,
 * the live bus, the circuit breaker and the HTTP server. Used by main.ts, tests and benches.
 */
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { IndexedKb } from '../../app/knowledge/indexed';
import { loadActivePack } from '../../rules-packs/tools/read-pack';
import type { Config } from './config';
import { openDb, type Db } from './db/db';
import { migrate } from './db/migrate';
import { loadSigner } from './features/audit/signing';
import { ensureHisClient } from './features/auth/service';
import { startLiveBus, type LiveBus } from './features/live/bus';
import { createRulePackState, recordNodeRefusal } from './features/rule-packs/active';
import { cachedPlan, ensureDefaultPlan } from './features/review/plans';
import { startCircuitBreaker, type ReviewDeps } from './features/review/service';
import { buildServer, type ServerOptions } from './server';

export interface PlatformNode {
  readonly app: FastifyInstance;
  readonly db: Db;
  readonly bus: LiveBus;
  readonly deps: ReviewDeps;
  readonly url: string;
  stop(): Promise<void>;
}

export interface NodeOptions extends ServerOptions {
  readonly config: Pick<Config, 'PORT' | 'HOST' | 'DATABASE_URL' | 'dataDir' | 'YAODUN_BOOTSTRAP_HIS_KEY' | 'YAODUN_REVIEW_TIMEOUT_SECONDS' | 'YAODUN_BREAKER_INTERVAL_MS'>;
  readonly kb?: IndexedKb;
  /** Use an existing database (several nodes in one test process share nothing else). */
  readonly db?: Db;
  readonly onBreakerError?: (e: unknown) => void;
}

export async function startNode(opts: NodeOptions): Promise<PlatformNode> {
  const c = opts.config;
  if (!c.DATABASE_URL && !opts.db) fs.mkdirSync(c.dataDir, { recursive: true });
  const db = opts.db ?? (await openDb({ databaseUrl: c.DATABASE_URL, dataDir: c.dataDir }));
  await migrate(db);
  const active = loadActivePack();
  const kb = opts.kb ?? active.kb;
  await ensureDefaultPlan(db, c.YAODUN_REVIEW_TIMEOUT_SECONDS);
  if (c.YAODUN_BOOTSTRAP_HIS_KEY) await ensureHisClient(db, '县级集成客户端（启动时配置）', c.YAODUN_BOOTSTRAP_HIS_KEY, null);
  const bus = await startLiveBus(db);
  const signer = await loadSigner(db, process.env.YAODUN_SIGNING_KEY);
  // The published pack (rule_packs) replaces the baseline; every node swaps on the bus event.
  const rulePacks = createRulePackState({ kb, pack: active.pack });
  await rulePacks.reload(db);
  const deps: ReviewDeps = { db, bus, kb: () => rulePacks.snapshot().kb, activePack: () => rulePacks.snapshot().pack, signer, plan: cachedPlan(db), rulePacks };
  const app = await buildServer(deps, opts);
  const offPacks = bus.subscribe((ch) => {
    if (ch.kind !== 'pack-activated' && ch.kind !== 'custom-rules-changed') return;
    rulePacks.reload(db).then(async (r) => {
      if (r.ok) return;
      app.log.error({ message: r.message }, 'active rule pack refused; keeping the last good pack');
      await recordNodeRefusal(db, r.message);
    }).catch((e: unknown) => app.log.error({ err: e }, 'rule pack reload'));
  });
  const stopBreaker = startCircuitBreaker(deps, c.YAODUN_BREAKER_INTERVAL_MS, opts.onBreakerError ?? ((e) => app.log.error({ err: e }, 'circuit breaker')));
  await app.listen({ port: c.PORT, host: c.HOST });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : c.PORT;
  return {
    app, db, bus, deps,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await stopBreaker();
      offPacks();
      await app.close();
      await bus.close();
      if (!opts.db) await db.close();
    },
  };
}
