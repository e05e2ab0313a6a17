// @vitest-environment jsdom
import '../../test-setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { taskChangesSchema, taskListSchema, type TaskSummary } from '../../../../app/sync/api';
import { useUiStore } from '../../shared/ui-store';
import { SIGNED_IN, taskList, taskSummary } from '../../test/fixtures';
import { eventStream, renderWithProviders } from '../../test/render';
import { QueuePane } from './queue-pane';

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

const OPEN: TaskSummary[] = [
  taskSummary({ id: 'a', maxLevel: 'caution', deadline: inSeconds(240) }),
  taskSummary({ id: 'b', maxLevel: 'contraindicated', deadline: inSeconds(300), patientName: '李四', patientSex: '女', patientAge: '70岁' }),
  taskSummary({ id: 'c', maxLevel: 'contraindicated', deadline: inSeconds(30) }),
  taskSummary({ id: 'd', maxLevel: 'info', deadline: inSeconds(10) }),
  taskSummary({ id: 'e', maxLevel: 'not-recommended', deadline: inSeconds(200) }),
];
const DONE: TaskSummary[] = [
  taskSummary({ id: 'x', status: 'approved', decidedAt: inSeconds(-60), deadline: null }),
  taskSummary({ id: 'y', status: 'rejected-double-sign', decidedAt: inSeconds(-30), deadline: null }),
];

let open = OPEN;
const events = eventStream();
const server = setupServer(
  http.get('*/api/tasks', ({ request }) => {
    if (request.headers.get('authorization') !== `Bearer ${SIGNED_IN.token}`) return HttpResponse.json({ error: 'unauthorized', message: '未登录' }, { status: 401 });
    const scope = new URL(request.url).searchParams.get('scope');
    return HttpResponse.json(taskListSchema.parse(taskList(scope === 'done' ? DONE : open)));
  }),
  // The delta since the client's cursor: here every task the platform holds, as changed.
  http.get('*/api/tasks/changes', ({ request }) => {
    const scope = new URL(request.url).searchParams.get('scope');
    const list = taskList(scope === 'done' ? DONE : open);
    return HttpResponse.json(taskChangesSchema.parse({ reset: false, cursor: list.cursor + 1, tasks: list.tasks, removed: [], counters: list.counters }));
  }),
  events.handler,
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  open = OPEN;
});
afterAll(() => server.close());

const rowIds = () => screen.queryAllByTestId('task-row').map((r) => r.getAttribute('data-task-id'));

describe('queue pane', () => {
  it('shows counters and sorts open tasks by level, then by deadline', async () => {
    renderWithProviders(<QueuePane />, { session: SIGNED_IN });
    await waitFor(() => expect(rowIds()).toEqual(['c', 'b', 'e', 'a', 'd']));
    expect(screen.getByTestId('counter-pending-value').textContent).toBe('3');
    expect(screen.getByTestId('counter-reviewed-value').textContent).toBe('17');
    expect(screen.getByTestId('counter-rejected-value').textContent).toBe('4');
    expect(screen.getByTestId('counter-double-signed-value').textContent).toBe('2');

    const rows = screen.getAllByTestId('task-row');
    expect(rows.map((r) => r.getAttribute('data-level'))).toEqual(['contraindicated', 'contraindicated', 'not-recommended', 'caution', 'info']);
    const first = within(rows[0]!);
    expect(first.getByText('禁用')).toBeTruthy();
    expect(rows[0]!.querySelector('[data-urgent="true"]')).not.toBeNull(); // 30 s left: red
    expect(within(rows[1]!).getByText('李四 女 70岁')).toBeTruthy();
    expect(rows[1]!.querySelector('[data-urgent="true"]')).toBeNull();

    fireEvent.click(rows[2]!);
    expect(useUiStore.getState().selectedTaskId).toBe('e');
    await waitFor(() => expect(screen.getAllByTestId('task-row')[2]!.getAttribute('data-selected')).toBe('true'));
  });

  it('switches to the decided list with the review status', async () => {
    renderWithProviders(<QueuePane />, { session: SIGNED_IN });
    await waitFor(() => expect(rowIds()).toHaveLength(5));
    fireEvent.click(screen.getByTestId('scope-done'));
    await waitFor(() => expect(rowIds()).toEqual(['y', 'x']));
    const rows = screen.getAllByTestId('task-row');
    expect(within(rows[0]!).getByText('驳回（可双签）')).toBeTruthy();
    expect(within(rows[1]!).getByText('审核通过')).toBeTruthy();
    fireEvent.click(screen.getByTestId('scope-open'));
    await waitFor(() => expect(rowIds()).toHaveLength(5));
  });

  it('shows a task created on the platform as soon as the live event arrives', async () => {
    renderWithProviders(<QueuePane />, { session: SIGNED_IN, live: true });
    await waitFor(() => expect(rowIds()).toHaveLength(5));
    await waitFor(() => expect(events.connections).toBe(1));
    open = [...OPEN, taskSummary({ id: 'new', maxLevel: 'contraindicated', deadline: inSeconds(5) })];
    const sentAt = Date.now();
    events.send({ type: 'task-created', seq: 43, taskId: 'new', maxLevel: 'contraindicated' });
    await waitFor(() => expect(rowIds()[0]).toBe('new'), { timeout: 2000 });
    expect(Date.now() - sentAt).toBeLessThan(2000);
  });
});
