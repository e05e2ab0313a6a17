// Runs a TypeScript entry compiled the way production runs it: bundled by esbuild without
// tsx's keepNames wrapper (which wraps every closure in a defineProperty call and so
// distorts micro-benchmarks). Usage: node scripts/run-built.mjs <entry.ts> [args…]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-built.mjs <entry.ts> [args…]');
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaodun-built-'));
const outfile = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
await build({
  entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
  packages: 'external', keepNames: false, sourcemap: false, logLevel: 'warning',
});
// The bundle lives in a temp folder: give it the pack location and this repo's node_modules.
fs.symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'), 'dir');
const r = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit', env: { ...process.env, YAODUN_PACK_DIR: process.env.YAODUN_PACK_DIR ?? path.resolve('rules-packs/baseline') } });
fs.rmSync(dir, { recursive: true, force: true });
process.exit(r.status ?? 1);
