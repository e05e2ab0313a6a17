/**
 * npm run packs:verify -- <artifact> [--active-revision <n>] [--trusted-keys <file>]
 * Exits 0 only for a valid pack; otherwise prints the reason code and why, and exits 1.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyArtifact, webCrypto } from '../../app/packs/artifact';
import { readTrustedKeys } from './signing';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'active-revision': { type: 'string' }, 'trusted-keys': { type: 'string' } } });
  const file = positionals[0];
  if (!file) {
    console.error('用法：npm run packs:verify -- <规则包文件> [--active-revision N] [--trusted-keys 文件]');
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`schema-error: 无法读取规则包 ${file}：${(e as Error).message}`);
    return 1;
  }
  const active = values['active-revision'] !== undefined ? Number(values['active-revision']) : undefined;
  const r = await verifyArtifact(raw, webCrypto(), { trustedKeys: readTrustedKeys(values['trusted-keys']), activeRevision: active });
  if (!r.ok) {
    console.error(`${r.reason}: ${r.message}`);
    return 1;
  }
  console.log(`有效：规则包 ${r.value.manifest.id} r${r.value.manifest.revision}（引擎接口 ${r.value.manifest.engineApi}，密钥 ${r.value.keyId}，${r.value.pack.files.length} 个文件）`);
  return 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
