import { describe, expect, it } from 'vitest';
import { idNumberProblem } from '../shared/index';
import { planDemoHistory, type DemoPlanInput } from './demo-history.plan';
import { DEMO_OPEN_TASKS, planDemoTasks } from './demo-tasks.plan';

const input: DemoPlanInput = {
  tenantId: '00000000-0000-4000-8000-000000000001',
  seed: 'test-seed',
  currentMonth: '2026-03',
  cities: [
    { cityCode: '110100', entityId: '00000000-0000-4000-8000-0000000000e1', cutoffDay: 25 },
    { cityCode: '310100', entityId: '00000000-0000-4000-8000-0000000000e1', cutoffDay: 25 },
  ],
  employees: 300 - DEMO_OPEN_TASKS,
  months: 24,
};
const planned = () => {
  const plan = planDemoHistory(input);
  const tasks = planDemoTasks(plan, { tenantId: input.tenantId, seed: input.seed, today: '2026-03-10', cities: input.cities });
  return { plan, tasks };
};

describe('the demo open filing tasks', () => {
  it('are the same on every run, held by demo people of their own with valid, distinct ID numbers', () => {
    expect(planned()).toEqual(planned());
    const { plan, tasks } = planned();
    expect(plan.employees).toHaveLength(300);
    expect(new Set(plan.employees.map((e) => e.idNumber)).size).toBe(300);
    const holders = plan.employees.filter((e) => tasks.some((t) => t.employeeId === e.id));
    expect(holders).toHaveLength(4);
    for (const h of holders) expect(idNumberProblem(h.idNumber)).toBeNull();
    expect(plan.events.filter((e) => holders.some((h) => h.id === e.employeeId)).every((e) => e.details.demo === true)).toBe(true);
  });

  it('are three enrollments around the 30-day deadline, not yet covered, and a stop of last month with its coverage still open', () => {
    const { plan, tasks } = planned();
    expect(tasks.map((t) => [t.kind, t.status, t.fromDate])).toEqual([
      ['enrollment', 'rejected', '2026-02-05'],
      ['enrollment', 'pending_approval', '2026-02-10'],
      ['enrollment', 'submitted', '2026-02-12'],
      ['stop', 'submitted', '2026-02-01'],
    ]);
    expect(tasks[0]!.rejection!.message).toContain('演示数据');
    for (const t of tasks.slice(0, 3)) expect(plan.periods.filter((p) => p.employeeId === t.employeeId)).toEqual([]);
    const stop = tasks[3]!;
    expect(plan.employees.find((e) => e.id === stop.employeeId)!.terminationDate).toBe('2026-02-28');
    expect(plan.periods.filter((p) => p.employeeId === stop.employeeId).map((p) => p.endMonth)).toEqual([null]);
  });
});
