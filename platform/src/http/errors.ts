/**
 * Errors the API answers with: a reason code, a Chinese-readable message and, for bad input,
 * the fields at fault. Nothing reaches the client as a bare 500 with a stack.
 */
import type { z } from 'zod';
import { fieldIssues, type FieldIssue } from '../../../app/interop/zod-path';

export type ErrorCode =
  | 'invalid-json' | 'invalid-request' | 'unauthorized' | 'invalid-credentials' | 'locked' | 'forbidden'
  | 'not-found' | 'conflict' | 'payload-too-large' | 'unsupported-media-type' | 'internal';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: readonly FieldIssue[],
  ) {
    super(message);
  }
}

export function parseOr400<S extends z.ZodTypeAny>(schema: S, value: unknown, what = '请求'): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = fieldIssues(r.error);
    const first = issues[0];
    throw new HttpError(400, 'invalid-request', `${what}无效：${first ? `${first.path} ${first.message}` : ''}`, issues);
  }
  return r.data;
}

export function errorBody(e: HttpError): { error: string; message: string; issues?: readonly FieldIssue[] } {
  return e.issues ? { error: e.code, message: e.message, issues: e.issues } : { error: e.code, message: e.message };
}
