/**
 * `npm run bench:platform`: a platform node in its own process (PostgreSQL when DATABASE_URL
 * is set, else PGlite), driven over loopback HTTP.
 *  - precheck latency at a constant 200 requests/s (open loop), p50 / p99;
 *  - closed-loop throughput of /check against a bare endpoint that parses, validates and
 *    stores the same prescription without the engine (ratio = check / bare);
 *  - finished-visit upload rate (order-item records/s, 5,000 per request).
 * Last line: `platform precheck p50=<ms> p99=<ms> rps=<n> ratio=<r> upload=<records/s>`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePrescription, rng } from '../platform/src/demo/his-simulator';
import { freshDatabase, startBuiltPlatform } from './bench-support';

// Run from the repository root (npm scripts do); the bundled copy lives in a temp folder.
const root = process.cwd();
const key = randomBytes(16).toString('hex');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaodun-bench-'));
// A fresh database per run, so earlier runs' rows do not skew the numbers.
const benchDb = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL) : null;
// The platform as production runs it: bundled (npm run build:platform), plain node.
const { child, url } = await startBuiltPlatform(root, { ...process.env, ...(benchDb ? { DATABASE_URL: benchDb.url } : {}), PORT: '0', YAODUN_DATA_DIR: dataDir, YAODUN_BOOTSTRAP_HIS_KEY: key, YAODUN_DEMO: '1', YAODUN_BENCH: '1' });

const r = rng(7);
let n = 0;
const body = () => JSON.stringify(makePrescription(r, ++n).body);
const post = async (p: string, b: string, type = 'application/json'): Promise<number> => {
  const t = performance.now();
  const res = await fetch(`${url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': type }, body: b });
  await res.arrayBuffer();
  if (res.status >= 400) throw new Error(`${p}: HTTP ${res.status}`);
  return performance.now() - t;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

// Warm-up (JIT, connection pool, first PGlite pages).
for (let i = 0; i < 200; i++) await post('/his/v1/prescriptions/check', body());

// 1. Open loop at 200 req/s for 10 s.
const RATE = 200;
const SECONDS = 10;
const lat: number[] = [];
const started = performance.now();
const inflight: Promise<void>[] = [];
for (let i = 0; i < RATE * SECONDS; i++) {
  const due = started + (i * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((res) => setTimeout(res, wait));
  const b = body();
  // Latency from the scheduled send time, so a stalled server cannot hide queueing (coordinated omission).
  inflight.push(post('/his/v1/prescriptions/check', b).then(() => { lat.push(performance.now() - due); }));
}
await Promise.all(inflight);
const achieved = (RATE * SECONDS) / ((performance.now() - started) / 1000);

// 2. Closed loop throughput, engine vs bare.
async function closedLoop(p: string, count: number, concurrency: number): Promise<number> {
  let left = count;
  const t = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (left-- > 0) await post(p, body());
  }));
  return count / ((performance.now() - t) / 1000);
}
const bare = await closedLoop('/his/v1/bench/store-only', 1500, 16);
const check = await closedLoop('/his/v1/prescriptions/check', 1500, 16);

// 3. Upload of order items.
const items = (k: number) => Array.from({ length: 5000 }, (_, i) => ({ visitNo: `BV${k}-${i % 900}`, prescriptionNo: `BP${k}-${i % 900}`, itemNo: String(i), drugName: '阿莫西林胶囊 0.25g', atc: 'J01CA04', dose: 0.5, doseUnit: 'g', frequency: 'tid', route: '口服', days: 3, quantity: 1, quantityUnit: '盒', amount: 12.5 }));
const ut = performance.now();
let records = 0;
for (let k = 0; k < 6; k++) {
  await post('/his/v1/datasets/order-item?institutionCode=QSZWSY', JSON.stringify(items(k)));
  records += 5000;
}
const upload = records / ((performance.now() - ut) / 1000);

child.kill('SIGTERM');
await new Promise((res) => child.once('exit', res));
await benchDb?.drop();
fs.rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`database=${process.env.DATABASE_URL ? 'postgres' : 'pglite'} open-loop=${RATE}/s×${SECONDS}s achieved=${achieved.toFixed(0)}/s check=${check.toFixed(0)}/s bare=${bare.toFixed(0)}/s\n`);
process.stdout.write(`platform precheck p50=${pct(lat, 50).toFixed(1)} p99=${pct(lat, 99).toFixed(1)} rps=${achieved.toFixed(0)} ratio=${(check / bare).toFixed(2)} upload=${upload.toFixed(0)}\n`);
process.exit(0);
