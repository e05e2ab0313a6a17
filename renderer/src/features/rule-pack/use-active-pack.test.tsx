// @vitest-environment jsdom
/**
 * The workstation's pack: verified fail-closed before use, kept as the last good pack in
 * IndexedDB, switched without reload when the platform announces a new revision.
 * Artifacts are signed here with a fresh WebCrypto Ed25519 key (the real verification code runs).
 */
import 'fake-indexeddb/auto';
import '../../test-setup';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE } from '../../../../app/engine/test-fixture';
import { signingPayload, toHex, unsignedArtifact, utf8, webCrypto, type PackArtifact, type TrustedKey } from '../../../../app/packs/artifact';
import { createApiClient } from '../../api/client';
import { BASE_URL, SIGNED_IN } from '../../test/fixtures';
import { eventStream, renderWithProviders } from '../../test/render';
import { readLastGood } from './pack-store';
import { loadActivePack, resetVerifiedPack, setTrustedKeysForTests, withCustomRules } from './use-active-pack';
import { PackRevision } from './pack-revision';

const CUSTOM_RULE = {
  id: 'outpatient-7-days', title: '门诊处方超过 7 日用量', checkType: 'supply-days', level: 'caution', reviewCode: '1-12',
  message: '{{drug}}开具 {{days}} 天', why: '门诊处方一般不得超过 7 日用量。', action: '请缩短用量。', doc: '门诊处方超过 7 日用量提示。',
  sources: [{ kind: 'regulation', title: '处方管理办法', section: '第十九条' }], when: { visitTypes: ['AMB'], days: { min: 8 } },
  institutionsOnly: [], institutionsExcept: [], enabled: true,
};

type KeyPair = { publicKey: CryptoKey; privateKey: CryptoKey };
let keys: KeyPair;
let trusted: TrustedKey[];

async function signed(revision: number, key: KeyPair = keys, keyId = 'test-key'): Promise<PackArtifact> {
  const manifest = { ...FIXTURE.manifest, id: 'fixture', revision };
  const files = [
    { path: 'manifest.json', content: JSON.stringify(manifest) },
    { path: 'regulations.json', content: JSON.stringify(FIXTURE.regulations) },
    { path: 'drugs/all.json', content: JSON.stringify(FIXTURE.drugs) },
    { path: 'classes.json', content: JSON.stringify(FIXTURE.classes) },
    { path: 'interactions.json', content: JSON.stringify(FIXTURE.interactions) },
    { path: 'incompatibilities.json', content: JSON.stringify(FIXTURE.incompatibilities) },
    { path: 'concentration-limits.json', content: JSON.stringify(FIXTURE.concentrationLimits) },
  ];
  const u = await unsignedArtifact(webCrypto(), manifest, files);
  const sig = new Uint8Array(await crypto.subtle.sign('Ed25519', key.privateKey, utf8(signingPayload(u)) as BufferSource));
  return { ...u, signature: { algorithm: 'Ed25519', keyId, value: toHex(sig) } };
}

