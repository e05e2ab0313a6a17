/**
 * The baseline rule pack as GET /api/rule-pack/active serves it, read from
 * rules-packs/baseline for component tests (the same files the platform assembles).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { activePackSchema, type ActivePack } from '../../../app/contracts/rule-pack';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../rules-packs/baseline');

function walk(rel: string, out: Array<{ path: string; json: unknown }>): void {
  for (const e of fs.readdirSync(path.join(DIR, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory() && e.name !== 'cases') walk(r, out);
    else if (e.isFile() && e.name.endsWith('.json')) out.push({ path: r, json: JSON.parse(fs.readFileSync(path.join(DIR, r), 'utf8')) as unknown });
  }
}

let cached: ActivePack | null = null;

export function baselineActivePack(): ActivePack {
  if (cached) return cached;
  const files: Array<{ path: string; json: unknown }> = [];
  walk('', files);
  files.sort((a, b) => a.path.localeCompare(b.path));
  const manifest = files.find((f) => f.path === 'manifest.json')!.json as { id: string; revision: number; engineApi: number };
  cached = activePackSchema.parse({ id: manifest.id, revision: manifest.revision, engineApi: manifest.engineApi, files });
  return cached;
}
