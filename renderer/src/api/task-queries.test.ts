import { describe, expect, it } from 'vitest';
import type { TaskChanges, TaskList, TaskSummary } from '../../../app/sync/api';
import type { ApiResult } from './client';
import { fetchTaskList } from './task-queries';

const counters = { pending: 1, reviewed: 0, rejected: 0, doubleSigned: 0 };
const task = (id: string): TaskSummary => ({
  id, prescriptionId: `p-${id}`, prescriptionNo: `NO-${id}`, version: 1, status: 'pending', institutionName: '青石镇卫生院', departmentName: null, doctorName: null,
  patientName: null, patientSex: null, patientAge: null, maxLevel: 'caution', findingCount: 1, topSummary: null, createdAt: '2026-12-01T00:00:00.000Z',
  deadline: null, leasedBy: null, leaseUntil: null, decidedAt: null, checkTypes: [], drugs: [],
});

function client(changes: ApiResult<TaskChanges>) {
  const calls: string[] = [];
  return {
    calls,
    tasks: async (_s: unknown, limit?: number): Promise<ApiResult<TaskList>> => { calls.push(limit === undefined ? 'full' : `first ${limit}`); return { ok: true, value: { tasks: [task('x')], counters, cursor: 50, complete: limit === undefined } }; },
    taskChanges: async (_s: unknown, since: number): Promise<ApiResult<TaskChanges>> => { calls.push(`since ${since}`); return changes; },
  };
}

describe('fetchTaskList', () => {
  const held: TaskList = { tasks: [task('a'), task('b')], counters, cursor: 10, complete: true };

  it('merges the delta into the held list', async () => {
    const c = client({ ok: true, value: { reset: false, cursor: 12, tasks: [task('c')], removed: ['a'], counters } });
    const r = await fetchTaskList(c, 'open', held, false);
    expect(c.calls).toEqual(['since 10']);
    expect(r.ok && r.value.tasks.map((t) => t.id).sort()).toEqual(['b', 'c']);
  });

  it('fetches the first page when nothing is held, then the full list; the full list when due, incomplete, or asked to reset', async () => {
    const reset = client({ ok: true, value: { reset: true, cursor: 99, tasks: [], removed: [], counters } });
    expect((await fetchTaskList(reset, 'open', held, false)).ok).toBe(true);
    expect(reset.calls).toEqual(['since 10', 'full']);
    const none = client({ ok: true, value: { reset: false, cursor: 1, tasks: [], removed: [], counters } });
    const first = await fetchTaskList(none, 'open', undefined, false);
    expect(first.ok && first.value.complete).toBe(false);
    await fetchTaskList(none, 'open', held, true);
    await fetchTaskList(none, 'open', { ...held, complete: false }, false);
    expect(none.calls).toEqual(['first 100', 'full', 'full']);
  });

  it('passes a network failure through so the offline snapshot can be served', async () => {
    const c = client({ ok: false, failure: { kind: 'network', message: 'Failed to fetch' } });
    const r = await fetchTaskList(c, 'open', held, false);
    expect(r).toMatchObject({ ok: false, failure: { kind: 'network' } });
  });
});
