/**
 * The workstation's one Dexie instance (architecture.md §Style: one Dexie instance). The
 * server-confirmed snapshots (queue, opened tasks) live in their own tables, apart from the
 * outbox of unsent commands and the conflicts they produced: a refreshed snapshot can never
 * overwrite a decision the server has not seen yet.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { CommandOutcome, DecisionCommand, TaskDetail, TaskList, ReplyKind } from '../../../app/sync/api';

export interface QueueSnapshotRow {
  /** `${userId}:${scope}` */
  readonly key: string;
  readonly userId: string;
  readonly scope: 'open' | 'done';
  /** The change-feed sequence the server answered at: a snapshot only replaces an older one. */
  readonly cursor: number;
  readonly list: TaskList;
}

export interface TaskDetailRow {
  /** `${userId}:${taskId}` */
  readonly key: string;
  readonly userId: string;
  readonly taskId: string;
  readonly detail: TaskDetail;
  readonly savedAt: string;
}

export interface MetaRow {
  readonly key: string;
  readonly value: unknown;
}

export type AttemptFailure = { readonly kind: 'network' | 'server' | 'unauthorized'; readonly message: string; readonly at: string };

export interface OutboxRow {
  readonly commandId: string;
  /** Order of the workstation's decisions; the outbox drains strictly in this order. */
  readonly clientSeq: number;
  readonly userId: string;
  readonly command: DecisionCommand & { clientSeq: number };
  readonly prescriptionNo: string;
  readonly patientName: string | null;
  /** When the pharmacist decided (display only: ordering never uses client clocks). */
  readonly decidedAt: string;
  readonly attempts: number;
  readonly lastFailure: AttemptFailure | null;
}

export type ConflictOutcome =
  | Extract<CommandOutcome, { outcome: 'conflict' | 'rejected' }>
  | { readonly commandId: string; readonly outcome: 'refused'; readonly status: number; readonly error: string; readonly detail: string };

export interface ConflictRow {
  readonly commandId: string;
  readonly userId: string;
  readonly clientSeq: number;
  readonly command: DecisionCommand;
  readonly prescriptionNo: string;
  readonly patientName: string | null;
  readonly decidedAt: string;
  /** When the platform answered. */
  readonly resolvedAt: string;
  readonly outcome: ConflictOutcome;
  /** 0 = waiting for a person (an index cannot hold null). */
  readonly acknowledgedAt: number;
}

export interface ReplyTemplateRow {
  readonly id: string;
  readonly userId: string;
  readonly kind: ReplyKind | 'double-sign';
  readonly text: string;
  readonly order: number;
}

export type OfflineDb = Dexie & {
  queue: EntityTable<QueueSnapshotRow, 'key'>;
  tasks: EntityTable<TaskDetailRow, 'key'>;
  meta: EntityTable<MetaRow, 'key'>;
  outbox: EntityTable<OutboxRow, 'commandId'>;
  conflicts: EntityTable<ConflictRow, 'commandId'>;
  templates: EntityTable<ReplyTemplateRow, 'id'>;
};

export function openOfflineDb(name = 'yaodun-workstation'): OfflineDb {
  const db = new Dexie(name) as OfflineDb;
  db.version(1).stores({
    queue: 'key, userId',
    tasks: 'key, userId, taskId',
    meta: 'key',
    outbox: 'commandId, &clientSeq, userId, [userId+clientSeq]',
    conflicts: 'commandId, userId, [userId+acknowledgedAt], clientSeq',
    templates: 'id, [userId+kind]',
  });
  return db;
}
