// @vitest-environment jsdom
import '../../test-setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { codeItemListSchema, codeItemSchema, institutionListSchema, mappingDecisionSchema, suggestionListSchema, unmappedReportSchema, type CodeItem } from '../../../../app/contracts/data-center';
import { SIGNED_IN } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { CodeMappingPage } from './code-mapping-page';

const item = (o: Partial<CodeItem> & { code: string }): CodeItem => codeItemSchema.parse({
  institutionId: 'inst-tz-1', institutionName: '青石镇卫生院', kind: 'drug', name: null, spec: null, manufacturer: null, source: 'upload', status: 'unmapped', target: null, seenCount: 0, lastSeen: '2026-11-30T08:00:00.000Z', ...o,
});

let items: CodeItem[] = [];
const decisions: unknown[] = [];
const queries: string[] = [];
const authed = (r: Request) => r.headers.get('authorization') === `Bearer ${SIGNED_IN.token}`;
const server = setupServer(
  http.get('*/api/admin/institutions', () => HttpResponse.json(institutionListSchema.parse({ institutions: [{ id: 'inst-tz-1', code: 'QSZWSY', name: '青石镇卫生院', level: '乡镇卫生院', region: '青石镇' }] }))),
  http.get('*/api/admin/code-items', ({ request }) => {
    if (!authed(request)) return HttpResponse.json({ error: 'unauthorized', message: '未登录' }, { status: 401 });
    const q = new URL(request.url).searchParams;
    queries.push(q.toString());
    const rows = items.filter((i) => (!q.get('status') || i.status === q.get('status')) && (!q.get('kind') || i.kind === q.get('kind')));
    return HttpResponse.json(codeItemListSchema.parse({ items: rows, total: rows.length }));
  }),
  http.get('*/api/admin/code-items/suggestions', ({ request }) => {
    const code = new URL(request.url).searchParams.get('code');
    const suggestions = code === 'YP0001'
      ? [{ targetCode: 'amoxicillin', targetName: '阿莫西林', score: 95, reasons: ['通用名完全一致：阿莫西林（+60）', '规格 0.25g 换算为 250mg，与目录规格 0.25g（250mg）一致（+15）'], rejected: false },
        { targetCode: 'amoxicillin-clavulanate', targetName: '阿莫西林克拉维酸钾', score: 20, reasons: ['拼音首字母 amxl 一致（+15）'], rejected: false }]
      : [];
    return HttpResponse.json(suggestionListSchema.parse({ suggestions }));
  }),
  http.post('*/api/admin/code-mappings', async ({ request }) => {
    const d = mappingDecisionSchema.parse(await request.json());
    decisions.push(d);
    items = items.map((i) => (i.code === d.code ? { ...i, status: 'confirmed', target: { code: d.targetCode, name: '阿莫西林', decidedBy: '系统管理员', decidedAt: '2026-11-30T09:00:00.000Z' } } : i));
    return HttpResponse.json(items.find((i) => i.code === d.code));
  }),
  http.get('*/api/admin/code-items/unmapped', () => HttpResponse.json(unmappedReportSchema.parse({ rows: [
    { institutionId: 'inst-tz-1', institutionName: '青石镇卫生院', kind: 'drug', items: 2, occurrences: 7, firstSeen: '2026-11-01T08:00:00.000Z', lastSeen: '2026-11-30T08:00:00.000Z', example: { code: 'YP0002', name: '一次性使用无菌注射器' } },
  ] }))),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  decisions.length = 0;
  queries.length = 0;
});
afterAll(() => server.close());

const rows = () => screen.queryAllByTestId('code-item-row');

describe('code mapping screen', () => {
  it('lists unmapped items, shows ranked suggestions with reasons, and confirms one', async () => {
    items = [item({ code: 'YP0001', name: '阿莫西林胶囊', spec: '0.25g', manufacturer: '某药厂' }), item({ code: 'YP0002', name: '一次性使用无菌注射器', spec: '5ml' })];
    renderWithProviders(<CodeMappingPage />, { session: SIGNED_IN });
    await waitFor(() => expect(rows().map((r) => r.getAttribute('data-code'))).toEqual(['YP0001', 'YP0002']));
    expect(queries[0]).toBe('status=unmapped');
    expect(within(rows()[0]!).getByText('未对照')).toBeTruthy();

    fireEvent.click(rows()[0]!);
    await waitFor(() => expect(screen.getAllByTestId('suggestion-item')).toHaveLength(2));
    const [first, second] = screen.getAllByTestId('suggestion-item');
    expect(first!.getAttribute('data-target')).toBe('amoxicillin');
    expect(within(first!).getByText('95 分')).toBeTruthy();
    expect(within(first!).getByText(/换算为 250mg/)).toBeTruthy();
    expect(second!.getAttribute('data-target')).toBe('amoxicillin-clavulanate');
    expect(screen.queryByTestId('no-confident')).toBeNull();

    fireEvent.click(within(first!).getByTestId('suggestion-confirm'));
    await waitFor(() => expect(decisions).toEqual([{ institutionId: 'inst-tz-1', kind: 'drug', code: 'YP0001', decision: 'confirm', targetCode: 'amoxicillin' }]));
    // Confirmed items leave the unmapped filter.
    await waitFor(() => expect(rows().map((r) => r.getAttribute('data-code'))).toEqual(['YP0002']));
  });

  it('warns when there is no confident suggestion, lets a person reject or enter another target', async () => {
    items = [item({ code: 'YP0002', name: '一次性使用无菌注射器', spec: '5ml' })];
    renderWithProviders(<CodeMappingPage />, { session: SIGNED_IN });
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.click(rows()[0]!);
    await waitFor(() => expect(screen.getByTestId('no-confident')).toBeTruthy());
    const confirm = screen.getByTestId('other-target-confirm');
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('other-target-input'), { target: { value: 'amoxicillin' } });
    fireEvent.click(screen.getByTestId('other-target-confirm'));
    await waitFor(() => expect(decisions).toEqual([expect.objectContaining({ code: 'YP0002', decision: 'confirm', targetCode: 'amoxicillin' })]));
  });

  it('shows the unmapped report per institution and kind', async () => {
    items = [];
    renderWithProviders(<CodeMappingPage />, { session: SIGNED_IN });
    fireEvent.click(screen.getByTestId('tab-unmapped'));
    await waitFor(() => expect(screen.getAllByTestId('unmapped-row')).toHaveLength(1));
    const row = within(screen.getByTestId('unmapped-row'));
    expect(row.getByText('青石镇卫生院')).toBeTruthy();
    expect(row.getByText('药品')).toBeTruthy();
    expect(row.getByText('YP0002 一次性使用无菌注射器')).toBeTruthy();
  });
});
