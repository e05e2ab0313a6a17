/**
 * Rule packs through the platform (issue 6): distribution to workstations (the active pack,
 * its signed artifact and a cheap revision summary), and for the admin: upload (verified
 * fail-closed, refused uploads recorded and audited), diff against the active pack, shadow
 * run over stored prescriptions, publish (atomic on every node via the live bus), and
 * rollback (the previous content re-signed as a new, higher revision).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { shadowRequestSchema, type PackFailure, type PackSummary, type RulePackRow } from '../../../../app/contracts/rule-pack-admin';
import type { ActivePack } from '../../../../app/contracts/rule-pack';
import { review } from '../../../../app/engine/review';
import { hisToReviewRequest } from '../../../../app/interop/his';
import { assembleKnowledgeBase } from '../../../../app/knowledge/assemble';
import { indexKnowledgeBase, withRules, type IndexedKb } from '../../../../app/knowledge/indexed';
import type { KnowledgeBase } from '../../../../app/knowledge/schema';
import { diffPacks } from '../../../../app/packs/diff';
import { compareShadow } from '../../../../app/packs/shadow';
import { artifactSchema, verifyArtifact, webCrypto, type PackArtifact, type VerifyReason } from '../../../../app/packs/artifact';
import { BASELINE_DIR } from '../../../../rules-packs/tools/read-pack';
import { buildArtifact, buildArtifactFromDir, loadSigningKey } from '../../../../rules-packs/tools/signing';
import { iso, type Queryable } from '../../db/db';
import { HttpError, parseOr400 } from '../../http/errors';
import type { User } from '../../../../app/sync/api';
import { appendAudit } from '../audit/audit';
import { appendChange } from '../live/bus';
import type { ReviewDeps, StoredPayload } from '../review/service';
import { currentUser } from '../workstation/routes';
import type { RulePackState } from './active';

const tags = ['规则包'];

export async function requireAdmin(deps: ReviewDeps, req: FastifyRequest): Promise<User> {
  const user = await currentUser(deps, req);
  if (user.role !== 'admin') throw new HttpError(403, 'forbidden', '仅系统管理员可以管理规则包与规则');
  return user;
}

export function packState(deps: ReviewDeps): RulePackState {
  // startNode always provides it; a server built without it is a programming error.
  if (!deps.rulePacks) throw new Error('rule packs are not configured on this node');
  return deps.rulePacks;
}

let baselineArtifact: Promise<PackArtifact> | null = null;
/** The built-in baseline as a signed artifact (development key), built once per process. */
async function baselineAsArtifact(): Promise<PackArtifact> {
  try {
    baselineArtifact ??= buildArtifactFromDir(BASELINE_DIR, { key: loadSigningKey() });
    return await baselineArtifact;
  } catch (e) {
    baselineArtifact = null;
    // Production has no DEV key: workstations need a pack the admin uploaded and published.
    throw new HttpError(409, 'conflict', `平台尚未发布签名规则包，请管理员上传并发布（${(e as Error).message}）`);
  }
}

interface PackRow { id: string; pack_id: string; revision: number; engine_api: number; key_id: string; status: RulePackRow['status']; uploaded_by: string | null; uploaded_at: Date; activated_by: string | null; activated_at: Date | null }
const ROW_COLUMNS = 'r.id, r.pack_id, r.revision, r.engine_api, r.key_id, r.status, u.display_name AS uploaded_by, r.uploaded_at, a.display_name AS activated_by, r.activated_at';
const ROW_FROM = 'rule_packs r LEFT JOIN users u ON u.id = r.uploaded_by LEFT JOIN users a ON a.id = r.activated_by';

function rowOut(r: PackRow): RulePackRow {
  return { id: r.id, packId: r.pack_id, revision: r.revision, engineApi: r.engine_api, keyId: r.key_id, status: r.status, uploadedBy: r.uploaded_by, uploadedAt: iso(r.uploaded_at)!, activatedBy: r.activated_by, activatedAt: r.activated_at ? iso(r.activated_at) : null };
}

