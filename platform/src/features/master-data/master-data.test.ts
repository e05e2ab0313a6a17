import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
let admin: string;
beforeAll(async () => {
  p = await startTestPlatform();
  admin = await p.login('admin');
});
afterAll(async () => p?.close());

/** A checksum-valid 身份证号 (test data). */
function idCard(prefix17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...prefix17].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return prefix17 + '10X98765432'[sum % 11];
}

describe('master data over the HIS API', () => {
  it('answers per record, keeps good records next to bad ones, and is idempotent', async () => {
    const staff = [
      { code: 'D101', name: '刘建国', title: '主任医师', prescribingRight: true, antibacterialTier: 'special', narcoticRight: true, idCardNo: idCard('41010219700101123') },
      { code: 'D102', name: '陈小明', title: '实习医生', prescribingRight: true },
      { code: 'D103', name: '王芳', title: '住院医师', prescribingRight: true, antibacterialTier: 'non-restricted', idCardNo: '410102197001011230' },
      { code: 'D104', name: '赵磊', title: '主治医师', prescribingRight: true, antibacterialTier: 'restricted' },
    ];
    const r = await p.his('/his/v1/master-data/staff?institutionCode=QSZWSY', { body: staff });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ received: 4, accepted: 2, rejected: 2 });
    expect(r.body.results[1]).toMatchObject({ index: 1, status: 'rejected', issues: [{ path: '[1].title' }] });
    expect(r.body.results[2].issues[0].path).toBe('[2].idCardNo');
    const rows = await p.db.query<{ code: string; id_card_hash: string | null; updated_at: Date }>(`SELECT s.code, s.id_card_hash, s.updated_at FROM staff s JOIN institutions i ON i.id = s.institution_id WHERE i.code = 'QSZWSY' ORDER BY s.code`);
    expect(rows.map((x) => x.code)).toEqual(['D101', 'D104']);
    // The number itself is never stored.
    expect(rows[0]!.id_card_hash).toMatch(/^[0-9a-f]{64}$/);
    const again = await p.his('/his/v1/master-data/staff?institutionCode=QSZWSY', { body: staff });
    expect(again.body.accepted).toBe(2);
    const after = await p.db.query<{ updated_at: Date }>(`SELECT s.updated_at FROM staff s JOIN institutions i ON i.id = s.institution_id WHERE i.code = 'QSZWSY' ORDER BY s.code`);
    expect(after.map((x) => new Date(x.updated_at).getTime())).toEqual(rows.map((x) => new Date(x.updated_at).getTime()));
  });

  it('takes departments as NDJSON and upserts by institution + code', async () => {
    const body = [JSON.stringify({ code: 'K01', name: '内科' }), '{broken', JSON.stringify({ code: 'K02', name: '儿科', category: '儿科' })].join('\n');
    const res = await fetch(`${p.url}/his/v1/master-data/departments`, { method: 'POST', headers: { authorization: 'Bearer demo-his-lhzwsy', 'content-type': 'application/x-ndjson' }, body });
    const r = await res.json() as { accepted: number; rejected: number };
    expect(r).toMatchObject({ accepted: 2, rejected: 1 });
    await p.his('/his/v1/master-data/departments', { body: [{ code: 'K01', name: '内科门诊' }], key: 'demo-his-lhzwsy' });
    const [d] = await p.db.query<{ name: string }>(`SELECT d.name FROM departments d JOIN institutions i ON i.id = d.institution_id WHERE i.code = 'LHZWSY' AND d.code = 'K01'`);
    expect(d!.name).toBe('内科门诊');
  });

  it('keeps institutions apart: a key writes only its own institution', async () => {
    expect((await p.his('/his/v1/master-data/staff?institutionCode=QSZWSY', { body: [], key: 'demo-his-lhzwsy' })).status).toBe(403);
    expect((await p.his('/his/v1/master-data/staff', { body: [], key: null })).status).toBe(401);
    expect((await p.his('/his/v1/master-data/staff?institutionCode=QSZWSY', { body: { nope: 1 } })).status).toBe(400);
    const lh = await p.api('/api/admin/master-data/staff?institutionId=inst-tz-2', admin);
    expect(lh.body.staff).toEqual([]);
  });
});

