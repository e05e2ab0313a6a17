// @vitest-environment jsdom
import '../../test-setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { doctorActionResultSchema, doctorDoubleSignRequestSchema, doctorListSchema, doctorReplyRequestSchema, type DoctorPrescription } from '../../../../app/sync/api';
import { SIGNED_IN, user } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { DoctorWorkbench } from './doctor-workbench';

const D_RESULT: DoctorPrescription = {
  prescriptionId: '11111111-1111-4111-8111-111111111111', prescriptionNo: 'CF001', version: 1, status: 'rejected-double-sign', institutionName: '青石镇卫生院',
  departmentName: '全科', patientName: '王秀英', prescribedAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:05:00.000Z', maxLevel: 'caution',
  topSummary: '单张处方超过 5 种药品', needsAction: true,
  decision: { event: 'reject-allow-double-sign', status: 'rejected-double-sign', by: '王药师', reasonCode: null, reason: '药品超过五种，如确需请双签', at: '2026-12-01T00:04:00.000Z' },
  interventions: [], replies: [],
};
const AUTO_PASSED: DoctorPrescription = {
  ...D_RESULT, prescriptionId: '22222222-2222-4222-8222-222222222222', prescriptionNo: 'CF002', status: 'auto-passed',
  decision: { event: 'timeout', status: 'auto-passed', by: '熔断（超时自动通过）', reasonCode: null, reason: '审方超时，系统自动通过，标记事后复核', at: '2026-12-01T00:06:00.000Z' },
  interventions: [{ id: 'iv1', pharmacistName: '李药师', decision: 'reject', reason: '剂量过大，请复核', status: 'open', createdAt: '2026-12-01T00:07:00.000Z' }],
};

let items: DoctorPrescription[] = [];
const posted: Array<{ path: string; body: unknown }> = [];
const server = setupServer(
  http.get('*/api/doctor/prescriptions', ({ request }) => {
    const filter = new URL(request.url).searchParams.get('filter');
    const inbox = items.filter((i) => i.needsAction);
    return HttpResponse.json(doctorListSchema.parse({ items: filter === 'all' ? items : inbox, counts: { needsAction: inbox.length, all: items.length } }));
  }),
  http.post('*/api/doctor/prescriptions/:id/double-sign', async ({ request, params }) => {
    const body = doctorDoubleSignRequestSchema.parse(await request.json());
    posted.push({ path: `double-sign/${String(params.id)}`, body });
    items = items.map((i) => (i.prescriptionId === params.id ? { ...i, status: 'double-signed', needsAction: false } : i));
    return HttpResponse.json(doctorActionResultSchema.parse({ prescriptionNo: 'CF001', status: 'double-signed', statusZh: '医生双签', mayProceed: true }));
  }),
  http.post('*/api/doctor/prescriptions/:id/reply', async ({ request, params }) => {
    const body = doctorReplyRequestSchema.parse(await request.json());
    posted.push({ path: `reply/${String(params.id)}`, body });
    items = items.map((i) => (i.prescriptionId === params.id ? { ...i, needsAction: false, replies: [{ id: 'r1', kind: body.kind, text: body.text, by: '张医生', source: 'workstation', at: '2026-12-01T00:08:00.000Z' }] } : i));
    return HttpResponse.json({ id: 'r1', at: '2026-12-01T00:08:00.000Z' }, { status: 201 });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  posted.length = 0;
});
afterAll(() => server.close());

const DOCTOR = user({ id: 'u-doc', role: 'doctor', displayName: '张医生', institutionName: '青石镇卫生院' });

describe('doctor inbox', () => {
  it('shows the pharmacist’s reasons and the 事后干预, double-signs a D result with a reason from an editable template', async () => {
    items = [D_RESULT, AUTO_PASSED];
    renderWithProviders(<DoctorWorkbench user={DOCTOR} />, { session: SIGNED_IN });
    const cards = await screen.findAllByTestId('doctor-item');
    expect(cards).toHaveLength(2);
    expect(within(cards[0]!).getByTestId('doctor-reason').textContent).toContain('药品超过五种，如确需请双签');
    expect(within(cards[1]!).getByTestId('doctor-intervention').textContent).toContain('剂量过大，请复核');
    expect(within(cards[1]!).queryByTestId('doctor-double-sign')).toBeNull(); // only a D result can be double-signed

    fireEvent.click(within(cards[0]!).getByTestId('doctor-double-sign'));
    const templates = await screen.findAllByTestId('doctor-template');
    fireEvent.click(templates[0]!);
    const text = screen.getByTestId('doctor-text') as HTMLTextAreaElement;
    expect(text.value).toContain('承担用药责任');
    fireEvent.change(text, { target: { value: '患者病情需要，已告知风险' } });
    // Saved as the doctor's own template, it is offered next time.
    fireEvent.click(screen.getByTestId('template-save'));
    await waitFor(() => expect(screen.getAllByTestId('doctor-template').map((t) => t.textContent)).toContain('患者病情需要，已告知风险'));
    fireEvent.click(screen.getByTestId('doctor-submit'));
    await waitFor(() => expect(posted).toEqual([{ path: `double-sign/${D_RESULT.prescriptionId}`, body: { reason: '患者病情需要，已告知风险' } }]));
    await waitFor(() => expect(screen.getAllByTestId('doctor-item')).toHaveLength(1));
  });

  it('replies to an intervention and lists everything prescribed with its status', async () => {
    items = [AUTO_PASSED];
    renderWithProviders(<DoctorWorkbench user={DOCTOR} />, { session: SIGNED_IN });
    const card = await screen.findByTestId('doctor-item');
    fireEvent.click(within(card).getByTestId('doctor-reply'));
    const text = await screen.findByTestId('doctor-text');
    expect((screen.getByTestId('doctor-submit') as HTMLButtonElement).disabled).toBe(true); // nothing to send yet
    fireEvent.change(text, { target: { value: '已电话告知患者减量' } });
    fireEvent.click(screen.getByTestId('doctor-submit'));
    await waitFor(() => expect(posted).toEqual([{ path: `reply/${AUTO_PASSED.prescriptionId}`, body: { kind: 'reply', text: '已电话告知患者减量' } }]));
    await waitFor(() => expect(screen.queryAllByTestId('doctor-item')).toHaveLength(0));
    fireEvent.click(screen.getByTestId('doctor-tab-all'));
    const all = await screen.findByTestId('doctor-item');
    expect(all.getAttribute('data-status')).toBe('auto-passed');
    expect(within(all).getByTestId('doctor-reply-entry').textContent).toContain('已电话告知患者减量');
  });
});
