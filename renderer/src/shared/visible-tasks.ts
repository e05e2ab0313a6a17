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
  const { scope, minLevel, keyword } = useUiStore(useShallow((s) => ({ scope: s.scope, minLevel: s.minLevel, keyword: s.keyword })));
  const open = useTaskList('open');
  const done = useTaskList('done', { enabled: scope === 'done' });
  const active = scope === 'open' ? open : done;
  const tasks = useMemo(() => orderTasks(active.data?.tasks ?? [], scope, { minLevel, keyword }), [active.data, scope, minLevel, keyword]);
  return {
    scope,
    tasks,
    counters: open.data?.counters ?? null,
    openCount: open.data?.tasks.length ?? null,
    isLoading: active.isLoading,
    error: active.error,
    refetch: active.refetch,
  };
}
