import path from 'node:path';
import { ARTIFACTS, expect, login, riskyPrescription, test } from '../fixtures/platform';

test('risky prescription → live queue → reject allowing double signature → HIS sees it → doctor double-signs', async ({ page, platform }) => {
  await login(page, platform);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'connected');

  const no = `E2E-${Date.now()}`;
  const submitted = await platform.his('/his/v1/prescriptions/check', riskyPrescription(no));
  expect(submitted.body.action).toBe('review');

  // New tasks must be visible within 2 s of the HIS submitting them (issue 2).
  const row = page.locator(`[data-testid="task-row"]`).filter({ hasText: '王秀英' }).first();
  await expect(row).toBeVisible({ timeout: 2_000 });
  await page.screenshot({ path: path.join(ARTIFACTS, 'queue.png'), fullPage: false });

  await row.click();
  const detail = page.getByTestId('task-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('finding').first()).toBeVisible();
  await expect(detail.locator('[data-testid="finding"][data-check-type="drug-count"]')).toBeVisible();
  await expect(page.getByTestId('task-status')).toHaveText('待审');
  await page.screenshot({ path: path.join(ARTIFACTS, 'task.png'), fullPage: false });

  const waiting = platform.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY&wait=30`);
  await page.getByTestId('decision-reject-double-sign').click();
  await page.getByTestId('decision-reason').fill('单张处方超过五种药品，请拆分；如确需同开请双签。');
  await page.getByTestId('decision-confirm').click();
  await expect(page.getByTestId('decision-outcome')).toHaveAttribute('data-outcome', 'accepted');

  const result = await waiting;
  expect(result.body).toMatchObject({ status: 'rejected-double-sign', final: true, mayProceed: false });
  expect(result.body.decision.reason).toContain('拆分');

  // Other specs on this worker's platform may double-sign too: count from here.
  const counter = page.getByTestId('counter-double-signed-value');
  const before = Number(await counter.textContent());
  const ds = await platform.his(`/his/v1/prescriptions/${no}/double-sign`, { institutionCode: 'QSZWSY', doctorCode: 'D001', doctorName: '张医生', reason: '患者病情需要，已告知风险' });
  expect(ds.body).toMatchObject({ status: 'double-signed', mayProceed: true });

  await page.getByTestId('scope-done').click();
  const doneRow = page.locator('[data-testid="task-row"]').filter({ hasText: '王秀英' }).first();
  await expect(doneRow).toBeVisible();
  // Counters arrive with the list; under a loaded CI machine allow the refetch time.
  await expect.poll(async () => Number(await counter.textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 1);
});

test('circuit breaker auto-passes a prescription nobody reviewed and the queue drops it', async ({ page, fastBreakerPlatform: platform }) => {
  await login(page, platform);
  const no = `E2E-AP-${Date.now()}`;
  await platform.his('/his/v1/prescriptions/check', riskyPrescription(no));
  const row = page.locator('[data-testid="task-row"]').filter({ hasText: '王秀英' }).first();
  await expect(row).toBeVisible({ timeout: 2_000 });
  const result = await platform.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY&wait=20`);
  expect(result.body).toMatchObject({ status: 'auto-passed', mayProceed: true });
  await expect(row).toBeHidden({ timeout: 5_000 });
});