describe('OpenAPI', () => {
  it('documents the new HIS endpoints with Chinese field descriptions', async () => {
    const doc = await (await fetch(`${p.url}/openapi.json`)).json() as { paths: Record<string, { post?: { requestBody?: unknown } }> };
    for (const path of ['/his/v1/master-data/staff', '/his/v1/master-data/departments', '/his/v1/code-items']) expect(doc.paths[path]?.post).toBeDefined();
    const staff = JSON.stringify(doc.paths['/his/v1/master-data/staff']);
    expect(staff).toContain('抗菌药物临床应用管理办法');
    expect(staff).toContain('麻醉药品和精神药品管理条例');
    expect(JSON.stringify(doc.paths['/his/v1/code-items'])).toContain('生产企业');
  });
});

describe('master data by spreadsheet', () => {
  async function sheet(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(['工号', '姓名', '身份证号', '职称', '科室编码', '处方权', '抗菌药物处方权', '麻醉药品和第一类精神药品处方权']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const upload = (buf: Buffer, token: string | null = admin) => fetch(`${p.url}/api/admin/master-data/staff/import?institutionId=inst-tz-3`, {
    method: 'POST', headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, body: new Uint8Array(buf),
  });

  it('imports rows, names the row and column of a bad cell, and re-imports idempotently', async () => {
    const buf = await sheet([
      ['S01', '周敏', idCard('41010219800202222'), '副主任医师', 'K01', '是', '特殊使用级', '是'],
      ['S02', '吴刚', '', '主治医师', '', '是', '超级', '否'],
      [],
      ['S03', '郑丽', '', '主管药师', '', '否', '无', '否'],
    ]);
    const r = await upload(buf);
    expect(r.status).toBe(200);
    const body = await r.json() as { accepted: number; rejected: number; results: Array<{ row: number; status: string; issues?: Array<{ path: string; column: string; message: string }> }> };
    expect(body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(body.results.map((x) => x.row)).toEqual([2, 3, 5]);
    expect(body.results[1]!.issues![0]).toMatchObject({ path: '第3行 抗菌药物处方权（G列）', column: '抗菌药物处方权（G列）' });
    const list = await p.api('/api/admin/master-data/staff?institutionId=inst-tz-3', admin);
    expect(list.body.staff).toEqual([
      expect.objectContaining({ code: 'S01', title: '副主任医师', antibacterialTier: 'special', narcoticRight: true, hasIdCard: true }),
      expect.objectContaining({ code: 'S03', title: '主管药师', prescribingRight: false }),
    ]);
    expect((await (await upload(buf)).json() as { accepted: number }).accepted).toBe(2);
    expect((await p.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM staff WHERE institution_id = 'inst-tz-3'`))[0]!.n).toBe(2);
  });

  it('refuses a non-admin, a missing column and a file that is not xlsx', async () => {
    expect((await upload(await sheet([]), await p.login('yaoshi'))).status).toBe(403);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['姓名']);
    const noCode = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(noCode.status).toBe(400);
    expect(((await noCode.json()) as { message: string }).message).toContain('工号');
    expect((await upload(Buffer.from('not a zip'))).status).toBe(400);
  });
});

describe('prescriber rights from master data are authoritative', () => {
  const meropenem = (no: string, doctor: Record<string, unknown>) => ({
    ...sixDrugPrescription(no), institutionCode: 'XRMYY', prescriptionType: 'inpatient',
    visit: { visitNo: `V-${no}`, visitType: 'IMP', departmentName: '内科' }, doctor,
    diagnoses: [{ code: 'J18.9', name: '肺炎' }],
    items: [{ itemNo: '1', drugName: '注射用美罗培南 0.5g', dose: 0.5, doseUnit: 'g', frequency: 'q8h', route: '静脉滴注', days: 5 }],
  });
  const tierFindings = (r: { body: { findings: Array<{ checkType: string; ruleId: string; summary: string }> } }) => r.body.findings.filter((f) => f.ruleId.startsWith('antibacterial:tier'));

  it('flags a special-tier antibacterial from a doctor whose master data grants only 限制使用级, though the HIS omits the title', async () => {
    await p.his('/his/v1/master-data/staff', { body: [{ code: 'XR-D9', name: '孙主治', title: '主治医师', prescribingRight: true, antibacterialTier: 'restricted' }], key: 'demo-his-xrmyy' });
    const r = await p.his('/his/v1/prescriptions/check', { body: meropenem(`MD-${randomUUID().slice(0, 8)}`, { code: 'XR-D9', name: '孙主治' }), key: 'demo-his-xrmyy' });
    expect(r.status).toBe(200);
    expect(tierFindings(r)).toHaveLength(1);
    expect(tierFindings(r)[0]!.summary).toContain('特殊使用级');
    const [v] = await p.db.query<{ doctor_title: string; payload: { masterData: { prescriber: { antibacterialTier: string; source: string } } } }>(`SELECT v.doctor_title, v.payload FROM prescription_versions v JOIN prescriptions pr ON pr.id = v.prescription_id WHERE pr.prescription_no = $1`, [r.body.prescriptionNo]);
    expect(v!.doctor_title).toBe('主治医师');
    expect(v!.payload.masterData.prescriber).toMatchObject({ antibacterialTier: 'restricted', source: 'master-data' });
  });

  it('does not flag a doctor whose master data grants 特殊使用级, and overrides an overstated title', async () => {
    await p.his('/his/v1/master-data/staff', { body: [
      { code: 'XR-D1', name: '钱主任', title: '主任医师', prescribingRight: true, antibacterialTier: 'special', narcoticRight: true },
      { code: 'XR-D2', name: '李住院', title: '住院医师', prescribingRight: true, antibacterialTier: 'non-restricted' },
    ], key: 'demo-his-xrmyy' });
    const ok = await p.his('/his/v1/prescriptions/check', { body: meropenem(`MD-${randomUUID().slice(0, 8)}`, { code: 'XR-D1', name: '钱主任' }), key: 'demo-his-xrmyy' });
    expect(tierFindings(ok)).toEqual([]);
    // The HIS says 主任医师; master data says 住院医师 with 非限制使用级: master data wins.
    const over = await p.his('/his/v1/prescriptions/check', { body: meropenem(`MD-${randomUUID().slice(0, 8)}`, { code: 'XR-D2', name: '李住院', title: '主任医师' }), key: 'demo-his-xrmyy' });
    expect(tierFindings(over)).toHaveLength(1);
    // Unknown to master data: the request's title still decides, as before.
    const unknown = await p.his('/his/v1/prescriptions/check', { body: meropenem(`MD-${randomUUID().slice(0, 8)}`, { code: 'XR-NEW', name: '新医生', title: '主任医师' }), key: 'demo-his-xrmyy' });
    expect(tierFindings(unknown)).toEqual([]);
  });

  it('flags morphine from a doctor without 麻醉药品和第一类精神药品处方权, not from one who holds it', async () => {
    const morphine = (no: string, code: string) => ({ ...meropenem(no, { code, name: '医生' }), diagnoses: [{ code: 'C34.9', name: '肺癌' }], items: [{ itemNo: '1', drugName: '盐酸吗啡缓释片 10mg', dose: 10, doseUnit: 'mg', frequency: 'q12h', route: '口服', days: 3 }] });
    const right = (r: { body: { findings: Array<{ ruleId: string; sources: Array<{ title: string; section?: string }> }> } }) => r.body.findings.filter((f) => f.ruleId === 'narcotic:prescriber-right');
    const without = await p.his('/his/v1/prescriptions/check', { body: morphine(`NA-${randomUUID().slice(0, 8)}`, 'XR-D9'), key: 'demo-his-xrmyy' });
    expect(right(without)).toHaveLength(1);
    expect(right(without)[0]!.sources[0]).toMatchObject({ title: expect.stringContaining('麻醉药品和精神药品管理条例'), section: '第三十八条' });
    const withRight = await p.his('/his/v1/prescriptions/check', { body: morphine(`NA-${randomUUID().slice(0, 8)}`, 'XR-D1'), key: 'demo-his-xrmyy' });
    expect(right(withRight)).toEqual([]);
  });
});
