/**
 * Fail closed on every node: a node that does not trust the published pack's key keeps the
 * last good pack and reports the refusal to the admin.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BASELINE_DIR } from '../../../../rules-packs/tools/read-pack';
import { buildArtifact, loadSigningKey, publicKeyHex, readPackTexts } from '../../../../rules-packs/tools/signing';
import { startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
let strict: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform();
  const other = crypto.generateKeyPairSync('ed25519').privateKey;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yaodun-keys-')), 'trusted-keys.json');
  fs.writeFileSync(file, JSON.stringify({ keys: [{ keyId: 'county-only', publicKey: publicKeyHex(other), validFrom: '2026-01-01T00:00:00+08:00', validUntil: null }] }));
  process.env.YAODUN_TRUSTED_KEYS_FILE = file;
  try {
    strict = await startTestPlatform({ dbUrl: p.dbUrl ?? undefined });
  } finally {
    delete process.env.YAODUN_TRUSTED_KEYS_FILE;
  }
}, 120_000);
afterAll(async () => {
  await strict?.close();
  await p?.close();
});

it('a node that refuses the published pack keeps the last good one and reports it', async (ctx) => {
  if (!p.dbUrl) ctx.skip(); // two nodes share a database only on PostgreSQL (reported as skipped)
  const admin = await p.login('admin');
  const a = await buildArtifact(readPackTexts(BASELINE_DIR), { key: loadSigningKey(), revision: 2 });
  const up = await p.api('/api/rule-packs', admin, { body: a });
  expect((await p.api(`/api/rule-packs/${up.body.id}/publish`, admin, { method: 'POST' })).status).toBe(200);
  expect(p.deps.kb().manifest.revision).toBe(2);
  await expect.poll(async () => (await p.api('/api/rule-packs', admin)).body.failures.map((f: { reason: string }) => f.reason), { timeout: 10_000 }).toContain('node-refused');
  expect(strict.deps.kb().manifest.revision).toBe(1);
  const audit = await p.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'rule-pack-refused-by-node'");
  expect(audit[0]!.n).toBe(1);
});
