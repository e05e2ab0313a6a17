/**
 * Typed access to the offline store: the only module that touches Dexie, so the Electron
 * host and the browser share it, and tests run it over fake-indexeddb.
 */
import type { DecisionCommand, ReplyKind, TaskDetail, TaskList } from '../../../app/sync/api';
import { openOfflineDb, type AttemptFailure, type ConflictOutcome, type ConflictRow, type OfflineDb, type OutboxRow, type ReplyTemplateRow } from './db';

export interface NewCommand {
  readonly userId: string;
  readonly command: DecisionCommand;
  readonly prescriptionNo: string;
  readonly patientName: string | null;
}

export function createOfflineRepository(db: OfflineDb = openOfflineDb()) {
  return {
    db,

    /** Keeps the snapshot only when it is not older (server cursor) than the one stored. */
    async saveQueue(userId: string, scope: 'open' | 'done', list: TaskList): Promise<boolean> {
      const key = `${userId}:${scope}`;
      // The stored cursor lives in meta: reading it from the queue row would deserialize a
      // 10,000-task list just to compare two numbers.
      return db.transaction('rw', db.queue, db.meta, async () => {
        const current = await db.meta.get(`queue-cursor:${key}`);
        if (typeof current?.value === 'number' && current.value > list.cursor) return false;
        await db.queue.put({ key, userId, scope, cursor: list.cursor, list });
        await db.meta.put({ key: `queue-cursor:${key}`, value: list.cursor });
        return true;
      });
    },
    async loadQueue(userId: string, scope: 'open' | 'done'): Promise<TaskList | null> {
      return (await db.queue.get(`${userId}:${scope}`))?.list ?? null;
    },
    async cursor(userId: string): Promise<number> {
      const rows = await db.meta.where('key').startsWith(`queue-cursor:${userId}:`).toArray();
      return rows.reduce((max, r) => Math.max(max, typeof r.value === 'number' ? r.value : 0), 0);
    },

    async saveTask(userId: string, detail: TaskDetail): Promise<void> {
      await db.tasks.put({ key: `${userId}:${detail.task.id}`, userId, taskId: detail.task.id, detail, savedAt: new Date().toISOString() });
    },
    async loadTask(userId: string, taskId: string): Promise<TaskDetail | null> {
      return (await db.tasks.get(`${userId}:${taskId}`))?.detail ?? null;
    },

    /** Appends a decision to the outbox with the next clientSeq, atomically. */
    async enqueue(c: NewCommand): Promise<OutboxRow> {
      return db.transaction('rw', db.outbox, db.meta, async () => {
        const last = await db.meta.get('clientSeq');
        const clientSeq = (typeof last?.value === 'number' ? last.value : 0) + 1;
        await db.meta.put({ key: 'clientSeq', value: clientSeq });
        const row: OutboxRow = {
          commandId: c.command.commandId, clientSeq, userId: c.userId, command: { ...c.command, clientSeq },
          prescriptionNo: c.prescriptionNo, patientName: c.patientName, decidedAt: new Date().toISOString(), attempts: 0, lastFailure: null,
        };
        await db.outbox.add(row);
        return row;
      });
    },
    pending(userId: string): Promise<OutboxRow[]> {
      return db.outbox.where('[userId+clientSeq]').between([userId, -Infinity], [userId, Infinity]).toArray();
    },
    async recordFailure(commandId: string, failure: AttemptFailure): Promise<void> {
      await db.outbox.where('commandId').equals(commandId).modify((row) => {
        (row as { attempts: number }).attempts += 1;
        (row as { lastFailure: AttemptFailure | null }).lastFailure = failure;
      });
    },
    /** The platform applied it: it leaves the outbox. */
    async complete(commandId: string): Promise<void> {
      await db.outbox.delete(commandId);
    },
    /** The platform answered with anything but "accepted": a durable conflict, in the same transaction. */
    async toConflict(row: OutboxRow, outcome: ConflictOutcome): Promise<ConflictRow> {
      const conflict: ConflictRow = {
        commandId: row.commandId, userId: row.userId, clientSeq: row.clientSeq, command: row.command, prescriptionNo: row.prescriptionNo,
        patientName: row.patientName, decidedAt: row.decidedAt, resolvedAt: new Date().toISOString(), outcome, acknowledgedAt: 0,
      };
      await db.transaction('rw', db.outbox, db.conflicts, async () => {
        await db.conflicts.put(conflict);
        await db.outbox.delete(row.commandId);
      });
      return conflict;
    },
    openConflicts(userId: string): Promise<ConflictRow[]> {
      return db.conflicts.where('[userId+acknowledgedAt]').equals([userId, 0]).sortBy('clientSeq');
    },
    async acknowledge(commandId: string, at: number = Date.now()): Promise<void> {
      await db.conflicts.update(commandId, { acknowledgedAt: at });
    },

    /** Seeds the starting templates the first time (outside any live query: it writes). */
    async ensureTemplates(userId: string, kind: ReplyKind | 'double-sign', defaults: readonly string[]): Promise<void> {
      await db.transaction('rw', db.templates, db.meta, async () => {
        const seededKey = `templates-seeded:${userId}:${kind}`;
        if ((await db.meta.get(seededKey)) !== undefined) return;
        await db.meta.put({ key: seededKey, value: true });
        await db.templates.bulkPut(defaults.map((text, order) => ({ id: crypto.randomUUID(), userId, kind, text, order })));
      });
    },
    templates(userId: string, kind: ReplyKind | 'double-sign'): Promise<ReplyTemplateRow[]> {
      return db.templates.where('[userId+kind]').equals([userId, kind]).sortBy('order');
    },
    async saveTemplate(row: ReplyTemplateRow): Promise<void> {
      await db.templates.put(row);
    },
    async deleteTemplate(id: string): Promise<void> {
      await db.templates.delete(id);
    },
  };
}

export type OfflineRepository = ReturnType<typeof createOfflineRepository>;

let shared: OfflineRepository | null = null;

/** The app's repository (lazily opened: tests and hosts without IndexedDB never touch it). */
export function offlineRepository(): OfflineRepository {
  shared ??= createOfflineRepository();
  return shared;
}
