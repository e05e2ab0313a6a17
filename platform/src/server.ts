/**
 * The platform's HTTP server: HIS + CDS Hooks API, workstation API, OpenAPI docs, and the
 * workstation UI for browsers. Every error leaves as {error, message, issues?} with a 4xx
 * status where the caller is at fault; nothing leaves as a bare 500.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { errorBody, HttpError } from './http/errors';
import { parseJsonBody } from './http/json-body';
import { registerFhirRoutes } from './features/datasets/fhir-routes';
import { registerDatasetRoutes } from './features/datasets/routes';
import { registerHisRoutes } from './features/his/routes';
import { registerCodeMappingRoutes } from './features/code-mapping/routes';
import { registerEmpiRoutes } from './features/empi/routes';
import { registerMasterDataRoutes } from './features/master-data/routes';
import type { ReviewDeps } from './features/review/service';
import { registerReviewPlanRoutes } from './features/review-plans/routes';
import { registerCustomRuleRoutes } from './features/rule-packs/custom-rules';
import { registerRulePackRoutes } from './features/rule-packs/routes';
import { registerWorkstationRoutes } from './features/workstation/routes';
import { registerQuickReplyRoutes } from './features/workstation/quick-reply-routes';

export const RENDERER_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../renderer/dist');

/** CSP for the workstation UI served to browsers (architecture.md: CSP on). */
export const WEB_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export interface ServerOptions {
  readonly logger?: boolean;
  readonly rendererDist?: string | null;
  readonly bodyLimitBytes?: number;
}

export async function buildServer(deps: ReviewDeps, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    bodyLimit: opts.bodyLimitBytes ?? 10 * 1024 * 1024,
    // Documentation schemas only: zod validates, and responses are serialized as they are.
    ajv: { customOptions: { strict: false } },
  });
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HttpError) return reply.code(err.status).send(errorBody(err));
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError) {
      return reply.code(400).send({ error: 'invalid-json', message: `请求体不是合法的 JSON：${e.message ?? ''}`, issues: [{ path: '(body)', message: e.message ?? 'invalid JSON' }] });
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: 'payload-too-large', message: '请求体过大' });
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ error: 'unsupported-media-type', message: '仅支持 application/json' });
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return reply.code(e.statusCode).send({ error: 'invalid-request', message: e.message ?? '请求无效' });
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: 'internal', message: '服务器内部错误，已记录' });
  });
  app.setNotFoundHandler((req, reply) => {
    const accept = req.headers.accept ?? '';
    const isApi = /^\/(api|his|fhir|cds-services|docs|openapi)/.test(req.url);
    if (req.method === 'GET' && !isApi && accept.includes('text/html') && webRoot && fs.existsSync(path.join(webRoot, 'index.html'))) {
      return reply.header('content-security-policy', WEB_CSP).type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({ error: 'not-found', message: `没有这个接口：${req.method} ${req.url.split('?')[0]}` });
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '药盾 YaoDun 平台接口', version: '1.0.0', description: 'HIS 原生 JSON 接口（处方前置审核、结果查询与长轮询、取消、双签、药品字典）、CDS Hooks order-sign 服务与工作站接口。所有 HIS 接口使用 Authorization: Bearer <HIS 接入密钥>。' },
      components: { securitySchemes: { hisKey: { type: 'http', scheme: 'bearer', description: 'HIS 接入密钥' } } },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', packRevision: deps.kb().manifest.revision }));

  registerHisRoutes(app, deps);
  registerWorkstationRoutes(app, deps);
  registerQuickReplyRoutes(app, deps);
  registerDatasetRoutes(app, deps);
  registerFhirRoutes(app, deps);
  registerRulePackRoutes(app, deps);
  registerMasterDataRoutes(app, deps);
  registerCodeMappingRoutes(app, deps);
  registerEmpiRoutes(app, deps);
  registerCustomRuleRoutes(app, deps);
  registerReviewPlanRoutes(app, deps);

  const webRoot = opts.rendererDist === undefined ? RENDERER_DIST : opts.rendererDist;
  if (webRoot && fs.existsSync(webRoot)) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      setHeaders: (res) => res.setHeader('content-security-policy', WEB_CSP),
    });
  }
  return app;
}
