// @vitest-environment jsdom
import '../../test-setup';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, loginRequestSchema, loginResponseSchema, taskListSchema } from '../../../../app/sync/api';
import { App } from '../../shell/app';
import { SIGNED_IN, taskList, user } from '../../test/fixtures';
import { eventStream, renderWithProviders } from '../../test/render';

const events = eventStream();
const server = setupServer(
  http.post('*/api/auth/login', async ({ request }) => {
    const body = loginRequestSchema.parse(await request.json());
    if (body.username === 'locked') return HttpResponse.json(apiErrorSchema.parse({ error: 'locked', message: 'account locked' }), { status: 401 });
    if (body.password !== 'right') return HttpResponse.json(apiErrorSchema.parse({ error: 'invalid-credentials', message: 'bad credentials' }), { status: 401 });
    return HttpResponse.json(loginResponseSchema.parse({ token: 'tok-new', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user: user() }));
  }),
  http.get('*/api/me', ({ request }) =>
    request.headers.get('authorization') === 'Bearer tok-new' ? HttpResponse.json(user()) : HttpResponse.json({ error: 'unauthorized', message: '登录已过期' }, { status: 401 }),
  ),
  http.get('*/api/tasks', () => HttpResponse.json(taskListSchema.parse(taskList([])))),
  http.post('*/api/auth/logout', () => new HttpResponse(null, { status: 204 })),
  events.handler,
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function fillAndSubmit(username: string, password: string) {
  fireEvent.change(screen.getByTestId('login-username'), { target: { value: username } });
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('login-submit'));
}

describe('login page', () => {
  it('shows the platform error in Chinese and signs in with the right password', async () => {
    const { host } = renderWithProviders(<App />);
    fillAndSubmit('yaoshi1', 'wrong');
    expect((await screen.findByTestId('login-error')).textContent).toContain('用户名或密码错误');

    fillAndSubmit('locked', 'x');
    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toContain('账号已被锁定'));

    fillAndSubmit('yaoshi1', 'right');
    const who = await screen.findByTestId('app-user');
    expect(who.textContent).toContain('王药师');
    expect(who.textContent).toContain('审方药师');
    expect(host.session?.token).toBe('tok-new');
    await waitFor(() => expect(screen.getByTestId('live-status').getAttribute('data-state')).toBe('connected'));

    fireEvent.click(screen.getByTestId('logout'));
    await screen.findByTestId('login-submit');
    expect(host.session).toBeNull();
  });

  it('asks for both fields before calling the platform', async () => {
    renderWithProviders(<App />);
    fireEvent.click(screen.getByTestId('login-submit'));
    expect((await screen.findByTestId('login-error')).textContent).toContain('请输入用户名');
  });

  it('goes back to login when the stored session has expired on the platform', async () => {
    const { host } = renderWithProviders(<App />, { session: SIGNED_IN });
    await screen.findByTestId('login-submit');
    expect(screen.getByText('登录已过期，请重新登录')).toBeTruthy();
    expect(host.session).toBeNull();
  });
});
