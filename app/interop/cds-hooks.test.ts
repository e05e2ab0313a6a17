import { describe, expect, it } from 'vitest';
import { parseCdsRequest, toCdsResponse } from './cds-hooks';

const base = {
  hook: 'order-sign',
  hookInstance: 'h1',
  context: {
    userId: 'Practitioner/d1', patientId: 'p1',
    draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: {
      resourceType: 'MedicationRequest', id: 'm1', status: 'draft', intent: 'order', authoredOn: '2026-06-15T09:00:00+08:00',
      medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: 'J01CA04', display: '阿莫西林' }], text: '阿莫西林胶囊 0.25g' },
      dosageInstruction: [{ timing: { code: { text: 'tid' }, repeat: { frequency: 3, period: 1, periodUnit: 'd' } }, route: { text: '口服' }, doseAndRate: [{ doseQuantity: { value: 0.5, unit: 'g' } }] }],
      dispenseRequest: { expectedSupplyDuration: { value: 5, unit: 'd' } },
      extension: [{ url: 'urn:yaodun:fhir:infusion-group', valueString: '1' }],
    } }] },
  },
  prefetch: {
    patient: { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1957-03-02' },
    practitioner: { resourceType: 'Practitioner', qualification: [{ code: { text: '主治医师' } }] },
    organization: { resourceType: 'Organization', type: [{ text: '乡镇卫生院' }] },
    encounter: { resourceType: 'Encounter', class: { code: 'AMB' } },
    observations: { resourceType: 'Bundle', entry: [
      { resource: { resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, valueQuantity: { value: 61, unit: 'kg' } } },
      { resource: { resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '82810-3' }] }, valueBoolean: true } },
      { resource: { resourceType: 'Observation', code: { text: '血钾' }, valueQuantity: { value: 5.9, unit: 'mmol/L' } } },
    ] },
    conditions: { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Condition', code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10' }], text: '高血压' }, clinicalStatus: { coding: [{ code: 'resolved' }] } } }] },
    allergies: { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'AllergyIntolerance', code: { text: '青霉素' } } }] },
  },
};

describe('CDS Hooks mapping', () => {
  it('maps every field the engine reads', () => {
    const r = parseCdsRequest(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const q = r.value.request;
    expect(q.patient).toMatchObject({ sex: 'female', birthDate: '1957-03-02', weightKg: 61, pregnant: true });
    expect(q.prescriberTitle).toBe('主治医师');
    expect(q.institutionLevel).toBe('乡镇卫生院');
    expect(q.visitType).toBe('AMB');
    expect(q.diagnoses).toEqual([{ code: 'I10', text: '高血压', status: 'resolved' }]);
    expect(q.allergies).toEqual([{ text: '青霉素', atc: undefined }]);
    expect(q.observations).toEqual([expect.objectContaining({ text: '血钾', value: 5.9 })]);
    expect(q.orders[0]).toMatchObject({ ref: 'MedicationRequest/m1', atc: 'J01CA04', text: '阿莫西林胶囊 0.25g', dose: { value: 0.5, unit: 'g' }, frequencyCode: 'tid', route: '口服', days: 5, group: '1' });
    expect(q.authoredOn).toBe('2026-06-15T09:00:00+08:00');
  });

  it('names the offending path of a malformed order', () => {
    const bad = structuredClone(base) as { context: { draftOrders: { entry: Array<{ resource: Record<string, unknown> }> } } };
    bad.context.draftOrders.entry.push({ resource: { resourceType: 'MedicationRequest', dosageInstruction: 5 } });
    const r = parseCdsRequest(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.path).toBe('context.draftOrders.entry[1].resource.dosageInstruction');
  });

  it('requires prefetch.patient and context.draftOrders, and only order-sign', () => {
    const noPatient = parseCdsRequest({ ...base, prefetch: {} });
    expect(!noPatient.ok && noPatient.issues[0]?.path).toBe('prefetch.patient');
    const noOrders = parseCdsRequest({ ...base, context: { patientId: 'p1' } });
    expect(!noOrders.ok && noOrders.issues[0]?.path).toBe('context.draftOrders');
    const other = parseCdsRequest({ ...base, hook: 'patient-view' });
    expect(!other.ok && other.issues[0]?.path).toBe('hook');
    expect(parseCdsRequest('not an object').ok).toBe(false);
  });

  it('answers one card per finding with the indicator of its level', () => {
    const f = { checkType: 'interaction' as const, level: 'not-recommended' as const, ruleId: 'r', reviewCode: '2-8', orders: ['MedicationRequest/m1'], summary: 's', what: 'w', why: 'y', action: 'a', sources: [{ kind: 'label' as const, title: 't' }], facts: [] };
    let n = 0;
    const res = toCdsResponse([f, { ...f, level: 'contraindicated' }, { ...f, level: 'info' }], 'contraindicated', 'block', 3, () => `id-${++n}`);
    expect(res.cards.map((c) => c.indicator)).toEqual(['warning', 'critical', 'info']);
    expect(res.cards[0]?.extension['yaodun-finding']).toMatchObject({ checkType: 'interaction', level: 'not-recommended', reviewCode: '2-8', orders: ['MedicationRequest/m1'] });
    expect(res.extension['yaodun-decision']).toMatchObject({ action: 'block', maxLevel: 'contraindicated' });
  });
});
