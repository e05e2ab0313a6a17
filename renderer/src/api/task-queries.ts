import { useQuery } from '@tanstack/react-query';
import { useSync } from '../offline/sync-provider';
import { apiRequestError, type ApiResult, type TaskScope } from './client';
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

export function useTaskList(scope: TaskScope, options: { enabled?: boolean } = {}) {
  const client = useApiClient();
  const live = useLiveState();
  const { repo, userId } = useSync();
  return useQuery({
    queryKey: queryKeys.taskList(scope),
    queryFn: () => serverThenSnapshot(() => client.tasks(scope), (list) => (userId === null ? Promise.resolve() : repo.saveQueue(userId, scope, list)), () => (userId === null ? Promise.resolve(null) : repo.loadQueue(userId, scope))),
    enabled: options.enabled ?? true,
    refetchInterval: live === 'connected' ? POLL_WHEN_LIVE_MS : POLL_WHEN_OFFLINE_MS,
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
