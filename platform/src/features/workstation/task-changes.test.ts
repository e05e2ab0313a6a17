/** The queue's delta since a cursor: what the workstation merges instead of refetching 10,000 rows. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
let token: string;
beforeAll(async () => {
  p = await startTestPlatform();
  token = await p.login('yaoshi');
});
afterAll(async () => p?.close());

async function submit(): Promise<string> {
  const no = `TC-${randomUUID().slice(0, 8)}`;
  const r = await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
  expect(r.body.action).toBe('review');
  const [t] = await p.db.query<{ id: string }>('SELECT t.id FROM review_tasks t JOIN prescriptions pr ON pr.id = t.prescription_id WHERE pr.prescription_no = $1', [no]);
  return t!.id;
}

describe('GET /api/tasks/changes', () => {
  it('sends new and changed tasks since the cursor, and the ids that left the scope', async () => {
    const a = await submit();
    const list = await p.api('/api/tasks?scope=open', token);
    expect(list.body.tasks.map((t: { id: string }) => t.id)).toContain(a);
    const cursor = list.body.cursor as number;

    const b = await submit();
    expect((await p.api(`/api/tasks/${a}/lease`, token, { method: 'POST' })).body.ok).toBe(true);
    const d1 = await p.api(`/api/tasks/changes?scope=open&since=${cursor}`, token);
    expect(d1.status).toBe(200);
    expect(d1.body.reset).toBe(false);
    expect(d1.body.cursor).toBeGreaterThan(cursor);
    const ids = d1.body.tasks.map((t: { id: string }) => t.id);
    expect(ids).toContain(b);
    expect(ids).toContain(a);
    expect(d1.body.tasks.find((t: { id: string }) => t.id === a).leasedBy).toBeTruthy();
    expect(d1.body.removed).toEqual([]);

    const decided = await p.api('/api/commands', token, { body: { commandId: randomUUID(), taskId: a, baseVersion: 1, decision: 'approve' } });
    expect(decided.body.outcome).toBe('accepted');
    const d2 = await p.api(`/api/tasks/changes?scope=open&since=${d1.body.cursor}`, token);
    expect(d2.body.removed).toContain(a);
    expect(d2.body.tasks.map((t: { id: string }) => t.id)).not.toContain(a);
    // The same task, seen from the done scope, arrives as a change there.
    const d3 = await p.api(`/api/tasks/changes?scope=done&since=${d1.body.cursor}`, token);
    expect(d3.body.tasks.map((t: { id: string }) => t.id)).toContain(a);
  });

  it('sends a first page in queue order (most severe first), marked incomplete', async () => {
    await submit();
    const all = await p.api('/api/tasks?scope=open', token);
    expect(all.body.complete).toBe(true);
    const first = await p.api('/api/tasks?scope=open&limit=1', token);
    expect(first.body.tasks).toHaveLength(1);
    expect(first.body.complete).toBe(false);
    expect(first.body.counters).toEqual(all.body.counters);
    expect((await p.api('/api/tasks?scope=open&limit=0', token)).status).toBe(400);
  });

  it('refuses a cursor that is not a number, naming the field; non-reviewers are refused', async () => {
    const bad = await p.api('/api/tasks/changes?scope=open&since=abc', token);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('since');
    expect((await p.api('/api/tasks/changes?since=0', await p.login('yisheng'))).status).toBe(403);
    expect((await p.api('/api/tasks/changes?since=0', null)).status).toBe(401);
  });
});