let served: { revision: number; artifact: PackArtifact | Record<string, unknown> };
let summaryDown = false;
const reports: unknown[] = [];
const events = eventStream();
const server = setupServer(
  http.get('*/api/rule-pack/active/summary', () => (summaryDown ? HttpResponse.error() : HttpResponse.json({ packId: 'fixture', revision: served.revision, source: 'published' }))),
  http.get('*/api/rule-pack/active/artifact', () => HttpResponse.json(served.artifact)),
  http.get('*/api/custom-rules', () => HttpResponse.json({ rules: [CUSTOM_RULE] })),
  http.post('*/api/rule-pack/failures', async ({ request }) => {
    reports.push(await request.json());
    return new HttpResponse(null, { status: 204 });
  }),
  events.handler,
);
const client = createApiClient({ baseUrl: BASE_URL, getToken: () => 't' });

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  keys = (await crypto.subtle.generateKey('Ed25519', true, ['sign', 'verify'])) as KeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey));
  trusted = [{ keyId: 'test-key', publicKey: toHex(raw), validFrom: '2025-01-01T00:00:00Z', validUntil: null, devOnly: false }];
});
beforeEach(async () => {
  resetVerifiedPack();
  summaryDown = false;
  indexedDB.deleteDatabase('yaodun-packs');
  served = { revision: 1, artifact: await signed(1) };
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('loadActivePack', () => {
  it('verifies the signed artifact, uses it and keeps it as the last good pack', async () => {
    const r = await loadActivePack(client, trusted);
    expect(r.problem).toBeNull();
    expect(r.pack).toMatchObject({ id: 'fixture', revision: 1 });
    expect(r.pack.kb.drugs.has('amoxicillin')).toBe(true);
    expect(await readLastGood()).toMatchObject({ packId: 'fixture', revision: 1 });
  });

  it('puts the platform\'s custom rules on top of the verified pack', async () => {
    const r = await withCustomRules(await loadActivePack(client, trusted), client);
    expect(r.pack.kb.rules.map((x) => x.id)).toContain('outpatient-7-days');
  });

  it('refuses a tampered pack when there is no last good one (fail closed)', async () => {
    const a = await signed(1);
    served = { revision: 1, artifact: { ...a, files: a.files.map((f) => (f.path === 'drugs/all.json' ? { ...f, content: f.content.replace('阿莫西林', '阿莫西林X') } : f)) } };
    await expect(loadActivePack(client, trusted)).rejects.toThrow(/验证失败.*哈希/);
  });

  it('refuses a pack signed with an untrusted key and keeps the last good revision', async () => {
    await loadActivePack(client, trusted);
    const stranger = (await crypto.subtle.generateKey('Ed25519', true, ['sign', 'verify'])) as KeyPair;
    served = { revision: 2, artifact: await signed(2, stranger) };
    const r = await loadActivePack(client, trusted);
    expect(r.pack.revision).toBe(1);
    expect(r.problem).toMatch(/拒绝规则包 r2：签名无效/);
    await waitFor(() => expect(reports).toContainEqual(expect.objectContaining({ packId: 'fixture', revision: 2, reason: 'bad-signature' })));
  });

  it('switches to a newer verified revision, and refuses an older one (no rollback attacks)', async () => {
    await loadActivePack(client, trusted);
    served = { revision: 3, artifact: await signed(3) };
    expect((await loadActivePack(client, trusted)).pack.revision).toBe(3);
    served = { revision: 2, artifact: await signed(2) };
    const r = await loadActivePack(client, trusted);
    expect(r.pack.revision).toBe(3);
    expect(r.problem).toMatch(/版本号不高于/);
  });

  it('runs from the stored last good pack when the platform is unreachable, verifying it again', async () => {
    await loadActivePack(client, trusted);
    resetVerifiedPack(); // a restart: memory is empty, IndexedDB is not
    summaryDown = true;
    const r = await loadActivePack(client, trusted);
    expect(r.pack.revision).toBe(1);
    expect(r.problem).toMatch(/上次验证通过/);
  });
});

describe('PackRevision in the header', () => {
  it('shows the verified revision and switches to the announced one without a reload', async () => {
    setTrustedKeysForTests(trusted);
    try {
      renderWithProviders(<PackRevision />, { session: SIGNED_IN, live: true });
      await waitFor(() => expect(screen.getByTestId('pack-revision').textContent).toBe('规则包 r1'));
      await waitFor(() => expect(events.connections).toBe(1));
      served = { revision: 2, artifact: await signed(2) };
      events.send({ type: 'pack-activated', seq: 10, packId: 'fixture', revision: 2 });
      await waitFor(() => expect(screen.getByTestId('pack-revision').textContent).toBe('规则包 r2'));
      expect(screen.getByTestId('pack-revision').getAttribute('data-state')).toBe('current');
      // A tampered r3 is announced: the header stays on r2 and says why.
      const a = await signed(3);
      served = { revision: 3, artifact: { ...a, files: a.files.map((f, i) => (i === 0 ? { ...f, content: `${f.content} ` } : f)) } };
      events.send({ type: 'pack-activated', seq: 11, packId: 'fixture', revision: 3 });
      await waitFor(() => expect(screen.getByTestId('pack-revision').getAttribute('data-state')).toBe('stale'));
      expect(screen.getByTestId('pack-revision').textContent).toBe('规则包 r2');
    } finally {
      setTrustedKeysForTests(null);
    }
  });
});
