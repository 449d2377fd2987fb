import { describe, expect, it } from 'vitest';
import { idNumberProblem } from '../shared/index';
import { planDemoHistory, type DemoPlanInput } from './demo-history.plan';

const input: DemoPlanInput = {
  tenantId: '00000000-0000-4000-8000-000000000001',
  seed: 'test-seed',
  currentMonth: '2026-03',
  cities: [
    { cityCode: '110100', entityId: '00000000-0000-4000-8000-0000000000e1', cutoffDay: 25 },
    { cityCode: '310100', entityId: '00000000-0000-4000-8000-0000000000e1', cutoffDay: 25 },
  ],
  employees: 300,
  months: 24,
};

describe('the demo history plan', () => {
  it('is the same from the same seed and tenant, and another with another seed', () => {
    expect(planDemoHistory(input)).toEqual(planDemoHistory(input));
    expect(planDemoHistory({ ...input, seed: 'other' }).employees.map((e) => e.name)).not.toEqual(planDemoHistory(input).employees.map((e) => e.name));
  });

  it('has about 300 people with valid, distinct ID numbers, hires, leaves, raises and one transfer', () => {
    const plan = planDemoHistory(input);
    expect(plan.employees).toHaveLength(300);
    expect(new Set(plan.employees.map((e) => e.idNumber)).size).toBe(300);
    expect(plan.employees.every((e) => idNumberProblem(e.idNumber, '2026-03-10') === null)).toBe(true);
    const kinds = (k: string) => plan.events.filter((e) => e.kind === k).length;
    expect(kinds('hire')).toBe(300);
    expect(kinds('transfer')).toBe(1);
    expect(kinds('terminate')).toBeGreaterThan(20);
    expect(kinds('wage_change')).toBeGreaterThan(50);
    // Hires inside the 24 months too, not only before them.
    expect(plan.employees.filter((e) => e.hireDate >= '2024-04-01').length).toBeGreaterThan(30);
  });

  it('plants a two-month gap, an unstopped leaver and the transfer as coverage periods', () => {
    const plan = planDemoHistory(input);
    const periods = (id: string | null) => plan.periods.filter((p) => p.employeeId === id).sort((a, b) => a.startMonth.localeCompare(b.startMonth));
    const gap = periods(plan.story.gap);
    expect(gap.map((p) => [p.startMonth > '2025' ? p.startMonth : 'before', p.endMonth])).toEqual([['before', '2025-09'], ['2025-12', null]]);
    const leaver = plan.employees.find((e) => e.id === plan.story.leaverStillCovered)!;
    expect(leaver.terminationDate).not.toBeNull();
    expect(periods(leaver.id).at(-1)!.endMonth).toBeNull();
    const moved = periods(plan.story.transferred);
    expect(moved.map((p) => [p.cityCode, p.endMonth])).toEqual([['110100', '2025-06'], ['310100', null]]);
    // Everyone else: covered from the hire month, without a break, to the last covered month.
    const others = plan.employees.filter((e) => ![plan.story.gap, plan.story.transferred, plan.story.leaverStillCovered].includes(e.id));
    for (const e of others) {
      const [p, ...rest] = periods(e.id);
      expect(rest).toEqual([]);
      expect(p!.startMonth).toBe(e.hireDate.slice(0, 7));
      expect(p!.endMonth === null).toBe(e.terminationDate === null);
    }
  });
});
