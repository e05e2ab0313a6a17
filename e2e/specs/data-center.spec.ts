import path from 'node:path';
import { ARTIFACTS, expect, login, test } from '../fixtures/platform';

test('admin maps a local drug code after seeing ranked suggestions, then merges a suspected duplicate patient', async ({ page, platform }) => {
  const items = await platform.his('/his/v1/code-items?institutionCode=QSZWSY', [
    { kind: 'drug', code: 'YP0001', name: '阿莫西林胶囊', spec: '0.25g', manufacturer: '某药厂' },
    { kind: 'drug', code: 'YP0002', name: '一次性使用无菌注射器', spec: '5ml', manufacturer: '某器械厂' },
    { kind: 'department', code: 'KS07', name: '儿科' },
  ]);
  expect(items.body.accepted).toBe(3);
  await platform.his('/his/v1/datasets/patient?institutionCode=QSZWSY', [{ patientId: 'QS-9', name: '李桂兰', sex: 'female', birthDate: '1965-03-15', phone: '13800000001' }]);
  await platform.his('/his/v1/datasets/patient?institutionCode=XRMYY', [{ patientId: 'XR-9', name: '李桂兰', sex: 'female', birthDate: '1965-03-15', phone: '13800000010' }]);

  await login(page, platform, 'admin');
  await page.getByTestId('nav-code-mapping').click();
  const row = page.locator('[data-testid="code-item-row"][data-code="YP0001"]');
  await expect(row).toBeVisible();
  await row.click();
  const first = page.getByTestId('suggestion-item').first();
  await expect(first).toHaveAttribute('data-target', 'amoxicillin');
  await expect(first).toContainText('通用名完全一致');
  await page.screenshot({ path: path.join(ARTIFACTS, 'code-mapping.png'), fullPage: false });
  await first.getByTestId('suggestion-confirm').click();
  await expect(row).toHaveCount(0);

  await page.locator('[data-testid="code-item-row"][data-code="YP0002"]').click();
  await expect(page.getByTestId('no-confident')).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'code-mapping-no-suggestion.png'), fullPage: false });
  await page.getByTestId('tab-unmapped').click();
  await expect(page.getByTestId('unmapped-row').first()).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'code-mapping-unmapped.png'), fullPage: false });

  await page.getByTestId('nav-empi').click();
  const pair = page.getByTestId('empi-pair').first();
  await expect(pair).toBeVisible();
  await expect(pair.getByTestId('empi-person')).toHaveCount(2);
  await page.screenshot({ path: path.join(ARTIFACTS, 'empi-queue.png'), fullPage: false });
  await pair.getByTestId('empi-reason').fill('电话号码录入错误，核实为同一人');
  await pair.getByTestId('empi-merge').click();
  await expect(page.getByTestId('empi-pair')).toHaveCount(0);
  await page.getByTestId('tab-empi-history').click();
  await expect(page.getByTestId('empi-history-row')).toHaveCount(1);
  await expect(page.getByTestId('empi-split')).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'empi-history.png'), fullPage: false });
});
