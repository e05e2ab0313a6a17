import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, isFinal, REVIEW_STATUSES, type ReviewEvent, type ReviewState } from './decide';

const statusArb = fc.constantFrom(...REVIEW_STATUSES);
const decisionArb = fc.constantFrom('approve', 'reject', 'reject-allow-double-sign' as const);
const eventArb: fc.Arbitrary<ReviewEvent> = fc.oneof(
  fc.record({ type: fc.constant('pharmacist' as const), decision: decisionArb, baseVersion: fc.integer({ min: 1, max: 4 }) }),
  fc.constantFrom<ReviewEvent>({ type: 'double-sign' }, { type: 'cancel' }, { type: 'modify' }, { type: 'timeout' }, { type: 'dispense' }),
);
const stateArb: fc.Arbitrary<ReviewState> = fc.record({ status: statusArb, version: fc.integer({ min: 1, max: 4 }) });

describe('decide()', () => {
  it('approves, rejects and rejects-allowing-double-sign a pending version', () => {
    const s: ReviewState = { status: 'pending', version: 2 };
    expect(decide(s, { type: 'pharmacist', decision: 'approve', baseVersion: 2 })).toEqual({ ok: true, state: { status: 'approved', version: 2 } });
    expect(decide(s, { type: 'pharmacist', decision: 'reject', baseVersion: 2 })).toMatchObject({ ok: true, state: { status: 'rejected' } });
    expect(decide(s, { type: 'pharmacist', decision: 'reject-allow-double-sign', baseVersion: 2 })).toMatchObject({ ok: true, state: { status: 'rejected-double-sign' } });
  });

  it('reports a decision on an older version as stale-base', () => {
    expect(decide({ status: 'pending', version: 3 }, { type: 'pharmacist', decision: 'approve', baseVersion: 2 })).toMatchObject({ ok: false, reason: 'stale-base' });
  });

  it('tells a reject after the circuit breaker apart from other conflicts', () => {
    const s: ReviewState = { status: 'auto-passed', version: 1 };
    expect(decide(s, { type: 'pharmacist', decision: 'reject', baseVersion: 1 })).toMatchObject({ ok: false, kind: 'conflict', reason: 'rejected-after-auto-pass' });
    expect(decide(s, { type: 'pharmacist', decision: 'approve', baseVersion: 1 })).toMatchObject({ ok: false, reason: 'already-decided-same' });
    expect(decide({ status: 'rejected', version: 1 }, { type: 'pharmacist', decision: 'approve', baseVersion: 1 })).toMatchObject({ ok: false, reason: 'already-decided-different' });
  });

  it('allows double signature only after D', () => {
    expect(decide({ status: 'rejected-double-sign', version: 1 }, { type: 'double-sign' })).toMatchObject({ ok: true, state: { status: 'double-signed' } });
    expect(decide({ status: 'rejected', version: 1 }, { type: 'double-sign' })).toMatchObject({ ok: false, kind: 'invalid' });
    expect(decide({ status: 'pending', version: 1 }, { type: 'double-sign' })).toMatchObject({ ok: false });
  });

  it('auto-passes only a pending version', () => {
    expect(decide({ status: 'pending', version: 1 }, { type: 'timeout' })).toMatchObject({ ok: true, state: { status: 'auto-passed' } });
    expect(decide({ status: 'approved', version: 1 }, { type: 'timeout' })).toMatchObject({ ok: false });
  });

  it('property: final statuses absorb every event', () => {
    fc.assert(fc.property(stateArb.filter((s) => isFinal(s.status)), eventArb, (s, e) => {
      const r = decide(s, e);
      expect(r.ok).toBe(false);
      expect(r.state).toEqual(s);
    }));
  });

  it('property: a refused event never changes the state, an accepted one keeps the version', () => {
    fc.assert(fc.property(stateArb, eventArb, (s, e) => {
      const r = decide(s, e);
      if (!r.ok) expect(r.state).toEqual(s);
      else expect(r.state.version).toBe(s.version);
    }));
  });

  it('property: pharmacist decisions apply only to pending versions of the same base', () => {
    fc.assert(fc.property(stateArb, decisionArb, fc.integer({ min: 1, max: 4 }), (s, decision, baseVersion) => {
      const r = decide(s, { type: 'pharmacist', decision, baseVersion });
      // Without an actor a second review cannot be confirmed (same-pharmacist).
      expect(r.ok).toBe(s.status === 'pending' && baseVersion === s.version);
    }));
  });

  it('property: any sequence of events reaches a known status and never leaves a final one', () => {
    fc.assert(fc.property(fc.array(eventArb, { maxLength: 12 }), (events) => {
      let s: ReviewState = { status: 'pending', version: 1 };
      let wasFinal = false;
      for (const e of events) {
        const r = decide(s, e);
        if (wasFinal) expect(r.ok).toBe(false);
        s = r.state;
        wasFinal = wasFinal || isFinal(s.status);
        expect(REVIEW_STATUSES).toContain(s.status);
      }
    }));
  });

  it('needs two different pharmacists when the plan asks for a second review', () => {
    const s: ReviewState = { status: 'pending', version: 1 };
    const first = decide(s, { type: 'pharmacist', decision: 'approve', baseVersion: 1, actor: 'u1', secondReview: true });
    expect(first).toEqual({ ok: true, state: { status: 'pending-second', version: 1, firstReviewer: 'u1' } });
    if (!first.ok) return;
    expect(decide(first.state, { type: 'pharmacist', decision: 'approve', baseVersion: 1, actor: 'u1' })).toMatchObject({ ok: false, kind: 'conflict', reason: 'same-pharmacist' });
    expect(decide(first.state, { type: 'pharmacist', decision: 'approve', baseVersion: 1, actor: 'u2' })).toMatchObject({ ok: true, state: { status: 'approved', firstReviewer: 'u1' } });
    expect(decide(first.state, { type: 'pharmacist', decision: 'reject', baseVersion: 1, actor: 'u2' })).toMatchObject({ ok: true, state: { status: 'rejected' } });
    // A rejection needs no second pharmacist; the circuit breaker and the doctor still apply.
    expect(decide(s, { type: 'pharmacist', decision: 'reject', baseVersion: 1, actor: 'u1', secondReview: true })).toMatchObject({ ok: true, state: { status: 'rejected' } });
    expect(decide(first.state, { type: 'timeout' })).toMatchObject({ ok: true, state: { status: 'auto-passed' } });
    expect(decide(first.state, { type: 'modify' })).toMatchObject({ ok: true, state: { status: 'modified' } });
    expect(decide(first.state, { type: 'pharmacist', decision: 'approve', baseVersion: 2, actor: 'u2' })).toMatchObject({ ok: false, reason: 'stale-base' });
  });

  it('property: no single pharmacist ever takes a second-review task to approved', () => {
    fc.assert(fc.property(fc.array(fc.tuple(decisionArb, fc.constant('u1')), { maxLength: 6 }), (steps) => {
      let s: ReviewState = { status: 'pending', version: 1 };
      for (const [decision, actor] of steps) {
        const r = decide(s, { type: 'pharmacist', decision, baseVersion: 1, actor, secondReview: true });
        s = r.state;
      }
      expect(s.status).not.toBe('approved');
    }));
  });
});
