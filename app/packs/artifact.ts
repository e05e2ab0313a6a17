/**
 * The signed rule-pack artifact (.ydpack) and its fail-closed verification, shared by the
 * platform, the workstation and the packs:verify tool (architecture.md §Rule packs).
 *
 * An artifact is JSON: the manifest, every file of the pack with its exact text and its
 * SHA-256, and an Ed25519 signature by a trusted key over the canonical JSON of
 * {format, manifest, files: [{path, sha256}]}. Verification refuses, with a reason code:
 * a malformed artifact, an unknown or expired key, a bad signature, a file whose hash does
 * not match, an incompatible engine API, a revision not newer than the active one (no
 * rollback attacks: a rollback is a new, higher revision), and content that does not
 * assemble into a knowledge base. Nothing is used before every check has passed.
 *
 * Crypto comes from the host (PackCrypto): WebCrypto's Ed25519 works in Node 20 and in
 * current Chromium, so both hosts pass webCrypto().
 */
import { z } from 'zod';
import type { ActivePack } from '../contracts/rule-pack';
import { assembleKnowledgeBase } from '../knowledge/assemble';
import { ENGINE_API, manifestSchema, type KnowledgeBase, type Manifest } from '../knowledge/schema';

export const ARTIFACT_FORMAT = 'yaodun-pack/1';
/** Engine API versions this build of the engine can run. */
export const SUPPORTED_ENGINE_APIS: readonly number[] = [ENGINE_API];

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));

export const artifactFileSchema = z.object({ path: z.string().min(1).regex(/^[a-z0-9][a-z0-9._/-]*\.json$/), sha256: hex(64), content: z.string() }).strict();

export const artifactSchema = z.object({
  format: z.literal(ARTIFACT_FORMAT),
  manifest: manifestSchema,
  files: z.array(artifactFileSchema).min(1),
  signature: z.object({ algorithm: z.literal('Ed25519'), keyId: z.string().min(1), value: hex(128) }).strict(),
}).strict();
export type PackArtifact = z.infer<typeof artifactSchema>;
export type UnsignedArtifact = Omit<PackArtifact, 'signature'>;

export const trustedKeySchema = z.object({
  keyId: z.string().min(1),
  /** Raw Ed25519 public key, 32 bytes as hex. */
  publicKey: hex(64),
  /** The key signs packs created in [validFrom, validUntil); a retired key gets a validUntil. */
  validFrom: z.string().datetime({ offset: true }),
  validUntil: z.string().datetime({ offset: true }).nullable().default(null),
  /** Development key (its private half is in the repository): production excludes it. */
  devOnly: z.boolean().default(false),
  note: z.string().optional(),
}).strict();
export const trustedKeysSchema = z.object({ keys: z.array(trustedKeySchema) }).strict();
export type TrustedKey = z.infer<typeof trustedKeySchema>;

export interface PackCrypto {
  sha256Hex(bytes: Uint8Array): Promise<string>;
  verifyEd25519(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean>;
}

export type VerifyReason =
  | 'schema-error' | 'unknown-key' | 'key-not-valid' | 'bad-signature' | 'hash-mismatch' | 'incompatible-engine' | 'revision-not-newer' | 'content-error';

export const VERIFY_REASON_ZH: Readonly<Record<VerifyReason, string>> = {
  'schema-error': '规则包格式错误',
  'unknown-key': '签名密钥不受信任',
  'key-not-valid': '签名密钥不在有效期内',
  'bad-signature': '签名无效',
  'hash-mismatch': '文件哈希不一致（文件被篡改）',
  'incompatible-engine': '引擎接口版本不兼容',
  'revision-not-newer': '版本号不高于当前生效版本',
  'content-error': '规则包内容无法装配',
};

export interface VerifiedPack {
  readonly manifest: Manifest;
  readonly keyId: string;
  readonly pack: ActivePack;
  readonly kb: KnowledgeBase;
}

export type VerifyResult = { readonly ok: true; readonly value: VerifiedPack } | { readonly ok: false; readonly reason: VerifyReason; readonly message: string };

export interface VerifyOptions {
  readonly trustedKeys: readonly TrustedKey[];
  /** The active revision: the candidate must be strictly newer (no rollback attacks). */
  readonly activeRevision?: number | null;
  readonly supportedEngineApis?: readonly number[];
}

const fail = (reason: VerifyReason, detail: string): VerifyResult => ({ ok: false, reason, message: `${VERIFY_REASON_ZH[reason]}：${detail}` });

/** JSON with object keys sorted at every level: the bytes a signature covers. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What the signature covers: format, manifest and the list of file hashes (not the contents). */
export function signingPayload(a: UnsignedArtifact): string {
  return canonicalJson({ format: a.format, manifest: a.manifest, files: a.files.map((f) => ({ path: f.path, sha256: f.sha256 })) });
}

const TextEncoderCtor = (globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } }).TextEncoder;
export function utf8(s: string): Uint8Array {
  return new TextEncoderCtor().encode(s);
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Files sorted by path with their hashes: the artifact before it is signed. */
export async function unsignedArtifact(crypto: PackCrypto, manifest: Manifest, files: ReadonlyArray<{ path: string; content: string }>): Promise<UnsignedArtifact> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const out = [];
  for (const f of sorted) out.push({ path: f.path, sha256: await crypto.sha256Hex(utf8(f.content)), content: f.content });
  return { format: ARTIFACT_FORMAT, manifest, files: out };
}