function summaryOf(deps: ReviewDeps): PackSummary {
  const s = packState(deps).snapshot();
  return { packId: s.pack.id, revision: s.pack.revision, source: s.rowId ? 'published' : 'baseline' };
}

/** The newest revision ever accepted: a candidate must be newer than the active pack. */
function activeRevision(deps: ReviewDeps): number {
  return packState(deps).snapshot().pack.revision;
}

async function loadRow(q: Queryable, id: string): Promise<(PackRow & { artifact: string }) | undefined> {
  const [row] = await q.query<PackRow & { artifact: string }>(`SELECT ${ROW_COLUMNS}, r.artifact FROM ${ROW_FROM} WHERE r.id = $1`, [id]);
  return row;
}

const candidates = new Map<string, { kb: KnowledgeBase; indexed: IndexedKb }>();
/** A stored pack's knowledge base (re-verified: what is in the database is not trusted blindly). */
async function storedKb(deps: ReviewDeps, id: string): Promise<{ kb: KnowledgeBase; indexed: IndexedKb; row: PackRow }> {
  const row = await loadRow(deps.db, id);
  if (!row) throw new HttpError(404, 'not-found', `没有这个规则包：${id}`);
  const hit = candidates.get(id);
  if (hit) return { ...hit, row };
  const r = await verifyArtifact(JSON.parse(row.artifact) as unknown, webCrypto(), { trustedKeys: packState(deps).trustedKeys });
  if (!r.ok) throw new HttpError(409, 'conflict', `已存储的规则包未通过校验：${r.message}`);
  const out = { kb: r.value.kb, indexed: indexKnowledgeBase(r.value.kb) };
  candidates.set(id, out);
  return { ...out, row };
}

function activeKnowledgeBase(pack: ActivePack): KnowledgeBase {
  const r = assembleKnowledgeBase(pack.files);
  if (!r.ok) throw new HttpError(409, 'conflict', '当前生效的规则包无法装配');
  return r.kb;
}

async function recordFailure(deps: ReviewDeps, user: User, ip: string, f: { fileName: string | null; packId: string | null; revision: number | null; reason: string; message: string }): Promise<void> {
  await deps.db.tx(async (q) => {
    await q.query('INSERT INTO rule_pack_failures (id, file_name, pack_id, revision, reason, message, actor_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [randomUUID(), f.fileName, f.packId, f.revision, f.reason, f.message, user.id]);
    await appendAudit(q, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip, action: 'rule-pack-refused', targetType: 'rule-pack', targetId: f.packId ? `${f.packId}-r${f.revision ?? '?'}` : null, detail: { reason: f.reason, message: f.message, fileName: f.fileName } });
  });
}

function refuse(reply: FastifyReply, reason: VerifyReason | 'duplicate-revision', message: string, path: string) {
  return reply.code(reason === 'duplicate-revision' ? 409 : 422).send({ error: 'pack-refused', reason, message, issues: [{ path, message }] });
}

const REASON_PATH: Record<VerifyReason, string> = {
  'schema-error': '(规则包)', 'unknown-key': 'signature.keyId', 'key-not-valid': 'signature.keyId', 'bad-signature': 'signature.value', 'hash-mismatch': 'files', 'incompatible-engine': 'manifest.engineApi', 'revision-not-newer': 'manifest.revision', 'content-error': 'files',
};

