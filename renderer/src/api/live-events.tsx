import { fetchEventSource } from '@microsoft/fetch-event-source';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { LEVEL_ZH } from '../../../app/domain/levels';
import { liveEventSchema, type LiveEvent } from '../../../app/sync/api';
import { queryKeys } from './query-keys';
import { useSession } from './session';

export type LiveState = 'connected' | 'reconnecting';

const LiveStateContext = createContext<LiveState>('reconnecting');

/** Thrown from the SSE callbacks to stop retrying: the session is gone. */
const UNAUTHORIZED = { kind: 'unauthorized' } as const;

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 15 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** Math.max(0, attempt - 1), 15_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

const FLUSH_MS = 150;

/**
 * Subscribes to GET /api/events for the signed-in user and turns each event into react-query
 * invalidations. The badge state is what the user sees; the queue also polls while not
 * connected so a new task still shows within seconds (product.md W1: the circuit breaker
 * runs on a timer, so a missed task costs a review).
 */
export function LiveEventsProvider(props: { children: ReactNode }) {
  const { client, session, host } = useSession();
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('reconnecting');
  const token = session?.token ?? null;

  useEffect(() => {
    if (token === null) return;
    const controller = new AbortController();
    const pendingTaskIds = new Set<string>();
    let flushTimer: number | undefined;
    let attempt = 0;

    // Events arrive in bursts (a HIS batch); one refetch per burst, never cancelling a
    // list fetch that is still running, or a busy queue would never finish loading.
    const flush = () => {
      flushTimer = undefined;
      if (queryClient.isFetching({ queryKey: queryKeys.tasks }) > 0) {
        flushTimer = window.setTimeout(flush, FLUSH_MS);
        return;
      }
      void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
      for (const id of pendingTaskIds) void queryClient.invalidateQueries({ queryKey: queryKeys.task(id) });
      pendingTaskIds.clear();
    };
    const schedule = (taskId: string | null) => {
      if (taskId !== null) pendingTaskIds.add(taskId);
      flushTimer ??= window.setTimeout(flush, FLUSH_MS);
    };

    const onEvent = (event: LiveEvent) => {
      if (event.type === 'pack-activated' || event.type === 'custom-rules-changed') {
        // A new revision is active (or the custom-rule overlay changed): the pack hook checks
        // the revision, verifies a new pack, re-reads the overlay and switches.
        void queryClient.invalidateQueries({ queryKey: queryKeys.activePack });
        return;
      }
      schedule(event.taskId);
      if (event.type === 'task-created' && (event.maxLevel === 'contraindicated' || event.maxLevel === 'not-recommended') && document.hidden) {
        void host.notify('药盾：新的待审处方', `${LEVEL_ZH[event.maxLevel]}级问题，请及时审核`);
      }
    };

    void fetchEventSource(`${client.baseUrl}/api/events`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: controller.signal,
      // A pharmacist keeps the workstation in the background; events must keep flowing.
      openWhenHidden: true,
      async onopen(response) {
        const type = response.headers.get('content-type') ?? '';
        if (response.ok && type.includes('text/event-stream')) {
          attempt = 0;
          setState('connected');
          schedule(null); // events may have been missed while disconnected
          void queryClient.invalidateQueries({ queryKey: queryKeys.activePack });
          return;
        }
        if (response.status === 401) throw UNAUTHORIZED;
        throw new Error(`events: HTTP ${response.status}`);
      },
      onmessage(message) {
        if (message.data.length === 0) return;
        let json: unknown;
        try {
          json = JSON.parse(message.data);
        } catch {
          return;
        }
        const parsed = liveEventSchema.safeParse(json);
        if (parsed.success) onEvent(parsed.data);
        else schedule(null); // an event this build does not know: refetch rather than ignore it
      },
      onclose() {
        throw new Error('events: closed by server');
      },
      onerror(error) {
        if (error === UNAUTHORIZED) throw error;
        setState('reconnecting');
        attempt += 1;
        return backoffMs(attempt);
      },
      fetch: (input, init) => fetch(input, init),
    }).catch((error: unknown) => {
      if (error === UNAUTHORIZED && !controller.signal.aborted) void client.me(); // a 401 there signs out through the client
    });

    return () => {
      controller.abort();
      if (flushTimer !== undefined) window.clearTimeout(flushTimer);
      setState('reconnecting');
    };
  }, [token, client, queryClient, host]);

  return <LiveStateContext.Provider value={state}>{props.children}</LiveStateContext.Provider>;
}

export function useLiveState(): LiveState {
  return useContext(LiveStateContext);
}
