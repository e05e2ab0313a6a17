/**
 * Drug search for the knowledge lookup: Chinese name or alias (substring), pinyin initials
 * derived with pinyin-pro at index time from every name and alias ("amxl" → 阿莫西林,
 * "ysejsg" → 盐酸二甲双胍), the pack's own pinyin field, English name and ATC code (prefix).
 */
import { pinyin } from 'pinyin-pro';
import type { IndexedKb } from '../../../../app/knowledge/indexed';
import type { Drug } from '../../../../app/knowledge/schema';

export interface DrugSearchEntry {
  readonly drug: Drug;
  readonly names: readonly string[];
  readonly initials: readonly string[];
  readonly english: string;
  readonly atc: readonly string[];
}

export interface DrugSearchIndex {
  readonly entries: readonly DrugSearchEntry[];
}

export function initialsOf(name: string): string {
  // Only Han characters carry initials; digits and Latin letters in a name are dropped.
  const han = name.replace(/[^\u4e00-\u9fff]/g, '');
  return pinyin(han, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
}

export function buildDrugSearchIndex(kb: IndexedKb): DrugSearchIndex {
  const entries = [...kb.drugs.values()].map((drug): DrugSearchEntry => {
    const names = [drug.nameZh, ...drug.aliases];
    const initials = [...new Set([drug.pinyin, ...names.map(initialsOf)].filter((s) => s.length > 0))];
    return { drug, names, initials, english: drug.nameEn.toLowerCase(), atc: drug.atc };
  });
  return { entries };
}

export interface DrugHit {
  readonly drug: Drug;
  /** Why it matched, shown next to the name. */
  readonly matched: 'name' | 'pinyin' | 'atc' | 'english';
  readonly score: number;
}

export function searchDrugs(index: DrugSearchIndex, query: string, limit = 50): DrugHit[] {
  const q = query.trim();
  if (q === '') return [];
  const lower = q.toLowerCase();
  const upper = q.toUpperCase();
  const isAtc = /^[A-Z]\d{2}[A-Z0-9]*$/.test(upper);
  const hits: DrugHit[] = [];
  for (const e of index.entries) {
    let hit: DrugHit | null = null;
    const exactName = e.names.some((n) => n === q);
    if (exactName || e.names.some((n) => n.includes(q))) hit = { drug: e.drug, matched: 'name', score: exactName ? 0 : e.drug.nameZh.startsWith(q) ? 1 : 2 };
    else if (/^[a-z]+$/i.test(q) && e.initials.some((i) => i.startsWith(lower))) hit = { drug: e.drug, matched: 'pinyin', score: e.initials.some((i) => i === lower) ? 0 : 1 };
    else if (isAtc && e.atc.some((a) => a.startsWith(upper))) hit = { drug: e.drug, matched: 'atc', score: e.atc.includes(upper) ? 0 : 1 };
    else if (lower.length >= 3 && e.english.includes(lower)) hit = { drug: e.drug, matched: 'english', score: 2 };
    if (hit) hits.push(hit);
  }
  return hits.sort((a, b) => a.score - b.score || a.drug.nameZh.length - b.drug.nameZh.length || a.drug.nameZh.localeCompare(b.drug.nameZh, 'zh-CN')).slice(0, limit);
}
