/**
 * 用药规则管理 (seed 001 item 18): custom rules kept on the platform and applied by the
 * engine as an overlay on the active pack, on every node (live bus), without building a
 * pack. Every change is audited with the rule before and after. And the dictionaries of
 * seed 002 §3.6.2.2: 审方基础字典, 药品属性字典, 错误码字典.
 */
import type { FastifyInstance } from 'fastify';
import { CHECK_TYPES } from '../../../../app/domain/check-types';
import { CDS_INDICATOR, LEVEL_ZH, LEVELS, RISK_CLASS_ZH } from '../../../../app/domain/levels';
import { REVIEW_CATEGORIES, REVIEW_CODE_SOURCE, REVIEW_CODES } from '../../../../app/domain/review-codes';
import { ruleSchema, unknownPlaceholders, PLACEHOLDERS, type Rule } from '../../../../app/knowledge/rules';
import { HttpError, parseOr400 } from '../../http/errors';
import { appendAudit } from '../audit/audit';
import { appendChange } from '../live/bus';
import type { ReviewDeps } from '../review/service';
import { currentUser } from '../workstation/routes';
import { readCustomRules } from './active';
import { packState, requireAdmin } from './routes';

const tags = ['用药规则管理'];

/** References and templates a schema cannot check: drugs and classes of the active pack, placeholders, no clash with a pack rule. */
function semanticIssues(deps: ReviewDeps, r: Rule): Array<{ path: string; message: string }> {
  const kb = packState(deps).snapshot().base;
  const issues: Array<{ path: string; message: string }> = [];
  (r.when.drugs ?? []).forEach((d, i) => { if (!kb.drugs.has(d)) issues.push({ path: `when.drugs.${i}`, message: `当前规则包中没有药品 ${d}` }); });
  (r.when.classes ?? []).forEach((c, i) => { if (!kb.classes.has(c)) issues.push({ path: `when.classes.${i}`, message: `当前规则包中没有药物类别 ${c}` }); });
  for (const field of ['message', 'why', 'action'] as const) {
    for (const name of unknownPlaceholders(r[field])) issues.push({ path: field, message: `未知占位符 {{${name}}}，可用：${PLACEHOLDERS.join('、')}` });
  }
  if (kb.rules.some((x) => x.id === r.id)) issues.push({ path: 'id', message: `规则编号 ${r.id} 与规则包中的规则重复` });
  if (Object.keys(r.when).length === 0 && r.institutionsOnly.length === 0) issues.push({ path: 'when', message: '至少需要一个触发条件，否则每张处方都会触发' });
  return issues;
}

