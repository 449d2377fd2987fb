import { describe, expect, it } from 'vitest';
import { getDefaultPolicyLibrary, type PolicyLibrary } from '@lianxu/policy';
import { contributionDueDate, contributionDueDateOf, contributionLateFee, lateFeeSince } from './contribution-due-date';

// The one convention for a month's contribution due date (close, risk scan, July 补差, bureau-sim):
// the policy's payment day, else the tenant's cut-off day for the city, else 25; and the 第86条
// late fee from it, 0.05% a day half up to the fen, checked by hand.

describe('contributionDueDate', () => {
  it("is the tenant's cut-off day in the month, 25 without one, clamped to the month's last day", () => {
    expect(contributionDueDateOf('110100', '2025-02', 15)).toEqual({ due: '2025-02-15', source: 'tenant_setting' });
    expect(contributionDueDateOf('110100', '2025-02', null)).toEqual({ due: '2025-02-25', source: 'default' });
    expect(contributionDueDate('110100', '2025-02', 30)).toBe('2025-02-28');
    expect(contributionDueDate('310100', '2024-02', 30)).toBe('2024-02-29');
  });

  it("takes the policy record's payment day first when a record gives one", () => {
    const base = getDefaultPolicyLibrary();
    const records = base.recordsOf('110100').map((r) => (r.effectiveFrom <= '2025-09' && '2025-09' <= r.effectiveTo ? { ...r, cutOffDay: { status: 'given', value: 20, sources: [] } } : r));
    const library = { ...base, recordsOf: (city: string) => (city === '110100' ? records : base.recordsOf(city)) } as unknown as PolicyLibrary;
    expect(contributionDueDateOf('110100', '2025-09', 15, library)).toEqual({ due: '2025-09-20', source: 'policy' });
    expect(contributionDueDateOf('310100', '2025-09', 15, library)).toEqual({ due: '2025-09-15', source: 'tenant_setting' });
  });
});

describe('contributionLateFee', () => {
  it('runs 0.05% a day from the due date to the day paid, half up to the fen', () => {
    // 123,456 fen of July 2025 due 25 Jul, paid 25 Sep: 62 days; 123,456 × 62 × 5 / 10,000 = 3,827.136 -> 3,827.
    expect(contributionLateFee(123_456, { cityCode: '110100', month: '2025-07', tenantCutoffDay: 25 }, '2025-09-25')).toEqual({ dueDate: '2025-07-25', days: 62, feeFen: 3_827 });
    expect(contributionLateFee(123_456, { cityCode: '110100', month: '2025-07', tenantCutoffDay: 25 }, '2025-07-25')).toEqual({ dueDate: '2025-07-25', days: 0, feeFen: 0 });
  });

  it('charges nothing on a refund or on nothing owed', () => {
    expect(lateFeeSince(-500, '2025-07-25', '2025-09-25')).toEqual({ days: 0, feeFen: 0 });
    expect(lateFeeSince(0, '2025-07-25', '2025-09-25')).toEqual({ days: 0, feeFen: 0 });
  });
});
