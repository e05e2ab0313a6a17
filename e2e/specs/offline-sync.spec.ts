import path from 'node:path';
import { ARTIFACTS, expect, login, ownPlatformTest as test } from '../fixtures/platform';
import { appliedCount, openTask, reject, rowOf, submitFor } from '../fixtures/workstation';

test('@offline-sync platform stopped → two decisions kept in the outbox → platform back → both applied exactly once', async ({ page, ownPlatform: platform }) => {
  const a = `OS-A-${Date.now()}`;
  const b = `OS-B-${Date.now()}`;
  await login(page, platform);
  await submitFor(platform, a, '孙离线');
  await submitFor(platform, b, '周离线');
  await expect(rowOf(page, '周离线')).toBeVisible();
  // Opened while online: their details are in the local store.
  await openTask(page, '孙离线');
  await openTask(page, '周离线');
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'synced');

  await platform.kill();
  await openTask(page, '孙离线');
  await page.getByTestId('decision-approve').click();
  await expect(page.getByTestId('decision-outcome')).toHaveAttribute('data-outcome', 'queued');
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'offline');
  await openTask(page, '周离线');
  await reject(page, '重复用药，请删除重复药品');
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-pending', '2');
  await expect(page.getByTestId('sync-badge')).toContainText('离线');
  await expect(rowOf(page, '孙离线').getByTestId('row-unsynced')).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'queue-offline.png') });

  await platform.restart();
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'synced', { timeout: 15_000 });
  await expect(page.getByTestId('conflicts-open')).toHaveAttribute('data-count', '0');

  const ra = await platform.his(`/his/v1/prescriptions/${a}/result?institutionCode=QSZWSY`);
  const rb = await platform.his(`/his/v1/prescriptions/${b}/result?institutionCode=QSZWSY`);
  expect(ra.body).toMatchObject({ status: 'approved', final: true, decision: { event: 'approve', by: '王药师' } });
  expect(rb.body).toMatchObject({ status: 'rejected', final: true, decision: { event: 'reject', reason: '重复用药，请删除重复药品' } });
  expect(await appliedCount(platform, a, 'approve')).toBe(1);
  expect(await appliedCount(platform, b, 'reject')).toBe(1);
});

test('@duplicate-push the same outbox command pushed twice (answer lost, then replayed) is applied once', async ({ page, ownPlatform: platform }) => {
  const no = `DP-${Date.now()}`;
  await login(page, platform);
  await submitFor(platform, no, '吴重推');
  await openTask(page, '吴重推');

  // The first push reaches the platform, but its answer is lost on the way back.
  const pushes: string[] = [];
  let lose = true;
  await page.route('**/api/commands', async (route) => {
    pushes.push(route.request().postData() ?? '');
    const response = await route.fetch();
    if (lose) {
      lose = false;
      await route.abort('connectionreset');
      return;
    }
    await route.fulfill({ response });
  });
  await page.getByTestId('decision-approve').click();
  await expect(page.getByTestId('decision-outcome')).toHaveAttribute('data-outcome', 'queued');
  // The outbox retries with the same commandId and gets the stored outcome.
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'synced', { timeout: 10_000 });
  expect(pushes).toHaveLength(2);
  const [first, second] = pushes.map((p) => JSON.parse(p) as { commandId: string; clientSeq: number });
  expect(second!.commandId).toBe(first!.commandId);
  expect(second!.clientSeq).toBe(first!.clientSeq);

  // And once more from outside the browser: same stored outcome, still one decision.
  const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('yaodun.session') ?? '{}') as { token: string }).token);
  const replay = await platform.api('/api/commands', token, JSON.parse(pushes[0]!));
  expect(replay.body).toMatchObject({ commandId: first!.commandId, outcome: 'accepted', status: 'approved' });
  expect(await appliedCount(platform, no, 'approve')).toBe(1);
  await expect(page.getByTestId('conflicts-open')).toHaveAttribute('data-count', '0');
});
