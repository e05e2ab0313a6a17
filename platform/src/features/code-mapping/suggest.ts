/**
 * Mapping suggestions for one local code item, ranked by a score with the reasons that
 * earned it. Pure: the caller passes the catalog and what other institutions confirmed.
 * A suggestion is never used at ingest — a person confirms one first (service.ts).
 *
 * Drug points: 通用名 exact 60 / contained 40, ATC 30, 拼音首字母 15, 规格 (after explicit
 * unit conversion to mg/ml/IU/mmol) 15, 剂型 5, same name + manufacturer confirmed by another
 * institution 20. A score of CONFIDENT or more is shown as a confident suggestion.
 */
import { pinyin } from 'pinyin-pro';
import type { CodeKind, Suggestion } from '../../../../app/contracts/data-center';
import { labKindOf, labLoincCodes } from '../../../../app/engine/normalize/labs';
import { CANONICAL_UNIT, parseStrength, type Canonical } from '../../../../app/engine/normalize/units';
import type { IndexedKb } from '../../../../app/knowledge/indexed';
import { ICD10_RE, LOINC_RE, PLATFORM_DEPARTMENTS } from './catalogs';

export const CONFIDENT = 50;

export interface LocalItem { readonly kind: CodeKind; readonly code: string; readonly name: string | null; readonly spec?: string | null; readonly manufacturer?: string | null; readonly atc?: string | null }
/** A confirmed mapping of another institution: the same local name (and maker) is strong evidence. */
export interface PeerMapping { readonly name: string | null; readonly manufacturer: string | null; readonly targetCode: string; readonly targetName: string | null; readonly institution: string }

const FORM_WORDS = /(注射用|缓释片|控释片|肠溶片|分散片|咀嚼片|泡腾片|含片|薄膜衣片|片|肠溶胶囊|缓释胶囊|软胶囊|胶囊|注射液|输液|颗粒|口服溶液|口服液|混悬液|干混悬剂|糖浆|滴眼液|滴耳液|滴鼻液|眼膏|软膏|乳膏|凝胶|气雾剂|喷雾剂|栓|贴剂|贴|散|丸|粉针|溶液|注射剂)/g;

/** The generic-name part of a local drug name: no 规格, no dosage form, no brackets. */
export function genericPart(name: string): string {
  return name.replace(/[（(][^）)]*[）)]/g, '').replace(/[\d.]+\s*(%|[a-zA-Zμµ万单位国际毫克升]+)?([:：/*×xX][\d.]*\s*[a-zA-Zμµ万单位粒片支袋]*)*/g, '').replace(FORM_WORDS, '').replace(/\s+/g, '').trim();
}

export function initials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase().replace(/[^a-z]/g, '');
}

const sameAmount = (a: Canonical, b: Canonical) => a.dimension === b.dimension && Math.abs(a.value - b.value) <= 1e-9 * Math.max(1, a.value);
const show = (c: Canonical) => `${Number(c.value.toPrecision(6))}${CANONICAL_UNIT[c.dimension]}`;

function peerReason(p: PeerMapping, withMaker: boolean): string {
  return `${p.institution}已确认同名${withMaker ? '同厂家' : ''}项目“${p.name ?? ''}”对照为此目标`;
}

type Acc = Map<string, { name: string; score: number; reasons: string[] }>;
const add = (acc: Acc, code: string, name: string, points: number, reason: string) => {
  const e = acc.get(code) ?? { name, score: 0, reasons: [] };
  e.score += points;
  e.reasons.push(`${reason}（+${points}）`);
  acc.set(code, e);
};

