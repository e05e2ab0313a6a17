/**
 * The HIS-native JSON API (interop.md, "the team designs it"), under /his/v1, and the CDS
 * Hooks service. Both authenticate with the HIS client key (Authorization: Bearer).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { planAction } from '../../../../app/domain/review-plan';
import { review } from '../../../../app/engine/review';
import { CDS_DISCOVERY, parseCdsRequest, SERVICE_ID, toCdsResponse } from '../../../../app/interop/cds-hooks';
import { hisCancelSchema, hisCheckRequestSchema, hisDoubleSignSchema, hisReplySchema, hisResultQuerySchema } from '../../../../app/interop/his';
import { HttpError, parseOr400 } from '../../http/errors';
import { doc } from '../../http/openapi';
import { requireHisClient, type HisClient } from '../auth/service';
import { cancelPrescription, doubleSignPrescription, findPrescription, getResult, submitPrescription, type ReviewDeps } from '../review/service';
import { addReply } from '../workstation/doctor';

function hisClient(deps: ReviewDeps, req: FastifyRequest): Promise<HisClient> {
  return requireHisClient(deps.db, req.headers.authorization);
}

const noParam = z.object({ prescriptionNo: z.string().min(1).max(64) });
const security = [{ hisKey: [] }];

export function registerHisRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.get('/cds-services', { schema: { tags: ['CDS Hooks'], summary: 'CDS Hooks 服务发现' } }, async () => CDS_DISCOVERY);

  app.post(`/cds-services/${SERVICE_ID}`, {
    schema: { tags: ['CDS Hooks'], summary: 'order-sign：签署医嘱前审核（CDS Hooks 2.0）', security },
  }, async (req) => {
    await hisClient(deps, req);
    const parsed = parseCdsRequest(req.body);
    if (!parsed.ok) throw new HttpError(400, 'invalid-request', `CDS Hooks 请求无效：${parsed.issues[0]?.path ?? ''} ${parsed.issues[0]?.message ?? ''}`, parsed.issues);
    const result = review(deps.kb(), parsed.value.request);
    return toCdsResponse(result.findings, result.maxLevel, planAction(await deps.plan(), result.maxLevel), result.packRevision, randomUUID);
  });

  app.post('/his/v1/prescriptions/check', {
    schema: {
      tags: ['HIS 处方前置审核'], summary: '提交处方审核（门诊处方、住院医嘱、互联网医院电子处方）',
      description: '同一机构内同一处方号再次提交视为医生修改后的新版本，旧版本审核任务关闭，新版本重新审核，两次审核记录均保留。返回系统审核结果与处置建议（pass 通过 / warn 提示 / review 待药师审核 / block 拦截）。',
      body: doc(hisCheckRequestSchema), security,
    },
  }, async (req) => {
    const client = await hisClient(deps, req);
    const body = parseOr400(hisCheckRequestSchema, req.body, '处方');
    return submitPrescription(deps, client, body);
  });

  if (process.env.YAODUN_BENCH === '1') {
    // Benchmark only: parse, validate and store exactly like /check, without running the engine.
    app.post('/his/v1/bench/store-only', { schema: { hide: true } }, async (req) => {
      const client = await hisClient(deps, req);
      return submitPrescription(deps, client, parseOr400(hisCheckRequestSchema, req.body, '处方'), { runEngine: false });
    });
  }

  app.get('/his/v1/prescriptions/:prescriptionNo/result', {
    schema: {
      tags: ['HIS 处方前置审核'], summary: '查询审核结果（可长轮询等待药师审核）',
      description: 'wait>0 时，若处方仍在药师审核中，则最多等待 wait 秒，审核完成（或超时熔断自动通过）立即返回。final=true 表示已有最终结果；mayProceed=true 表示可收费发药。',
      params: doc(noParam), querystring: doc(hisResultQuerySchema), security,
    },
  }, async (req) => {
    const client = await hisClient(deps, req);
    const { prescriptionNo } = parseOr400(noParam, req.params, '路径参数');
    const query = parseOr400(hisResultQuerySchema, req.query, '查询参数');
    const ac = new AbortController();
    req.raw.on('close', () => ac.abort());
    return getResult(deps, client, prescriptionNo, query.institutionCode, query.wait, ac.signal);
  });

  app.post('/his/v1/prescriptions/:prescriptionNo/cancel', {
    schema: { tags: ['HIS 处方前置审核'], summary: '医生取消处方（DN）', params: doc(noParam), body: doc(hisCancelSchema), security },
  }, async (req) => {
    const client = await hisClient(deps, req);
    const { prescriptionNo } = parseOr400(noParam, req.params, '路径参数');
    return cancelPrescription(deps, client, prescriptionNo, parseOr400(hisCancelSchema, req.body ?? {}, '取消请求'), req.ip);
  });

  app.post('/his/v1/prescriptions/:prescriptionNo/double-sign', {
    schema: { tags: ['HIS 处方前置审核'], summary: '医生双签（DS）：仅限“驳回（可双签）”的处方，须填写理由', params: doc(noParam), body: doc(hisDoubleSignSchema), security },
  }, async (req) => {
    const client = await hisClient(deps, req);
    const { prescriptionNo } = parseOr400(noParam, req.params, '路径参数');
    return doubleSignPrescription(deps, client, prescriptionNo, parseOr400(hisDoubleSignSchema, req.body, '双签请求'), req.ip);
  });

  app.post('/his/v1/prescriptions/:prescriptionNo/reply', {
    schema: {
      tags: ['HIS 处方前置审核'], summary: '医生回复 / 申诉被驳回的处方',
      description: '医生在 HIS 中对药师的驳回结果或事后干预进行回复（reply）或申诉（appeal）。不改变处方状态；回复内容进入处方流转记录，审方药师在任务的状态历史中可见，未处理的事后干预标记为已回复。返回 201 与回复编号。',
      params: doc(noParam), body: doc(hisReplySchema), security,
    },
  }, async (req, reply) => {
    const client = await hisClient(deps, req);
    const { prescriptionNo } = parseOr400(noParam, req.params, '路径参数');
    const body = parseOr400(hisReplySchema, req.body, '回复请求');
    const saved = await deps.db.tx(async (q) => {
      const p = await findPrescription(q, client, prescriptionNo, body.institutionCode, true);
      return addReply(q, p, { kind: body.kind, text: body.text }, { id: body.doctorCode, name: body.doctorName ?? body.doctorCode, source: 'his', auditType: 'his' }, req.ip);
    });
    return reply.code(201).send({ prescriptionNo, ...saved });
  });

  const drugQuery = z.object({ q: z.string().trim().max(50).default(''), limit: z.coerce.number().int().min(1).max(200).default(50) });
  app.get('/his/v1/drugs', {
    schema: { tags: ['HIS 字典'], summary: '药品基础字典查询（通用名、拼音首字母、ATC）', querystring: doc(drugQuery), security },
  }, async (req) => {
    await hisClient(deps, req);
    const { q, limit } = parseOr400(drugQuery, req.query, '查询参数');
    const kb = deps.kb();
    const needle = q.toLowerCase();
    const out = [];
    for (const d of kb.drugs.values()) {
      if (needle && !(d.nameZh.includes(q) || d.pinyin.startsWith(needle) || d.atc.some((a) => a.toLowerCase().startsWith(needle)) || d.aliases.some((a) => a.includes(q)))) continue;
      out.push({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn, atc: d.atc, forms: d.forms, essential: d.essential, antibacterialTier: d.antibacterialTier?.tier ?? null, highAlert: !!d.highAlert });
      if (out.length >= limit) break;
    }
    return { packRevision: kb.manifest.revision, drugs: out };
  });
}
