/**
 * Which live events raise a desktop notification and the tray's unread-urgent count: a new
 * task at 禁用 (contraindicated — the level the default plan blocks) notifies once per task,
 * however often the event is replayed after a reconnect; it stays unread until the window is
 * focused or the task leaves the queue.
 */
import type { LiveEvent } from '../app/sync/api';

export interface UrgentState {
  /** Urgent tasks still pending and not yet seen. */
  readonly unread: ReadonlySet<string>;
  /** Every urgent task already notified (de-duplication across replays). */
  readonly notified: ReadonlySet<string>;
}

export const EMPTY_URGENT: UrgentState = { unread: new Set(), notified: new Set() };

export interface UrgentStep {
  readonly state: UrgentState;
  readonly notify: { readonly title: string; readonly body: string } | null;
}

const NOTIFIED_CAP = 5000;

export function onLiveEvent(state: UrgentState, e: LiveEvent): UrgentStep {
  if (e.type === 'task-created') {
    if (e.maxLevel !== 'contraindicated' || state.notified.has(e.taskId)) return { state, notify: null };
    // Bounded memory: the oldest ids go first (a Set iterates in insertion order).
    const notified = new Set(state.notified);
    notified.add(e.taskId);
    if (notified.size > NOTIFIED_CAP) notified.delete(notified.values().next().value as string);
    const unread = new Set(state.unread).add(e.taskId);
    return { state: { unread, notified }, notify: { title: '药盾：新的紧急审方任务', body: `有 1 张含禁用问题的处方待审（未读紧急 ${unread.size} 张）` } };
  }
  if (e.type === 'task-updated' && e.status !== 'pending' && state.unread.has(e.taskId)) {
    const unread = new Set(state.unread);
    unread.delete(e.taskId);
    return { state: { ...state, unread }, notify: null };
  }
  return { state, notify: null };
}

/** The window was focused: the pharmacist has seen the queue. */
export function markSeen(state: UrgentState): UrgentState {
  return state.unread.size === 0 ? state : { ...state, unread: new Set() };
}

export function trayTitle(state: UrgentState): string {
  return state.unread.size === 0 ? '药盾 · 县域审方中心' : `药盾 · ${state.unread.size} 张紧急处方待审`;
}