function drugSuggestions(kb: IndexedKb, item: LocalItem, acc: Acc): void {
  const name = item.name ?? '';
  const generic = genericPart(name);
  const ini = generic ? initials(generic) : '';
  const strength = parseStrength(item.spec ?? name).perUnit;
  for (const d of kb.drugs.values()) {
    const names = [d.nameZh, ...d.aliases];
    const before = acc.get(d.id)?.score ?? 0;
    if (names.includes(generic)) add(acc, d.id, d.nameZh, 60, `通用名完全一致：${generic}`);
    else {
      const hit = names.filter((n) => name.includes(n)).sort((a, b) => b.length - a.length)[0];
      if (hit) add(acc, d.id, d.nameZh, 40, `名称包含通用名“${hit}”`);
    }
    if (item.atc && d.atc.includes(item.atc)) add(acc, d.id, d.nameZh, 30, `ATC ${item.atc} 一致`);
    if (ini.length >= 2 && ini === d.pinyin) add(acc, d.id, d.nameZh, 15, `拼音首字母 ${ini} 一致`);
    // 规格 and 剂型 only refine a drug that matched on identity: alone they say nothing.
    if ((acc.get(d.id)?.score ?? 0) === before) continue;
    if (strength) {
      for (const f of d.forms) {
        const match = f.strengths.map((s) => ({ s, c: parseStrength(s).perUnit })).find((x) => x.c && sameAmount(x.c, strength));
        if (match) {
          add(acc, d.id, d.nameZh, 15, `规格 ${item.spec ?? '（名称中）'} 换算为 ${show(strength)}，与目录规格 ${match.s}（${show(match.c!)}）一致`);
          break;
        }
      }
    }
    const form = d.forms.find((f) => name.includes(f.form));
    if (form) add(acc, d.id, d.nameZh, 5, `剂型 ${form.form} 一致`);
  }
}

function departmentSuggestions(item: LocalItem, acc: Acc): void {
  const name = (item.name ?? '').trim();
  if (!name) return;
  const ini = initials(name);
  for (const [code, target] of PLATFORM_DEPARTMENTS) {
    if (target === name) add(acc, code, target, 80, `科室名称完全一致：${target}`);
    else if (target.includes(name) || name.includes(target)) add(acc, code, target, 50, `科室名称“${name}”与“${target}”相互包含`);
    else if (ini.length >= 2 && ini === initials(target)) add(acc, code, target, 10, `拼音首字母 ${ini} 一致`);
  }
}

export function suggest(kb: IndexedKb, item: LocalItem, peers: readonly PeerMapping[], targetName: (code: string) => string | null, limit = 5): Omit<Suggestion, 'rejected'>[] {
  const acc: Acc = new Map();
  if (item.kind === 'drug') drugSuggestions(kb, item, acc);
  else if (item.kind === 'department') departmentSuggestions(item, acc);
  else if (item.kind === 'diagnosis') {
    if (ICD10_RE.test(item.code)) add(acc, item.code, item.code, 40, '本机构编码本身符合 ICD-10 格式');
  } else {
    if (LOINC_RE.test(item.code)) add(acc, item.code, item.code, 40, '本机构编码本身符合 LOINC 格式');
    const kind = item.name ? labKindOf({ text: item.name, value: 0 }) : null;
    const loinc = kind ? labLoincCodes(kind)[0] : undefined;
    if (loinc) add(acc, loinc, `${item.name}（${kind}）`, 55, `名称“${item.name}”匹配平台检验项目 ${kind}（LOINC ${loinc}）`);
  }
  for (const p of peers) {
    if (!p.name || p.name !== item.name) continue;
    const maker = !!item.manufacturer && p.manufacturer === item.manufacturer;
    add(acc, p.targetCode, p.targetName ?? targetName(p.targetCode) ?? p.targetCode, maker ? 20 : 10, peerReason(p, maker));
  }
  return [...acc.entries()]
    .map(([targetCode, e]) => ({ targetCode, targetName: targetName(targetCode) ?? e.name, score: e.score, reasons: e.reasons }))
    .sort((a, b) => b.score - a.score || a.targetCode.localeCompare(b.targetCode))
    .slice(0, limit);
}
