/**
 * The workstation session token, encrypted at rest with the OS keychain (Electron
 * safeStorage). The crypto is injected so this module runs under Node in tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StoredSession } from '../app/contracts/host';

export interface Encryptor {
  isEncryptionAvailable(): boolean;
  encryptString(s: string): Buffer;
  decryptString(b: Buffer): string;
}

export function createSessionStore(dir: string, crypto: Encryptor) {
  const file = path.join(dir, 'session.bin');
  return {
    load(): StoredSession | null {
      if (!fs.existsSync(file) || !crypto.isEncryptionAvailable()) return null;
      try {
        const s = JSON.parse(crypto.decryptString(fs.readFileSync(file))) as StoredSession;
        return Date.parse(s.expiresAt) > Date.now() ? s : null;
      } catch {
        return null;
      }
    },
    save(session: StoredSession | null): void {
      if (session === null) {
        fs.rmSync(file, { force: true });
        return;
      }
      // Never write a token in clear text: without a keychain the session lives in memory only.
      if (!crypto.isEncryptionAvailable()) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, crypto.encryptString(JSON.stringify(session)), { mode: 0o600 });
    },
  };
}
