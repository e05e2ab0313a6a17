/** Code mapping: HIS upload of local code items, and the admin's mapping workbench. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { codeItemQuerySchema, codeItemRecordSchema, itemKeySchema, mappingDecisionSchema } from '../../../../app/contracts/data-center';
import { parseOr400 } from '../../http/errors';
import { doc } from '../../http/openapi';
import { requireHisClient } from '../auth/service';
import { adminTags as tags, requireAdmin } from '../master-data/admin';
import { batchItems } from '../master-data/batch';
import { resolveInstitution, type ReviewDeps } from '../review/service';
import { flushSeen } from './ingest';
import { decideMapping, importCodeItems, listCodeItems, suggestionsFor, unmappedReport } from './service';

const hisQuery = z.object({ institutionCode: z.string().trim().min(1).max(64).optional().describe('机构编码（县级集成密钥必填）') });
const reportQuery = z.object({ institutionId: z.string().max(64).optional() });

export function registerCodeMappingRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.post('/his/v1/code-items', {
    bodyLimit: 50 * 1024 * 1024,
    schema: {
      tags: ['HIS 主数据'], summary: '上传本机构编码（药品、诊断、检验项目、科室），供平台编码对照',
      description: '请求体为 JSON 数组、{"records": [...]} 或 NDJSON。每条记录单独校验并返回结果；按“机构 + 类别 + 编码”插入或更新（幂等）。平台给出对照建议，经管理员确认后才在审方和数据上传中使用；未确认对照的编码保持原样并计入未对照报告。',
      querystring: doc(hisQuery), body: doc(z.array(codeItemRecordSchema)), security: [{ hisKey: [] }],
    },
  }, async (req) => {
    const client = await requireHisClient(deps.db, req.headers.authorization);
    const { institutionCode } = parseOr400(hisQuery, req.query, '查询参数');
    const inst = await resolveInstitution(deps.db, client, institutionCode);
    return importCodeItems(deps.db, inst.id, batchItems(req.body));
  });

  app.get('/api/admin/code-items', { schema: { tags, summary: '本机构编码及对照状态（按机构、类别、状态筛选）' } }, async (req) => {
    await requireAdmin(deps.db, req);
    await flushSeen(deps.db); // the counts buffered by ingest, so the list is current
    return listCodeItems(deps.db, parseOr400(codeItemQuerySchema, req.query, '查询参数'));
  });

  app.get('/api/admin/code-items/suggestions', { schema: { tags, summary: '对照建议（得分与理由；需人工确认后才使用）' } }, async (req) => {
    await requireAdmin(deps.db, req);
    return { suggestions: await suggestionsFor(deps.db, deps.kb(), parseOr400(itemKeySchema, req.query, '查询参数')) };
  });

  app.post('/api/admin/code-mappings', { schema: { tags, summary: '确认或否决对照（可选择其他目标）', body: doc(mappingDecisionSchema) } }, async (req) => {
    const user = await requireAdmin(deps.db, req);
    return decideMapping(deps.db, deps.kb(), user, parseOr400(mappingDecisionSchema, req.body, '对照决定'), req.ip);
  });

  app.get('/api/admin/code-items/unmapped', { schema: { tags, summary: '未对照编码报告（按机构、类别：数量、首次/最近出现、示例）' } }, async (req) => {
    await requireAdmin(deps.db, req);
    const { institutionId } = parseOr400(reportQuery, req.query, '查询参数');
    await flushSeen(deps.db);
    return unmappedReport(deps.db, institutionId ?? null);
  });
}
