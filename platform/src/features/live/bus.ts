/**
 * Live changes. Every state change is appended to the change feed (server-ordered `seq`,
 * the sync cursor) and announced with NOTIFY inside the same transaction, so it is
 * delivered only after commit, and to every platform node listening on the database
 * (architecture.md §Storage: SSE fan-out across nodes via LISTEN/NOTIFY).
 */
import { EventEmitter } from 'node:events';
import type { Db, Queryable } from '../../db/db';

export const CHANNEL = 'yaodun_changes';

export type ChangeKind = 'task-created' | 'task-updated' | 'prescription-updated' | 'intervention-created' | 'prescription-reply' | 'pack-activated' | 'custom-rules-changed';

export interface Change {
  readonly seq: number;
  readonly kind: ChangeKind;
  readonly entityId: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export async function appendChange(q: Queryable, kind: ChangeKind, entityId: string, payload: Record<string, unknown>): Promise<number> {
  // Insert and NOTIFY in one round trip; the notification carries the server-assigned seq.
  const [row] = await q.query<{ seq: number }>(
    `WITH c AS (INSERT INTO change_feed (kind, entity_id, payload) VALUES ($2, $3, $4::jsonb) RETURNING seq)
     SELECT c.seq, pg_notify($1, json_build_object('seq', c.seq, 'kind', $2::text, 'entityId', $3::text, 'payload', $4::jsonb)::text) FROM c`,
    [CHANNEL, kind, entityId, JSON.stringify(payload)]);
  return Number(row!.seq);
}

export interface LiveBus {
  subscribe(fn: (c: Change) => void): () => void;
  /** Resolves with the first change matching `match`, or null after `ms`. */
  waitFor(match: (c: Change) => boolean, ms: number, signal?: AbortSignal): Promise<Change | null>;
  close(): Promise<void>;
}

export async function startLiveBus(db: Db): Promise<LiveBus> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const unlisten = await db.listen(CHANNEL, (payload) => {
    try {
      emitter.emit('change', JSON.parse(payload) as Change);
    } catch {
      /* a foreign NOTIFY on our channel: ignore */
    }
  });
  const subscribe = (fn: (c: Change) => void): (() => void) => {
    emitter.on('change', fn);
    return () => emitter.off('change', fn);
  };
  return {
    subscribe,
    waitFor(match, ms, signal) {
      return new Promise((resolve) => {
        let done = false;
        const finish = (c: Change | null): void => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          off();
          signal?.removeEventListener('abort', onAbort);
          resolve(c);
        };
        const off = subscribe((c) => { if (match(c)) finish(c); });
        const timer = setTimeout(() => finish(null), ms);
        const onAbort = (): void => finish(null);
        signal?.addEventListener('abort', onAbort);
      });
    },
    async close() {
      emitter.removeAllListeners();
      await unlisten();
    },
  };
}
