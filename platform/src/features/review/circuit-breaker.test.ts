import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sixDrugPrescription, startTestPlatform, type TestPlatform } from '../../test-support';

let p: TestPlatform;
beforeAll(async () => { p = await startTestPlatform({ timeoutSeconds: 1, breakerMs: 100 }); });
afterAll(async () => p?.close());

describe('circuit breaker (熔断)', () => {
  it('auto-passes a prescription nobody answered, marks it, and turns a late reject into a conflict', async () => {
    const no = `RX-${randomUUID().slice(0, 8)}`;
    const submit = await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
    expect(submit.body.status).toBe('pending');
    const result = await p.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY&wait=15`);
    expect(result.body).toMatchObject({ status: 'auto-passed', final: true, mayProceed: true, decision: { event: 'timeout' } });

    const token = await p.login('yaoshi');
    const [task] = await p.db.query<{ id: string }>(`SELECT t.id FROM review_tasks t JOIN prescriptions pr ON pr.id = t.prescription_id WHERE pr.prescription_no = $1`, [no]);
    const late = await p.api('/api/commands', token, { body: { commandId: randomUUID(), taskId: task!.id, baseVersion: 1, decision: 'reject', reason: '剂量过大' } });
    expect(late.body).toMatchObject({ outcome: 'conflict', reason: 'rejected-after-auto-pass', status: 'auto-passed' });
  });

  it('fires once when two platform nodes share one database', async () => {
    if (!p.dbUrl) return; // PGlite is single-process: the multi-node case needs PostgreSQL
    const second = await startTestPlatform({ timeoutSeconds: 1, breakerMs: 50, dbUrl: p.dbUrl });
    try {
      const nos = Array.from({ length: 8 }, () => `MN-${randomUUID().slice(0, 8)}`);
      for (const no of nos) await p.his('/his/v1/prescriptions/check', { body: sixDrugPrescription(no) });
      for (const no of nos) {
        const r = await second.his(`/his/v1/prescriptions/${no}/result?institutionCode=QSZWSY&wait=15`);
        expect(r.body.status).toBe('auto-passed');
      }
      const rows = await p.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM decisions d JOIN prescriptions pr ON pr.id = d.prescription_id WHERE d.event = 'timeout' AND pr.prescription_no = ANY($1)`, [nos]);
      expect(rows[0]!.n).toBe(nos.length);
    } finally {
      await second.stop();
    }
  });
});