/** Verify fail-closed and store as a candidate; a refusal is recorded, audited and answered 422. */
async function acceptUpload(deps: ReviewDeps, user: User, ip: string, raw: unknown, fileName: string | null, reply: FastifyReply) {
  const shape = artifactSchema.safeParse(raw);
  const packId = shape.success ? shape.data.manifest.id : null;
  const revision = shape.success ? shape.data.manifest.revision : null;
  const r = await verifyArtifact(raw, webCrypto(), { trustedKeys: packState(deps).trustedKeys, activeRevision: activeRevision(deps) });
  if (!r.ok) {
    await recordFailure(deps, user, ip, { fileName, packId, revision, reason: r.reason, message: r.message });
    return refuse(reply, r.reason, r.message, REASON_PATH[r.reason]);
  }
  const m = r.value.manifest;
  const id = randomUUID();
  const inserted = await deps.db.tx(async (q) => {
    const rows = await q.query<{ id: string }>(
      `INSERT INTO rule_packs (id, pack_id, revision, engine_api, key_id, artifact, status, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, 'candidate', $7)
       ON CONFLICT (pack_id, revision) DO NOTHING RETURNING id`,
      [id, m.id, m.revision, m.engineApi, r.value.keyId, JSON.stringify(raw), user.id]);
    if (rows.length === 0) return false;
    await appendAudit(q, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip, action: 'rule-pack-uploaded', targetType: 'rule-pack', targetId: id, detail: { packId: m.id, revision: m.revision, keyId: r.value.keyId, fileName } });
    return true;
  });
  if (!inserted) {
    const message = `规则包 ${m.id} r${m.revision} 已上传过，请使用更高的版本号`;
    await recordFailure(deps, user, ip, { fileName, packId: m.id, revision: m.revision, reason: 'duplicate-revision', message });
    return refuse(reply, 'duplicate-revision', message, 'manifest.revision');
  }
  candidates.set(id, { kb: r.value.kb, indexed: indexKnowledgeBase(r.value.kb) });
  return reply.code(201).send(rowOut((await loadRow(deps.db, id))!));
}

async function publish(deps: ReviewDeps, user: User, ip: string, id: string, action: 'rule-pack-published' | 'rule-pack-rolled-back' = 'rule-pack-published'): Promise<PackSummary> {
  const state = packState(deps);
  await deps.db.tx(async (q) => {
    const [row] = await q.query<{ id: string; status: string; artifact: string; revision: number; pack_id: string }>('SELECT id, status, artifact, revision, pack_id FROM rule_packs WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw new HttpError(404, 'not-found', `没有这个规则包：${id}`);
    if (row.status !== 'candidate') throw new HttpError(409, 'conflict', `规则包 r${row.revision} 不是候选状态，不能发布`);
    const [cur] = await q.query<{ revision: number }>("SELECT revision FROM rule_packs WHERE status = 'active' FOR UPDATE");
    // Fail closed at activation too: the candidate is verified again against the active revision.
    const r = await verifyArtifact(JSON.parse(row.artifact) as unknown, webCrypto(), { trustedKeys: state.trustedKeys, activeRevision: Math.max(cur?.revision ?? 0, state.snapshot().pack.revision) });
    if (!r.ok) throw new HttpError(409, 'conflict', `发布被拒绝：${r.message}`);
    await q.query("UPDATE rule_packs SET status = 'superseded' WHERE status = 'active'");
    await q.query("UPDATE rule_packs SET status = 'active', activated_by = $2, activated_at = now() WHERE id = $1", [id, user.id]);
    await appendAudit(q, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip, action, targetType: 'rule-pack', targetId: id, detail: { packId: row.pack_id, revision: row.revision, previousRevision: cur?.revision ?? state.snapshot().pack.revision } });
    await appendChange(q, 'pack-activated', id, { packId: row.pack_id, revision: row.revision });
  });
  const reloaded = await state.reload(deps.db);
  if (!reloaded.ok) throw new HttpError(409, 'conflict', `发布后加载失败，继续使用上一个有效规则包：${reloaded.message}`);
  return summaryOf(deps);
}

