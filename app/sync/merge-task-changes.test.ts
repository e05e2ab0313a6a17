import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskSummary } from './api';
import { mergeTaskChanges } from './merge-task-changes';

const counters = { pending: 0, reviewed: 0, rejected: 0, doubleSigned: 0 };
const task = (id: string, status: TaskSummary['status'] = 'pending'): TaskSummary => ({
  id, prescriptionId: `p-${id}`, prescriptionNo: `NO-${id}`, version: 1, status, institutionName: '青石镇卫生院', departmentName: null, doctorName: null,
  patientName: null, patientSex: null, patientAge: null, maxLevel: 'caution', findingCount: 1, topSummary: null, createdAt: '2026-12-01T00:00:00.000Z',
  deadline: null, leasedBy: null, leaseUntil: null, decidedAt: null, checkTypes: [], drugs: [],
});

describe('mergeTaskChanges', () => {
  it('adds new tasks, replaces changed ones and drops those that left the scope', () => {
    const list = { tasks: [task('a'), task('b'), task('c')], counters, cursor: 10, complete: true };
    const merged = mergeTaskChanges(list, { reset: false, cursor: 14, tasks: [{ ...task('b'), leasedBy: '王药师' }, task('d')], removed: ['c'], counters: { ...counters, pending: 3 } });
    expect(merged.tasks.map((t) => t.id).sort()).toEqual(['a', 'b', 'd']);
    expect(merged.tasks.find((t) => t.id === 'b')?.leasedBy).toBe('王药师');
    expect(merged.cursor).toBe(14);
    expect(merged.counters.pending).toBe(3);
  });

  it('never rolls back to an older answer', () => {
    const list = { tasks: [task('a')], counters, cursor: 20, complete: true };
    expect(mergeTaskChanges(list, { reset: false, cursor: 12, tasks: [], removed: ['a'], counters })).toBe(list);
  });

  it('is idempotent: the same changes applied twice give the same list', () => {
    const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 });
    fc.assert(fc.property(ids, ids, ids, (start, changed, removed) => {
      const list = { tasks: start.map((id) => task(id)), counters, cursor: 1, complete: true };
      const ch = { reset: false, cursor: 2, tasks: changed.map((id) => task(id, 'pending')), removed: removed.filter((id) => !changed.includes(id)), counters };
      const once = mergeTaskChanges(list, ch);
      const twice = mergeTaskChanges(once, ch);
      expect(twice.tasks.map((t) => t.id).sort()).toEqual(once.tasks.map((t) => t.id).sort());
      expect(new Set(once.tasks.map((t) => t.id)).size).toBe(once.tasks.length);
    }));
  });
});
