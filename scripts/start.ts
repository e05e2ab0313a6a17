/**
 * `npm start`: the platform with the demo county on its embedded database, the HIS
 * simulator, and the workstation — the Electron app where an Electron binary exists,
 * otherwise the URL where the platform serves the same workstation to a browser.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHisSimulator } from '../platform/src/demo/his-simulator';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  PORT: process.env.PORT ?? '8080',
  YAODUN_DEMO: '1',
  YAODUN_REVIEW_TIMEOUT_SECONDS: process.env.YAODUN_REVIEW_TIMEOUT_SECONDS ?? '300',
  YAODUN_BOOTSTRAP_HIS_KEY: process.env.YAODUN_BOOTSTRAP_HIS_KEY ?? 'demo-county-integration-key',
};

function electronBinary(): string | null {
  try {
    const require = createRequire(path.join(root, 'main', 'package.json'));
    const p = require('electron') as unknown;
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null; // package present without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD / no internet)
  }
}

// The platform as production runs it: bundled, plain node (npm start builds it first).
const platform = spawn(process.execPath, [path.join(root, 'platform/dist/main.mjs')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
let url: string | null = null;
let stopSim: (() => void) | null = null;

platform.stdout.setEncoding('utf8');
platform.stdout.on('data', (chunk: string) => {
  process.stdout.write(chunk);
  const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk);
  if (m && !url) {
    url = m[1]!;
    stopSim = startHisSimulator({ baseUrl: url, intervalMs: Number(process.env.YAODUN_SIM_INTERVAL_MS ?? 4000), log: (l) => process.stdout.write(`[HIS 模拟] ${l}\n`) });
    const electron = electronBinary();
    if (electron) {
      const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-main.mjs')], { stdio: 'inherit' });
      if (build.status === 0) {
        spawn(electron, [path.join(root, 'main/dist/index.js')], { env: { ...process.env, YAODUN_PLATFORM_URL: url }, stdio: 'inherit' });
        process.stdout.write('\n工作站（Electron）已启动。\n');
        return;
      }
    }
    process.stdout.write(`\n本机没有 Electron 可执行文件：请在浏览器中打开工作站 ${url}/ （用户名 yaoshi）\nOpenAPI 文档：${url}/docs\n按 Ctrl+C 退出。\n`);
  }
});

const shutdown = (): void => {
  stopSim?.();
  platform.kill('SIGTERM');
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
platform.on('exit', (code) => process.exit(code ?? 0));
