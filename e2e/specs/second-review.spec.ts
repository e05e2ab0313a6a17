/**
 * 多级审核 (issue 6): the admin's review plan asks for a second pharmacist; 王药师's approval
 * leaves the prescription 待复核 (shown in the task pane), 李药师 confirms it, the HIS sees it approved.
 */
import path from 'node:path';
import { ARTIFACTS, DEMO_PASSWORD, expect, login, riskyPrescription, startPlatform, test, type Platform } from '../fixtures/platform';

let platform: Platform;
test.beforeAll(async () => {
  platform = await startPlatform({ timeoutSeconds: 300 });
});
test.afterAll(async () => {
  await platform?.stop();
});

async function api(pathname: string, token: string, body?: unknown) {
  const res = await fetch(`${platform.url}${pathname}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

test('second pharmacist: first approval → 待复核 in the task pane, another pharmacist finalizes', async ({ browser }) => {
  const adminToken = (await (await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) })).json()).token as string;
  const plans = await api('/api/review-plans', adminToken);
  const { id, isDefault: _d, ...plan } = plans.body.plans.find((p: { isDefault: boolean }) => p.isDefault);
  const saved = await api(`/api/review-plans/${id}`, adminToken, { ...plan, workingHours: null, secondReview: { levels: ['caution', 'not-recommended', 'contraindicated'], drugClasses: [] } });
  expect(saved.status).toBe(200);

  const no = `E2E-2ND-${Date.now()}`;
  expect((await platform.his('/his/v1/prescriptions/check', riskyPrescription(no))).body.action).toBe('review');

  const first = await (await browser.newContext()).newPage();
  await login(first, platform, 'yaoshi');
  await first.locator('[data-testid="task-row"]').filter({ hasText: '王秀英' }).first().click();
  await expect(first.getByTestId('task-second-review')).toHaveText('需双人审核');
  await first.getByTestId('decision-approve').click();
  await expect(first.getByTestId('decision-outcome')).toHaveAttribute('data-outcome', 'accepted');
  await expect(first.getByTestId('decision-outcome')).toContainText('待另一位药师复核');

  const second = await (await browser.newContext()).newPage();
  await login(second, platform, 'yaoshi2');
  await second.locator('[data-testid="task-row"]').filter({ hasText: '王秀英' }).first().click();
  await expect(second.getByTestId('task-second-review')).toHaveText('待复核 · 初审 王药师');
  await second.screenshot({ path: path.join(ARTIFACTS, 'second-review.png') });
  await second.getByTestId('decision-approve').click();
  await expect(second.getByTestId('decision-outcome')).toHaveAttribute('data-outcome', 'accepted');

  const result = await platform.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY`);
  expect(result.body).toMatchObject({ status: 'approved', final: true, mayProceed: true });
});
