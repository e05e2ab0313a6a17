import { useQuery } from '@tanstack/react-query';
import { unwrap, type TaskScope } from './client';
import { useLiveState } from './live-events';
import { queryKeys } from './query-keys';
import { useApiClient } from './session';

// While live events are down the queue polls, so a new task still shows within ~2 s.
const POLL_WHEN_OFFLINE_MS = 2_000;
const POLL_WHEN_LIVE_MS = 60_000;

export function useTaskList(scope: TaskScope, options: { enabled?: boolean } = {}) {
  const client = useApiClient();
  const live = useLiveState();
  return useQuery({
    queryKey: queryKeys.taskList(scope),
    queryFn: () => unwrap(client.tasks(scope)),
    enabled: options.enabled ?? true,
    refetchInterval: live === 'connected' ? POLL_WHEN_LIVE_MS : POLL_WHEN_OFFLINE_MS,
    placeholderData: (previous) => previous,
  });
}

export function useTaskDetail(taskId: string | null) {
  const client = useApiClient();
  return useQuery({
    queryKey: queryKeys.task(taskId ?? ''),
    queryFn: () => unwrap(client.task(taskId ?? '')),
    enabled: taskId !== null,
  });
}
