/**
 * Reads a rule-pack source folder from disk into the pure assembler (app/knowledge).
 * Node only: used by the platform, the build tools and the tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ActivePack } from '../../app/contracts/rule-pack';
import { assembleKnowledgeBase, type PackFile } from '../../app/knowledge/assemble';
import { indexKnowledgeBase, type IndexedKb } from '../../app/knowledge/indexed';
import type { KnowledgeBase } from '../../app/knowledge/schema';

export const BASELINE_DIR = process.env.YAODUN_PACK_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../baseline');

export function readPackFiles(dir: string): PackFile[] {
  const out: PackFile[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== 'cases') walk(r);
      } else if (e.name.endsWith('.json')) {
        const text = fs.readFileSync(path.join(dir, r), 'utf8');
        try {
          out.push({ path: r, json: JSON.parse(text) });
        } catch (err) {
          throw new Error(`${r}: invalid JSON: ${(err as Error).message}`);
        }
      }
    }
  };
  walk('');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function loadPack(dir: string = BASELINE_DIR): KnowledgeBase {
  const r = assembleKnowledgeBase(readPackFiles(dir));
  if (!r.ok) {
    const lines = r.errors.slice(0, 20).map((e) => `  ${e.file}${e.path ? ` ${e.path}` : ''}: ${e.message}`);
    throw new Error(`rule pack ${dir} is invalid (${r.errors.length} errors):\n${lines.join('\n')}`);
  }
  return r.kb;
}

export function loadIndexedPack(dir: string = BASELINE_DIR): IndexedKb {
  return indexKnowledgeBase(loadPack(dir));
}

const loaded = new Map<string, { readonly pack: ActivePack; readonly kb: IndexedKb }>();

/**
 * The pack as workstations receive it, plus the indexed knowledge base, from one read.
 * Memoized per folder: a source folder is immutable while a process runs, and test files
 * start many nodes.
 */
export function loadActivePack(dir: string = BASELINE_DIR): { readonly pack: ActivePack; readonly kb: IndexedKb } {
  const hit = loaded.get(dir);
  if (hit) return hit;
  const files = readPackFiles(dir);
  const manifest = manifestSchema.parse(files.find((f) => f.path === 'manifest.json')?.json);
  const r = assembleKnowledgeBase(files);
  if (!r.ok) throw new Error(`rule pack ${dir} is invalid (${r.errors.length} errors): ${r.errors.slice(0, 5).map((e) => `${e.file} ${e.path ?? ''}: ${e.message}`).join('; ')}`);
  const out = { pack: { id: manifest.id, revision: manifest.revision, engineApi: manifest.engineApi, files }, kb: indexKnowledgeBase(r.kb) };
  loaded.set(dir, out);
  return out;
}

const manifestSchema = z.object({ id: z.string().min(1), revision: z.number().int().positive(), engineApi: z.number().int().positive() });
