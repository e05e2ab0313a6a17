/**
 * Master data: HIS upload of departments and staff (/his/v1/master-data/…, per-record
 * results), the admin's .xlsx import and listings (/api/admin/master-data/…), and the
 * institutions' level / region.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { departmentRecordSchema, staffRecordSchema } from '../../../../app/contracts/data-center';
import type { Db } from '../../db/db';
import { iso } from '../../db/db';
import { HttpError, parseOr400 } from '../../http/errors';
import { doc } from '../../http/openapi';
import { audit } from '../audit/audit';
import { requireHisClient } from '../auth/service';
import { resolveInstitution, type ReviewDeps } from '../review/service';
import { adminTags as tags, requireAdmin } from './admin';
import { batchItems } from './batch';
import { importMasterData, type MasterDataKind } from './import';
import { readMasterDataSheet, XLSX_COLUMNS } from './xlsx';

const XLSX_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];
const hisQuery = z.object({ institutionCode: z.string().trim().min(1).max(64).optional().describe('机构编码（县级集成密钥必填）') });
const kindParam = z.object({ kind: z.enum(['departments', 'staff']) });
const instQuery = z.object({ institutionId: z.string().trim().min(1).max(64).describe('机构 ID') });
const institutionPatch = z.object({
  level: z.enum(['县级医院', '乡镇卫生院', '社区卫生服务中心', '村卫生室']).optional().describe('机构级别'),
  region: z.string().trim().min(1).max(64).optional().describe('所属区域（乡镇）'),
  divisionCode: z.string().regex(/^\d{6}(\d{3})?$/, '行政区划代码应为 6 或 9 位数字').optional().describe('行政区划代码'),
});
const idParam = z.object({ id: z.string().trim().min(1).max(64) });

const batchDescription = '请求体为 JSON 数组、{"records": [...]} 或 NDJSON（Content-Type: application/x-ndjson）。每条记录单独校验：合格记录按“机构 + 编码”插入或更新（重复上传幂等），不合格记录返回字段路径与原因，不影响同批次其他记录。机构专属密钥只能写入本机构。';

async function institutionExists(db: Db, id: string): Promise<void> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM institutions WHERE id = $1', [id]);
  if (!row) throw new HttpError(400, 'invalid-request', `未知的机构 ${id}`, [{ path: 'institutionId', message: '机构不存在' }]);
}

export function registerMasterDataRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.addContentTypeParser(XLSX_TYPES, { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, { xlsx: body as Buffer }));

  const his = (kind: MasterDataKind, summary: string, schema: z.ZodType) => app.post(`/his/v1/master-data/${kind}`, {
    bodyLimit: 50 * 1024 * 1024,
    schema: { tags: ['HIS 主数据'], summary, description: batchDescription, querystring: doc(hisQuery), body: doc(z.array(schema)), security: [{ hisKey: [] }] },
  }, async (req) => {
    const client = await requireHisClient(deps.db, req.headers.authorization);
    const { institutionCode } = parseOr400(hisQuery, req.query, '查询参数');
    const inst = await resolveInstitution(deps.db, client, institutionCode);
    return importMasterData(deps.db, inst.id, kind, batchItems(req.body), 'his');
  });
  his('departments', '上传科室字典', departmentRecordSchema);
  his('staff', '上传人员（医师、药师）及处方权限：职称、处方权、抗菌药物分级处方权、麻醉药品和第一类精神药品处方权', staffRecordSchema);

  app.post('/api/admin/master-data/:kind/import', {
    bodyLimit: 20 * 1024 * 1024,
    schema: { tags, summary: `Excel（.xlsx）导入科室或人员：第 1 行为中文表头（人员：${XLSX_COLUMNS.staff.map((c) => c.header).join('、')}；科室：${XLSX_COLUMNS.departments.map((c) => c.header).join('、')}），逐行返回结果` },
  }, async (req) => {
    const user = await requireAdmin(deps.db, req);
    const { kind } = parseOr400(kindParam, req.params, '路径参数');
    const { institutionId } = parseOr400(instQuery, req.query, '查询参数');
    await institutionExists(deps.db, institutionId);
    const body = req.body as { xlsx?: unknown } | undefined;
    if (!body || !Buffer.isBuffer(body.xlsx)) throw new HttpError(415, 'unsupported-media-type', `请以 ${XLSX_TYPES[0]} 上传 .xlsx 文件`);
    const sheet = await readMasterDataSheet(body.xlsx, kind);
    const r = await importMasterData(deps.db, institutionId, kind, sheet.items, 'xlsx', sheet.rowOf);
    await audit(deps.db, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip: req.ip, action: 'config', targetType: `master-data-${kind}`, targetId: institutionId, detail: { change: 'xlsx-import', accepted: r.accepted, rejected: r.rejected } });
    return {
      ...r,
      // Name the spreadsheet row and column, not the JSON field.
      results: r.results.map((x) => ({
        ...x,
        row: Number(/\d+/.exec(sheet.rowOf(x.index))?.[0]),
        ...(x.status === 'rejected' ? { issues: x.issues.map((i) => {
          const field = i.path.split('.')[1];
          const column = field ? sheet.columnOf.get(field) ?? field : null;
          return { path: column ? `${sheet.rowOf(x.index)} ${column}` : i.path, column, message: i.message };
        }) } : {}),
      })),
    };
  });

  app.get('/api/admin/master-data/:kind', { schema: { tags, summary: '科室或人员列表（主数据）' } }, async (req) => {
    await requireAdmin(deps.db, req);
    const { kind } = parseOr400(kindParam, req.params, '路径参数');
    const { institutionId } = parseOr400(instQuery, req.query, '查询参数');
    if (kind === 'departments') {
      const rows = await deps.db.query<{ code: string; name: string; category: string | null; active: boolean }>('SELECT code, name, category, active FROM departments WHERE institution_id = $1 ORDER BY code', [institutionId]);
      return { departments: rows };
    }
    const rows = await deps.db.query<{ code: string; name: string; title: string; department_code: string | null; prescribing_right: boolean; antibacterial_tier: string; narcotic_right: boolean; active: boolean; has_id_card: boolean; updated_at: Date }>(
      'SELECT code, name, title, department_code, prescribing_right, antibacterial_tier, narcotic_right, active, id_card_hash IS NOT NULL AS has_id_card, updated_at FROM staff WHERE institution_id = $1 ORDER BY code', [institutionId]);
    return { staff: rows.map((s) => ({ code: s.code, name: s.name, title: s.title, departmentCode: s.department_code, prescribingRight: s.prescribing_right, antibacterialTier: s.antibacterial_tier, narcoticRight: s.narcotic_right, active: s.active, hasIdCard: s.has_id_card, updatedAt: iso(s.updated_at) })) };
  });

  app.get('/api/admin/institutions', { schema: { tags, summary: '机构列表（级别、区域）' } }, async (req) => {
    await requireAdmin(deps.db, req);
    const rows = await deps.db.query<{ id: string; code: string; name: string; level: string; region: string | null; division_code: string | null; parent_id: string | null }>('SELECT id, code, name, level, region, division_code, parent_id FROM institutions ORDER BY code');
    return { institutions: rows.map((r) => ({ id: r.id, code: r.code, name: r.name, level: r.level, region: r.region, divisionCode: r.division_code, parentId: r.parent_id })) };
  });

  app.patch('/api/admin/institutions/:id', { schema: { tags, summary: '修改机构级别、区域、行政区划代码', body: doc(institutionPatch) } }, async (req) => {
    const user = await requireAdmin(deps.db, req);
    const { id } = parseOr400(idParam, req.params, '路径参数');
    const patch = parseOr400(institutionPatch, req.body ?? {}, '机构信息');
    const [row] = await deps.db.query<{ id: string }>(
      'UPDATE institutions SET level = COALESCE($2, level), region = COALESCE($3, region), division_code = COALESCE($4, division_code) WHERE id = $1 RETURNING id', [id, patch.level ?? null, patch.region ?? null, patch.divisionCode ?? null]);
    if (!row) throw new HttpError(404, 'not-found', '机构不存在');
    await audit(deps.db, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip: req.ip, action: 'config', targetType: 'institution', targetId: id, detail: { change: 'institution', ...patch } });
    return { id, ...patch };
  });
}
