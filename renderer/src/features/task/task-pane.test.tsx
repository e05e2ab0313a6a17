// @vitest-environment jsdom
import '../../test-setup';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decisionCommandSchema, REJECT_REASONS, taskDetailSchema, taskListSchema, type CommandOutcome, type DecisionCommand, type LeaseResponse } from '../../../../app/sync/api';
import { useUiStore } from '../../shared/ui-store';
import { lease, outcome, SIGNED_IN, taskDetail, taskList, taskSummary } from '../../test/fixtures';
import { createOfflineRepository } from '../../offline/repository';
import { openOfflineDb } from '../../offline/db';
import { renderWithProviders } from '../../test/render';
import { TaskPane } from './task-pane';

const soon = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const TASKS = [
  taskSummary({ id: 't1', maxLevel: 'contraindicated', deadline: soon(100) }),
  taskSummary({ id: 't2', maxLevel: 'contraindicated', deadline: soon(200) }),
  taskSummary({ id: 't3', maxLevel: 'caution', deadline: soon(50) }),
];

let leaseFor: (taskId: string) => LeaseResponse;
let answer: (command: DecisionCommand) => CommandOutcome;
let commands: DecisionCommand[];
let released: string[];

const server = setupServer(
  http.get('*/api/tasks', () => HttpResponse.json(taskListSchema.parse(taskList(TASKS)))),
  http.get('*/api/tasks/:id', ({ params }) => {
    const task = TASKS.find((t) => t.id === params.id);
    if (task === undefined) return HttpResponse.json({ error: 'not-found', message: '任务不存在' }, { status: 404 });
    return HttpResponse.json(taskDetailSchema.parse(taskDetail(task)));
  }),
  http.post('*/api/tasks/:id/lease', ({ params }) => HttpResponse.json(lease(leaseFor(String(params.id))))),
  http.delete('*/api/tasks/:id/lease', ({ params }) => {
    released.push(String(params.id));
    return new HttpResponse(null, { status: 204 });
  }),
  http.get('*/api/quick-replies', () => HttpResponse.json({ replies: REJECT_REASONS.map((r, i) => ({ id: `qr-${i}`, code: r.code, text: r.text, position: i })) })),
  http.post('*/api/commands', async ({ request }) => {
    const command = decisionCommandSchema.parse(await request.json());
    commands.push(command);
    return HttpResponse.json(outcome(answer(command)));
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup() {
  commands = [];
  released = [];
  leaseFor = () => ({ ok: true, leasedBy: '王药师', leaseUntil: soon(120) });
  answer = (c) => ({ commandId: c.commandId, outcome: 'accepted', status: c.decision === 'approve' ? 'approved' : 'rejected' });
  const result = renderWithProviders(<TaskPane />, { session: SIGNED_IN });
  act(() => useUiStore.getState().selectTask('t1'));
  return result;
}

const button = (testId: string) => screen.getByTestId(testId) as HTMLButtonElement;
const selected = () => useUiStore.getState().selectedTaskId;

describe('task pane', () => {
  it('does not let a decision waiting in the outbox be made a second time', async () => {
    const offline = createOfflineRepository(openOfflineDb(`task-pane-queued-${Date.now()}`));
    await offline.enqueue({ userId: SIGNED_IN.userId, command: { commandId: '00000000-0000-4000-8000-000000000001', taskId: 't1', baseVersion: 1, decision: 'approve' }, prescriptionNo: 'MZ-1', patientName: null });
    commands = [];
    leaseFor = () => ({ ok: true, leasedBy: '王药师', leaseUntil: soon(120) });
    // The platform never answers the queued command here: it stays in the outbox.
    answer = () => { throw new Error('offline'); };
    renderWithProviders(<TaskPane />, { session: SIGNED_IN, offline });
    act(() => useUiStore.getState().selectTask('t1'));
    await screen.findByTestId('task-detail');
    await waitFor(() => expect(screen.getByText('本机的审核决定待同步，恢复连接后自动提交')).toBeTruthy());
    expect(button('decision-approve').disabled).toBe(true);
  });

  it('shows the prescription, findings by level, and approves with A', async () => {
    setup();
    const detail = await screen.findByTestId('task-detail');
    expect(detail.getAttribute('data-task-id')).toBe('t1');
    expect((await screen.findByTestId('task-status')).textContent).toBe('待审');
    const findings = screen.getAllByTestId('finding');
    expect(findings.map((f) => f.getAttribute('data-level'))).toEqual(['contraindicated', 'info']);
    expect(findings[0]!.getAttribute('data-check-type')).toBe('interaction');
    expect(findings[0]!.textContent).toContain('药物相互作用');
    expect(findings[0]!.textContent).toContain('【禁忌】'); // the top finding opens with its sources
    expect(screen.getByText('辛伐他汀与克拉霉素禁止合用')).toBeTruthy();
    expect(screen.getByText('克拉霉素片')).toBeTruthy();
    expect(screen.getByText('青霉素')).toBeTruthy();

    await waitFor(() => expect(button('decision-approve').disabled).toBe(false));
    fireEvent.keyDown(window, { key: 'a' });
    const shown = await screen.findByTestId('decision-outcome');
    expect(shown.getAttribute('data-outcome')).toBe('accepted');
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({ taskId: 't1', baseVersion: 1, decision: 'approve', packRevision: 7 });
    await waitFor(() => expect(selected()).toBe('t2')); // next in queue order
    await waitFor(() => expect(released).toContain('t1'));
  });

  it('rejects with a quick reply and makes a conflict visible', async () => {
    setup();
    answer = (c) => ({ commandId: c.commandId, outcome: 'conflict', reason: 'already-decided-different', status: 'approved', detail: '孙药师已通过' });
    await waitFor(() => expect(button('decision-reject').disabled).toBe(false));
    fireEvent.keyDown(window, { key: 'r' });
    const reason = (await screen.findByTestId('decision-reason')) as HTMLTextAreaElement;

    fireEvent.click(screen.getByTestId('decision-confirm'));
    expect(await screen.findByText(/请填写驳回理由/)).toBeTruthy();
    expect(commands).toHaveLength(0);

    const quick = REJECT_REASONS.find((r) => r.code === 'interaction')!;
    fireEvent.click(screen.getByText(quick.text));
    expect(reason.value).toBe(quick.text);
    fireEvent.click(screen.getByTestId('decision-confirm'));

    const shown = await screen.findByTestId('decision-outcome');
    expect(shown.getAttribute('data-outcome')).toBe('conflict');
    expect(shown.textContent).toContain('已被其他药师审核');
    expect(commands[0]).toMatchObject({ decision: 'reject', reasonCode: 'interaction', reason: quick.text });
  });

  it('says so when a rejection lost to the circuit breaker', async () => {
    setup();
    answer = (c) => ({ commandId: c.commandId, outcome: 'conflict', reason: 'rejected-after-auto-pass', status: 'auto-passed', detail: '' });
    await waitFor(() => expect(button('decision-reject-double-sign').disabled).toBe(false));
    fireEvent.click(button('decision-reject-double-sign'));
    fireEvent.change(await screen.findByTestId('decision-reason'), { target: { value: '剂量偏大' } });
    fireEvent.click(screen.getByTestId('decision-confirm'));
    const shown = await screen.findByTestId('decision-outcome');
    expect(shown.getAttribute('data-outcome')).toBe('conflict');
    expect(shown.textContent).toContain('处方已超时自动通过');
    expect(commands[0]).toMatchObject({ decision: 'reject-allow-double-sign', reason: '剂量偏大' });
  });

  it('disables decisions while another pharmacist holds the lease', async () => {
    setup();
    leaseFor = () => ({ ok: false, leasedBy: '赵药师', leaseUntil: soon(60) });
    act(() => useUiStore.getState().selectTask('t2'));
    expect((await screen.findByTestId('lease-warning')).textContent).toContain('该处方正由 赵药师 审核');
    expect(button('decision-approve').disabled).toBe(true);
    expect(button('decision-reject').disabled).toBe(true);
    fireEvent.keyDown(window, { key: 'a' });
    expect(commands).toHaveLength(0);
  });

  it('moves with J / K and ignores shortcuts typed into a field', async () => {
    setup();
    await screen.findByTestId('task-status');
    fireEvent.keyDown(window, { key: 'j' });
    expect(selected()).toBe('t2');
    fireEvent.keyDown(window, { key: 'ArrowDown' });
    expect(selected()).toBe('t3');
    fireEvent.keyDown(window, { key: 'k' });
    expect(selected()).toBe('t2');

    const input = document.createElement('input');
    document.body.append(input);
    fireEvent.keyDown(input, { key: 'j' });
    expect(selected()).toBe('t2');
    input.remove();
    await waitFor(() => expect(released).toContain('t1'));
  });
});
