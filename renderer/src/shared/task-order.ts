import { LEVEL_RANK, type Level } from '../../../app/domain/levels';
import type { TaskSummary } from '../../../app/sync/api';

function rank(level: Level | null): number {
  return level === null ? -1 : LEVEL_RANK[level];
}

function time(iso: string | null, missing: number): number {
  if (iso === null) return missing;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : missing;
}

/** Queue order: most severe first, then the one the circuit breaker will auto-pass soonest. */
export function compareOpenTasks(a: TaskSummary, b: TaskSummary): number {
  return (
    rank(b.maxLevel) - rank(a.maxLevel) ||
    time(a.deadline, Infinity) - time(b.deadline, Infinity) ||
    time(a.createdAt, Infinity) - time(b.createdAt, Infinity) ||
    a.id.localeCompare(b.id)
  );
}

/** Done list: latest decision first. */
export function compareDoneTasks(a: TaskSummary, b: TaskSummary): number {
  return time(b.decidedAt ?? b.createdAt, -Infinity) - time(a.decidedAt ?? a.createdAt, -Infinity) || a.id.localeCompare(b.id);
}

export interface TaskFilter {
  readonly minLevel: Level | null;
  readonly keyword: string;
  readonly institution?: string | null;
  readonly department?: string | null;
  readonly checkType?: string | null;
  /** A drug name fragment (通用名), matched against the prescription's items. */
  readonly drug?: string | null;
}

export function matchesFilter(task: TaskSummary, filter: TaskFilter): boolean {
  if (filter.minLevel !== null && rank(task.maxLevel) < LEVEL_RANK[filter.minLevel]) return false;
  if (filter.institution != null && task.institutionName !== filter.institution) return false;
  if (filter.department != null && task.departmentName !== filter.department) return false;
  if (filter.checkType != null && !task.checkTypes.includes(filter.checkType as TaskSummary['checkTypes'][number])) return false;
  if (filter.drug != null && filter.drug !== '' && !task.drugs.some((d) => d.includes(filter.drug as string))) return false;
  const keyword = filter.keyword.trim().toLowerCase();
  if (keyword.length === 0) return true;
  return [task.prescriptionNo, task.institutionName, task.departmentName, task.doctorName, task.patientName, task.topSummary]
    .some((field) => field !== null && field.toLowerCase().includes(keyword));
}

export function orderTasks(tasks: readonly TaskSummary[], scope: 'open' | 'done', filter: TaskFilter): TaskSummary[] {
  return tasks.filter((t) => matchesFilter(t, filter)).sort(scope === 'open' ? compareOpenTasks : compareDoneTasks);
}

/** Where to go after the current task: the next one, else the previous, else nothing. */
export function neighbourId(ids: readonly string[], currentId: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const index = currentId === null ? -1 : ids.indexOf(currentId);
  if (index === -1) return step === 1 ? (ids[0] ?? null) : (ids[ids.length - 1] ?? null);
  return ids[index + step] ?? null;
}
