// Bundles the Electron main process and preload (TypeScript) for electron to run.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../main');
const common = { bundle: true, platform: 'node', target: 'node20', external: ['electron'], sourcemap: true, logLevel: 'warning' };
await build({ ...common, entryPoints: [path.join(here, 'index.ts')], outfile: path.join(here, 'dist/index.js'), format: 'esm' });
// Sandboxed preloads must be CommonJS.
await build({ ...common, entryPoints: [path.join(here, 'preload/index.ts')], outfile: path.join(here, 'dist/preload.cjs'), format: 'cjs' });
