import { useEffect, useState } from 'react';
import { describeFailure, type ApiClient } from '../../api/client';
import { useApiClient } from '../../api/session';

export type LeaseView =
  | { readonly kind: 'none' }
  | { readonly kind: 'acquiring' }
  | { readonly kind: 'held'; readonly until: string }
  | { readonly kind: 'other'; readonly leasedBy: string; readonly until: string }
  /** Could not reach the platform: decisions stay possible, the server still checks the lease. */
  | { readonly kind: 'error'; readonly message: string };

const MIN_RENEW_MS = 5_000;
const MAX_RENEW_MS = 60_000;
const RETRY_OTHER_MS = 10_000;

/**
 * Releases are deferred by a tick so that an immediate re-open of the same task (React's
 * StrictMode remount, or J then K) keeps the lease instead of racing DELETE against POST.
 */
const pendingReleases = new Map<string, ReturnType<typeof setTimeout>>();
/** How many mounted views want each task's lease. */
const wantedBy = new Map<string, number>();

function scheduleRelease(client: ApiClient, taskId: string) {
  const previous = pendingReleases.get(taskId);
  if (previous !== undefined) clearTimeout(previous);
  pendingReleases.set(
    taskId,
    setTimeout(() => {
      pendingReleases.delete(taskId);
      if ((wantedBy.get(taskId) ?? 0) === 0) void client.releaseLease(taskId);
    }, 0),
  );
}

function renewDelay(until: string): number {
  const remaining = Date.parse(until) - Date.now();
  if (!Number.isFinite(remaining)) return MIN_RENEW_MS;
  return Math.min(MAX_RENEW_MS, Math.max(MIN_RENEW_MS, remaining / 2));
}

/**
 * Leases the open task so two pharmacists never silently work the same prescription
 * (architecture.md §Sync), renews it while open, and releases it on switch, close or unload.
 */
export function useLease(taskId: string | null, wanted: boolean): LeaseView {
  const client = useApiClient();
  const [view, setView] = useState<LeaseView>({ kind: 'none' });

  useEffect(() => {
    if (taskId === null || !wanted) {
      setView({ kind: 'none' });
      return;
    }
    const pending = pendingReleases.get(taskId);
    if (pending !== undefined) {
      clearTimeout(pending);
      pendingReleases.delete(taskId);
    }
    wantedBy.set(taskId, (wantedBy.get(taskId) ?? 0) + 1);
    let active = true;
    let held = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setView({ kind: 'acquiring' });

    const acquire = async () => {
      const result = await client.lease(taskId);
      if (!active) {
        if (result.ok && result.value.ok) scheduleRelease(client, taskId);
        return;
      }
      if (!result.ok) {
        setView({ kind: 'error', message: describeFailure(result.failure) });
        timer = setTimeout(() => void acquire(), RETRY_OTHER_MS);
        return;
      }
      const lease = result.value;
      held = lease.ok;
      setView(lease.ok ? { kind: 'held', until: lease.leaseUntil } : { kind: 'other', leasedBy: lease.leasedBy, until: lease.leaseUntil });
      timer = setTimeout(() => void acquire(), lease.ok ? renewDelay(lease.leaseUntil) : RETRY_OTHER_MS);
    };
    void acquire();

    const onPageHide = () => {
      if (held) void client.releaseLease(taskId, { keepalive: true });
    };
    window.addEventListener('pagehide', onPageHide);

    return () => {
      active = false;
      wantedBy.set(taskId, (wantedBy.get(taskId) ?? 1) - 1);
      if (timer !== undefined) clearTimeout(timer);
      window.removeEventListener('pagehide', onPageHide);
      if (held) scheduleRelease(client, taskId);
    };
  }, [client, taskId, wanted]);

  return view;
}
