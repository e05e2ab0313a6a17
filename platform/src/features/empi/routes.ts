/** EMPI stewardship for the admin: suspected-duplicate queue, merge, not-same, split, history. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { empiMergeSchema, empiNotSameSchema, empiSplitSchema } from '../../../../app/contracts/data-center';
import { parseOr400 } from '../../http/errors';
import { doc } from '../../http/openapi';
import { adminTags as tags, requireAdmin } from '../master-data/admin';
import type { ReviewDeps } from '../review/service';
import { empiHistory, empiQueue, markNotSame, mergePersons, resolvePerson, splitMerge } from './service';

const idParam = z.object({ id: z.string().trim().min(1).max(64) });
const historyQuery = z.object({ personId: z.string().trim().min(1).max(64).optional() });

export function registerEmpiRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.get('/api/admin/empi/queue', { schema: { tags, summary: '患者主索引：疑似重复人员队列（含匹配得分明细）' } }, async (req) => {
    await requireAdmin(deps.db, req);
    return empiQueue(deps.db);
  });
  app.post('/api/admin/empi/merge', { schema: { tags, summary: '合并两个人员（被合并者指向保留者，记录历史）', body: doc(empiMergeSchema) } }, async (req) => {
    const user = await requireAdmin(deps.db, req);
    return mergePersons(deps.db, { user, ip: req.ip }, parseOr400(empiMergeSchema, req.body, '合并请求'));
  });
  app.post('/api/admin/empi/candidates/:id/not-same', { schema: { tags, summary: '标记疑似重复为“不是同一人”', body: doc(empiNotSameSchema) } }, async (req, reply) => {
    const user = await requireAdmin(deps.db, req);
    const { id } = parseOr400(idParam, req.params, '路径参数');
    await markNotSame(deps.db, { user, ip: req.ip }, id, parseOr400(empiNotSameSchema, req.body ?? {}, '请求').reason);
    return reply.code(204).send();
  });
  app.post('/api/admin/empi/split', { schema: { tags, summary: '拆分（撤销一次合并，记录回到原人员，历史保留）', body: doc(empiSplitSchema) } }, async (req) => {
    const user = await requireAdmin(deps.db, req);
    return splitMerge(deps.db, { user, ip: req.ip }, parseOr400(empiSplitSchema, req.body, '拆分请求'));
  });
  app.get('/api/admin/empi/history', { schema: { tags, summary: '合并与拆分历史' } }, async (req) => {
    await requireAdmin(deps.db, req);
    return empiHistory(deps.db, parseOr400(historyQuery, req.query, '查询参数').personId ?? null);
  });
  app.get('/api/admin/empi/persons/:id', { schema: { tags, summary: '人员（已合并的返回保留者）及其各机构记录' } }, async (req) => {
    await requireAdmin(deps.db, req);
    return resolvePerson(deps.db, parseOr400(idParam, req.params, '路径参数').id);
  });
}