export function registerCustomRuleRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.get('/api/custom-rules', { schema: { tags, summary: '自定义用药规则列表（叠加在当前规则包之上生效）' } }, async (req) => {
    const user = await currentUser(deps, req);
    if (!['admin', 'pharmacist', 'qa', 'supervisor'].includes(user.role)) throw new HttpError(403, 'forbidden', '无权查看用药规则');
    return { rules: await readCustomRules(deps.db) };
  });

  app.post('/api/custom-rules', { schema: { tags, summary: '新增或修改一条自定义用药规则（立即在所有节点生效，已审计）' } }, async (req) => {
    const user = await requireAdmin(deps, req);
    const rule = parseOr400(ruleSchema, req.body, '用药规则');
    const issues = semanticIssues(deps, rule);
    if (issues.length > 0) throw new HttpError(400, 'invalid-request', `用药规则无效：${issues[0]!.path} ${issues[0]!.message}`, issues);
    await deps.db.tx(async (q) => {
      const [before] = await q.query<{ rule: unknown }>('SELECT rule FROM custom_rules WHERE id = $1 FOR UPDATE', [rule.id]);
      await q.query(`INSERT INTO custom_rules (id, rule, updated_by) VALUES ($1, $2, $3)
        ON CONFLICT (id) DO UPDATE SET rule = EXCLUDED.rule, updated_by = EXCLUDED.updated_by, updated_at = now()`, [rule.id, JSON.stringify(rule), user.id]);
      await appendAudit(q, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip: req.ip, action: before ? 'custom-rule-updated' : 'custom-rule-created', targetType: 'custom-rule', targetId: rule.id, detail: { before: before?.rule ?? null, after: rule } });
      await appendChange(q, 'custom-rules-changed', rule.id, { id: rule.id });
    });
    await packState(deps).reload(deps.db);
    return { rules: await readCustomRules(deps.db) };
  });

  app.delete('/api/custom-rules/:id', { schema: { tags, summary: '删除一条自定义用药规则（已审计）' } }, async (req) => {
    const user = await requireAdmin(deps, req);
    const { id } = req.params as { id: string };
    await deps.db.tx(async (q) => {
      const [before] = await q.query<{ rule: unknown }>('DELETE FROM custom_rules WHERE id = $1 RETURNING rule', [id]);
      if (!before) throw new HttpError(404, 'not-found', `没有这条用药规则：${id}`);
      await appendAudit(q, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip: req.ip, action: 'custom-rule-deleted', targetType: 'custom-rule', targetId: id, detail: { before: before.rule } });
      await appendChange(q, 'custom-rules-changed', id, { id });
    });
    await packState(deps).reload(deps.db);
    return { rules: await readCustomRules(deps.db) };
  });

  app.get('/api/dictionaries', { schema: { tags, summary: '审方基础字典、药品属性字典、错误码字典（种子 002 §3.6.2.2）' } }, async (req) => {
    await currentUser(deps, req);
    const kb = packState(deps).snapshot().base;
    const drugs = [...kb.drugs.values()];
    const count = (p: (d: (typeof drugs)[number]) => boolean) => drugs.filter(p).length;
    return {
      basic: {
        checkTypes: Object.entries(CHECK_TYPES).map(([code, v]) => ({ code, zh: v.zh, reviewCode: v.reviewCode })),
        levels: LEVELS.map((code) => ({ code, zh: LEVEL_ZH[code], riskClass: RISK_CLASS_ZH[code], cdsIndicator: CDS_INDICATOR[code] })),
        visitTypes: [{ code: 'AMB', zh: '门诊' }, { code: 'EMER', zh: '急诊' }, { code: 'IMP', zh: '住院' }],
      },
      drugAttributes: [
        { code: 'antibacterialTier', zh: '抗菌药物分级', values: [{ code: 'non-restricted', zh: '非限制使用级', drugs: count((d) => d.antibacterialTier?.tier === 'non-restricted') }, { code: 'restricted', zh: '限制使用级', drugs: count((d) => d.antibacterialTier?.tier === 'restricted') }, { code: 'special', zh: '特殊使用级', drugs: count((d) => d.antibacterialTier?.tier === 'special') }] },
        { code: 'controlled', zh: '特殊管理药品', values: [{ code: 'narcotic', zh: '麻醉药品', drugs: count((d) => d.controlled?.class === 'narcotic') }, { code: 'psychotropic-1', zh: '第一类精神药品', drugs: count((d) => d.controlled?.class === 'psychotropic-1') }, { code: 'psychotropic-2', zh: '第二类精神药品', drugs: count((d) => d.controlled?.class === 'psychotropic-2') }] },
        { code: 'highAlert', zh: '高警示药品', values: [{ code: 'true', zh: '是', drugs: count((d) => d.highAlert !== undefined) }] },
        { code: 'essential', zh: '国家基本药物', values: [{ code: 'true', zh: '是', drugs: count((d) => d.essential) }] },
        { code: 'skinTest', zh: '需皮试', values: [{ code: 'true', zh: '是', drugs: count((d) => d.skinTest !== undefined) }] },
        { code: 'ppi', zh: '质子泵抑制剂', values: [{ code: 'true', zh: '是', drugs: count((d) => d.ppi) }] },
      ],
      reviewCodes: Object.entries(REVIEW_CODES).map(([code, zh]) => ({ code, zh, category: REVIEW_CATEGORIES[code[0] as keyof typeof REVIEW_CATEGORIES] })),
      reviewCodeSource: REVIEW_CODE_SOURCE,
      classes: [...kb.classes.values()].map((c) => ({ id: c.id, zh: c.nameZh })),
    };
  });
}