function keyValidAt(k: TrustedKey, at: string): boolean {
  const t = Date.parse(at);
  return t >= Date.parse(k.validFrom) && (k.validUntil === null || t < Date.parse(k.validUntil));
}

export async function verifyArtifact(raw: unknown, crypto: PackCrypto, opts: VerifyOptions): Promise<VerifyResult> {
  const parsed = artifactSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return fail('schema-error', `${i?.path.map(String).join('.') || '(根)'} ${i?.message ?? ''}`.trim());
  }
  const a = parsed.data;
  const key = opts.trustedKeys.find((k) => k.keyId === a.signature.keyId);
  if (!key) return fail('unknown-key', `密钥 ${a.signature.keyId} 不在受信任密钥列表中`);
  // A key signs packs created within its validity: a retired key's old packs stay valid,
  // new packs signed with it after retirement are refused.
  if (!keyValidAt(key, a.manifest.created)) return fail('key-not-valid', `密钥 ${key.keyId} 的有效期为 ${key.validFrom} 至 ${key.validUntil ?? '长期'}，规则包创建于 ${a.manifest.created}`);
  let signatureOk = false;
  try {
    signatureOk = await crypto.verifyEd25519(fromHex(key.publicKey), fromHex(a.signature.value), utf8(signingPayload(a)));
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) return fail('bad-signature', `清单与文件哈希列表的签名不能用密钥 ${key.keyId} 验证`);
  const seen = new Set<string>();
  for (const f of a.files) {
    if (seen.has(f.path)) return fail('schema-error', `文件 ${f.path} 重复`);
    seen.add(f.path);
    if ((await crypto.sha256Hex(utf8(f.content))) !== f.sha256) return fail('hash-mismatch', f.path);
  }
  const supported = opts.supportedEngineApis ?? SUPPORTED_ENGINE_APIS;
  if (!supported.includes(a.manifest.engineApi)) return fail('incompatible-engine', `规则包需要引擎接口 ${a.manifest.engineApi}，本程序支持 ${supported.join('、')}`);
  if (opts.activeRevision !== undefined && opts.activeRevision !== null && a.manifest.revision <= opts.activeRevision) {
    return fail('revision-not-newer', `候选版本 r${a.manifest.revision}，当前生效 r${opts.activeRevision}`);
  }
  const files: Array<{ path: string; json: unknown }> = [];
  for (const f of a.files) {
    try {
      files.push({ path: f.path, json: JSON.parse(f.content) });
    } catch (e) {
      return fail('content-error', `${f.path} 不是合法的 JSON：${(e as Error).message}`);
    }
  }
  const manifestFile = files.find((f) => f.path === 'manifest.json');
  if (!manifestFile || canonicalJson(manifestFile.json) !== canonicalJson(a.manifest)) return fail('content-error', 'manifest.json 与签名的清单不一致');
  const assembled = assembleKnowledgeBase(files);
  if (!assembled.ok) {
    const e = assembled.errors[0];
    return fail('content-error', `${assembled.errors.length} 处错误，首个：${e?.file ?? ''} ${e?.path ?? ''} ${e?.message ?? ''}`);
  }
  return {
    ok: true,
    value: { manifest: a.manifest, keyId: key.keyId, kb: assembled.kb, pack: { id: a.manifest.id, revision: a.manifest.revision, engineApi: a.manifest.engineApi, files } },
  };
}

interface SubtleLike {
  digest(alg: string, data: Uint8Array): Promise<ArrayBuffer>;
  importKey(format: 'raw', key: Uint8Array, alg: { name: string }, extractable: boolean, usages: string[]): Promise<unknown>;
  verify(alg: { name: string }, key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

/** PackCrypto over WebCrypto (Node ≥ 20, Chromium ≥ 137); throws where Ed25519 is missing, so verification fails closed. */
export function webCrypto(): PackCrypto {
  const subtle = (globalThis as unknown as { crypto?: { subtle?: SubtleLike } }).crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto 不可用');
  return {
    sha256Hex: async (bytes) => toHex(new Uint8Array(await subtle.digest('SHA-256', bytes))),
    verifyEd25519: async (publicKey, signature, message) => {
      const key = await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
      return subtle.verify({ name: 'Ed25519' }, key, signature, message);
    },
  };
}
