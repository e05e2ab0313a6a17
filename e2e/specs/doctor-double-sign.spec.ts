import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { apiLogin, ARTIFACTS, expect, login, test } from '../fixtures/platform';
import { submitFor } from '../fixtures/workstation';

test('@doctor-double-sign the doctor sees the D result in the inbox with the reason, double-signs with a reason, the HIS sees it', async ({ page, platform }) => {
  const no = `DD-${Date.now()}`;
  await submitFor(platform, no, '冯双签');
  // The pharmacist's D decision (the UI path is covered by review-story).
  const pharmacist = await apiLogin(platform, 'yaoshi');
  const open = await platform.api('/api/tasks?scope=open', pharmacist);
  const task = (open.body.tasks as Array<{ id: string; prescriptionNo: string }>).find((t) => t.prescriptionNo === no)!;
  const d = await platform.api('/api/commands', pharmacist, { commandId: randomUUID(), taskId: task.id, baseVersion: 1, decision: 'reject-allow-double-sign', reason: '单张处方超过五种药品，如确需同开请双签' });
  expect(d.body.outcome).toBe('accepted');

  await login(page, platform, 'yisheng');
  await expect(page.getByTestId('doctor-workbench')).toBeVisible();
  const item = page.locator(`[data-testid="doctor-item"][data-prescription-no="${no}"]`);
  await expect(item).toBeVisible();
  await expect(item.getByTestId('doctor-reason')).toContainText('单张处方超过五种药品');
  await page.screenshot({ path: path.join(ARTIFACTS, 'doctor-inbox.png') });

  await item.getByTestId('doctor-double-sign').click();
  await page.getByTestId('doctor-template').first().click();
  await page.getByTestId('doctor-text').fill('患者慢性病多药联用，已告知风险，由本人承担用药责任');
  await page.screenshot({ path: path.join(ARTIFACTS, 'doctor-double-sign.png') });
  await page.getByTestId('doctor-submit').click();
  await expect(item).toBeHidden();

  const his = await platform.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY`);
  expect(his.body).toMatchObject({ status: 'double-signed', mayProceed: true, decision: { event: 'double-sign', by: '张医生', reason: '患者慢性病多药联用，已告知风险，由本人承担用药责任' } });
  await page.getByTestId('doctor-tab-all').click();
  await expect(page.locator(`[data-testid="doctor-item"][data-prescription-no="${no}"]`)).toHaveAttribute('data-status', 'double-signed');
});
