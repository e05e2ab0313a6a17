import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_POLICY, isOnDuty, needsSecondReview, planActionFor } from './review-plan';

const hours = { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:30' };

describe('review plan policy', () => {
  it('reads working hours in China Standard Time', () => {
    // 2026-06-15 is a Monday.
    expect(isOnDuty(hours, '2026-06-15T09:00:00+08:00')).toBe(true);
    expect(isOnDuty(hours, '2026-06-15T01:00:00Z')).toBe(true); // 09:00 CST
    expect(isOnDuty(hours, '2026-06-15T17:30:00+08:00')).toBe(false);
    expect(isOnDuty(hours, '2026-06-14T10:00:00+08:00')).toBe(false); // Sunday
    expect(isOnDuty(hours, 'not a time')).toBe(true);
  });

  it('does not hold a prescription for a review nobody of the plan will do; never relaxes a block', () => {
    const policy = { ...DEFAULT_PLAN_POLICY, departments: ['内科'], workingHours: hours };
    const on = '2026-06-15T09:00:00+08:00';
    expect(planActionFor(policy, 'caution', { at: on, department: '心血管内科' })).toBe('review');
    expect(planActionFor(policy, 'caution', { at: on, department: '儿科' })).toBe('warn');
    expect(planActionFor(policy, 'caution', { at: on })).toBe('warn');
    expect(planActionFor(policy, 'caution', { at: '2026-06-15T22:00:00+08:00', department: '内科' })).toBe('warn');
    expect(planActionFor(policy, 'contraindicated', { at: '2026-06-15T22:00:00+08:00', department: '儿科' })).toBe('block');
    expect(planActionFor(DEFAULT_PLAN_POLICY, 'caution', { at: '2026-06-14T22:00:00+08:00' })).toBe('review');
    expect(planActionFor(DEFAULT_PLAN_POLICY, null, { at: on })).toBe('pass');
  });

  it('asks for a second pharmacist by level or by drug class', () => {
    const policy = { ...DEFAULT_PLAN_POLICY, secondReview: { levels: ['contraindicated' as const], drugClasses: ['opioids'] } };
    expect(needsSecondReview(policy, 'contraindicated', [])).toBe(true);
    expect(needsSecondReview(policy, 'caution', [['nsaids'], ['opioids']])).toBe(true);
    expect(needsSecondReview(policy, 'caution', [['nsaids']])).toBe(false);
    expect(needsSecondReview(DEFAULT_PLAN_POLICY, 'contraindicated', [['opioids']])).toBe(false);
  });
});
