// @vitest-environment jsdom
import '../../test-setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decisionCommandSchema, type CommandOutcome } from '../../../../app/sync/api';
import { SyncBadge } from '../../offline/sync-badge';
import { useSync } from '../../offline/sync-provider';
import { outcome, SIGNED_IN } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { ConflictsButton } from './conflicts-inbox';

let platformUp = false;
const answers = new Map<string, CommandOutcome['outcome'] | 'auto-pass' | 'stale'>();
const server = setupServer(
  http.post('*/api/commands', async ({ request }) => {
    if (!platformUp) return HttpResponse.error();
    const cmd = decisionCommandSchema.parse(await request.json());
    const a = answers.get(cmd.taskId) ?? 'accepted';
    if (a === 'auto-pass') return HttpResponse.json(outcome({ commandId: cmd.commandId, outcome: 'conflict', reason: 'rejected-after-auto-pass', status: 'auto-passed', detail: '处方已超时自动通过，驳回未生效，已转为事后干预（熔断（超时自动通过），2026/12/1 08:00:00）' }));
    if (a === 'conflict') return HttpResponse.json(outcome({ commandId: cmd.commandId, outcome: 'conflict', reason: 'already-decided-different', status: 'approved', detail: '该处方已被审核或状态已变化（李药师，2026/12/1 08:00:00）' }));
    if (a === 'stale') return HttpResponse.json(outcome({ commandId: cmd.commandId, outcome: 'conflict', reason: 'stale-base', status: 'modified', detail: '医生已修改处方，本次审核针对的是旧版本' }));
    return HttpResponse.json(outcome({ commandId: cmd.commandId, outcome: 'accepted', status: 'approved' }));
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  platformUp = false;
  answers.clear();
});
afterAll(() => server.close());

let sync: ReturnType<typeof useSync> | null = null;
function Probe() {
  sync = useSync();
  return null;
}

async function decideOffline(taskId: string, decision: 'approve' | 'reject', reason = '') {
  await sync!.decide({ commandId: crypto.randomUUID(), taskId, baseVersion: 1, decision, reason }, { prescriptionNo: `CF-${taskId}`, patientName: '张三' });
}

describe('sync badge and conflicts inbox', () => {
  it('counts the outbox while offline, drains on reconnect, and keeps each lost decision until acknowledged', async () => {
    renderWithProviders(<><Probe /><SyncBadge /><ConflictsButton /></>, { session: SIGNED_IN });
    const badge = () => screen.getByTestId('sync-badge');
    await waitFor(() => expect(badge().getAttribute('data-state')).toBe('synced'));
    expect(badge().textContent).toContain('已同步');

    await decideOffline('t-ok', 'approve');
    await decideOffline('t-auto', 'reject', '剂量过大，请减量');
    await decideOffline('t-other', 'reject', '重复用药');
    await decideOffline('t-doc', 'approve');
    await waitFor(() => expect(badge().getAttribute('data-state')).toBe('offline'));
    expect(badge().textContent).toContain('离线 · 待同步 4');

    answers.set('t-auto', 'auto-pass').set('t-other', 'conflict').set('t-doc', 'stale');
    platformUp = true;
    await sync!.drain();
    await waitFor(() => expect(badge().getAttribute('data-state')).toBe('synced'));
    await waitFor(() => expect(screen.getByTestId('conflicts-open').getAttribute('data-count')).toBe('3'));

    fireEvent.click(screen.getByTestId('conflicts-open'));
    const items = await screen.findAllByTestId('conflict-item');
    expect(items.map((i) => i.getAttribute('data-cause'))).toEqual(['auto-pass', 'other-pharmacist', 'doctor-changed']);
    const auto = within(items[0]!);
    expect(auto.getByTestId('conflict-mine').textContent).toContain('驳回：剂量过大，请减量');
    expect(auto.getByTestId('conflict-server').textContent).toContain('熔断自动通过');
    expect(items[0]!.textContent).toContain('事后干预');
    expect(within(items[1]!).getByTestId('conflict-server').textContent).toContain('李药师');
    expect(items[2]!.textContent).toContain('请在待审列表中审核新版本');

    fireEvent.click(auto.getByTestId('conflict-ack'));
    await waitFor(() => expect(screen.getAllByTestId('conflict-item')).toHaveLength(2));
    expect(screen.getByTestId('conflicts-open').getAttribute('data-count')).toBe('2');
  });
});
