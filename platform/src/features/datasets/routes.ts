/** /his/v1/datasets/{dataset}: batch upload of finished visits, JSON array or NDJSON. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DATASET_NAMES, DATASETS, isDatasetName } from '../../../../app/interop/datasets';
import { HttpError, parseOr400 } from '../../http/errors';
import { doc } from '../../http/openapi';
import { requireHisClient } from '../auth/service';
import { resolveInstitution, type ReviewDeps } from '../review/service';
import { parseNdjson, uploadDataset } from './upload';

const query = z.object({ institutionCode: z.string().trim().min(1).max(64).optional().describe('机构编码（县级集成密钥必填）') });

export function registerDatasetRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson'], { parseAs: 'string' }, (_req, body, done) => done(null, { ndjson: body as string }));

  app.post('/his/v1/datasets/:dataset', {
    bodyLimit: 50 * 1024 * 1024,
    schema: {
      tags: ['HIS 处方点评数据上传'],
      summary: '批量上传已完成就诊数据（就诊、病历、基本信息、诊断、处方、医嘱明细、检验、检验明细、检查）',
      description: `dataset 取值：${DATASET_NAMES.map((d) => `${d}（${DATASETS[d].zh}）`).join('、')}。请求体为 JSON 数组、{"records": [...]} 或 NDJSON（Content-Type: application/x-ndjson，每行一条）。每条记录单独校验：合格记录按业务主键插入或更新（重复上传幂等），不合格记录返回字段路径与原因，不影响同批次其他记录。`,
      params: doc(z.object({ dataset: z.enum(DATASET_NAMES as [string, ...string[]]) })),
      querystring: doc(query),
      security: [{ hisKey: [] }],
    },
  }, async (req) => {
    const client = await requireHisClient(deps.db, req.headers.authorization);
    const { dataset } = req.params as { dataset: string };
    if (!isDatasetName(dataset)) throw new HttpError(404, 'not-found', `未知的数据集 ${dataset}；可用：${DATASET_NAMES.join(', ')}`, [{ path: 'dataset', message: '未知的数据集' }]);
    const { institutionCode } = parseOr400(query, req.query, '查询参数');
    const inst = await resolveInstitution(deps.db, client, institutionCode);
    const body = req.body as unknown;
    let items: Array<{ ok: true; value: unknown } | { ok: false; error: string }>;
    if (body && typeof body === 'object' && 'ndjson' in body && typeof (body as { ndjson: unknown }).ndjson === 'string') items = parseNdjson((body as { ndjson: string }).ndjson);
    else if (Array.isArray(body)) items = body.map((value) => ({ ok: true as const, value }));
    else if (body && typeof body === 'object' && Array.isArray((body as { records?: unknown }).records)) items = ((body as { records: unknown[] }).records).map((value) => ({ ok: true as const, value }));
    else throw new HttpError(400, 'invalid-request', '请求体应为记录数组、{"records": [...]} 或 NDJSON', [{ path: '(body)', message: 'expected an array of records' }]);
    if (items.length > 20_000) throw new HttpError(413, 'payload-too-large', '单次最多 20000 条记录，请分批上传');
    return uploadDataset(deps.db, inst.id, dataset, items);
  });
}
