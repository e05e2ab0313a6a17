/**
 * 审方方案 admin and multi-level review over real HTTP: the plan says which levels need a
 * second pharmacist; the first approval moves the prescription to 待复核, the same
 * pharmacist cannot confirm it, a different one finalizes it. Plan changes are audited.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
let admin: string;
let a: string;
let b: string;

beforeAll(async () => {
  p = await startTestPlatform();
  admin = await p.login('admin');
  a = await p.login('yaoshi');
  b = await p.login('yaoshi2');
}, 60_000);
afterAll(async () => p?.close());

const decide = (token: string, taskId: string, decision = 'approve') => p.api('/api/commands', token, { body: { commandId: randomUUID(), taskId, baseVersion: 1, decision } });

describe('review plans and second review', () => {
  let planId: string;

  it('lists the plans with institutions and pharmacists to choose from; refuses bad input with field paths', async () => {
    const r = await p.api('/api/review-plans', admin);
    expect(r.status).toBe(200);
    const plan = r.body.plans.find((x: { isDefault: boolean }) => x.isDefault);
    planId = plan.id;
    expect(plan.secondReview).toEqual({ levels: [], drugClasses: [] });
    expect(r.body.directory.pharmacists.map((x: { displayName: string }) => x.displayName)).toEqual(expect.arrayContaining(['王药师', '李药师']));
    expect((await p.api('/api/review-plans', a)).status).toBe(403);
    const bad = await p.api(`/api/review-plans/${planId}`, admin, { body: { ...strip(plan), timeoutSeconds: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('timeoutSeconds');
    const badHours = await p.api(`/api/review-plans/${planId}`, admin, { body: { ...strip(plan), workingHours: { days: [1], start: '18:00', end: '08:00' } } });
    expect(badHours.body.issues[0].path).toBe('workingHours.end');
    const badClass = await p.api(`/api/review-plans/${planId}`, admin, { body: { ...strip(plan), secondReview: { levels: [], drugClasses: ['nope'] } } });
    expect(badClass.body.issues[0].path).toBe('secondReview.drugClasses.0');
  });

  it('saves the plan and audits before/after', async () => {
    const plan = (await p.api('/api/review-plans', admin)).body.plans.find((x: { id: string }) => x.id === planId);
    const hours = { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:30' };
    const saved = await p.api(`/api/review-plans/${planId}`, admin, { body: { ...strip(plan), workingHours: hours } });
    expect(saved.body.workingHours).toEqual(hours);
    // Working hours are time-dependent: the flow below runs with the plan always on duty.
    const body = { ...strip(plan), departments: ['全科'], workingHours: null, secondReview: { levels: ['caution', 'not-recommended', 'contraindicated'], drugClasses: [] } };
    const r = await p.api(`/api/review-plans/${planId}`, admin, { body });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ departments: ['全科'], workingHours: null, secondReview: { levels: ['caution', 'not-recommended', 'contraindicated'] } });
    const audit = await p.db.query<{ detail: { before: { secondReview: { levels: string[] } } } }>("SELECT detail FROM audit_log WHERE action = 'review-plan-updated' ORDER BY seq");
    expect(audit).toHaveLength(2);
    expect(audit[1]!.detail.before.secondReview.levels).toEqual([]);
  });

  it('needs two different pharmacists: first approval → 待复核, same pharmacist refused, another one finalizes', async () => {
    // The plan is cached for a few seconds per node: submit until a task carries the second-review flag.
    let task: { id: string; secondReview: { firstReviewer: string | null } | null } | undefined;
    let no = '';
    await expect.poll(async () => {
      no = `RX-${randomUUID().slice(0, 8)}`;
      await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
      const list = await p.api('/api/tasks?scope=open', a);
      task = list.body.tasks.find((t: { prescriptionNo: string }) => t.prescriptionNo === no);
      return task?.secondReview ?? null;
    }, { timeout: 15_000, interval: 500 }).toEqual({ firstReviewer: null });
    const first = await decide(a, task!.id);
    expect(first.body).toMatchObject({ outcome: 'accepted', status: 'pending-second' });
    const his = await p.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY`);
    // The HIS contract knows "pending": a first approval is still waiting for the pharmacy.
    expect(his.body).toMatchObject({ status: 'pending', statusZh: '待复核', final: false, decision: null });
    const listed = (await p.api('/api/tasks?scope=open', b)).body.tasks.find((t: { id: string }) => t.id === task!.id);
    expect(listed.secondReview).toEqual({ firstReviewer: '王药师' });
    const again = await decide(a, task!.id);
    expect(again.body).toMatchObject({ outcome: 'conflict', reason: 'same-pharmacist' });
    const second = await decide(b, task!.id);
    expect(second.body).toMatchObject({ outcome: 'accepted', status: 'approved' });
    const done = await p.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY`);
    expect(done.body).toMatchObject({ status: 'approved', final: true, mayProceed: true });
  }, 30_000);

  it('does not hold a prescription from a department outside the plan', async () => {
    const rx = sixDrugPrescription(`RX-${randomUUID().slice(0, 8)}`);
    const r = await p.his('/his/v1/prescriptions/check', { body: { ...rx, visit: { ...rx.visit, departmentName: '儿科' } } });
    expect(r.body).toMatchObject({ action: 'warn', status: 'passed' });
  });
});

function strip(plan: Record<string, unknown>) {
  const { id: _id, isDefault: _d, ...rest } = plan;
  return rest;
}
