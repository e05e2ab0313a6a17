// Bundles the platform node as it runs in production (`node platform/dist/main.mjs`):
// one ESM file without tsx's per-closure keepNames wrapper, node_modules left external,
// migrations copied beside it. The rule pack and the renderer stay where they are in the
// repository (or YAODUN_PACK_DIR points elsewhere).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'platform/dist');
fs.rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'platform/src/main.ts')], outfile: path.join(out, 'main.mjs'),
  bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', keepNames: false, sourcemap: true, logLevel: 'warning',
  // The pack folder and the repository root (dev signing key, trusted keys) are found relative
  // to this file once bundled; the sources use their own locations otherwise.
  banner: { js: "process.env.YAODUN_PACK_DIR ??= new URL('../../rules-packs/baseline', import.meta.url).pathname; process.env.YAODUN_REPO_ROOT ??= new URL('../..', import.meta.url).pathname;" },
});
fs.cpSync(path.join(root, 'platform/src/db/migrations'), path.join(out, 'migrations'), { recursive: true });
process.stdout.write(`${path.join(out, 'main.mjs')}\n`);
