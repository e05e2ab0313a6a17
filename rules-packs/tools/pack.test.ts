/**
 * The baseline pack builds only when every fact has a source, every reference resolves and
 * the numbers are consistent (max ≥ usual, daily ≥ single, units convertible); and its
 * clinical cases pass at the accuracy targets of issue 3.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { review } from '../../app/engine/review';
import { toCanonical } from '../../app/engine/normalize/units';
import { assembleKnowledgeBase } from '../../app/knowledge/assemble';
import { indexKnowledgeBase } from '../../app/knowledge/indexed';
import type { Amount, DoseLimit } from '../../app/knowledge/schema';
import { caseToReviewRequest, readCases, scoreCase } from './cases';
import { BASELINE_DIR, readPackFiles } from './read-pack';

const files = readPackFiles(BASELINE_DIR);
const assembled = assembleKnowledgeBase(files);

describe('baseline pack', () => {
  it('validates against the schema with every reference resolved', () => {
    expect(assembled.ok ? [] : assembled.errors.slice(0, 10)).toEqual([]);
  });

  it('refuses a fact without a source, naming the file and path', () => {
    const broken = files.map((f) => (f.path.startsWith('drugs/') && Array.isArray(f.json) ? { ...f, json: f.json.map((d, i) => (i === 0 ? { ...(d as object), pregnancy: { level: 'caution', note: '无来源' } } : d)) } : f));
    const r = assembleKnowledgeBase(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: expect.stringMatching(/^drugs\//), path: '[0].pregnancy.source' });
  });

  it('refuses an interaction naming an unknown drug', () => {
    const extra = { path: 'interactions/zz.json', json: [{ id: 'x', a: { drug: 'no-such-drug' }, b: { class: 'statins' }, level: 'caution', effect: 'e', mechanism: 'm', management: 'g', source: { kind: 'label', title: '某说明书' } }] };
    const r = assembleKnowledgeBase([...files, extra]);
    expect(!r.ok && r.errors.some((e) => e.message.includes('no-such-drug'))).toBe(true);
  });

  it('has consistent dose limits', () => {
    if (!assembled.ok) return;
    const problems: string[] = [];
    const mg = (a: Amount | undefined) => (a ? toCanonical(a.value, a.unit) : null);
    const check = (drug: string, l: DoseLimit, lo: Amount | undefined, hi: Amount | undefined, what: string) => {
      const a = mg(lo);
      const b = mg(hi);
      if (a && b && (a.dimension !== b.dimension || a.value > b.value * (1 + 1e-9))) problems.push(`${drug} ${l.population} ${l.routes.join('/')}: ${what}`);
    };
    for (const d of assembled.kb.drugs) {
      for (const l of d.doses) {
        check(d.id, l, l.usualSingle, l.maxSingle, 'usualSingle > maxSingle');
        check(d.id, l, l.usualDaily, l.maxDaily, 'usualDaily > maxDaily');
        check(d.id, l, l.maxSingle, l.maxDaily, 'maxSingle > maxDaily');
        check(d.id, l, l.usualSingle, l.usualDaily ?? l.maxDaily, 'usualSingle > daily');
        if (l.population === 'pediatric' && l.minAgeYears !== undefined && l.maxAgeYears !== undefined && l.minAgeYears >= l.maxAgeYears) problems.push(`${d.id}: empty age band`);
      }
      for (const r of d.renal) if (r.egfrBelow > 130) problems.push(`${d.id}: eGFR threshold ${r.egfrBelow}`);
    }
    expect(problems).toEqual([]);
  });

  it('uses unique names so a HIS text resolves to one drug', () => {
    if (!assembled.ok) return;
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const d of assembled.kb.drugs) for (const n of [d.nameZh, ...d.aliases]) {
      const prev = seen.get(n);
      if (prev && prev !== d.id) dupes.push(`${n}: ${prev} / ${d.id}`);
      seen.set(n, d.id);
    }
    expect(dupes).toEqual([]);
  });

  it('passes its clinical cases at the accuracy targets (recall ≥ 90%, false alarms ≤ 10%)', () => {
    if (!assembled.ok) return;
    const kb = indexKnowledgeBase(assembled.kb);
    const cases = readCases(path.join(BASELINE_DIR, 'cases'));
    let pos = 0, posPass = 0, clean = 0, cleanFail = 0;
    const failures: string[] = [];
    for (const { c } of cases) {
      const s = scoreCase(c, review(kb, caseToReviewRequest(c)).findings);
      if (c.expect === 'clean') { clean++; if (!s.pass) { cleanFail++; failures.push(`${c.id}: ${s.why}`); } } else { pos++; if (s.pass) posPass++; else failures.push(`${c.id}: ${s.why}`); }
    }
    if (cases.length === 0) return;
    const recall = pos ? posPass / pos : 1;
    const falseRate = clean ? cleanFail / clean : 0;
    expect({ recall: recall >= 0.9, falseRate: falseRate <= 0.1, failures: failures.length <= cases.length }).toEqual({ recall: true, falseRate: true, failures: true });
  });
});
