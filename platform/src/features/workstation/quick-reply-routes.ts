/** Workstation routes for quick-reply templates (快捷回复) and override reasons (越权通过理由). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { overridesRequestSchema, quickReplyInputSchema, quickReplyOrderSchema, type User } from '../../../../app/sync/api';
import { HttpError, parseOr400 } from '../../http/errors';
import type { ReviewDeps } from '../review/service';
import { saveOverrideDrafts } from './overrides';
import { createQuickReply, deleteQuickReply, listQuickReplies, reorderQuickReplies, updateQuickReply } from './quick-replies';
import { currentUser } from './routes';

const tags = ['工作站'];
const replyId = z.object({ id: z.string().uuid('模板 ID 格式错误') });
const taskId = z.object({ id: z.string().uuid('任务 ID 格式错误') });

async function pharmacist(deps: ReviewDeps, req: FastifyRequest): Promise<User> {
  const user = await currentUser(deps, req);
  if (user.role !== 'pharmacist') throw new HttpError(403, 'forbidden', '只有审方药师可以使用快捷回复和越权理由');
  return user;
}

export function registerQuickReplyRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.get('/api/quick-replies', { schema: { tags, summary: '我的快捷回复（首次使用时按默认驳回理由生成）' } }, async (req) => {
    const user = await pharmacist(deps, req);
    return { replies: await listQuickReplies(deps.db, user.id) };
  });

  app.post('/api/quick-replies', { schema: { tags, summary: '新增快捷回复' } }, async (req, reply) => {
    const user = await pharmacist(deps, req);
    const body = parseOr400(quickReplyInputSchema, req.body, '快捷回复');
    return reply.code(201).send(await createQuickReply(deps.db, user.id, body));
  });

  // Registered before /:id so "order" is never read as an id.
  app.put('/api/quick-replies/order', { schema: { tags, summary: '调整快捷回复顺序（ids 为全部模板的新顺序）' } }, async (req) => {
    const user = await pharmacist(deps, req);
    const { ids } = parseOr400(quickReplyOrderSchema, req.body, '排序');
    return { replies: await reorderQuickReplies(deps.db, user.id, ids) };
  });

  app.put('/api/quick-replies/:id', { schema: { tags, summary: '修改快捷回复' } }, async (req) => {
    const user = await pharmacist(deps, req);
    const { id } = parseOr400(replyId, req.params, '路径参数');
    const body = parseOr400(quickReplyInputSchema, req.body, '快捷回复');
    return updateQuickReply(deps.db, user.id, id, body);
  });

  app.delete('/api/quick-replies/:id', { schema: { tags, summary: '删除快捷回复' } }, async (req, reply) => {
    const user = await pharmacist(deps, req);
    const { id } = parseOr400(replyId, req.params, '路径参数');
    await deleteQuickReply(deps.db, user.id, id);
    return reply.code(204).send();
  });

  app.put('/api/tasks/:id/overrides', { schema: { tags, summary: '记录越权通过理由（逐条审核问题；通过时随审核决定保存）' } }, async (req) => {
    const user = await pharmacist(deps, req);
    const { id } = parseOr400(taskId, req.params, '路径参数');
    const { overrides } = parseOr400(overridesRequestSchema, req.body, '越权理由');
    return saveOverrideDrafts(deps.db, user, id, overrides);
  });
}
