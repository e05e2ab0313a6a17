/**
 * `npm run kb:stats`: one JSON line with the knowledge base's size. factsWithoutSource counts
 * facts lacking a source; the schema refuses such a pack, so a pack that loads reports 0 —
 * the count is made on the raw files so a broken pack shows how many are missing.
 */
import { assembleKnowledgeBase } from '../../app/knowledge/assemble';
import { BASELINE_DIR, readPackFiles } from './read-pack';

function countMissingSources(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + countMissingSources(v), 0);
  if (value === null || typeof value !== 'object') return 0;
  const obj = value as Record<string, unknown>;
  // A fact is an object with a level, a limit or a note: it must carry a source.
  const isFact = 'level' in obj || 'maxDaily' in obj || 'maxSingle' in obj || 'usualSingle' in obj || 'tier' in obj || 'maxPercent' in obj;
  // Declarative rules (rules/*.json) cite a list of sources instead of one.
  const sourced = (obj.source && typeof obj.source === 'object') || (Array.isArray(obj.sources) && obj.sources.length > 0);
  let n = isFact && !sourced ? 1 : 0;
  for (const [k, v] of Object.entries(obj)) if (k !== 'source') n += countMissingSources(v);
  return n;
}

const dir = process.argv[2] ?? BASELINE_DIR;
const files = readPackFiles(dir);
const missing = files.reduce((n, f) => n + countMissingSources(f.json), 0);
const r = assembleKnowledgeBase(files);
if (!r.ok) {
  process.stderr.write(`pack invalid: ${r.errors.slice(0, 10).map((e) => `${e.file} ${e.path}: ${e.message}`).join('\n')}\n`);
}
const count = (name: string) => files.filter((f) => f.path === name || f.path.startsWith(name.replace('.json', '/'))).reduce((n, f) => n + (Array.isArray(f.json) ? f.json.length : 0), 0);
process.stdout.write(`${JSON.stringify({ drugs: count('drugs.json'), interactionRules: count('interactions.json'), incompatibilities: count('incompatibilities.json') + count('concentration-limits.json'), factsWithoutSource: missing })}\n`);
process.exitCode = r.ok ? 0 : 1;
