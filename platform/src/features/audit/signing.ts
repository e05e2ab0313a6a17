/**
 * Decisions and double signatures are signed by the platform (Ed25519) so they cannot be
 * repudiated (seed 002 §6.3.1). The key comes from YAODUN_SIGNING_KEY (PKCS#8 PEM, shared
 * by all nodes); without it the first node generates one and keeps it in platform_settings
 * (development and single-county installs).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { Db } from '../../db/db';
import { canonical } from './audit';

export interface Signer {
  readonly publicKeyPem: string;
  sign(payload: Record<string, unknown>): { signature: string; signedPayload: string };
}

export function signerFromKey(privateKey: KeyObject): Signer {
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return {
    publicKeyPem,
    sign(payload) {
      const signedPayload = canonical(payload);
      return { signature: sign(null, Buffer.from(signedPayload), privateKey).toString('base64'), signedPayload };
    },
  };
}

export function verifySignature(publicKeyPem: string, signedPayload: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(signedPayload), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export async function loadSigner(db: Db, envKey: string | undefined): Promise<Signer> {
  if (envKey) return signerFromKey(createPrivateKey(envKey.includes('BEGIN') ? envKey : Buffer.from(envKey, 'base64').toString('utf8')));
  const [row] = await db.query<{ value: { pem: string } | string }>("SELECT value FROM platform_settings WHERE key = 'signing-key'");
  if (row) {
    const v = typeof row.value === 'string' ? (JSON.parse(row.value) as { pem: string }) : row.value;
    return signerFromKey(createPrivateKey(v.pem));
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await db.query("INSERT INTO platform_settings (key, value) VALUES ('signing-key', $1) ON CONFLICT (key) DO NOTHING", [JSON.stringify({ pem })]);
  // Another node may have won the race: use whatever is stored.
  const [stored] = await db.query<{ value: { pem: string } | string }>("SELECT value FROM platform_settings WHERE key = 'signing-key'");
  const v = typeof stored!.value === 'string' ? (JSON.parse(stored!.value) as { pem: string }) : stored!.value;
  return signerFromKey(createPrivateKey(v.pem));
}
