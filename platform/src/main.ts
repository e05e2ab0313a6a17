/**
 * `npm run start:platform`: one platform node. Prints `listening on http://127.0.0.1:<port>`
 * (interop.md) once it accepts requests. With YAODUN_DEMO=1 it also ensures the demo county.
 */
import { loadConfig } from './config';
import { startNode } from './app-instance';
import { ensureDemoCounty } from './demo/seed';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const node = await startNode({ config, logger: config.YAODUN_LOG === '1' });
  if (config.YAODUN_DEMO === '1') {
    const demo = await ensureDemoCounty(node.db, config.YAODUN_DEMO_PASSWORD);
    process.stdout.write(demo.banner);
  }
  process.stdout.write(`database: ${node.db.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${config.dataDir})`}\n`);
  process.stdout.write(`listening on ${node.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    node.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`platform failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
