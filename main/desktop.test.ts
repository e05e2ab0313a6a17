import { describe, expect, it } from 'vitest';
import { CHECK_INTERVAL_MS, installDecision, shouldCheck } from './update-policy';
import { EMPTY_URGENT, markSeen, onLiveEvent, trayTitle } from './urgent-tasks';
import { parseWindowState, restoreBounds, type Rect } from './window-state';

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const right: Rect = { x: 1920, y: 0, width: 1600, height: 860 };

describe('window state', () => {
  it('keeps saved bounds that are visible', () => {
    expect(restoreBounds({ bounds: { x: 100, y: 50, width: 1400, height: 850 }, maximized: false }, [primary])).toEqual({ bounds: { x: 100, y: 50, width: 1400, height: 850 }, maximized: false });
  });
  it('centers on the primary display when the saved monitor is gone', () => {
    const r = restoreBounds({ bounds: { x: 2200, y: 100, width: 1400, height: 800 }, maximized: true }, [primary]);
    expect(r.bounds).toEqual({ x: 240, y: 70, width: 1440, height: 900 });
    expect(r.maximized).toBe(true);
  });
  it('clamps a window hanging off the edge into the display it overlaps most, and shrinks it to fit', () => {
    const r = restoreBounds({ bounds: { x: 3000, y: 100, width: 2000, height: 1200 }, maximized: false }, [primary, right]);
    expect(r.bounds).toEqual({ x: 1920, y: 0, width: 1600, height: 860 });
  });
  it('a title bar above every display is not visible', () => {
    expect(restoreBounds({ bounds: { x: 100, y: -400, width: 1400, height: 900 }, maximized: false }, [primary]).bounds).toEqual({ x: 240, y: 70, width: 1440, height: 900 });
  });
  it('rejects malformed saved state', () => {
    expect(parseWindowState({ bounds: { x: 'a' } })).toBeNull();
    expect(parseWindowState(null)).toBeNull();
    expect(parseWindowState({ bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: 1 })).toEqual({ bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: false });
  });
});

describe('urgent task notifications', () => {
  it('notifies once per new contraindicated task, counts unread, clears on decision and focus', () => {
    let s = EMPTY_URGENT;
    const a = onLiveEvent(s, { type: 'task-created', seq: 1, taskId: 't1', maxLevel: 'contraindicated' });
    expect(a.notify?.title).toContain('紧急');
    s = a.state;
    expect(onLiveEvent(s, { type: 'task-created', seq: 1, taskId: 't1', maxLevel: 'contraindicated' }).notify).toBeNull(); // replay after reconnect
    expect(onLiveEvent(s, { type: 'task-created', seq: 2, taskId: 't2', maxLevel: 'caution' }).notify).toBeNull();
    s = onLiveEvent(s, { type: 'task-created', seq: 3, taskId: 't3', maxLevel: 'contraindicated' }).state;
    expect(trayTitle(s)).toBe('药盾 · 2 张紧急处方待审');
    s = onLiveEvent(s, { type: 'task-updated', seq: 4, taskId: 't1', status: 'pending' }).state; // a lease, still pending
    expect(s.unread.size).toBe(2);
    s = onLiveEvent(s, { type: 'task-updated', seq: 5, taskId: 't1', status: 'rejected' }).state;
    expect(s.unread.size).toBe(1);
    s = markSeen(s);
    expect(trayTitle(s)).toBe('药盾 · 县域审方中心');
    expect(onLiveEvent(s, { type: 'task-created', seq: 3, taskId: 't3', maxLevel: 'contraindicated' }).notify).toBeNull();
  });
});

describe('update policy', () => {
  const base = { phase: 'idle' as const, lastCheckAt: null, reviewing: false, now: 1_000_000_000 };
  it('checks at start and then every 6 hours, not while checking or with an update waiting', () => {
    expect(shouldCheck(base)).toBe(true);
    expect(shouldCheck({ ...base, lastCheckAt: base.now - CHECK_INTERVAL_MS + 1 })).toBe(false);
    expect(shouldCheck({ ...base, lastCheckAt: base.now - CHECK_INTERVAL_MS })).toBe(true);
    expect(shouldCheck({ ...base, phase: 'checking' })).toBe(false);
    expect(shouldCheck({ ...base, phase: 'downloaded' })).toBe(false);
  });
  it('never installs during a review; installs on quit otherwise unless the user asks', () => {
    expect(installDecision({ ...base, phase: 'downloaded', reviewing: true }, true)).toEqual({ install: 'on-quit', reason: 'reviewing' });
    expect(installDecision({ ...base, phase: 'downloaded' }, false)).toEqual({ install: 'on-quit', reason: 'not-requested' });
    expect(installDecision({ ...base, phase: 'downloaded' }, true)).toEqual({ install: 'now' });
    expect(installDecision({ ...base, phase: 'available' }, true)).toEqual({ install: 'none' });
  });
});
