import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron } from '@playwright/test';
import { expect, test } from '../fixtures/platform';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function electronBinary(): string | null {
  try {
    const p = createRequire(path.join(ROOT, 'main/package.json'))('electron') as unknown;
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (binary === null) console.log('[electron] SKIPPED: no Electron binary on this machine (its download needs the internet); the renderer runs in Chromium and main-process modules are tested under Node.');

test.describe('Electron shell', () => {
  test.skip(binary === null, 'SKIPPED: no Electron binary on this machine (its download needs the internet); main-process modules are tested under Node in main/*.test.ts');

  test('opens the workstation locked down: sandbox, isolation, no Node in the renderer', async ({ platform }) => {
    const app = await electron.launch({ executablePath: binary!, args: [path.join(ROOT, 'main/dist/index.js')], env: { ...process.env, YAODUN_PLATFORM_URL: platform.url } });
    const win = await app.firstWindow();
    await expect(win.getByTestId('login-username')).toBeVisible();
    expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await win.evaluate(() => typeof (window as { yaodunHost?: unknown }).yaodunHost)).toBe('object');
    await app.close();
  });

  test('routes a yaodun://prescription/<id> deep link to the renderer and wires notifications', async ({ platform }) => {
    const app = await electron.launch({ executablePath: binary!, args: [path.join(ROOT, 'main/dist/index.js'), 'yaodun://prescription/RX-DEEP-1'], env: { ...process.env, YAODUN_PLATFORM_URL: platform.url } });
    const win = await app.firstWindow();
    await expect.poll(() => win.evaluate(() => location.hash)).toBe('#/prescription/RX-DEEP-1');
    const notified = await win.evaluate(() => (window as unknown as { yaodunHost: { notify(t: string, b: string): Promise<boolean> } }).yaodunHost.notify('药盾测试', '紧急处方'));
    expect(typeof notified).toBe('boolean');
    await app.close();
  });
});
