/**
 * Test support: a real platform node on a free port over real PostgreSQL (127.0.0.1:5432,
 * a fresh database per call) when one is running, else PGlite in a temp folder.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startNode, type PlatformNode } from './app-instance';
import { ensureDemoCounty } from './demo/seed';

export const TEST_HIS_KEY = 'test-county-key-0123456789';
export const TEST_PASSWORD = 'Test@Pass2026';
const ADMIN_URL = process.env.YAODUN_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  if (process.env.YAODUN_TEST_PGLITE === '1') return null;
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1500 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `yaodun_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestPlatform extends PlatformNode {
  readonly dbUrl: string | null;
  his(pathname: string, init?: { method?: string; body?: unknown; key?: string | null; raw?: string }): Promise<{ status: number; body: any }>;
  api(pathname: string, token: string | null, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestPlatform(opts: { timeoutSeconds?: number; breakerMs?: number; dbUrl?: string } = {}): Promise<TestPlatform> {
  const created = opts.dbUrl ? null : await createTestDatabase();
  const dbUrl = opts.dbUrl ?? created?.url ?? null;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaodun-test-'));
  const node = await startNode({
    config: {
      PORT: 0, HOST: '127.0.0.1', DATABASE_URL: dbUrl ?? undefined, dataDir,
      YAODUN_BOOTSTRAP_HIS_KEY: TEST_HIS_KEY, YAODUN_REVIEW_TIMEOUT_SECONDS: opts.timeoutSeconds ?? 300, YAODUN_BREAKER_INTERVAL_MS: opts.breakerMs ?? 100,
    },
    rendererDist: null,
  });
  await ensureDemoCounty(node.db, TEST_PASSWORD);
  const call = async (pathname: string, headers: Record<string, string>, method: string, body: unknown, raw?: string) => {
    const res = await fetch(`${node.url}${pathname}`, {
      method,
      headers: { ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, body: parsed as any };
  };
  return {
    ...node,
    dbUrl,
    his: (p, init = {}) => call(p, init.key === null ? {} : { authorization: `Bearer ${init.key ?? TEST_HIS_KEY}` }, init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'), init.body, init.raw),
    api: (p, token, init = {}) => call(p, token ? { authorization: `Bearer ${token}` } : {}, init.method ?? (init.body !== undefined ? 'POST' : 'GET'), init.body),
    async login(username) {
      const r = await call('/api/auth/login', {}, 'POST', { username, password: TEST_PASSWORD });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async close() {
      await node.stop();
      await created?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A prescription the engine holds for review whatever the knowledge base: 6 drugs on one outpatient prescription (处方管理办法第六条). */
export function sixDrugPrescription(no: string, overrides: Record<string, unknown> = {}) {
  const names = ['阿莫西林胶囊 0.25g', '布洛芬缓释胶囊 0.3g', '氯雷他定片 10mg', '盐酸氨溴索片 30mg', '维生素C片 0.1g', '蒙脱石散 3g'];
  return {
    institutionCode: 'QSZWSY',
    prescriptionNo: no,
    prescribedAt: new Date().toISOString(),
    visit: { visitNo: `V-${no}`, visitType: 'AMB', departmentName: '全科' },
    doctor: { code: 'D001', name: '张医生', title: '主治医师' },
    patient: { patientId: `P-${no}`, name: '王秀英', sex: 'female', birthDate: '1980-05-01', weightKg: 60 },
    diagnoses: [{ code: 'J20.9', name: '急性支气管炎' }],
    items: names.map((drugName, i) => ({ itemNo: String(i + 1), drugName, dose: 1, doseUnit: '片', frequency: 'tid', route: '口服', days: 3 })),
    ...overrides,
  };
}
