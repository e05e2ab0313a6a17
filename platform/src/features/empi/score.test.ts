import { describe, expect, it } from 'vitest';
import { classify, scoreMatch, transposedDates, WEIGHTS } from './score';

const base = { name: '李桂兰', sex: 'female', birthDate: '1965-03-15', phones: ['13800000001'] };

describe('EMPI Fellegi–Sunter scoring', () => {
  it('documents its weights as log2(m/u)', () => {
    expect(WEIGHTS.name.agree).toBeCloseTo(9.89, 2);
    expect(WEIGHTS.birthDate.agree).toBeCloseTo(13.24, 2);
    expect(WEIGHTS.phone.disagree).toBeCloseTo(-1.74, 2);
  });
  it('links the same person, queues a conflicting phone, and keeps namesakes apart', () => {
    expect(classify(scoreMatch(base, { ...base, phones: [] }).score)).toBe('link');
    expect(classify(scoreMatch(base, base).score)).toBe('link');
    const typo = scoreMatch(base, { ...base, phones: ['13800000010'] });
    expect(classify(typo.score)).toBe('review');
    expect(typo.breakdown.find((b) => b.field === '电话')?.outcome).toBe('不一致');
    expect(classify(scoreMatch(base, { name: '李桂兰', sex: 'female', birthDate: '1972-08-02', phones: ['13900000000'] }).score)).toBe('new');
  });
  it('gives partial credit to homophone names and transposed birth dates', () => {
    const r = scoreMatch(base, { ...base, name: '李贵兰' });
    expect(r.breakdown[0]).toMatchObject({ field: '姓名', outcome: '拼音相同' });
    expect(transposedDates('1965-03-15')).toContain('1956-03-15');
    expect(transposedDates('1965-03-12')).toContain('1965-12-03');
    const swapped = scoreMatch(base, { ...base, birthDate: '1956-03-15' });
    expect(swapped.breakdown.find((b) => b.field === '出生日期')?.outcome).toBe('疑似录入颠倒');
    expect(classify(swapped.score)).toBe('link'); // the same phone vouches for it
    expect(classify(scoreMatch(base, { ...base, birthDate: '1956-03-15', phones: [] }).score)).toBe('review');
  });
});
