import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useTaskList } from '../api/task-queries';
import { orderTasks } from './task-order';
import { useUiStore } from './ui-store';

/**
 * The tasks the queue shows, in the order it shows them. Both the queue (rows) and the task
 * pane (J/K and "next after a decision") read this one list, so they never disagree.
 */
export function useVisibleTasks() {
  const { scope, minLevel, keyword, filters } = useUiStore(useShallow((s) => ({ scope: s.scope, minLevel: s.minLevel, keyword: s.keyword, filters: s.filters })));
  const open = useTaskList('open');
  const done = useTaskList('done', { enabled: scope === 'done' });
  const active = scope === 'open' ? open : done;
  const tasks = useMemo(() => orderTasks(active.data?.tasks ?? [], scope, { minLevel, keyword, ...filters }), [active.data, scope, minLevel, keyword, filters]);
  return {
    scope,
    tasks,
    counters: open.data?.counters ?? null,
    /** Every task of the active list, unfiltered: the filters offer what is in it. */
    all: active.data?.tasks ?? [],
    openCount: open.data?.tasks.length ?? null,
    isLoading: active.isLoading,
    error: active.error,
    refetch: active.refetch,
  };
}
