import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSessionStore, type Encryptor } from './session-store';

const xor = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a));
const fake = (available: boolean): Encryptor => ({
  isEncryptionAvailable: () => available,
  encryptString: (s) => xor(Buffer.from(s, 'utf8')),
  decryptString: (b) => xor(b).toString('utf8'),
});

describe('session store', () => {
  const session = { token: 'tok-secret', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), userId: 'u1' };
  it('round-trips an encrypted session and never writes the token in clear', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yd-sess-'));
    const store = createSessionStore(dir, fake(true));
    store.save(session);
    expect(fs.readFileSync(path.join(dir, 'session.bin')).toString('utf8')).not.toContain('tok-secret');
    expect(store.load()).toEqual(session);
    store.save(null);
    expect(store.load()).toBeNull();
  });
  it('keeps nothing on disk without a keychain, and drops expired sessions', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yd-sess-'));
    createSessionStore(dir, fake(false)).save(session);
    expect(fs.existsSync(path.join(dir, 'session.bin'))).toBe(false);
    const store = createSessionStore(dir, fake(true));
    store.save({ ...session, expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(store.load()).toBeNull();
  });
});
