import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { TaskList } from '../../../app/sync/api';
import { mergeTaskChanges } from '../../../app/sync/merge-task-changes';
import { useSync } from '../offline/sync-provider';
import { apiRequestError, type ApiClient, type ApiResult, type TaskScope } from './client';
import { useLiveState } from './live-events';
import { queryKeys } from './query-keys';
import { useApiClient } from './session';

/**
 * Server first; its answer is kept as the confirmed snapshot. With the platform unreachable
 * (a network failure, never a 4xx) the last snapshot is served so the pharmacist can go on.
 */
async function serverThenSnapshot<T>(fetchIt: () => Promise<ApiResult<T>>, save: (value: T) => Promise<unknown>, load: () => Promise<T | null>): Promise<T> {
  const r = await fetchIt();
  if (r.ok) {
    save(r.value).catch(() => undefined); // best effort: IndexedDB may be unavailable
    return r.value;
  }
  if (r.failure.kind === 'network') {
    const cached = await load().catch(() => null);
    if (cached !== null) return cached;
  }
  throw apiRequestError(r.failure);
}

// While live events are down the queue polls, so a new task still shows within ~2 s.
const POLL_WHEN_OFFLINE_MS = 2_000;
const POLL_WHEN_LIVE_MS = 60_000;

// A full list now and then, in case a change was missed (the delta is the fast path).
const FULL_REFRESH_MS = 10 * 60_000;
const SNAPSHOT_MS = 1_000;
/** Rows in the first answer: more than a screen of the virtual table. */
export const FIRST_PAGE = 100;

/**
 * The list the workstation holds, brought up to date: the changes since its cursor merged in
 * (architecture.md §Sync), or the full list when there is none yet, the server asks for a
 * reset, or the periodic full refresh is due. With 10,000 queued tasks a live event then
 * costs a few rows, not a 6 MB list.
 */
export async function fetchTaskList(client: Pick<ApiClient, 'tasks' | 'taskChanges'>, scope: TaskScope, held: TaskList | undefined, full: boolean): Promise<ApiResult<TaskList>> {
  // Nothing held yet: the first page in queue order paints the first screen at once; the
  // full list follows immediately (useTaskList refetches while the list is incomplete).
  if (held === undefined) return client.tasks(scope, FIRST_PAGE);
  if (full || !held.complete) return client.tasks(scope);
  const delta = await client.taskChanges(scope, held.cursor);
  if (!delta.ok) return delta;
  if (delta.value.reset) return client.tasks(scope);
  return { ok: true, value: mergeTaskChanges(held, delta.value) };
}

export function useTaskList(scope: TaskScope, options: { enabled?: boolean } = {}) {
  const client = useApiClient();
  const live = useLiveState();
  const { repo, userId } = useSync();
  const queryClient = useQueryClient();
  const lastFull = useRef(0);
  const pendingSave = useRef<number | undefined>(undefined);
  return useQuery({
    queryKey: queryKeys.taskList(scope),
    queryFn: () => serverThenSnapshot(async () => {
      const full = Date.now() - lastFull.current > FULL_REFRESH_MS;
      const r = await fetchTaskList(client, scope, queryClient.getQueryData<TaskList>(queryKeys.taskList(scope)), full);
      if (r.ok && full) lastFull.current = Date.now();
      return r;
    }, (list) => {
      // Snapshotting 10,000 tasks costs a structured clone of megabytes: a burst of deltas
      // is written once, SNAPSHOT_MS after the last (the server cursor covers the rest).
      // A first page never replaces a fuller snapshot.
      if (userId === null || !list.complete) return Promise.resolve();
      window.clearTimeout(pendingSave.current);
      pendingSave.current = window.setTimeout(() => void repo.saveQueue(userId, scope, list).catch(() => undefined), SNAPSHOT_MS);
      return Promise.resolve();
    }, () => (userId === null ? Promise.resolve(null) : repo.loadQueue(userId, scope))),
    enabled: options.enabled ?? true,
    refetchInterval: (query) => (query.state.data?.complete === false ? 1 : live === 'connected' ? POLL_WHEN_LIVE_MS : POLL_WHEN_OFFLINE_MS),
    placeholderData: (previous) => previous,
  });
}

export function useTaskDetail(taskId: string | null) {
  const client = useApiClient();
  const { repo, userId } = useSync();
  return useQuery({
    queryKey: queryKeys.task(taskId ?? ''),
    queryFn: () => serverThenSnapshot(() => client.task(taskId ?? ''), (detail) => (userId === null ? Promise.resolve() : repo.saveTask(userId, detail)), () => (userId === null || taskId === null ? Promise.resolve(null) : repo.loadTask(userId, taskId))),
    enabled: taskId !== null,
  });
}
