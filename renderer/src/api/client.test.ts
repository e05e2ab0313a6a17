import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiErrorSchema, userSchema } from '../../../app/sync/api';
import { createApiClient } from './client';

const BASE = 'http://platform.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const me = userSchema.parse({ id: 'u1', username: 'a', displayName: '王药师', role: 'pharmacist', institutionId: null, institutionName: null });

describe('api client', () => {
  it('attaches the token and parses the body with the contract', async () => {
    server.use(http.get(`${BASE}/api/me`, ({ request }) => (request.headers.get('authorization') === 'Bearer t' ? HttpResponse.json(me) : HttpResponse.error())));
    const client = createApiClient({ baseUrl: BASE, getToken: () => 't' });
    expect(await client.me()).toEqual({ ok: true, value: me });
  });

  it('turns an error body into an http failure and reports 401 on an authenticated call', async () => {
    const body = apiErrorSchema.parse({ error: 'session-expired', message: '登录已过期', issues: [{ path: 'token', message: 'expired' }] });
    server.use(http.get(`${BASE}/api/me`, () => HttpResponse.json(body, { status: 401 })));
    const onUnauthorized = vi.fn();
    const client = createApiClient({ baseUrl: BASE, getToken: () => 't', onUnauthorized });
    expect(await client.me()).toEqual({ ok: false, failure: { kind: 'http', status: 401, error: 'session-expired', message: '登录已过期', issues: body.issues } });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('does not treat a failed login as an expired session', async () => {
    server.use(http.post(`${BASE}/api/auth/login`, () => HttpResponse.json({ error: 'invalid-credentials', message: 'no' }, { status: 401 })));
    const onUnauthorized = vi.fn();
    const client = createApiClient({ baseUrl: BASE, getToken: () => null, onUnauthorized });
    const result = await client.login({ username: 'a', password: 'b' });
    expect(result.ok === false && result.failure.kind === 'http' && result.failure.error).toBe('invalid-credentials');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('reports network errors and responses that break the contract', async () => {
    server.use(
      http.get(`${BASE}/api/me`, () => HttpResponse.error()),
      http.get(`${BASE}/api/tasks`, () => HttpResponse.json({ tasks: 'nope' })),
    );
    const client = createApiClient({ baseUrl: BASE, getToken: () => 't' });
    expect(await client.me()).toMatchObject({ ok: false, failure: { kind: 'network' } });
    expect(await client.tasks('open')).toMatchObject({ ok: false, failure: { kind: 'invalid-response', status: 200 } });
  });

  it('refuses a rejection without a reason before sending it', async () => {
    const client = createApiClient({ baseUrl: BASE, getToken: () => 't' });
    const result = await client.sendCommand({ commandId: crypto.randomUUID(), taskId: 't1', baseVersion: 1, decision: 'reject', reason: '  ' });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'http', status: 400, message: '驳回必须填写理由' } });
  });
});
