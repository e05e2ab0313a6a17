import { describe, expect, it } from 'vitest';
import { taskSummary } from '../test/fixtures';
import { neighbourId, orderTasks } from './task-order';

describe('task order', () => {
  const at = (s: number) => new Date(1_700_000_000_000 + s * 1000).toISOString();
  const tasks = [
    taskSummary({ id: 'none', maxLevel: null, deadline: at(1) }),
    taskSummary({ id: 'info', maxLevel: 'info', deadline: at(1) }),
    taskSummary({ id: 'ci-late', maxLevel: 'contraindicated', deadline: at(90) }),
    taskSummary({ id: 'ci-no-deadline', maxLevel: 'contraindicated', deadline: null }),
    taskSummary({ id: 'ci-early', maxLevel: 'contraindicated', deadline: at(30) }),
    taskSummary({ id: 'nr', maxLevel: 'not-recommended', deadline: at(5), patientName: '李四' }),
    taskSummary({ id: 'caution', maxLevel: 'caution', deadline: at(2) }),
  ];

  it('puts the most severe first, then the nearest deadline', () => {
    expect(orderTasks(tasks, 'open', { minLevel: null, keyword: '' }).map((t) => t.id)).toEqual(['ci-early', 'ci-late', 'ci-no-deadline', 'nr', 'caution', 'info', 'none']);
  });

  it('filters by minimum level and keyword', () => {
    expect(orderTasks(tasks, 'open', { minLevel: 'not-recommended', keyword: '' }).map((t) => t.id)).toEqual(['ci-early', 'ci-late', 'ci-no-deadline', 'nr']);
    expect(orderTasks(tasks, 'open', { minLevel: null, keyword: '李四' }).map((t) => t.id)).toEqual(['nr']);
  });

  it('finds the neighbour for next / previous', () => {
    const ids = ['a', 'b', 'c'];
    expect(neighbourId(ids, null, 1)).toBe('a');
    expect(neighbourId(ids, null, -1)).toBe('c');
    expect(neighbourId(ids, 'b', 1)).toBe('c');
    expect(neighbourId(ids, 'c', 1)).toBeNull();
    expect(neighbourId(ids, 'gone', 1)).toBe('a');
  });
});
