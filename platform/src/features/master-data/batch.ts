/**
 * Per-record batch import shared by the master-data and code-item HIS endpoints (the
 * pattern of datasets/upload.ts): the body is a JSON array, {"records": [...]} or NDJSON;
 * every record is validated on its own and answered accepted or rejected with its field
 * path, so a bad sibling never costs an accepted record.
 */
import type { z } from 'zod';
import { fieldIssues, type FieldIssue } from '../../../../app/interop/zod-path';
import { HttpError } from '../../http/errors';
import { findUnstorableString } from '../../http/json-body';
import { parseNdjson } from '../datasets/upload';

export type BatchItem = { ok: true; value: unknown } | { ok: false; error: string };
export type RecordResult = { index: number; key: string | null; status: 'accepted' } | { index: number; key: string | null; status: 'rejected'; issues: FieldIssue[] };
export interface BatchResult { received: number; accepted: number; rejected: number; results: RecordResult[] }

export const MAX_BATCH = 20_000;

/** The records of a request body, whatever of the three shapes it came in. */
export function batchItems(body: unknown): BatchItem[] {
  let items: BatchItem[];
  if (body && typeof body === 'object' && 'ndjson' in body && typeof (body as { ndjson: unknown }).ndjson === 'string') items = parseNdjson((body as { ndjson: string }).ndjson);
  else if (Array.isArray(body)) items = body.map((value) => ({ ok: true as const, value }));
  else if (body && typeof body === 'object' && Array.isArray((body as { records?: unknown }).records)) items = (body as { records: unknown[] }).records.map((value) => ({ ok: true as const, value }));
  else throw new HttpError(400, 'invalid-request', '请求体应为记录数组、{"records": [...]} 或 NDJSON', [{ path: '(body)', message: 'expected an array of records' }]);
  if (items.length > MAX_BATCH) throw new HttpError(413, 'payload-too-large', `单次最多 ${MAX_BATCH} 条记录，请分批上传`);
  return items;
}

/**
 * Validates every item; accepted records are deduplicated by key (the later one wins, as a
 * re-upload would). `prefix` renders a record's position in issue paths ("[3]" or "第4行").
 */
export function validateBatch<S extends z.ZodType>(items: readonly BatchItem[], schema: S, keyOf: (r: z.infer<S>) => string, where: (index: number) => string = (i) => `[${i}]`): { results: RecordResult[]; accepted: Array<z.infer<S>> } {
  const results: RecordResult[] = [];
  const byKey = new Map<string, z.infer<S>>();
  items.forEach((item, index) => {
    if (!item.ok) {
      results.push({ index, key: null, status: 'rejected', issues: [{ path: where(index), message: item.error }] });
      return;
    }
    const bad = findUnstorableString(item.value);
    if (bad) {
      results.push({ index, key: null, status: 'rejected', issues: [{ path: `${where(index)}.${bad}`, message: '含有无效的 Unicode 字符' }] });
      return;
    }
    const parsed = schema.safeParse(item.value);
    if (!parsed.success) {
      results.push({ index, key: null, status: 'rejected', issues: fieldIssues(parsed.error).map((i) => ({ path: i.path === '(root)' ? where(index) : `${where(index)}.${i.path}`, message: i.message })) });
      return;
    }
    const key = keyOf(parsed.data);
    byKey.delete(key);
    byKey.set(key, parsed.data);
    results.push({ index, key, status: 'accepted' });
  });
  return { results, accepted: [...byKey.values()] };
}

export function summarize(results: RecordResult[]): BatchResult {
  const accepted = results.filter((r) => r.status === 'accepted').length;
  return { received: results.length, accepted, rejected: results.length - accepted, results };
}

/** `(…), (…)` placeholders for a multi-row INSERT of `width` columns. */
export function rowsSql(count: number, width: number, casts: Record<number, string> = {}): string {
  return Array.from({ length: count }, (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}${casts[c] ?? ''}`).join(', ')})`).join(', ');
}
