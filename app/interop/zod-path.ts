import type { z } from 'zod';

/** A zod issue path as the JSON path a HIS developer reads: context.draftOrders.entry[2].resource */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export function fieldIssues(e: z.ZodError): FieldIssue[] {
  return e.issues.slice(0, 20).map((i) => ({ path: formatPath(i.path), message: i.message }));
}
