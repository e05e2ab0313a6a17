import path from 'node:path';
import { apiLogin, ARTIFACTS, expect, login, ownPlatformTest as test } from '../fixtures/platform';
import { openTask, reject, submitFor } from '../fixtures/workstation';

test.use({ breakerSeconds: 4 });

test('@conflict-autopass a rejection made offline after the breaker timeout → conflict in the inbox, acknowledged; 事后干预 raised', async ({ page, ownPlatform: platform }) => {
  const no = `CA-${Date.now()}`;
  await login(page, platform);
  await submitFor(platform, no, '郑熔断');
  await openTask(page, '郑熔断');

  await platform.kill();
  await reject(page, '剂量不适宜，请核对说明书剂量后修改');
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'offline');

  // The platform comes back; this workstation's link to it stays cut until the breaker has
  // auto-passed the prescription (no pharmacist answered within its 4 s).
  await page.route('**/api/commands', (route) => route.abort('internetdisconnected'));
  await platform.restart();
  const auto = await platform.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY&wait=15`);
  expect(auto.body).toMatchObject({ status: 'auto-passed', mayProceed: true });
  await page.unroute('**/api/commands');

  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'synced', { timeout: 15_000 });
  await expect(page.getByTestId('conflicts-open')).toHaveAttribute('data-count', '1');
  await page.getByTestId('conflicts-open').click();
  const item = page.getByTestId('conflict-item');
  await expect(item).toHaveAttribute('data-cause', 'auto-pass');
  await expect(item.getByTestId('conflict-mine')).toContainText('驳回：剂量不适宜');
  await expect(item.getByTestId('conflict-server')).toContainText('熔断自动通过');
  await expect(item).toContainText('事后干预');
  // Let the drawer finish sliding in before the picture.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await page.screenshot({ path: path.join(ARTIFACTS, 'conflicts-inbox.png') });

  // The doctor has the intervention with the pharmacist's reason.
  const doctor = await apiLogin(platform, 'yisheng');
  const inbox = await platform.api('/api/doctor/prescriptions?filter=inbox', doctor);
  const rx = (inbox.body.items as Array<{ prescriptionNo: string; interventions: Array<{ reason: string; pharmacistName: string }> }>).find((i) => i.prescriptionNo === no);
  expect(rx?.interventions).toEqual([expect.objectContaining({ reason: '剂量不适宜，请核对说明书剂量后修改', pharmacistName: '王药师' })]);

  await item.getByTestId('conflict-ack').click();
  await expect(page.getByTestId('conflict-item')).toHaveCount(0);
  await expect(page.getByTestId('conflicts-open')).toHaveAttribute('data-count', '0');
  // Acknowledged is durable: still gone after a reload.
  await page.reload();
  await expect(page.getByTestId('conflicts-open')).toHaveAttribute('data-count', '0');
});
