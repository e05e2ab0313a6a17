/**
 * Admin spreadsheet import: the first worksheet of an .xlsx, header row in Chinese, one
 * record per row. Each row becomes the same record the HIS API takes, so validation and the
 * per-record answer are shared; issue paths name the row and the column ("第3行 职称（D列）").
 */
import ExcelJS from 'exceljs';
import type { MasterDataKind } from './import';
import type { BatchItem } from './batch';
import { HttpError } from '../../http/errors';

type Conv = (v: string) => unknown;
const yesNo: Conv = (v) => (/^(是|有|y|yes|true|1|√|✓)$/i.test(v) ? true : /^(否|无|n|no|false|0)$/i.test(v) ? false : v);
const TIER_BY_ZH: Record<string, string> = { 无: 'none', 非限制使用级: 'non-restricted', 非限制: 'non-restricted', 限制使用级: 'restricted', 限制: 'restricted', 特殊使用级: 'special', 特殊: 'special' };
const tier: Conv = (v) => TIER_BY_ZH[v] ?? v;
const str: Conv = (v) => v;

/** Header (Chinese) → record field and how the cell text converts. */
export const XLSX_COLUMNS: Record<MasterDataKind, ReadonlyArray<{ header: string; aliases?: string[]; field: string; conv: Conv }>> = {
  departments: [
    { header: '科室编码', field: 'code', conv: str },
    { header: '科室名称', field: 'name', conv: str },
    { header: '科室类别', aliases: ['类别'], field: 'category', conv: str },
    { header: '是否启用', aliases: ['启用'], field: 'active', conv: yesNo },
  ],
  staff: [
    { header: '工号', field: 'code', conv: str },
    { header: '姓名', field: 'name', conv: str },
    { header: '身份证号', field: 'idCardNo', conv: str },
    { header: '职称', field: 'title', conv: str },
    { header: '科室编码', field: 'departmentCode', conv: str },
    { header: '处方权', field: 'prescribingRight', conv: yesNo },
    { header: '抗菌药物处方权', field: 'antibacterialTier', conv: tier },
    { header: '麻醉药品和第一类精神药品处方权', aliases: ['麻精药品处方权', '麻醉药品处方权'], field: 'narcoticRight', conv: yesNo },
    { header: '是否在职', aliases: ['在职'], field: 'active', conv: yesNo },
  ],
};

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return String(v.result ?? '');
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v);
}

export interface SheetRows {
  /** One item per data row, in sheet order. */
  items: BatchItem[];
  /** Item index → "第N行". */
  rowOf: (index: number) => string;
  /** field → "列名（X列）", to name the column in an issue. */
  columnOf: Map<string, string>;
}

export async function readMasterDataSheet(buffer: Buffer, kind: MasterDataKind): Promise<SheetRows> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (e) {
    throw new HttpError(400, 'invalid-request', `无法读取 Excel 文件（需 .xlsx）：${(e as Error).message}`, [{ path: '(body)', message: '不是有效的 .xlsx 文件' }]);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new HttpError(400, 'invalid-request', 'Excel 文件中没有工作表', [{ path: '(body)', message: '没有工作表' }]);
  const columns = XLSX_COLUMNS[kind];
  const byCol = new Map<number, (typeof columns)[number]>();
  ws.getRow(1).eachCell((cell, col) => {
    const h = cellText(cell.value).trim();
    const c = columns.find((x) => x.header === h || x.aliases?.includes(h));
    if (c) byCol.set(col, c);
  });
  const missing = columns.filter((c) => ['code', 'name'].includes(c.field) && ![...byCol.values()].includes(c));
  if (missing.length > 0) {
    throw new HttpError(400, 'invalid-request', `表头缺少必需列：${missing.map((c) => c.header).join('、')}（第1行应为：${columns.map((c) => c.header).join('、')}）`, missing.map((c) => ({ path: `第1行.${c.header}`, message: '缺少此列' })));
  }
  const columnOf = new Map([...byCol.entries()].map(([col, c]) => [c.field, `${c.header}（${ws.getColumn(col).letter}列）`]));
  const items: BatchItem[] = [];
  const rowNumbers: number[] = [];
  ws.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const rec: Record<string, unknown> = {};
    for (const [col, c] of byCol) {
      const t = cellText(row.getCell(col).value).trim();
      if (t !== '') rec[c.field] = c.conv(t);
    }
    if (Object.keys(rec).length === 0) return; // a blank row is not a record
    items.push({ ok: true, value: rec });
    rowNumbers.push(rowNumber);
  });
  return { items, rowOf: (i) => `第${rowNumbers[i]}行`, columnOf };
}
