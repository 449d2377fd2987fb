import { describe, expect, it } from 'vitest';
import { getDefaultPolicyLibrary, type PolicyRecord } from '@lianxu/policy';
import { summary } from './policy-record.mapper';

const library = getDefaultPolicyLibrary();
const shipped = (city: string, year: number): PolicyRecord => library.record(city, year)!;

describe('the year summary of a policy record', () => {
  it('gives the weakest grade among the given figures and flags a not-found one', () => {
    expect(summary(shipped('110100', 2024), false)).toMatchObject({ policyId: '110100-2024-r1', lowestGrade: 'B', hasNotFound: false, carriedForward: false });
    // Beijing 2026: grade C figures, work-injury rates not found.
    expect(summary(shipped('110100', 2026), true)).toMatchObject({ lowestGrade: 'C', hasNotFound: true, carriedForward: true });
    // Chengdu 2024: an undated table (grade D) and no rate.
    expect(summary(shipped('510100', 2024), false)).toMatchObject({ lowestGrade: 'D', hasNotFound: true });
  });

  it('grades nothing when nothing is given', () => {
    // Hangzhou 2026 gives only housing-fund bases (C); without them nothing is left to grade.
    const hangzhou = shipped('330100', 2026);
    expect(summary(hangzhou, true).lowestGrade).toBe('C');
    const nothing: PolicyRecord = { ...hangzhou, insurances: { ...hangzhou.insurances, housingFund: { status: 'notFound', sources: [] } } };
    expect(summary(nothing, true)).toMatchObject({ lowestGrade: null, hasNotFound: true });
  });
});
