/** The linter passes the baseline and fails a rule that lacks metadata, a doc line, a source or a test. */
import { describe, expect, it } from 'vitest';
import { formatLint, lintPack } from './lint-pack';
import { BASELINE_DIR, readPackFiles } from './read-pack';

const files = readPackFiles(BASELINE_DIR);
const ruleFile = files.find((f) => f.path.startsWith('rules/'))!;
const rule = (ruleFile.json as Record<string, unknown>[])[0]!;
const testFile = files.find((f) => f.path === `rule-tests/${String(rule.id)}.json`)!;

function withRule(patch: (r: Record<string, unknown>) => Record<string, unknown>, keepTests = true) {
  return files
    .filter((f) => keepTests || f !== testFile)
    .map((f) => (f === ruleFile ? { ...f, json: [patch({ ...rule })] } : f));
}

describe('lint-pack', () => {
  it('passes the baseline pack (every rule has metadata, a doc line, sources and passing tests)', () => {
    const messages = lintPack(files);
    expect(formatLint(messages)).toBe('');
    expect(files.filter((f) => f.path.startsWith('rules/')).length).toBeGreaterThan(0);
  });

  it('fails a rule without a doc line', () => {
    const m = lintPack(withRule((r) => { delete r.doc; return r; }));
    expect(m).toContainEqual(expect.objectContaining({ rule: rule.id, message: '缺少文档行（doc）' }));
  });

  it('fails a rule without a source', () => {
    const m = lintPack(withRule((r) => ({ ...r, sources: [] })));
    expect(m).toContainEqual(expect.objectContaining({ message: '缺少来源（sources）' }));
  });

  it('fails a rule without metadata (level, 点评 code)', () => {
    const m = lintPack(withRule((r) => { delete r.level; delete r.reviewCode; return r; }));
    expect(m.map((x) => x.message)).toEqual(expect.arrayContaining(['缺少警示级别（level）', '缺少点评编码（reviewCode）']));
  });

  it('fails a rule without tests', () => {
    const m = lintPack(withRule((r) => r, false));
    expect(m).toContainEqual(expect.objectContaining({ message: `缺少测试：rule-tests/${String(rule.id)}.json` }));
  });

  it('fails an unknown placeholder', () => {
    const m = lintPack(withRule((r) => ({ ...r, message: '{{drug}} {{dose}}' })));
    expect(m).toContainEqual(expect.objectContaining({ message: 'message 使用了未知占位符 {{dose}}' }));
  });

  it('fails when a test does not behave as the rule says (the rule no longer fires)', () => {
    const m = lintPack(withRule((r) => ({ ...r, when: { ...(r.when as object), ageYears: { max: 1 } } })));
    expect(m.some((x) => x.message.includes('应当触发，实际未触发'))).toBe(true);
  });

  it('fails when a valid case fires (a rule that fires on correct prescriptions is a defect)', () => {
    const m = lintPack(withRule((r) => ({ ...r, when: { classes: (r.when as { classes: string[] }).classes } })));
    expect(m.some((x) => x.message.includes('不应触发，实际触发了'))).toBe(true);
  });
});
