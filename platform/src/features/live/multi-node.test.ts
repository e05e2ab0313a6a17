/** Two platform nodes on one PostgreSQL: a task created through node A reaches a workstation connected to node B. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';

let a: TestPlatform;
let b: TestPlatform | null = null;
beforeAll(async () => {
  a = await startTestPlatform();
  if (a.dbUrl) b = await startTestPlatform({ dbUrl: a.dbUrl });
});
afterAll(async () => {
  await b?.stop();
  await a?.close();
});

describe('live updates across nodes (LISTEN/NOTIFY)', () => {
  it('delivers task-created over SSE on node B for a prescription submitted to node A', async () => {
    if (!b) return; // needs PostgreSQL: PGlite is one process
    const token = await b.login('yaoshi');
    const ac = new AbortController();
    const res = await fetch(`${b.url}/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: ac.signal });
    const reader = res.body!.getReader();
    const no = `MN-${randomUUID().slice(0, 8)}`;
    const submitted = a.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes('task-created') && Date.now() < deadline) {
      const { value, done } = await Promise.race([reader.read(), new Promise<{ value: undefined; done: true }>((r) => setTimeout(() => r({ value: undefined, done: true }), deadline - Date.now()))]);
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    ac.abort();
    expect((await submitted).body.status).toBe('pending');
    expect(text).toContain('event: task-created');
  });
});
