/**
 * @rule-pack-update (issue 6): an admin uploads a signed revision through the UI, looks at
 * its diff, publishes it, and a pharmacist workstation that is already open switches to it
 * without a reload (the header shows the new revision). A tampered pack is refused in the UI.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, expect, login, riskyPrescription, startPlatform, test, type Platform } from '../fixtures/platform';

const ROOT = path.resolve(ARTIFACTS, '../..');
let platform: Platform;
let packFile: string;
let tamperedFile: string;

test.beforeAll(async () => {
  platform = await startPlatform({ timeoutSeconds: 300 });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'yaodun-e2e-packs-'));
  // The release path: packs:build lints, signs and prints the artifact's path as its last line.
  const stdout = execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['rules-packs/tools/build-pack.ts', '--revision', '2', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  packFile = stdout.trim().split('\n').at(-1)!;
  const a = JSON.parse(fs.readFileSync(packFile, 'utf8')) as { files: Array<{ path: string; content: string }> };
  tamperedFile = path.join(out, 'baseline-r3-tampered.ydpack');
  fs.writeFileSync(tamperedFile, JSON.stringify({ ...a, files: a.files.map((f) => (f.path === 'regulations.json' ? { ...f, content: `${f.content} ` } : f)) }));
});
test.afterAll(async () => {
  await platform?.stop();
});

test('@rule-pack-update admin publishes a new revision and a connected workstation switches without reload', async ({ browser }) => {
  const pharmacistCtx = await browser.newContext();
  const pharmacist = await pharmacistCtx.newPage();
  await login(pharmacist, platform, 'yaoshi');
  await expect(pharmacist.getByTestId('pack-revision')).toHaveText('规则包 r1');
  await expect(pharmacist.getByTestId('live-status')).toHaveAttribute('data-state', 'connected');
  // A marker that a reload would wipe out.
  await pharmacist.evaluate(() => { (window as unknown as { __noReload: boolean }).__noReload = true; });

  // A stored prescription for the shadow run to replay.
  expect((await platform.his('/his/v1/prescriptions/check', riskyPrescription('RX-E2E-PACK-1'))).status).toBe(200);

  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await login(admin, platform, 'admin');
  await expect(admin.getByTestId('rule-admin')).toBeVisible();
  await expect(admin.getByTestId('admin-active-revision')).toHaveText('baseline r1');

  // Refused: a tampered file, with the reason shown and listed in the failure report.
  await admin.locator('input[type=file]').setInputFiles(tamperedFile);
  await expect(admin.getByTestId('pack-upload-error')).toContainText('文件哈希不一致');
  await expect(admin.getByTestId('pack-failures')).toContainText('hash-mismatch');
  await admin.screenshot({ path: path.join(ARTIFACTS, 'rule-pack-refused.png') });

  // Accepted: the signed r2 becomes a candidate; diff, then publish.
  await admin.locator('input[type=file]').setInputFiles(packFile);
  await expect(admin.getByTestId('pack-publish-2')).toBeVisible();
  await admin.getByTestId('pack-diff-2').click();
  await expect(admin.getByTestId('pack-diff')).toContainText('r1 → r2');
  await admin.screenshot({ path: path.join(ARTIFACTS, 'rule-pack-diff.png') });
  await admin.keyboard.press('Escape');
  await admin.getByTestId('pack-shadow-2').click();
  await admin.getByTestId('shadow-start').click();
  await expect(admin.getByTestId('shadow-result')).toBeVisible();
  await expect(admin.getByTestId('shadow-result')).toContainText('回放处方1');
  await admin.screenshot({ path: path.join(ARTIFACTS, 'rule-pack-shadow.png') });
  await admin.keyboard.press('Escape');
  await admin.getByTestId('pack-publish-2').click();
  await admin.getByRole('button', { name: '发布', exact: true }).last().click();
  await expect(admin.getByTestId('admin-active-revision')).toHaveText('baseline r2');
  await admin.screenshot({ path: path.join(ARTIFACTS, 'rule-pack-admin.png') });

  // The open workstation verified and switched on the live event, without a reload.
  await expect(pharmacist.getByTestId('pack-revision')).toHaveText('规则包 r2');
  await expect(pharmacist.getByTestId('pack-revision')).toHaveAttribute('data-state', 'current');
  expect(await pharmacist.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await pharmacist.screenshot({ path: path.join(ARTIFACTS, 'rule-pack-workstation.png') });

  // 用药规则管理 and the dictionaries are one tab away.
  await admin.getByRole('tab', { name: '用药规则管理' }).click();
  await admin.getByTestId('custom-rule-new').click();
  await expect(admin.getByTestId('custom-rule-form')).toBeVisible();
  await admin.screenshot({ path: path.join(ARTIFACTS, 'custom-rule-form.png') });
  await admin.keyboard.press('Escape');
  await admin.getByRole('tab', { name: '审方字典' }).click();
  await expect(admin.getByTestId('dictionaries')).toContainText('单张门急诊处方超过五种药品');
  await admin.screenshot({ path: path.join(ARTIFACTS, 'dictionaries.png') });
  await admin.getByRole('tab', { name: '审方方案' }).click();
  await expect(admin.getByTestId('review-plan')).toContainText('多级审核');
  await admin.screenshot({ path: path.join(ARTIFACTS, 'review-plan.png') });

  await adminCtx.close();
  await pharmacistCtx.close();
});
