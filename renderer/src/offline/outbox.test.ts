/**
 * The outbox over fake-indexeddb, talking through the real API client to an MSW platform
 * whose command endpoint keeps outcomes per commandId like the real one (so retries return
 * the stored outcome) and can be switched off (network error) or made to fail.
 */
import 'fake-indexeddb/auto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandOutcomeSchema, decisionCommandSchema, type CommandOutcome, type DecisionCommand } from '../../../app/sync/api';
import { createApiClient } from '../api/client';
import { openOfflineDb } from './db';
import { drainOutbox } from './outbox';
import { createOfflineRepository, type OfflineRepository } from './repository';
import fc from 'fast-check';

const BASE = 'http://platform.test';
type Mode = 'up' | 'down' | 'error-500' | 'forbidden';
let mode: Mode = 'up';
let stored = new Map<string, CommandOutcome>();
let applied: string[] = [];
let received: Array<{ commandId: string; clientSeq: number | undefined }> = [];
/** taskId → the outcome the platform gives the first command for it. */
let verdict = new Map<string, CommandOutcome['outcome'] | 'auto-passed'>();

const server = setupServer(
  http.post(`${BASE}/api/commands`, async ({ request }) => {
    if (mode === 'down') return HttpResponse.error();
    if (mode === 'error-500') return HttpResponse.json({ error: 'internal', message: '平台内部错误' }, { status: 500 });
    if (mode === 'forbidden') return HttpResponse.json({ error: 'forbidden', message: '当前角色无权查看审方任务' }, { status: 403 });
    const cmd = decisionCommandSchema.parse(await request.json());
    received.push({ commandId: cmd.commandId, clientSeq: cmd.clientSeq });
    const prior = stored.get(cmd.commandId);
    if (prior) return HttpResponse.json(prior);
    const v = verdict.get(cmd.taskId) ?? 'accepted';
    const outcome: CommandOutcome = v === 'accepted'
      ? { commandId: cmd.commandId, outcome: 'accepted', status: 'approved' }
      : v === 'auto-passed'
        ? { commandId: cmd.commandId, outcome: 'conflict', reason: 'rejected-after-auto-pass', status: 'auto-passed', detail: '处方已超时自动通过' }
        : v === 'conflict'
          ? { commandId: cmd.commandId, outcome: 'conflict', reason: 'already-decided-different', status: 'rejected', detail: '已被李药师审核' }
          : { commandId: cmd.commandId, outcome: 'rejected', reason: 'unknown-task', detail: '审方任务不存在' };
    if (outcome.outcome === 'accepted') applied.push(cmd.taskId);
    stored.set(cmd.commandId, commandOutcomeSchema.parse(outcome));
    return HttpResponse.json(outcome);
  }),
);

const client = createApiClient({ baseUrl: BASE, getToken: () => 'tok' });
let repo: OfflineRepository;
let dbIndex = 0;

function command(taskId: string, decision: DecisionCommand['decision'] = 'approve'): DecisionCommand {
  return { commandId: crypto.randomUUID(), taskId, baseVersion: 1, decision, reason: decision === 'approve' ? '' : '剂量过大' };
}

