/**
 * Window state persistence: the saved bounds are restored only where they are visible. A
 * monitor unplugged since last time must not leave the window off-screen.
 */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  readonly bounds: Rect;
  readonly maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1440, height: 900 } as const;
export const MIN_SIZE = { width: 1280, height: 760 } as const;
/** At least this much of the title bar must be on a display to count as visible. */
const MIN_VISIBLE = 100;

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function centered(area: Rect): Rect {
  const width = Math.min(DEFAULT_SIZE.width, area.width);
  const height = Math.min(DEFAULT_SIZE.height, area.height);
  return { x: Math.round(area.x + (area.width - width) / 2), y: Math.round(area.y + (area.height - height) / 2), width, height };
}

/** Parses what was saved; anything malformed is no state at all. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as { bounds?: Partial<Rect>; maximized?: unknown };
  const b = r.bounds;
  if (!b || ![b.x, b.y, b.width, b.height].every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  return { bounds: { x: b.x!, y: b.y!, width: b.width!, height: b.height! }, maximized: r.maximized === true };
}

/**
 * Bounds to open the window with, given the saved state and the displays' work areas (first =
 * primary): the saved bounds clamped into the display they overlap most, sized to fit it; the
 * primary display's center when nothing saved is visible.
 */
export function restoreBounds(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  if (saved === null) return { bounds: centered(primary), maximized: false };
  const best = workAreas.map((a) => ({ a, o: overlap(saved.bounds, a) })).sort((p, q) => q.o - p.o)[0];
  const titleBar: Rect = { x: saved.bounds.x, y: saved.bounds.y, width: saved.bounds.width, height: 32 };
  const visible = best !== undefined && best.o > 0 && workAreas.some((a) => overlap(titleBar, a) >= MIN_VISIBLE);
  if (!visible || best === undefined) return { bounds: centered(primary), maximized: saved.maximized };
  const area = best.a;
  const width = Math.min(Math.max(saved.bounds.width, Math.min(MIN_SIZE.width, area.width)), area.width);
  const height = Math.min(Math.max(saved.bounds.height, Math.min(MIN_SIZE.height, area.height)), area.height);
  const x = Math.min(Math.max(saved.bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(saved.bounds.y, area.y), area.y + area.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}
