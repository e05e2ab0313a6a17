/**
 * Signed pack artifacts: build, verify, and every refusal path (tampered file, tampered hash
 * list, wrong key, unknown key, retired key, older revision, schema error, incompatible
 * engine API, content that does not assemble), key rotation, and the CLIs' exit codes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyArtifact, webCrypto, type PackArtifact, type TrustedKey } from '../../app/packs/artifact';
import { BASELINE_DIR } from './read-pack';
import { buildArtifact, publicKeyHex, readPackTexts, readTrustedKeys, signArtifact, TRUSTED_KEYS_FILE, type SigningKey } from './signing';
import { loadSigningKey } from './signing';

const wc = webCrypto();
const texts = readPackTexts(BASELINE_DIR);
const devKey = loadSigningKey();
const trusted = readTrustedKeys(TRUSTED_KEYS_FILE, { includeDev: true });
let good: PackArtifact;

function newKey(keyId: string): SigningKey {
  return { keyId, privateKey: crypto.generateKeyPairSync('ed25519').privateKey };
}
function trustOf(k: SigningKey, validFrom = '2026-01-01T00:00:00+08:00', validUntil: string | null = null): TrustedKey {
  return { keyId: k.keyId, publicKey: publicKeyHex(k.privateKey), validFrom, validUntil, devOnly: false };
}
const withFile = (p: string, mutate: (json: unknown) => unknown) => texts.map((f) => (f.path === p ? { ...f, content: JSON.stringify(mutate(JSON.parse(f.content))) } : f));

beforeAll(async () => {
  good = await buildArtifact(texts, { key: devKey, revision: 2, created: '2026-11-30T12:00:00+08:00' });
});

describe('pack artifact', () => {
  it('verifies a pack signed with a trusted key and yields its knowledge base and rules', async () => {
    const r = await verifyArtifact(good, wc, { trustedKeys: trusted, activeRevision: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.manifest).toMatchObject({ id: 'baseline', revision: 2 });
    expect(r.value.kb.rules.length).toBeGreaterThan(0);
    expect(r.value.pack.files.some((f) => f.path === 'manifest.json' && (f.json as { revision: number }).revision === 2)).toBe(true);
  });

  it('refuses a tampered file (hash mismatch)', async () => {
    const files = good.files.map((f) => (f.path.startsWith('drugs/') ? { ...f, content: f.content.replace('"contraindicated"', '"info"') } : f));
    const r = await verifyArtifact({ ...good, files }, wc, { trustedKeys: trusted });
    expect(r).toMatchObject({ ok: false, reason: 'hash-mismatch' });
  });

  it('refuses a tampered hash list (bad signature)', async () => {
    const files = good.files.map((f, i) => (i === 1 ? { ...f, content: `${f.content} `, sha256: crypto.createHash('sha256').update(`${f.content} `).digest('hex') } : f));
    expect(await verifyArtifact({ ...good, files }, wc, { trustedKeys: trusted })).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a pack signed with the wrong key under a trusted key id (bad signature)', async () => {
    const forged = signArtifact(good, { ...newKey('dev-2026') });
    expect(await verifyArtifact(forged, wc, { trustedKeys: trusted })).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a pack signed with an unknown key', async () => {
    const r = await verifyArtifact(signArtifact(good, newKey('someone-else')), wc, { trustedKeys: trusted });
    expect(r).toMatchObject({ ok: false, reason: 'unknown-key' });
    expect(!r.ok && r.message).toContain('someone-else');
  });

  it('refuses a revision not newer than the active one', async () => {
    expect(await verifyArtifact(good, wc, { trustedKeys: trusted, activeRevision: 2 })).toMatchObject({ ok: false, reason: 'revision-not-newer' });
    expect(await verifyArtifact(good, wc, { trustedKeys: trusted, activeRevision: 3 })).toMatchObject({ ok: false, reason: 'revision-not-newer' });
  });

  it('refuses a malformed artifact (schema error)', async () => {
    const { signature: _s, ...unsigned } = good;
    expect(await verifyArtifact(unsigned, wc, { trustedKeys: trusted })).toMatchObject({ ok: false, reason: 'schema-error' });
    expect(await verifyArtifact({ ...good, manifest: { ...good.manifest, revision: 'x' } }, wc, { trustedKeys: trusted })).toMatchObject({ ok: false, reason: 'schema-error' });
    expect(await verifyArtifact('not a pack', wc, { trustedKeys: trusted })).toMatchObject({ ok: false, reason: 'schema-error' });
  });

  it('refuses an incompatible engine API', async () => {
    const a = await buildArtifact(withFile('manifest.json', (m) => ({ ...(m as object), engineApi: 99 })), { key: devKey });
    const r = await verifyArtifact(a, wc, { trustedKeys: trusted });
    expect(r).toMatchObject({ ok: false, reason: 'incompatible-engine' });
  });

  it('refuses signed content that does not assemble (a fact without a source)', async () => {
    const drugFile = texts.find((f) => f.path.startsWith('drugs/'))!.path;
    const a = await buildArtifact(withFile(drugFile, (arr) => (arr as Array<Record<string, unknown>>).map((d, i) => (i === 0 ? { ...d, source: undefined } : d))), { key: devKey });
    const r = await verifyArtifact(a, wc, { trustedKeys: trusted });
    expect(r).toMatchObject({ ok: false, reason: 'content-error' });
    expect(!r.ok && r.message).toContain(drugFile);
  });

  it('production does not trust the DEV ONLY key', async () => {
    const prod = readTrustedKeys(TRUSTED_KEYS_FILE, { includeDev: false });
    expect(await verifyArtifact(good, wc, { trustedKeys: prod })).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it('rotates keys: add the new key, sign with it, retire the old one', async () => {
    const oldKey = newKey('county-2026');
    const nextKey = newKey('county-2027');
    const cut = '2027-01-01T00:00:00+08:00';
    // Step 1: only the old key is trusted.
    const step1 = [trustOf(oldKey)];
    const r3 = await buildArtifact(texts, { key: oldKey, revision: 3, created: '2026-12-01T00:00:00+08:00' });
    expect((await verifyArtifact(r3, wc, { trustedKeys: step1 })).ok).toBe(true);
    // Step 2: the new key is added (workstations and platform learn it before any pack uses it).
    const step2 = [trustOf(oldKey), trustOf(nextKey, cut)];
    const r4 = await buildArtifact(texts, { key: nextKey, revision: 4, created: '2027-01-02T00:00:00+08:00' });
    expect((await verifyArtifact(r4, wc, { trustedKeys: step2 })).ok).toBe(true);
    // The new key cannot sign packs dated before its validity.
    const early = await buildArtifact(texts, { key: nextKey, revision: 4, created: '2026-06-01T00:00:00+08:00' });
    expect(await verifyArtifact(early, wc, { trustedKeys: step2 })).toMatchObject({ ok: false, reason: 'key-not-valid' });
    // Step 3: the old key is retired (validUntil): its old packs stay valid, new ones are refused.
    const step3 = [trustOf(oldKey, undefined, cut), trustOf(nextKey, cut)];
    expect((await verifyArtifact(r3, wc, { trustedKeys: step3 })).ok).toBe(true);
    const late = await buildArtifact(texts, { key: oldKey, revision: 5, created: '2027-02-01T00:00:00+08:00' });
    expect(await verifyArtifact(late, wc, { trustedKeys: step3 })).toMatchObject({ ok: false, reason: 'key-not-valid' });
    // Step 4: removed from the list altogether.
    expect(await verifyArtifact(r3, wc, { trustedKeys: [trustOf(nextKey, cut)] })).toMatchObject({ ok: false, reason: 'unknown-key' });
  });
});

describe('packs:build and packs:verify', () => {
  const root = path.resolve(BASELINE_DIR, '../..');
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'yaodun-packs-'));

  it('builds, prints the artifact path last, and verify exits 0 only for a valid pack', () => {
    const stdout = execFileSync(tsx, ['rules-packs/tools/build-pack.ts', '--out', out, '--revision', '7'], { cwd: root, encoding: 'utf8' });
    const file = stdout.trim().split('\n').at(-1)!;
    expect(file).toBe(path.join(out, 'baseline-r7.ydpack'));
    const ok = spawnSync(tsx, ['rules-packs/tools/verify-pack.ts', file], { cwd: root, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const older = spawnSync(tsx, ['rules-packs/tools/verify-pack.ts', file, '--active-revision', '7'], { cwd: root, encoding: 'utf8' });
    expect(older.status).toBe(1);
    expect(older.stderr).toContain('revision-not-newer');
    const a = JSON.parse(fs.readFileSync(file, 'utf8')) as PackArtifact;
    const tampered = path.join(out, 'tampered.ydpack');
    fs.writeFileSync(tampered, JSON.stringify({ ...a, files: a.files.map((f, i) => (i === 2 ? { ...f, content: `${f.content}\n` } : f)) }));
    const bad = spawnSync(tsx, ['rules-packs/tools/verify-pack.ts', tampered], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^hash-mismatch: /);
  }, 60_000);
});
