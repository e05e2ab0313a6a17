/**
 * npm run packs:build [-- options]: lints a pack folder, builds it into one signed artifact
 * and prints the artifact's path as the LAST line of output.
 *
 *   --dir <pack folder>        default rules-packs/baseline
 *   --out <folder>             default rules-packs/dist (git-ignored)
 *   --revision <n>             override the manifest's revision
 *   --from <artifact.ydpack>   re-sign the content of an existing artifact (rollback: the
 *                              previous revision's content under a new, higher --revision)
 *   --key <pem> --key-id <id>  signing key (or YAODUN_PACK_SIGNING_KEY_FILE / YAODUN_PACK_KEY_ID);
 *                              without them the DEV ONLY key of rules-packs/dev-keys is used
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { artifactSchema } from '../../app/packs/artifact';
import { formatLint, lintPack } from './lint-pack';
import { BASELINE_DIR } from './read-pack';
import { artifactFileName, buildArtifact, DEV_KEY_FILE, loadSigningKey, readPackTexts } from './signing';

const HERE = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' }, out: { type: 'string' }, revision: { type: 'string' }, from: { type: 'string' },
      key: { type: 'string' }, 'key-id': { type: 'string' }, created: { type: 'string' },
    },
  });
  const revision = values.revision !== undefined ? Number(values.revision) : undefined;
  if (revision !== undefined && (!Number.isInteger(revision) || revision < 1)) throw new Error(`--revision 必须是正整数：${values.revision}`);
  let files: Array<{ path: string; content: string }>;
  if (values.from) {
    const prev = artifactSchema.parse(JSON.parse(fs.readFileSync(values.from, 'utf8')));
    files = prev.files.map((f) => ({ path: f.path, content: f.content }));
    if (revision === undefined || revision <= prev.manifest.revision) throw new Error(`回滚必须给出高于 r${prev.manifest.revision} 的 --revision`);
  } else {
    files = readPackTexts(values.dir ?? BASELINE_DIR);
  }
  const messages = lintPack(files.map((f) => ({ path: f.path, json: JSON.parse(f.content) as unknown })));
  if (messages.length > 0) throw new Error(`规则包未通过检查（${messages.length} 个问题）：\n${formatLint(messages)}`);
  const key = loadSigningKey({ keyFile: values.key, keyId: values['key-id'] });
  const created = values.created ?? (values.from || revision !== undefined ? new Date().toISOString() : undefined);
  const artifact = await buildArtifact(files, { key, revision, created });
  const outDir = values.out ?? path.resolve(HERE, '../dist');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, artifactFileName(artifact));
  fs.writeFileSync(file, JSON.stringify(artifact));
  if (key.keyId === 'dev-2026' && (values.key ?? process.env.YAODUN_PACK_SIGNING_KEY_FILE ?? DEV_KEY_FILE) === DEV_KEY_FILE) console.log('注意：使用开发密钥 dev-2026 签名（仅限开发，生产环境不受信任）');
  console.log(`规则包 ${artifact.manifest.id} r${artifact.manifest.revision}：${artifact.files.length} 个文件，密钥 ${key.keyId}`);
  console.log(file);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
