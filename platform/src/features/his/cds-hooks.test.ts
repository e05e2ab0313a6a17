import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test-support';

// The shared sample cases and the harness that converts them live beside the repo (../shared).
const SHARED = path.resolve(import.meta.dirname, '../../../../../shared');
const casesFile = path.join(SHARED, 'cases/sample-cases.json');
const harnessFile = path.join(SHARED, 'tools/review-harness.mjs');
const available = fs.existsSync(casesFile) && fs.existsSync(harnessFile);

let p: TestPlatform;
beforeAll(async () => { p = await startTestPlatform(); });
afterAll(async () => p?.close());

describe('CDS Hooks service (interop.md)', () => {
  it('is discoverable', async () => {
    const r = await p.his('/cds-services', { key: null });
    expect(r.body.services[0]).toMatchObject({ id: 'yaodun-prescription-review', hook: 'order-sign' });
  });

  it.skipIf(!available)('answers every shared sample case with yaodun-finding cards and the expected result', async () => {
    const harness = await import(harnessFile) as { caseToRequest: (c: unknown) => unknown; parseResponse: (t: string) => { findings: Array<{ checkType: string; level: string }>; notes: string[] }; scoreCase: (c: unknown, f: unknown) => { pass: boolean } };
    const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8')) as Array<{ id: string }>;
    const failed: string[] = [];
    for (const c of cases) {
      const r = await p.his('/cds-services/yaodun-prescription-review', { body: harness.caseToRequest(c) });
      expect(r.status, c.id).toBe(200);
      const parsed = harness.parseResponse(JSON.stringify(r.body));
      expect(parsed.notes, c.id).toEqual([]);
      if (!harness.scoreCase(c, parsed.findings).pass) failed.push(c.id);
    }
    expect(failed).toEqual([]);
  });

  it('answers 400 naming the path for a malformed request, never 500', async () => {
    const bad = await p.his('/cds-services/yaodun-prescription-review', { body: { hook: 'order-sign', context: { draftOrders: { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'MedicationRequest', dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: 'ten' } }] }] } }] } }, prefetch: { patient: { resourceType: 'Patient' } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('context.draftOrders.entry[0].resource.dosageInstruction[0].doseAndRate[0].doseQuantity.value');
    expect((await p.his('/cds-services/yaodun-prescription-review', { raw: '{oops' })).status).toBe(400);
    expect((await p.his('/cds-services/yaodun-prescription-review', { raw: '[]' })).status).toBe(400);
  });

  it('reports an unknown drug as an info finding', async () => {
    const r = await p.his('/cds-services/yaodun-prescription-review', { body: {
      hook: 'order-sign', hookInstance: 'x',
      context: { patientId: 'p', draftOrders: { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'm1', medicationCodeableConcept: { text: '神奇草药胶囊 0.3g' } } }] } },
      prefetch: { patient: { resourceType: 'Patient', id: 'p' } },
    } });
    expect(r.status).toBe(200);
    expect(r.body.cards).toContainEqual(expect.objectContaining({ indicator: 'info', extension: { 'yaodun-finding': expect.objectContaining({ checkType: 'unknown-drug', level: 'info', orders: ['MedicationRequest/m1'] }) } }));
    expect(r.body.cards.every((c: { indicator: string }) => c.indicator === 'info')).toBe(true);
    expect(r.body.extension['yaodun-decision'].action).toBe('pass');
  });
});