async function decideOffline(taskId: string, decision: DecisionCommand['decision'] = 'approve', userId = 'u-1') {
  return repo.enqueue({ userId, command: command(taskId, decision), prescriptionNo: `CF-${taskId}`, patientName: '张三' });
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  repo = createOfflineRepository(openOfflineDb(`outbox-test-${++dbIndex}`));
  mode = 'up';
  stored = new Map();
  applied = [];
  received = [];
  verdict = new Map();
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('outbox', () => {
  it('drains in clientSeq order and sends clientSeq with each command', async () => {
    const rows = [await decideOffline('t1'), await decideOffline('t2'), await decideOffline('t3')];
    expect(rows.map((r) => r.clientSeq)).toEqual([1, 2, 3]);
    const report = await drainOutbox(repo, 'u-1', client.sendCommand);
    expect(report.stop).toBe('empty');
    expect(applied).toEqual(['t1', 't2', 't3']);
    expect(received.map((r) => r.clientSeq)).toEqual([1, 2, 3]);
    expect(await repo.pending('u-1')).toEqual([]);
  });

  it('a network error stops the drain, keeps every command, and is "offline", not a conflict', async () => {
    await decideOffline('t1');
    await decideOffline('t2');
    mode = 'down';
    const report = await drainOutbox(repo, 'u-1', client.sendCommand);
    expect(report.stop).toBe('offline');
    expect(report.failure?.kind).toBe('network');
    const left = await repo.pending('u-1');
    expect(left.map((r) => r.command.taskId)).toEqual(['t1', 't2']);
    expect(left[0]).toMatchObject({ attempts: 1, lastFailure: { kind: 'network' } });
    expect(await repo.openConflicts('u-1')).toEqual([]);
    mode = 'up';
    expect((await drainOutbox(repo, 'u-1', client.sendCommand)).applied).toHaveLength(2);
    expect(applied).toEqual(['t1', 't2']);
  });

  it('a 5xx stops and keeps (the platform is in trouble); a 4xx is an outcome: a conflict record, and the drain goes on', async () => {
    await decideOffline('t1');
    mode = 'error-500';
    expect((await drainOutbox(repo, 'u-1', client.sendCommand)).stop).toBe('server-error');
    expect(await repo.pending('u-1')).toHaveLength(1);
    mode = 'forbidden';
    await decideOffline('t2');
    const report = await drainOutbox(repo, 'u-1', client.sendCommand);
    expect(report.stop).toBe('empty');
    expect(report.conflicts.map((c) => c.outcome)).toEqual([
      expect.objectContaining({ outcome: 'refused', status: 403, error: 'forbidden' }),
      expect.objectContaining({ outcome: 'refused', status: 403 }),
    ]);
    expect(await repo.pending('u-1')).toEqual([]);
  });

  it('is idempotent: a drain whose answer was lost is retried with the same commandId and applied once', async () => {
    const row = await decideOffline('t1');
    // The first push reached the platform but its answer never came back.
    await client.sendCommand(row.command);
    expect(applied).toEqual(['t1']);
    const report = await drainOutbox(repo, 'u-1', client.sendCommand);
    expect(report.outcomes.get(row.commandId)).toMatchObject({ outcome: 'accepted' });
    expect(applied).toEqual(['t1']);
    expect(received.filter((r) => r.commandId === row.commandId)).toHaveLength(2);
  });

  it('turns every non-accepted outcome into a durable conflict until acknowledged', async () => {
    verdict.set('t-auto', 'auto-passed').set('t-other', 'conflict').set('t-gone', 'rejected');
    await decideOffline('t-ok');
    await decideOffline('t-auto', 'reject');
    await decideOffline('t-other', 'reject-allow-double-sign');
    await decideOffline('t-gone');
    const report = await drainOutbox(repo, 'u-1', client.sendCommand);
    expect(report.applied).toHaveLength(1);
    const open = await repo.openConflicts('u-1');
    expect(open.map((c) => [c.command.taskId, c.outcome.outcome, 'reason' in c.outcome ? c.outcome.reason : null])).toEqual([
      ['t-auto', 'conflict', 'rejected-after-auto-pass'],
      ['t-other', 'conflict', 'already-decided-different'],
      ['t-gone', 'rejected', 'unknown-task'],
    ]);
    // Durable: a new repository over the same database still has them.
    const reopened = createOfflineRepository(openOfflineDb(`outbox-test-${dbIndex}`));
    expect(await reopened.openConflicts('u-1')).toHaveLength(3);
    await repo.acknowledge(open[0]!.commandId);
    expect((await repo.openConflicts('u-1')).map((c) => c.command.taskId)).toEqual(['t-other', 't-gone']);
  });

  it('an online decision answered on its first attempt is shown on the spot, not filed as a conflict', async () => {
    verdict.set('t1', 'conflict');
    const row = await decideOffline('t1');
    const report = await drainOutbox(repo, 'u-1', client.sendCommand, { interactiveCommandId: row.commandId });
    expect(report.outcomes.get(row.commandId)).toMatchObject({ outcome: 'conflict' });
    expect(await repo.openConflicts('u-1')).toEqual([]);
    expect(await repo.pending('u-1')).toEqual([]);
  });

  it('drains only the signed-in user’s commands', async () => {
    await decideOffline('mine', 'approve', 'u-1');
    await decideOffline('theirs', 'approve', 'u-2');
    await drainOutbox(repo, 'u-1', client.sendCommand);
    expect(applied).toEqual(['mine']);
    expect((await repo.pending('u-2')).map((r) => r.command.taskId)).toEqual(['theirs']);
  });

  it('property: whatever the outages, every command is applied exactly once and in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 6 }), async (outages, n) => {
        repo = createOfflineRepository(openOfflineDb(`outbox-prop-${++dbIndex}`));
        applied = [];
        stored = new Map();
        const tasks = Array.from({ length: n }, (_, i) => `p${i}`);
        for (const t of tasks) await decideOffline(t);
        for (const down of outages) {
          mode = down ? 'down' : 'up';
          await drainOutbox(repo, 'u-1', client.sendCommand);
        }
        mode = 'up';
        await drainOutbox(repo, 'u-1', client.sendCommand);
        expect(applied).toEqual(tasks);
      }),
      { numRuns: 15 },
    );
  });
});