export function registerRulePackRoutes(app: FastifyInstance, deps: ReviewDeps): void {
  app.get('/api/rule-pack/active', { schema: { tags, summary: '当前生效的规则包（清单与文件，供工作站本地审方与知识查询）' } }, async (req) => {
    await currentUser(deps, req);
    return deps.activePack();
  });

  app.get('/api/rule-pack/active/summary', { schema: { tags, summary: '当前生效规则包的编号与版本（工作站据此判断是否需要下载新版本）' } }, async (req) => {
    await currentUser(deps, req);
    // From the database, like the artifact: the live event can reach a workstation before
    // this node's own reload has finished, and the answer must already be the new revision.
    const [row] = await deps.db.query<{ pack_id: string; revision: number }>("SELECT pack_id, revision FROM rule_packs WHERE status = 'active'");
    return row ? { packId: row.pack_id, revision: row.revision, source: 'published' } satisfies PackSummary : summaryOf(deps);
  });

  app.get('/api/rule-pack/active/artifact', { schema: { tags, summary: '当前生效规则包的签名文件（.ydpack），工作站验证签名后使用' } }, async (req, reply) => {
    await currentUser(deps, req);
    // Read from the database, not this node's memory: after a publication every node serves
    // the new artifact at once, even before its own reload has finished.
    const [row] = await deps.db.query<{ artifact: string }>("SELECT artifact FROM rule_packs WHERE status = 'active'");
    const body = row ? row.artifact : JSON.stringify(await baselineAsArtifact());
    return reply.type('application/json; charset=utf-8').send(body);
  });

  app.post('/api/rule-pack/failures', { schema: { tags, summary: '工作站报告拒绝使用的规则包（验证失败），供管理员查看' } }, async (req, reply) => {
    const user = await currentUser(deps, req);
    const body = parseOr400(z.object({ packId: z.string().max(64).nullable(), revision: z.number().int().nullable(), reason: z.string().min(1).max(64), message: z.string().min(1).max(1000) }), req.body, '失败报告');
    await recordFailure(deps, user, req.ip, { fileName: `工作站（${user.displayName}）`, packId: body.packId, revision: body.revision, reason: body.reason, message: body.message });
    return reply.code(204).send();
  });

  app.get('/api/rule-packs', { schema: { tags, summary: '规则包列表（候选、生效、已替换）与被拒绝的上传记录' } }, async (req) => {
    await requireAdmin(deps, req);
    const rows = await deps.db.query<PackRow>(`SELECT ${ROW_COLUMNS} FROM ${ROW_FROM} ORDER BY r.revision DESC, r.uploaded_at DESC`);
    const failures = await deps.db.query<{ id: string; file_name: string | null; pack_id: string | null; revision: number | null; reason: string; message: string; actor_name: string | null; at: Date }>(
      'SELECT f.id, f.file_name, f.pack_id, f.revision, f.reason, f.message, u.display_name AS actor_name, f.at FROM rule_pack_failures f LEFT JOIN users u ON u.id = f.actor_id ORDER BY f.at DESC LIMIT 50');
    const out: PackFailure[] = failures.map((f) => ({ id: f.id, fileName: f.file_name, packId: f.pack_id, revision: f.revision, reason: f.reason, message: f.message, actorName: f.actor_name, at: iso(f.at)! }));
    return { active: summaryOf(deps), packs: rows.map(rowOut), failures: out };
  });

  app.post('/api/rule-packs', { schema: { tags, summary: '上传规则包（.ydpack 的 JSON 内容）：验证签名、哈希、版本与引擎接口后存为候选；失败返回 422 并记录', querystring: { type: 'object', properties: { fileName: { type: 'string' } } } } }, async (req, reply) => {
    const user = await requireAdmin(deps, req);
    const fileName = (req.query as { fileName?: string }).fileName ?? null;
    return acceptUpload(deps, user, req.ip, req.body, fileName, reply);
  });

  app.get('/api/rule-packs/:id/diff', { schema: { tags, summary: '候选规则包与当前生效版本的差异（药品、事实、规则的新增/修改/删除）' } }, async (req) => {
    await requireAdmin(deps, req);
    const { id } = req.params as { id: string };
    const cand = await storedKb(deps, id);
    return diffPacks(activeKnowledgeBase(deps.activePack()), cand.kb);
  });

  app.post('/api/rule-packs/:id/shadow-run', { schema: { tags, summary: '试运行：用候选规则包重审最近 N 天已存储的处方，统计将新增或消失的警示（按审核类型与机构）' } }, async (req) => {
    await requireAdmin(deps, req);
    const { id } = req.params as { id: string };
    const body = parseOr400(shadowRequestSchema, req.body ?? {}, '试运行参数');
    const cand = await storedKb(deps, id);
    const snap = packState(deps).snapshot();
    const candidateKb = withRules(cand.indexed, snap.customRules);
    const rows = await deps.db.query<{ prescription_no: string; institution_name: string; institution_code: string; institution_level: string; payload: StoredPayload | string }>(
      `SELECT p.prescription_no, i.name AS institution_name, i.code AS institution_code, i.level AS institution_level, pv.payload
       FROM prescription_versions pv JOIN prescriptions p ON p.id = pv.prescription_id JOIN institutions i ON i.id = p.institution_id
       WHERE pv.received_at >= now() - make_interval(days => $1) ORDER BY pv.received_at DESC LIMIT $2`, [body.days, body.limit]);
    const inputs = rows.map((r) => {
      const payload = (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as StoredPayload;
      const request = hisToReviewRequest(payload.body, { institutionLevel: r.institution_level, institutionCode: r.institution_code, extraCurrent: payload.dataCenterCurrent });
      return { prescriptionNo: r.prescription_no, institution: r.institution_name, before: review(snap.kb, request).findings, after: review(candidateKb, request).findings };
    });
    return { candidate: { packId: cand.row.pack_id, revision: cand.row.revision }, active: { packId: snap.pack.id, revision: snap.pack.revision }, days: body.days, ...compareShadow(inputs) };
  });

  app.post('/api/rule-packs/:id/publish', { schema: { tags, summary: '发布候选规则包：再次验证后原子切换，所有平台节点与在线工作站随即使用新版本' } }, async (req) => {
    const user = await requireAdmin(deps, req);
    const { id } = req.params as { id: string };
    return publish(deps, user, req.ip, id);
  });

  app.post('/api/rule-packs/rollback', { schema: { tags, summary: '回滚：把上一个有效规则包的内容以更高版本号重新签名并发布（显式、已签名、已审计）' } }, async (req) => {
    const user = await requireAdmin(deps, req);
    const body = parseOr400(z.object({ reason: z.string().trim().min(2, { message: '请填写回滚原因' }).max(500) }), req.body ?? {}, '回滚请求');
    const [prev] = await deps.db.query<{ id: string; revision: number; artifact: string }>("SELECT id, revision, artifact FROM rule_packs WHERE status = 'superseded' ORDER BY activated_at DESC NULLS LAST, revision DESC LIMIT 1");
    const source = prev ? artifactSchema.parse(JSON.parse(prev.artifact)) : await baselineAsArtifact();
    const [max] = await deps.db.query<{ m: number | null }>('SELECT max(revision) AS m FROM rule_packs');
    const revision = Math.max(max?.m ?? 0, activeRevision(deps)) + 1;
    let key;
    try {
      key = loadSigningKey();
    } catch (e) {
      throw new HttpError(409, 'conflict', `平台未配置规则包签名密钥（YAODUN_PACK_SIGNING_KEY_FILE），请离线执行 npm run packs:build -- --from <上一版本> --revision ${revision} 后上传：${(e as Error).message}`);
    }
    const artifact = await buildArtifact(source.files.map((f) => ({ path: f.path, content: f.content })), { key, revision, created: new Date().toISOString() });
    const r = await verifyArtifact(artifact, webCrypto(), { trustedKeys: packState(deps).trustedKeys, activeRevision: activeRevision(deps) });
    if (!r.ok) throw new HttpError(409, 'conflict', `回滚包未通过校验：${r.message}`);
    const id = randomUUID();
    await deps.db.tx(async (q) => {
      await q.query("INSERT INTO rule_packs (id, pack_id, revision, engine_api, key_id, artifact, status, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, 'candidate', $7)",
        [id, artifact.manifest.id, revision, artifact.manifest.engineApi, key.keyId, JSON.stringify(artifact), user.id]);
      await appendAudit(q, { actorType: 'user', actorId: user.id, actorName: user.displayName, institutionId: user.institutionId, ip: req.ip, action: 'rule-pack-rollback-signed', targetType: 'rule-pack', targetId: id, detail: { revision, contentOfRevision: source.manifest.revision, keyId: key.keyId, reason: body.reason } });
    });
    return publish(deps, user, req.ip, id, 'rule-pack-rolled-back');
  });
}
