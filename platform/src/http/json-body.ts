/**
 * JSON bodies: parsed, then checked for text PostgreSQL cannot store (a lone UTF-16
 * surrogate, U+0000). Such a body is refused with 400 naming the field, before any
 * handler runs, instead of failing deep inside a transaction.
 */
import { HttpError } from './errors';

export function findUnstorableString(value: unknown, path = ''): string | null {
  if (typeof value === 'string') {
    return !value.isWellFormed() || value.includes('\u0000') ? path || '(body)' : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findUnstorableString(value[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyPath = path ? `${path}.${k}` : k;
      if (!k.isWellFormed() || k.includes('\u0000')) return keyPath;
      const p = findUnstorableString(v, keyPath);
      if (p) return p;
    }
  }
  return null;
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'invalid-json', `请求体不是合法的 JSON：${(e as Error).message}`, [{ path: '(body)', message: (e as Error).message }]);
  }
  const bad = findUnstorableString(body);
  if (bad) throw new HttpError(400, 'invalid-request', `字段 ${bad} 含有无效字符（孤立代理项或 U+0000）`, [{ path: bad, message: '含有无效的 Unicode 字符' }]);
  return body;
}
