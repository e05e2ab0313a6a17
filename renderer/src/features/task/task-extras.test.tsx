// @vitest-environment jsdom
import '../../test-setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadReceivedPack } from '../../../../app/knowledge/load-pack';
import { patient360Schema, quickReplyInputSchema, quickReplyOrderSchema, type Patient360, type QuickReply } from '../../../../app/sync/api';
import { KbProvider } from '../../shared/knowledge/active-kb';
import { baselineActivePack } from '../../test/baseline-pack-test-setup';
import { SIGNED_IN, taskDetail, taskSummary } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { QuickReplyManager } from './quick-replies';
import { TaskExtras } from './task-extras';

const loaded = loadReceivedPack(baselineActivePack());
if (!loaded.ok) throw new Error(loaded.message);
const kb = loaded.pack.kb;

const VIEW: Patient360 = patient360Schema.parse({
  patient: { id: 'pa-1', personId: 'pe-1', name: '陈玉兰', sex: 'female', birthDate: '1958-06-12' },
  institutions: [{ patientId: 'pa-1', institution: '青石镇卫生院', hisPatientId: 'QS-1' }, { patientId: 'pa-2', institution: '县人民医院', hisPatientId: 'XR-1' }],
  timeline: [{ institution: '县人民医院', visitNo: 'XV1', visitType: 'IMP', visitAt: '2026-10-20T09:00:00+08:00', departmentName: '肾内科' }, { institution: '青石镇卫生院', visitNo: 'QV1', visitType: 'AMB', visitAt: '2026-10-01T09:00:00+08:00' }],
  diagnoses: [{ institution: '县人民医院', visitNo: 'XV1', code: 'N18.3', name: '慢性肾脏病3期' }],
  medicines: [
    { institution: '县人民医院', source: 'visit', drugName: '阿托伐他汀钙片 20mg', dose: 20, doseUnit: 'mg', frequency: 'qn' },
    { institution: '青石镇卫生院', source: 'review', drugName: '苯磺酸氨氯地平片 5mg', current: true },
    { institution: '青石镇卫生院', source: 'visit', drugName: '盐酸二甲双胍片 0.5g' },
  ],
  allergies: ['青霉素过敏'],
  labs: [{ name: '肌酐', points: [{ at: '2026-10-01T11:00:00+08:00', value: 98, unit: 'μmol/L', institution: '青石镇卫生院' }, { at: '2026-10-20T11:00:00+08:00', value: 132, unit: 'μmol/L', institution: '县人民医院' }] }],
  exams: [{ institution: '县人民医院', type: '超声', part: '双肾', conclusion: '双肾实质回声稍增强', reportedAt: '2026-10-20T15:00:00+08:00' }],
  prescriptions: [{ id: 'rx-1', prescriptionNo: 'CF1', institution: '青石镇卫生院', version: 1, status: 'pending', prescribedAt: '2026-11-30T09:00:00+08:00', maxLevel: 'contraindicated', action: 'review' }],
});

