/**
 * Sync on the workstation (architecture.md §Sync): every decision is a command appended to
 * the outbox, then the outbox drains — at once when online, on reconnect otherwise. The sync
 * badge is computed from the outbox (what the server has not confirmed), never from whether
 * a socket looks connected.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { DecisionCommand } from '../../../app/sync/api';
import { queryKeys } from '../api/query-keys';
import { useSession } from '../api/session';
import type { ConflictRow, OutboxRow } from './db';
import { drainOutbox, type DrainReport } from './outbox';
import { offlineRepository, type OfflineRepository } from './repository';
import { useLive } from './use-live';

export type SyncState =
  | { readonly kind: 'synced' }
  | { readonly kind: 'pending'; readonly count: number }
  | { readonly kind: 'offline'; readonly count: number; readonly since: string };

/** The badge, from the outbox alone: nothing waiting = 已同步; waiting and the last try got no answer = 离线. */
export function syncStateOf(rows: readonly OutboxRow[]): SyncState {
  if (rows.length === 0) return { kind: 'synced' };
  const head = rows[0]!;
  if (head.lastFailure?.kind === 'network') return { kind: 'offline', count: rows.length, since: head.lastFailure.at };
  return { kind: 'pending', count: rows.length };
}

interface SyncContextValue {
  readonly repo: OfflineRepository;
  readonly userId: string | null;
  readonly outbox: readonly OutboxRow[];
  readonly conflicts: readonly ConflictRow[];
  readonly state: SyncState;
  /** Appends the decision to the outbox and drains; the report says what became of it. */
  decide(command: DecisionCommand, about: { prescriptionNo: string; patientName: string | null }): Promise<DrainReport>;
  drain(): Promise<DrainReport | null>;
  acknowledge(commandId: string): Promise<void>;
}

const SyncContext = createContext<SyncContextValue | null>(null);

const RETRY_MS = 2_000;

export function SyncProvider(props: { repo?: OfflineRepository; children: ReactNode }) {
  const { client, session } = useSession();
  const queryClient = useQueryClient();
  const repo = useMemo(() => props.repo ?? offlineRepository(), [props.repo]);
  const userId = session?.userId ?? null;
  const outbox = useLive(() => (userId === null ? Promise.resolve([]) : repo.pending(userId)), [repo, userId], [] as OutboxRow[]);
  const conflicts = useLive(() => (userId === null ? Promise.resolve([]) : repo.openConflicts(userId)), [repo, userId], [] as ConflictRow[]);
  // One drain at a time: two overlapping drains could send clientSeq 2 before 1 finished.
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  const runDrain = useCallback(
    (interactiveCommandId?: string): Promise<DrainReport | null> => {
      if (userId === null) return Promise.resolve(null);
      const next = chain.current.then(() => drainOutbox(repo, userId, client.sendCommand, interactiveCommandId === undefined ? {} : { interactiveCommandId }));
      chain.current = next.catch(() => undefined);
      return next.then((report) => {
        if (report.applied.length > 0 || report.conflicts.length > 0 || report.outcomes.size > 0) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
        }
        return report;
      });
    },
    [repo, userId, client, queryClient],
  );

  const decide = useCallback(
    async (command: DecisionCommand, about: { prescriptionNo: string; patientName: string | null }): Promise<DrainReport> => {
      if (userId === null) throw new Error('not signed in');
      await repo.enqueue({ userId, command, prescriptionNo: about.prescriptionNo, patientName: about.patientName });
      const report = await runDrain(command.commandId);
      return report!;
    },
    [repo, userId, runDrain],
  );

  // Retry while anything waits: on a timer, and at once when the browser says it is back.
  const waiting = outbox.length > 0;
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(() => void runDrain(), RETRY_MS);
    const online = () => void runDrain();
    window.addEventListener('online', online);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('online', online);
    };
  }, [waiting, runDrain]);

  // Commands left from an earlier session (app closed while offline) go out after sign-in.
  useEffect(() => {
    void runDrain();
  }, [runDrain]);

  const value = useMemo<SyncContextValue>(
    () => ({
      repo, userId, outbox, conflicts, state: syncStateOf(outbox), decide, drain: () => runDrain(),
      acknowledge: (commandId) => repo.acknowledge(commandId),
    }),
    [repo, userId, outbox, conflicts, decide, runDrain],
  );
  return <SyncContext.Provider value={value}>{props.children}</SyncContext.Provider>;
}

export function useSync(): SyncContextValue {
  const value = useContext(SyncContext);
  if (value === null) throw new Error('useSync outside SyncProvider');
  return value;
}
