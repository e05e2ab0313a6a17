import { useMemo } from 'react';
import type { z } from 'zod';
import { apiErrorSchema } from '../../../app/sync/api';
import { apiRequestError } from './client';
import { useSession } from './session';

/**
 * Calls of the data-center admin screens (master data, code mapping, EMPI): the same
 * failure union as the task client, thrown for react-query; a 401 ends the session.
 */
export function useAdminApi() {
  const { client, session, signOut } = useSession();
  const token = session?.token ?? null;
  return useMemo(() => {
    async function call<S extends z.ZodType>(path: string, schema: S | null, init: { method?: 'GET' | 'POST' | 'PATCH'; body?: unknown } = {}): Promise<z.infer<S>> {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (token !== null) headers.Authorization = `Bearer ${token}`;
      if (init.body !== undefined) headers['Content-Type'] = 'application/json';
      let res: Response;
      try {
        res = await fetch(`${client.baseUrl}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
      } catch (cause) {
        throw apiRequestError({ kind: 'network', message: cause instanceof Error ? cause.message : String(cause) });
      }
      const text = await res.text();
      let json: unknown;
      try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
      if (!res.ok) {
        if (res.status === 401) void signOut();
        const e = apiErrorSchema.safeParse(json);
        throw apiRequestError(e.success
          ? { kind: 'http', status: res.status, error: e.data.error, message: e.data.message, issues: e.data.issues }
          : { kind: 'http', status: res.status, error: `http-${res.status}`, message: `请求失败（${res.status}）`, issues: undefined });
      }
      if (schema === null) return undefined as z.infer<S>;
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw apiRequestError({ kind: 'invalid-response', status: res.status, message: `${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      return parsed.data;
    }
    return {
      get: <S extends z.ZodType>(path: string, schema: S) => call(path, schema),
      post: <S extends z.ZodType>(path: string, body: unknown, schema: S | null) => call(path, schema, { method: 'POST', body }),
    };
  }, [client.baseUrl, token, signOut]);
}
