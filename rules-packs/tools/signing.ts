/**
 * Node side of pack signing: the signing key (production: a PEM file from the environment,
 * never in git; development: the DEV ONLY key in rules-packs/dev-keys), Ed25519 signing with
 * node:crypto, the trusted-keys list, and building an artifact from a pack folder.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  signingPayload, trustedKeysSchema, unsignedArtifact, webCrypto, type PackArtifact, type TrustedKey, type UnsignedArtifact,
} from '../../app/packs/artifact';
import { manifestSchema, type Manifest } from '../../app/knowledge/schema';

// The repository root: this file's grandparent, or where a bundled platform says it is
// (platform/dist/main.mjs sets YAODUN_REPO_ROOT, since a bundle's own location differs).
const ROOT = process.env.YAODUN_REPO_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEV_KEY_FILE = path.resolve(ROOT, 'rules-packs/dev-keys/dev-2026.private.pem');
export const DEV_KEY_ID = 'dev-2026';
export const TRUSTED_KEYS_FILE = path.resolve(ROOT, 'app/packs/trusted-keys.json');

export interface SigningKey {
  readonly keyId: string;
  readonly privateKey: crypto.KeyObject;
}

export function loadSigningKey(opts: { keyFile?: string | undefined; keyId?: string | undefined } = {}): SigningKey {
  const given = opts.keyFile ?? process.env.YAODUN_PACK_SIGNING_KEY_FILE;
  // Production never falls back to the DEV ONLY key.
  if (!given && process.env.NODE_ENV === 'production') throw new Error('生产环境必须提供签名密钥（--key 或 YAODUN_PACK_SIGNING_KEY_FILE）');
  const keyFile = given ?? DEV_KEY_FILE;
  const keyId = opts.keyId ?? process.env.YAODUN_PACK_KEY_ID ?? (keyFile === DEV_KEY_FILE ? DEV_KEY_ID : undefined);
  if (!keyId) throw new Error('签名密钥需要密钥编号（--key-id 或 YAODUN_PACK_KEY_ID）');
  const privateKey = crypto.createPrivateKey(fs.readFileSync(keyFile, 'utf8'));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${keyFile} 不是 Ed25519 私钥`);
  return { keyId, privateKey };
}

/** Raw 32-byte public key as hex (the trusted-keys format). */
export function publicKeyHex(key: crypto.KeyObject): string {
  const pub = key.type === 'private' ? crypto.createPublicKey(key) : key;
  const jwk = pub.export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url').toString('hex');
}

export function signArtifact(a: UnsignedArtifact, key: SigningKey): PackArtifact {
  const sig = crypto.sign(null, Buffer.from(signingPayload(a), 'utf8'), key.privateKey);
  return { ...a, signature: { algorithm: 'Ed25519', keyId: key.keyId, value: sig.toString('hex') } };
}

/**
 * Trusted keys from the list file; devOnly keys are dropped in production
 * (NODE_ENV=production) unless explicitly allowed.
 */
export function readTrustedKeys(file: string = process.env.YAODUN_TRUSTED_KEYS_FILE ?? TRUSTED_KEYS_FILE, opts: { includeDev?: boolean } = {}): TrustedKey[] {
  const list = trustedKeysSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).keys;
  const includeDev = opts.includeDev ?? process.env.NODE_ENV !== 'production';
  return list.filter((k) => includeDev || !k.devOnly);
}

/** The text of every file of a pack folder that travels in the artifact (not the clinical cases). */
export function readPackTexts(dir: string): Array<{ path: string; content: string }> {
  const out: Array<{ path: string; content: string }> = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== 'cases') walk(r);
      } else if (e.name.endsWith('.json')) out.push({ path: r, content: fs.readFileSync(path.join(dir, r), 'utf8') });
    }
  };
  walk('');
  return out;
}

export interface BuildOptions {
  readonly revision?: number | undefined;
  readonly created?: string | undefined;
  readonly key: SigningKey;
}

/**
 * Signs pack files with a manifest; `revision` / `created` override the manifest's (a
 * rollback re-signs older content with a higher revision). manifest.json inside the
 * artifact is rewritten to match the signed manifest.
 */
export async function buildArtifact(files: ReadonlyArray<{ path: string; content: string }>, opts: BuildOptions): Promise<PackArtifact> {
  const mf = files.find((f) => f.path === 'manifest.json');
  if (!mf) throw new Error('规则包缺少 manifest.json');
  const base = manifestSchema.parse(JSON.parse(mf.content));
  const manifest: Manifest = { ...base, ...(opts.revision !== undefined ? { revision: opts.revision } : {}), ...(opts.created !== undefined ? { created: opts.created } : {}) };
  const content = `${JSON.stringify(manifest, null, 2)}\n`;
  const withManifest = files.map((f) => (f.path === 'manifest.json' ? { path: f.path, content } : f));
  return signArtifact(await unsignedArtifact(webCrypto(), manifest, withManifest), opts.key);
}

export async function buildArtifactFromDir(dir: string, opts: BuildOptions): Promise<PackArtifact> {
  return buildArtifact(readPackTexts(dir), opts);
}

export function artifactFileName(a: Pick<PackArtifact, 'manifest'>): string {
  return `${a.manifest.id}-r${a.manifest.revision}.ydpack`;
}