let replies: QuickReply[] = [];
const U = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const server = setupServer(
  http.get('*/api/patients/:id/360', ({ params }) => (params.id === 'pa-1' ? HttpResponse.json(VIEW) : HttpResponse.json({ error: 'not-found', message: '患者不存在' }, { status: 404 }))),
  http.get('*/api/quick-replies', () => HttpResponse.json({ replies })),
  http.post('*/api/quick-replies', async ({ request }) => {
    const body = quickReplyInputSchema.parse(await request.json());
    const r = { id: U(replies.length + 1), ...body, position: replies.length };
    replies = [...replies, r];
    return HttpResponse.json(r, { status: 201 });
  }),
  http.put('*/api/quick-replies/order', async ({ request }) => {
    const { ids } = quickReplyOrderSchema.parse(await request.json());
    replies = ids.map((id, i) => ({ ...replies.find((r) => r.id === id)!, position: i }));
    return HttpResponse.json({ replies });
  }),
  http.put('*/api/quick-replies/:id', async ({ params, request }) => {
    const body = quickReplyInputSchema.parse(await request.json());
    replies = replies.map((r) => (r.id === params.id ? { ...r, ...body } : r));
    return HttpResponse.json(replies.find((r) => r.id === params.id));
  }),
  http.delete('*/api/quick-replies/:id', ({ params }) => {
    replies = replies.filter((r) => r.id !== params.id);
    return new HttpResponse(null, { status: 204 });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function detail() {
  const d = taskDetail(taskSummary({ id: 't1' }));
  return { ...d, patient: { ...d.patient, patientId: 'pa-1' } };
}

describe('task extras', () => {
  it('shows the 说明书 of each drug on the prescription from the local pack, with sources', async () => {
    renderWithProviders(<KbProvider state={{ status: 'ready', revision: kb.manifest.revision, kb }}><TaskExtras detail={detail()} /></KbProvider>, { session: SIGNED_IN });
    fireEvent.click(screen.getByTestId('tab-monograph'));
    const panel = await screen.findByTestId('drug-monographs');
    expect(within(panel).getAllByTestId('monograph-tab').map((t) => t.textContent)).toEqual(['辛伐他汀', '克拉霉素']);
    const mono = screen.getByTestId('monograph');
    expect(mono.getAttribute('data-drug-id')).toBe('simvastatin');
    expect(within(mono).getByTestId('monograph-interactions').textContent).toContain('克拉霉素');
    expect(within(mono).getAllByTestId('fact-source').length).toBeGreaterThan(3);
    fireEvent.click(screen.getByText('克拉霉素'));
    await waitFor(() => expect(screen.getByTestId('monograph').getAttribute('data-drug-id')).toBe('clarithromycin'));
  });

  it('shows the 360° view: timeline across institutions, medicines grouped by institution, lab trend chart', async () => {
    renderWithProviders(<KbProvider state={{ status: 'loading' }}><TaskExtras detail={detail()} /></KbProvider>, { session: SIGNED_IN });
    // The 360° view is the tab a task opens on.
    const view = await screen.findByTestId('patient-360');
    expect(within(view).getByTestId('360-timeline').textContent).toContain('县人民医院');
    const groups = within(view).getAllByTestId('360-medicine-group');
    expect(groups.map((g) => g.getAttribute('data-institution'))).toEqual(['县人民医院', '青石镇卫生院']);
    expect(groups[1]!.textContent).toContain('在用');
    const chart = within(view).getByTestId('lab-trend-chart');
    expect(chart.getAttribute('data-lab')).toBe('肌酐');
    expect(chart.getAttribute('data-points')).toBe('2');
    expect(within(view).getByTestId('360-allergies').textContent).toContain('青霉素过敏');
    expect(within(view).getByTestId('360-exams').textContent).toContain('双肾实质回声稍增强');
  });
});

describe('quick-reply manager', () => {
  it('adds, edits, moves and deletes templates through the API', async () => {
    replies = [{ id: U(1), code: 'dose', text: '剂量不适宜', position: 0 }, { id: U(2), code: 'other', text: '请补充诊断', position: 1 }];
    renderWithProviders(<QuickReplyManager open onClose={() => undefined} />, { session: SIGNED_IN });
    await waitFor(() => expect(screen.getAllByTestId('quick-reply-item')).toHaveLength(2));

    fireEvent.change(screen.getAllByTestId('quick-reply-text')[0]!, { target: { value: '儿童请按体重计算剂量' } });
    fireEvent.click(screen.getAllByTestId('quick-reply-save')[0]!);
    await waitFor(() => expect(screen.getAllByTestId('quick-reply-item')).toHaveLength(3));
    expect(replies[2]).toMatchObject({ code: 'other', text: '儿童请按体重计算剂量' });

    fireEvent.click(screen.getAllByTestId('quick-reply-up')[2]!);
    await waitFor(() => expect(replies.map((r) => r.id)).toEqual([U(1), U(3), U(2)]));
    await waitFor(() => expect(screen.getAllByTestId('quick-reply-item')[1]!.getAttribute('data-id')).toBe(U(3)));

    fireEvent.click(screen.getAllByTestId('quick-reply-edit')[0]!);
    const editors = screen.getAllByTestId('quick-reply-text');
    fireEvent.change(editors[1]!, { target: { value: '剂量偏大，请核对说明书' } });
    fireEvent.click(screen.getAllByTestId('quick-reply-save')[1]!);
    await waitFor(() => expect(replies[0]!.text).toBe('剂量偏大，请核对说明书'));

    fireEvent.click(screen.getAllByTestId('quick-reply-delete')[2]!);
    fireEvent.click(await screen.findByText('删除', { selector: 'button span, button' }));
    await waitFor(() => expect(replies.map((r) => r.id)).toEqual([U(1), U(3)]));
  });
});
