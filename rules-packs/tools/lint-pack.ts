/**
 * Rule-pack linter (ESLint's rule tester, for data): every declarative rule needs its
 * metadata (title, check type, level, 点评 code, message, why, action), a doc line, at
 * least one source, and tests — rule-tests/<id>.json with cases that must fire (invalid)
 * and cases that must not (valid) — and every test must pass. A pack that fails does not
 * build (npm run packs:build) and fails `npm test` (lint-pack.test.ts).
 *
 *   npx tsx rules-packs/tools/lint-pack.ts [pack-dir]
 */
import { pathToFileURL } from 'node:url';
import { LEVEL_RANK } from '../../app/domain/levels';
import { review } from '../../app/engine/review';
import { assembleKnowledgeBase, type PackFile } from '../../app/knowledge/assemble';
import { indexKnowledgeBase } from '../../app/knowledge/indexed';
import { ruleSchema, unknownPlaceholders } from '../../app/knowledge/rules';
import { caseToReviewRequest, type ClinicalCase } from './cases';
import { BASELINE_DIR, readPackFiles } from './read-pack';

export interface LintMessage {
  readonly file: string;
  readonly rule: string;
  readonly message: string;
}

type RuleTestCase = Omit<ClinicalCase, 'expect' | 'source'>;
interface RuleTests { rule?: unknown; valid?: unknown; invalid?: unknown }

const REQUIRED_META: Record<string, string> = {
  id: '规则编号', title: '标题', checkType: '审核类型', level: '警示级别', reviewCode: '点评编码', message: '提示语模板', why: '原因', action: '处理建议', doc: '文档行', sources: '来源', when: '触发条件',
};

function asCases(v: unknown): RuleTestCase[] | null {
  return Array.isArray(v) && v.every((c) => typeof c === 'object' && c !== null && Array.isArray((c as { orders?: unknown }).orders)) ? (v as RuleTestCase[]) : null;
}

export function lintPack(files: readonly PackFile[]): LintMessage[] {
  const out: LintMessage[] = [];
  const tests = new Map<string, { file: string; json: RuleTests }>();
  for (const f of files) {
    if (!f.path.startsWith('rule-tests/')) continue;
    const id = f.path.slice('rule-tests/'.length).replace(/\.json$/, '');
    if (typeof f.json !== 'object' || f.json === null || Array.isArray(f.json)) out.push({ file: f.path, rule: id, message: '测试文件必须是 {"rule", "valid", "invalid"} 对象' });
    else tests.set(id, { file: f.path, json: f.json as RuleTests });
  }
  const ruleIds = new Set<string>();
  for (const f of files) {
    if (!f.path.startsWith('rules/')) continue;
    if (!Array.isArray(f.json)) {
      out.push({ file: f.path, rule: '', message: '规则文件必须是数组' });
      continue;
    }
    f.json.forEach((raw, i) => {
      const obj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const id = typeof obj.id === 'string' ? obj.id : `[${i}]`;
      ruleIds.add(id);
      for (const [k, zh] of Object.entries(REQUIRED_META)) {
        const v = obj[k];
        if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) out.push({ file: f.path, rule: id, message: `缺少${zh}（${k}）` });
      }
      const parsed = ruleSchema.safeParse(raw);
      if (!parsed.success) {
        for (const is of parsed.error.issues) {
          const key = String(is.path[0] ?? '');
          // Missing fields were reported above in words; report the rest as the schema says.
          if (is.path.length === 1 && REQUIRED_META[key] !== undefined && (obj[key] === undefined || obj[key] === '' || (Array.isArray(obj[key]) && (obj[key] as unknown[]).length === 0))) continue;
          out.push({ file: f.path, rule: id, message: `${is.path.map(String).join('.') || '(规则)'}: ${is.message}` });
        }
        return;
      }
      const r = parsed.data;
      for (const field of ['message', 'why', 'action'] as const) {
        for (const name of unknownPlaceholders(r[field])) out.push({ file: f.path, rule: id, message: `${field} 使用了未知占位符 {{${name}}}` });
      }
      const t = tests.get(id);
      if (!t) {
        out.push({ file: f.path, rule: id, message: `缺少测试：rule-tests/${id}.json` });
        return;
      }
      const invalid = asCases(t.json.invalid);
      const valid = asCases(t.json.valid);
      if (!invalid || invalid.length === 0) out.push({ file: t.file, rule: id, message: '至少需要一个应当触发的用例（invalid）' });
      if (!valid || valid.length === 0) out.push({ file: t.file, rule: id, message: '至少需要一个不应触发的用例（valid）' });
    });
  }
  for (const [id, t] of tests) if (!ruleIds.has(id)) out.push({ file: t.file, rule: id, message: `测试对应的规则 ${id} 不存在` });
  if (out.length > 0) return out;

  // Metadata complete: run every rule's tests through the real engine over the whole pack.
  const assembled = assembleKnowledgeBase(files);
  if (!assembled.ok) return assembled.errors.map((e) => ({ file: e.file, rule: e.path, message: `规则包无法装配：${e.message}` }));
  const kb = indexKnowledgeBase(assembled.kb);
  for (const rule of assembled.kb.rules) {
    const t = tests.get(rule.id)!;
    const fired = (c: RuleTestCase) => review(kb, caseToReviewRequest({ ...c, expect: 'clean', source: '' })).findings.filter((x) => x.ruleId === `rule:${rule.id}`);
    for (const c of asCases(t.json.invalid) ?? []) {
      const hits = fired(c);
      if (hits.length === 0) out.push({ file: t.file, rule: rule.id, message: `用例 ${c.id}（${c.title ?? ''}）应当触发，实际未触发` });
      else if (hits.some((h) => LEVEL_RANK[h.level] !== LEVEL_RANK[rule.level])) out.push({ file: t.file, rule: rule.id, message: `用例 ${c.id} 的级别与规则不一致` });
    }
    for (const c of asCases(t.json.valid) ?? []) {
      if (fired(c).length > 0) out.push({ file: t.file, rule: rule.id, message: `用例 ${c.id}（${c.title ?? ''}）不应触发，实际触发了` });
    }
  }
  return out;
}

export function formatLint(messages: readonly LintMessage[]): string {
  return messages.map((m) => `${m.file}${m.rule ? ` [${m.rule}]` : ''}: ${m.message}`).join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ?? BASELINE_DIR;
  const messages = lintPack(readPackFiles(dir));
  if (messages.length > 0) {
    console.error(`规则包 ${dir} 未通过检查（${messages.length} 个问题）：\n${formatLint(messages)}`);
    process.exit(1);
  }
  console.log(`规则包 ${dir} 检查通过`);
}
