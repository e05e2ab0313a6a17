/**
 * Auto-update decisions (electron-updater does the downloading): check at start and every
 * 6 hours; a downloaded update is never installed while a pharmacist is reviewing — it is
 * installed when the app quits (autoInstallOnAppQuit), or on an explicit restart when no
 * review is open.
 */
export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export type UpdatePhase = 'idle' | 'checking' | 'available' | 'downloaded' | 'error';

export interface UpdateContext {
  readonly phase: UpdatePhase;
  readonly lastCheckAt: number | null;
  /** A task is open in the renderer (or a decision is being sent). */
  readonly reviewing: boolean;
  readonly now: number;
}

export function shouldCheck(c: UpdateContext): boolean {
  if (c.phase === 'checking' || c.phase === 'downloaded') return false;
  return c.lastCheckAt === null || c.now - c.lastCheckAt >= CHECK_INTERVAL_MS;
}

export type InstallDecision = { readonly install: 'now' } | { readonly install: 'on-quit'; readonly reason: 'reviewing' | 'not-requested' } | { readonly install: 'none' };

/** `userRequested`: the user clicked "restart to update". */
export function installDecision(c: UpdateContext, userRequested: boolean): InstallDecision {
  if (c.phase !== 'downloaded') return { install: 'none' };
  if (c.reviewing) return { install: 'on-quit', reason: 'reviewing' };
  return userRequested ? { install: 'now' } : { install: 'on-quit', reason: 'not-requested' };
}
