import dayjs from 'dayjs';

/** mm:ss (or h:mm:ss) until the circuit breaker auto-passes the task. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** Today: HH:mm:ss; otherwise MM-DD HH:mm. */
export function formatTime(iso: string | null, now: number = Date.now()): string {
  if (iso === null) return '—';
  const t = dayjs(iso);
  if (!t.isValid()) return '—';
  return t.isSame(dayjs(now), 'day') ? t.format('HH:mm:ss') : t.format('MM-DD HH:mm');
}

export function formatDateTime(iso: string | null): string {
  if (iso === null) return '—';
  const t = dayjs(iso);
  return t.isValid() ? t.format('YYYY-MM-DD HH:mm:ss') : '—';
}

/** The age arrives as text ("45岁", "3月", "45"); a bare number means years. */
export function formatAge(age: string): string {
  return /^\d+$/.test(age) ? `${age}岁` : age;
}

/** "张三 男 45岁" */
export function formatPatient(name: string | null, sex: string | null, age: string | null): string {
  return [name ?? '未知', sex, age === null ? null : formatAge(age)].filter((p) => p !== null && p !== '').join(' ');
}
