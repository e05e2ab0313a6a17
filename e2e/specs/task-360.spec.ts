import path from 'node:path';
import { demo360Prescription } from '../../platform/src/demo/demo-360';
import { ARTIFACTS, expect, login, test } from '../fixtures/platform';

test('a task with its 说明书 panel and 360° view, then the knowledge lookup', async ({ page, platform }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await login(page, platform);
  const no = `E2E-360-${Date.now()}`;
  const submitted = await platform.his('/his/v1/prescriptions/check', demo360Prescription(no));
  expect(submitted.body.action).toBe('review');

  const row = page.locator('[data-testid="task-row"]').filter({ hasText: '陈玉兰' }).first();
  await expect(row).toBeVisible({ timeout: 5_000 });
  await row.click();
  const detail = page.getByTestId('task-detail');
  await detail.getByTestId('tab-monograph').click();
  await expect(detail.getByTestId('monograph')).toBeVisible();
  await expect(detail.getByTestId('monograph-renal')).toContainText('eGFR');
  await detail.getByTestId('monograph').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'task-monograph.png') });

  await detail.getByTestId('tab-360').click();
  const view = detail.getByTestId('patient-360');
  await expect(view).toBeVisible();
  await expect(view.getByTestId('360-medicine-group')).toHaveCount(2);
  await expect(view.getByTestId('lab-trend-chart').first()).toBeVisible();
  await expect(view.locator('[data-testid="lab-trend-chart"] svg').first()).toBeVisible();
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'task-360.png') });

  await detail.getByTestId('tab-flow').click();
  await expect(detail.getByTestId('flow-event').first()).toBeVisible();

  await page.getByTestId('nav-knowledge').click();
  await page.getByTestId('knowledge-search').locator('input').or(page.locator('input[data-testid="knowledge-search"]')).first().fill('amxl');
  await expect(page.getByTestId('knowledge-hit').first()).toHaveAttribute('data-drug-id', 'amoxicillin');
  await expect(page.getByTestId('monograph')).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'knowledge.png') });

  await page.getByTestId('tab-interactions').click();
  await page.getByTestId('interaction-drugs').click();
  await page.keyboard.type('klms');
  await page.getByTitle(/克拉霉素/).first().click();
  await expect(page.getByTestId('interaction-finding').or(page.getByTestId('interaction-none'))).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'knowledge-interactions.png') });
});
