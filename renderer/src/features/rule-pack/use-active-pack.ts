/**
 * The active rule pack in the workstation. The platform announces a new revision (live
 * event 'pack-activated'); the hook asks for the active revision, downloads the signed
 * artifact only when it differs, verifies it fail-closed (trusted key, signature, file
 * hashes, engine API, revision newer than the last good one) with the same app/ code the
 * platform uses, and only then switches. The last good pack is kept in IndexedDB
 * (`yaodun-packs`): a pack that fails verification, or a platform that cannot be reached,
 * leaves the workstation on the last good revision with the reason shown in the header.
 */
import { useQuery } from '@tanstack/react-query';
import type { IndexedKb } from '../../../../app/knowledge/indexed';
import { indexKnowledgeBase, withRules } from '../../../../app/knowledge/indexed';
import type { LoadedPack } from '../../../../app/knowledge/load-pack';
import { trustedKeysSchema, verifyArtifact, webCrypto, type TrustedKey } from '../../../../app/packs/artifact';
import trustedKeysJson from '../../../../app/packs/trusted-keys.json';
import { describeFailure, type ApiClient } from '../../api/client';
import { queryKeys } from '../../api/query-keys';
import { useApiClient } from '../../api/session';
import { readLastGood, saveLastGood } from './pack-store';

export type ActivePackState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly id: string; readonly revision: number; readonly kb: IndexedKb };

export const activePackQueryKey = queryKeys.activePack;

/**
 * Keys compiled into the workstation. A production build sets VITE_YAODUN_PRODUCTION_KEYS_ONLY=1
 * so the DEV ONLY key (rules-packs/dev-keys) is not trusted.
 */
let keysOverride: readonly TrustedKey[] | null = null;

/** Component tests sign with a key of their own (the DEV ONLY private key is Node-only). */
export function setTrustedKeysForTests(keys: readonly TrustedKey[] | null): void {
  keysOverride = keys;
}

export function workstationTrustedKeys(): readonly TrustedKey[] {
  if (keysOverride) return keysOverride;
  const all = trustedKeysSchema.parse(trustedKeysJson).keys;
  const env = (import.meta as unknown as { env?: Record<string, string | undefined> }).env;
  return env?.VITE_YAODUN_PRODUCTION_KEYS_ONLY === '1' ? all.filter((k) => !k.devOnly) : all;
}

export interface PackLoad {
  readonly pack: LoadedPack;
  /** Why a newer revision is not in use (refused, or platform unreachable); null when current. */
  readonly problem: string | null;
}

/** The verified pack in memory, so a refetch with the same revision costs one small request. */
let verified: LoadedPack | null = null;

async function verifyText(text: string, trustedKeys: readonly TrustedKey[], activeRevision: number | null) {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false as const, reason: 'schema-error', message: '规则包文件不是合法的 JSON' };
  }
  const r = await verifyArtifact(raw, webCrypto(), { trustedKeys, activeRevision });
  if (!r.ok) return { ok: false as const, reason: r.reason, message: r.message };
  return { ok: true as const, pack: { id: r.value.manifest.id, revision: r.value.manifest.revision, kb: indexKnowledgeBase(r.value.kb) } };
}

async function lastGood(trustedKeys: readonly TrustedKey[]): Promise<LoadedPack | null> {
  if (verified) return verified;
  const stored = await readLastGood();
  if (!stored) return null;
  const r = await verifyText(stored.artifact, trustedKeys, null);
  if (r.ok) verified = r.pack;
  return verified;
}

/**
 * The platform's custom rules (用药规则管理) on top of the verified pack, so local checks give
 * the platform's findings. They come over the signed-in API (admin-authored and audited on
 * the platform), not in the signed pack; without them the pack alone is used.
 */
export async function withCustomRules(load: PackLoad, client: Pick<ApiClient, 'customRules'>): Promise<PackLoad> {
  const r = await client.customRules();
  if (!r.ok) return load;
  return { ...load, pack: { ...load.pack, kb: withRules(load.pack.kb, r.value.rules) } };
}

export async function loadActivePack(client: Pick<ApiClient, 'rulePackSummary' | 'rulePackArtifact'> & Partial<Pick<ApiClient, 'reportPackFailure'>>, trustedKeys: readonly TrustedKey[] = workstationTrustedKeys()): Promise<PackLoad> {
  const good = await lastGood(trustedKeys);
  const summary = await client.rulePackSummary();
  if (!summary.ok) {
    if (good) return { pack: good, problem: `无法获取平台规则包版本（${describeFailure(summary.failure)}），使用本机上次验证通过的版本` };
    throw new Error(describeFailure(summary.failure));
  }
  if (good && good.id === summary.value.packId && good.revision === summary.value.revision) return { pack: good, problem: null };
  const art = await client.rulePackArtifact();
  if (!art.ok) {
    if (good) return { pack: good, problem: `规则包 r${summary.value.revision} 下载失败（${describeFailure(art.failure)}）` };
    throw new Error(describeFailure(art.failure));
  }
  const text = JSON.stringify(art.value);
  // Fail closed: a pack that does not verify is never used; the last good one stays.
  const r = await verifyText(text, trustedKeys, good ? good.revision : null);
  if (!r.ok) {
    // The admin sees refusals in the failure report, not only this workstation's header.
    void client.reportPackFailure?.({ packId: summary.value.packId, revision: summary.value.revision, reason: r.reason, message: r.message });
    if (good) return { pack: good, problem: `拒绝规则包 r${summary.value.revision}：${r.message}` };
    throw new Error(`规则包验证失败，拒绝使用：${r.message}`);
  }
  verified = r.pack;
  await saveLastGood({ packId: r.pack.id, revision: r.pack.revision, artifact: text });
  return { pack: r.pack, problem: null };
}

/** Forget the in-memory pack (tests; sign-out keeps the stored last good pack). */
export function resetVerifiedPack(): void {
  verified = null;
}

/**
 * The queue paints first: fetching, verifying and indexing the pack holds the main thread
 * for a few hundred milliseconds, and nothing on the first screen needs it (the platform's
 * engine has already checked every task). Not delayed under test.
 */
const FIRST_LOAD_DELAY_MS = (import.meta as unknown as { env?: { MODE?: string } }).env?.MODE === 'test' ? 0 : 1_500;
let firstLoad = true;
async function afterFirstScreen(): Promise<void> {
  if (!firstLoad || FIRST_LOAD_DELAY_MS === 0) return;
  firstLoad = false;
  await new Promise((r) => setTimeout(r, FIRST_LOAD_DELAY_MS));
  await new Promise<void>((r) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => r(), { timeout: 1_000 }) : r()));
}

function usePackQuery() {
  const client = useApiClient();
  return useQuery({
    queryKey: activePackQueryKey,
    queryFn: async () => {
      await afterFirstScreen();
      return withCustomRules(await loadActivePack(client), client);
    },
    staleTime: Infinity,
    gcTime: Infinity,
    retry: 2,
  });
}

export function useActivePack(): ActivePackState {
  const q = usePackQuery();
  if (q.data) return { status: 'ready', id: q.data.pack.id, revision: q.data.pack.revision, kb: q.data.pack.kb };
  if (q.error) return { status: 'error', message: q.error.message };
  return { status: 'loading' };
}

/** Why the workstation is not on the platform's newest revision, for the header. */
export function useActivePackProblem(): string | null {
  const q = usePackQuery();
  return q.data?.problem ?? null;
}
