/**
 * The demo county: one county hospital (the pharmacy service center), township health
 * centers and village clinics, demo users for every role and a HIS key per institution.
 * Idempotent: running it again changes nothing.
 */
import type { Db } from '../db/db';
import { createUser, ensureHisClient } from '../features/auth/service';
import { ensureDemo360 } from './demo-360';

export const DEMO_INSTITUTIONS = [
  { id: 'inst-county', code: 'XRMYY', name: '县人民医院', level: '县级医院', region: '城关镇', parent: null },
  { id: 'inst-tz-1', code: 'QSZWSY', name: '青石镇卫生院', level: '乡镇卫生院', region: '青石镇', parent: 'inst-county' },
  { id: 'inst-tz-2', code: 'LHZWSY', name: '柳河镇卫生院', level: '乡镇卫生院', region: '柳河镇', parent: 'inst-county' },
  { id: 'inst-tz-3', code: 'CGSQ', name: '城关社区卫生服务中心', level: '社区卫生服务中心', region: '城关镇', parent: 'inst-county' },
  { id: 'inst-vc-1', code: 'QSZ-DWC', name: '青石镇大王村卫生室', level: '村卫生室', region: '青石镇', parent: 'inst-tz-1' },
  { id: 'inst-vc-2', code: 'LHZ-XJC', name: '柳河镇小集村卫生室', level: '村卫生室', region: '柳河镇', parent: 'inst-tz-2' },
] as const;

export const DEMO_DEPARTMENTS = ['全科', '内科', '儿科', '外科', '妇产科', '急诊科'] as const;

export const DEMO_USERS = [
  { username: 'yaoshi', displayName: '王药师', role: 'pharmacist', institutionId: 'inst-county', title: '主管药师' },
  { username: 'yaoshi2', displayName: '李药师', role: 'pharmacist', institutionId: 'inst-county', title: '药师' },
  { username: 'yisheng', displayName: '张医生', role: 'doctor', institutionId: 'inst-tz-1', title: '主治医师' },
  { username: 'dianping', displayName: '赵点评', role: 'qa', institutionId: 'inst-county', title: '副主任药师' },
  { username: 'admin', displayName: '系统管理员', role: 'admin', institutionId: 'inst-county', title: null },
  { username: 'jianguan', displayName: '卫健局监管', role: 'supervisor', institutionId: null, title: null },
] as const;

/** Demo HIS key of an institution (demo only: production keys are issued by the admin). */
export function demoHisKey(code: string): string {
  return `demo-his-${code.toLowerCase()}`;
}

export async function ensureInstitutions(db: Db): Promise<void> {
  for (const i of DEMO_INSTITUTIONS) {
    await db.query(
      'INSERT INTO institutions (id, code, name, level, region, parent_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING',
      [i.id, i.code, i.name, i.level, i.region, i.parent],
    );
    for (const [n, d] of DEMO_DEPARTMENTS.entries()) {
      await db.query('INSERT INTO departments (id, institution_id, code, name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [`${i.id}-d${n}`, i.id, `D${n}`, d]);
    }
  }
}

export async function ensureDemoCounty(db: Db, password: string): Promise<{ banner: string }> {
  await ensureInstitutions(db);
  for (const u of DEMO_USERS) await createUser(db, { ...u, password });
  // The demo doctor is 工号 D001 in the township HIS (links their login to their prescriptions).
  await db.query(`UPDATE users SET his_doctor_code = 'D001' WHERE username = 'yisheng' AND his_doctor_code IS NULL`);
  for (const i of DEMO_INSTITUTIONS) await ensureHisClient(db, `${i.name} HIS（演示）`, demoHisKey(i.code), i.id);
  // A person seen at two institutions, so the 360° view has visits and lab trends to show.
  await ensureDemo360(db);
  const lines = [
    '',
    '药盾 YaoDun 演示县域（仅供演示，生产环境请删除演示账号）',
    `  演示账号（密码均为 ${password}）:`,
    ...DEMO_USERS.map((u) => `    ${u.username.padEnd(10)} ${u.displayName}（${u.role}）`),
    `  演示 HIS 密钥: ${DEMO_INSTITUTIONS.map((i) => demoHisKey(i.code)).join(', ')}`,
    '',
  ];
  return { banner: `${lines.join('\n')}\n` };
}
