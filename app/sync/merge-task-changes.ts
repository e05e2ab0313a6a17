/**
 * Applies the queue's changes since a cursor to the list the workstation holds. Pure, so the
 * renderer's cache and its offline snapshot merge the same way, and idempotent: the server
 * sends an overlap window, so the same change may arrive twice.
 */
import type { TaskChanges, TaskList } from './api';

export function mergeTaskChanges(list: TaskList, changes: TaskChanges): TaskList {
  // An older answer never rolls the list back (two fetches can cross on a slow network).
  if (changes.cursor < list.cursor) return list;
  if (changes.tasks.length === 0 && changes.removed.length === 0) return { ...list, counters: changes.counters, cursor: changes.cursor };
  const gone = new Set(changes.removed);
  const changed = new Map(changes.tasks.map((t) => [t.id, t]));
  const tasks = list.tasks.filter((t) => !gone.has(t.id) && !changed.has(t.id));
  for (const t of changes.tasks) tasks.push(t);
  return { ...list, tasks, counters: changes.counters, cursor: changes.cursor };
}
