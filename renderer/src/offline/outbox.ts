/**
 * Draining the outbox (architecture.md §Sync). Commands go to the platform strictly in
 * clientSeq order, one at a time, each with the commandId it was created with, so a retry
 * after a lost answer gets the stored outcome instead of a second decision.
 *
 * What stops a drain and what does not:
 *  - no answer (network error): the platform is unreachable → stop, keep everything, "离线";
 *  - 5xx / unreadable answer: the platform is in trouble → stop, keep, retry later;
 *  - 401: the session is gone → stop; the commands wait for the next sign-in;
 *  - any other 4xx: the platform answered and refused this command — that is an outcome,
 *    not "offline": it becomes a conflict record and the drain goes on;
 *  - accepted: done; conflict / rejected: a durable conflict until a person acknowledges it.
 */
import type { CommandOutcome, DecisionCommand } from '../../../app/sync/api';
import type { ApiFailure, ApiResult } from '../api/client';
import type { ConflictRow, OutboxRow } from './db';
import type { OfflineRepository } from './repository';

export type SendCommand = (command: DecisionCommand) => Promise<ApiResult<CommandOutcome>>;

export type DrainStop = 'empty' | 'offline' | 'server-error' | 'unauthorized';

export interface DrainReport {
  readonly stop: DrainStop;
  readonly applied: readonly string[];
  readonly conflicts: readonly ConflictRow[];
  /** Outcomes of commands answered in this drain, by commandId. */
  readonly outcomes: ReadonlyMap<string, CommandOutcome>;
  readonly failure: ApiFailure | null;
}

function stopFor(failure: ApiFailure): DrainStop | null {
  if (failure.kind === 'network') return 'offline';
  if (failure.kind === 'invalid-response') return 'server-error';
  if (failure.status === 401) return 'unauthorized';
  if (failure.status >= 500 || failure.status === 408 || failure.status === 429) return 'server-error';
  return null;
}

export interface DrainOptions {
  /**
   * A command the pharmacist just made while online: a non-accepted answer to it on its
   * first attempt is shown to them on the spot, so it need not wait in the conflicts inbox.
   */
  readonly interactiveCommandId?: string;
}

export async function drainOutbox(repo: OfflineRepository, userId: string, send: SendCommand, options: DrainOptions = {}): Promise<DrainReport> {
  const applied: string[] = [];
  const conflicts: ConflictRow[] = [];
  const outcomes = new Map<string, CommandOutcome>();
  const rows: OutboxRow[] = await repo.pending(userId);
  for (const row of rows) {
    const result = await send(row.command);
    if (!result.ok) {
      const stop = stopFor(result.failure);
      if (stop !== null) {
        await repo.recordFailure(row.commandId, { kind: stop === 'offline' ? 'network' : stop === 'unauthorized' ? 'unauthorized' : 'server', message: result.failure.message, at: new Date().toISOString() });
        return { stop, applied, conflicts, outcomes, failure: result.failure };
      }
      const status = result.failure.kind === 'http' ? result.failure.status : 0;
      const error = result.failure.kind === 'http' ? result.failure.error : result.failure.kind;
      conflicts.push(await repo.toConflict(row, { commandId: row.commandId, outcome: 'refused', status, error, detail: result.failure.message }));
      continue;
    }
    const outcome = result.value;
    outcomes.set(row.commandId, outcome);
    if (outcome.outcome === 'accepted') {
      await repo.complete(row.commandId);
      applied.push(row.commandId);
    } else if (row.commandId === options.interactiveCommandId && row.attempts === 0) {
      await repo.complete(row.commandId);
    } else {
      conflicts.push(await repo.toConflict(row, outcome));
    }
  }
  return { stop: 'empty', applied, conflicts, outcomes, failure: null };
}
