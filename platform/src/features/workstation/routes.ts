/** The workstation API (/api): sign-in, queue, task detail, leasing, decisions, live events. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { doctorDoubleSignRequestSchema, doctorReplyRequestSchema, loginRequestSchema, type LiveEvent, type User } from '../../../../app/sync/api';
import { HttpError, parseOr400 } from '../../http/errors';
import { assertVisible, visibleInstitutions } from '../auth/scope';
import { bearer, login, logout, userForToken } from '../auth/service';
import type { Change } from '../live/bus';
import type { ReviewDeps } from '../review/service';
import { audit, verifyAuditChain } from '../audit/audit';
import { patient360 } from '../datasets/patient-360';
import { dataQuality } from '../datasets/quality';
import { applyDecision, leaseTask, releaseLease } from './commands';
import { listTaskChanges, listTasks, taskDetail } from './tasks';
import { doctorPrescriptions, doubleSignAsDoctor, replyAsDoctor } from './doctor';

const REVIEW_ROLES = new Set(['pharmacist', 'admin', 'qa']);

export async function currentUser(deps: ReviewDeps, req: FastifyRequest): Promise<User> {
  const token = bearer(req.headers.authorization);
  const user = token ? await userForToken(deps.db, token) : null;
  if (!user) throw new HttpError(401, 'unauthorized', '未登录或会话已过期，请重新登录');
  return user;
}

async function reviewer(deps: ReviewDeps, req: FastifyRequest): Promise<User> {
  const user = await currentUser(deps, req);
  if (!REVIEW_ROLES.has(user.role)) throw new HttpError(403, 'forbidden', '当前角色无权查看审方任务');
  return user;
}

const idParam = z.object({ id: z.string().uuid('任务 ID 格式错误') });
const scopeQuery = z.object({ scope: z.enum(['open', 'done']).default('open') });
const listQuery = scopeQuery.extend({ limit: z.coerce.number({ message: 'limit 必须是整数' }).int('limit 必须是整数').min(1, 'limit 至少为 1').max(20_000, 'limit 不能超过 20000').optional() });
const changesQuery = scopeQuery.extend({ since: z.coerce.number({ message: 'since 必须是游标（整数）' }).int('since 必须是整数').min(0, 'since 不能为负') });
const tags = ['工作站'];

function toLiveEvent(c: Change): LiveEvent | null {
  if (c.kind === 'task-created') return { type: 'task-created', seq: c.seq, taskId: c.entityId, maxLevel: (c.payload.maxLevel as LiveEvent & { type: 'task-created' })['maxLevel'] ?? null };
  if (c.kind === 'task-updated') return { type: 'task-updated', seq: c.seq, taskId: c.entityId, status: c.payload.status as (LiveEvent & { type: 'task-updated' })['status'] };
  if (c.kind === 'pack-activated') return { type: 'pack-activated', seq: c.seq, packId: String(c.payload.packId), revision: Number(c.payload.revision) };
  if (c.kind === 'custom-rules-changed') return { type: 'custom-rules-changed', seq: c.seq, ruleId: c.entityId };
  return null;
}

export function registerWorkstationRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.post('/api/auth/login', { schema: { tags, summary: '登录' } }, async (req) => {
    const body = parseOr400(loginRequestSchema, req.body, '登录请求');
    try {
      const r = await login(deps.db, body.username, body.password);
      await audit(deps.db, { actorType: 'user', actorId: r.user.id, actorName: r.user.displayName, institutionId: r.user.institutionId, ip: req.ip, action: 'login' });
      return r;
    } catch (e) {
      await audit(deps.db, { actorType: 'user', actorName: body.username, ip: req.ip, action: 'login-failed', detail: { reason: e instanceof HttpError ? e.code : 'error' } });
      throw e;
    }
  });

  app.post('/api/auth/logout', { schema: { tags, summary: '退出登录' } }, async (req, reply) => {
    const token = bearer(req.headers.authorization);
    if (token) await logout(deps.db, token);
    return reply.code(204).send();
  });

  app.get('/api/me', { schema: { tags, summary: '当前用户' } }, async (req) => currentUser(deps, req));

  app.get('/api/tasks', { schema: { tags, summary: '审方任务列表' } }, async (req) => {
    const user = await reviewer(deps, req);
    const { scope, limit } = parseOr400(listQuery, req.query, '查询参数');
    return listTasks(deps.db, scope, await visibleInstitutions(deps.db, user), limit ?? null);
  });

  app.get('/api/tasks/changes', { schema: { tags, summary: '审方任务增量（自游标 since 之后新建、变化与移出范围的任务）' } }, async (req) => {
    const user = await reviewer(deps, req);
    const { scope, since } = parseOr400(changesQuery, req.query, '查询参数');
    return listTaskChanges(deps.db, scope, since, await visibleInstitutions(deps.db, user));
  });

  app.get('/api/tasks/:id', { schema: { tags, summary: '审方任务详情' } }, async (req) => {
    const user = await reviewer(deps, req);
    const { id } = parseOr400(idParam, req.params, '路径参数');
    const detail = await taskDetail(deps.db, id, await visibleInstitutions(deps.db, user));
    // Who opened whose record: every view of a patient's data is audited.
    await audit(deps.db, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip: req.ip, action: 'view-task', targetType: 'prescription', targetId: detail.task.prescriptionId, detail: { taskId: id, patient: detail.patient.name } });
    return detail;
  });

  app.post('/api/tasks/:id/lease', { schema: { tags, summary: '领取（锁定）任务' } }, async (req) => {
    const user = await reviewer(deps, req);
    const { id } = parseOr400(idParam, req.params, '路径参数');
    return leaseTask(deps.db, user, id);
  });

  app.delete('/api/tasks/:id/lease', { schema: { tags, summary: '释放任务' } }, async (req, reply) => {
    const user = await reviewer(deps, req);
    const { id } = parseOr400(idParam, req.params, '路径参数');
    await releaseLease(deps.db, user, id);
    return reply.code(204).send();
  });

  app.post('/api/commands', { schema: { tags, summary: '提交审方决定（幂等：同一 commandId 返回同一结果）' } }, async (req) => {
    const user = await reviewer(deps, req);
    return applyDecision(deps.db, deps.signer, user, req.body, req.ip);
  });

  const doctorTags = ['工作站（医生）'];
  const doctorQuery = z.object({ filter: z.enum(['inbox', 'all']).default('inbox') });
  const rxParam = z.object({ id: z.string().uuid('处方 ID 格式错误') });
  app.get('/api/doctor/prescriptions', { schema: { tags: doctorTags, summary: '医生处方：待处理（驳回、可双签、事后干预）或全部（含状态）' } }, async (req) => {
    const user = await currentUser(deps, req);
    const { filter } = parseOr400(doctorQuery, req.query, '查询参数');
    return doctorPrescriptions(deps.db, user, filter);
  });

  app.post('/api/doctor/prescriptions/:id/reply', { schema: { tags: doctorTags, summary: '医生回复或申诉被驳回的处方' } }, async (req, reply) => {
    const user = await currentUser(deps, req);
    const { id } = parseOr400(rxParam, req.params, '路径参数');
    const body = parseOr400(doctorReplyRequestSchema, req.body, '回复请求');
    return reply.code(201).send(await replyAsDoctor(deps, user, id, body, req.ip));
  });

  app.post('/api/doctor/prescriptions/:id/double-sign', { schema: { tags: doctorTags, summary: '医生双签（DS）：仅限“驳回（可双签）”的处方，须填写理由' } }, async (req) => {
    const user = await currentUser(deps, req);
    const { id } = parseOr400(rxParam, req.params, '路径参数');
    const { reason } = parseOr400(doctorDoubleSignRequestSchema, req.body, '双签请求');
    return doubleSignAsDoctor(deps, user, id, reason, req.ip);
  });

  app.get('/api/audit/verify', { schema: { tags, summary: '校验审计日志哈希链（管理员）' } }, async (req) => {
    const user = await currentUser(deps, req);
    if (user.role !== 'admin' && user.role !== 'supervisor') throw new HttpError(403, 'forbidden', '仅管理员可校验审计日志');
    return verifyAuditChain(deps.db);
  });

  app.get('/api/platform/signing-key', { schema: { tags, summary: '平台签名公钥（Ed25519，用于验证审方决定签名）' } }, async () => ({ algorithm: 'Ed25519', publicKeyPem: deps.signer.publicKeyPem }));

  app.get('/api/patients/:id/360', { schema: { tags, summary: '患者 360° 视图（跨机构）' } }, async (req) => {
    const user = await reviewer(deps, req);
    const { id } = parseOr400(idParam, req.params, '路径参数');
    const view = await patient360(deps.db, id);
    // A person's records are visible when one of their institutions is in the user's scope.
    const scope = await visibleInstitutions(deps.db, user);
    const rows = await deps.db.query<{ institution_id: string }>('SELECT institution_id FROM patients WHERE id = ANY($1)', [view.institutions.map((i) => i.patientId)]);
    assertVisible(scope, rows.map((r) => r.institution_id));
    await audit(deps.db, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip: req.ip, action: 'view-360', targetType: 'patient', targetId: id, detail: { personId: view.patient.personId } });
    return view;
  });

  app.get('/api/data-quality', { schema: { tags, summary: '数据质量报告（各机构有效率、完整率、及时率与被拒记录）' } }, async (req) => {
    const user = await currentUser(deps, req);
    // Institution staff see their institution; center roles and supervisors see all.
    const own = user.role === 'doctor' ? user.institutionId : null;
    if (!['admin', 'supervisor', 'qa', 'pharmacist', 'doctor'].includes(user.role)) throw new HttpError(403, 'forbidden', '无权查看数据质量报告');
    return dataQuality(deps.db, own);
  });

  app.get('/api/events', { schema: { tags, summary: '实时事件（Server-Sent Events）' } }, async (req: FastifyRequest, reply: FastifyReply) => {
    // EventSource cannot set headers: the token may also come as ?token=.
    const q = req.query as { token?: string };
    if (!req.headers.authorization && q.token) req.headers.authorization = `Bearer ${q.token}`;
    await reviewer(deps, req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    const off = deps.bus.subscribe((c) => {
      const e = toLiveEvent(c);
      if (e) res.write(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      off();
    });
  });
}
