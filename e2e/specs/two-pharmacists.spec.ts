import { expect, login, test } from '../fixtures/platform';
import { rowOf, submitFor } from '../fixtures/workstation';

test('@two-pharmacists two pharmacists race on one task → one holds it, the other is told who, then that it was decided', async ({ browser, platform }) => {
  const no = `TP-${Date.now()}`;
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  try {
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    await Promise.all([login(a, platform, 'yaoshi'), login(b, platform, 'yaoshi2')]);
    await submitFor(platform, no, '钱竞争');
    await Promise.all([expect(rowOf(a, '钱竞争')).toBeVisible(), expect(rowOf(b, '钱竞争')).toBeVisible()]);

    // Both open it at the same moment: the platform leases it to exactly one.
    await Promise.all([rowOf(a, '钱竞争').click({ position: { x: 12, y: 8 } }), rowOf(b, '钱竞争').click({ position: { x: 12, y: 8 } })]);
    await Promise.all([expect(a.getByTestId('decision-approve').or(a.getByTestId('lease-warning')).first()).toBeVisible(), expect(b.getByTestId('decision-approve').or(b.getByTestId('lease-warning')).first()).toBeVisible()]);
    await expect.poll(async () => (await a.getByTestId('lease-warning').count()) + (await b.getByTestId('lease-warning').count())).toBe(1);
    const aWon = (await b.getByTestId('lease-warning').count()) === 1;
    const [winner, loser, winnerName] = aWon ? [a, b, '王药师'] : [b, a, '李药师'];
    await expect(loser.getByTestId('lease-warning')).toContainText(`该处方正由 ${winnerName} 审核`);
    await expect(loser.getByTestId('decision-approve')).toBeDisabled();

    await expect(winner.getByTestId('decision-approve')).toBeEnabled();
    await winner.getByTestId('decision-approve').click();
    await expect(winner.getByTestId('decision-outcome')).toHaveAttribute('data-outcome', 'accepted');
    // The other sees it decided, live.
    await expect(loser.getByTestId('task-status')).toHaveText('审核通过', { timeout: 5_000 });
    await expect(loser.getByTestId('decision-approve')).toBeDisabled();
    const result = await platform.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY`);
    expect(result.body).toMatchObject({ status: 'approved', decision: { by: winnerName } });
  } finally {
    await ctxA.close();
    await ctxB.close();
  }
});
