/**
 * The active rule pack in the workstation: fetched from the platform, assembled and indexed
 * by the same app/knowledge code the platform's engine uses, so local knowledge lookup and
 * re-checks give the platform's answers for the same revision.
 */
import { useQuery } from '@tanstack/react-query';
import type { IndexedKb } from '../../../../app/knowledge/indexed';
import { loadReceivedPack, type LoadedPack } from '../../../../app/knowledge/load-pack';
import type { ActivePack } from '../../../../app/contracts/rule-pack';
import { describeFailure, type ApiResult } from '../../api/client';
import { useApiClient } from '../../api/session';

export type ActivePackState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly id: string; readonly revision: number; readonly kb: IndexedKb };

export const activePackQueryKey = ['rule-pack', 'active'] as const;

export async function fetchActivePack(fetchPack: () => Promise<ApiResult<ActivePack>>): Promise<LoadedPack> {
  const res = await fetchPack();
  if (!res.ok) throw new Error(describeFailure(res.failure));
  const loaded = loadReceivedPack(res.value);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.pack;
}

export function useActivePack(): ActivePackState {
  const client = useApiClient();
  const q = useQuery({
    queryKey: activePackQueryKey,
    queryFn: () => fetchActivePack(client.activePack),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: 2,
  });
  if (q.data) return { status: 'ready', id: q.data.id, revision: q.data.revision, kb: q.data.kb };
  if (q.error) return { status: 'error', message: q.error.message };
  return { status: 'loading' };
}
