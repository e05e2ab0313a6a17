import { render } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import type { StoredSession } from '../../../app/contracts/host';
import { LiveEventsProvider } from '../api/live-events';
import { AppProviders, createQueryClient } from '../shell/providers';
import { useUiStore } from '../shared/ui-store';
import type { LiveEvent } from '../../../app/sync/api';
import { BASE_URL, liveEvent, memoryHost } from './fixtures';
import { openOfflineDb } from '../offline/db';
import { createOfflineRepository } from '../offline/repository';

let offlineDbs = 0;

export function renderWithProviders(ui: ReactNode, options: { session?: StoredSession | null; live?: boolean; offline?: ReturnType<typeof createOfflineRepository> } = {}) {
  useUiStore.getState().reset();
  const host = memoryHost(options.session ?? null);
  const queryClient = createQueryClient();
  // Each render gets its own IndexedDB (fake-indexeddb): no outbox leaks between tests.
  const offline = options.offline ?? createOfflineRepository(openOfflineDb(`render-${++offlineDbs}-${Date.now()}`));
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const content = options.live === true ? <LiveEventsProvider>{ui}</LiveEventsProvider> : ui;
  const result = render(
    <AppProviders host={host} baseUrl={BASE_URL} initialSession={options.session ?? null} queryClient={queryClient} offline={offline}>
      {content}
    </AppProviders>,
  );
  return { ...result, host, queryClient, offline };
}

/**
 * A controllable GET /api/events: the handler answers with an open event stream, and the
 * test pushes contract-checked events into it.
 */
export function eventStream() {
  const encoder = new TextEncoder();
  const controllers = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const handler = http.get('*/api/events', ({ request }) => {
    if (request.headers.get('authorization') === null) return HttpResponse.json({ error: 'unauthorized', message: '未登录' }, { status: 401 });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controllers.add(controller);
        controller.enqueue(encoder.encode(': connected\n\n'));
        request.signal.addEventListener('abort', () => controllers.delete(controller));
      },
      cancel() {
        controllers.clear();
      },
    });
    return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream' } });
  });
  return {
    handler,
    send(event: LiveEvent) {
      const data = `id: ${event.seq}\ndata: ${JSON.stringify(liveEvent(event))}\n\n`;
      for (const c of controllers) c.enqueue(encoder.encode(data));
    },
    get connections() {
      return controllers.size;
    },
  };
}
