import { beforeAll, describe, expect, it } from 'vitest';
import { peopleApiFixture, type TestClient } from '@lianxu/testing';

// GET /api/t/{tenant}/workbench against the run's real PostgreSQL: HR's work to do, counted per
// tenant; the employee role has its own page.
const people = peopleApiFixture();
const { slugA, slugB, hireBody, json } = people;
let hrA: TestClient;
let hrB: TestClient;
let employeeA: TestClient;
beforeAll(() => {
  ({ hrA, hrB, employeeA } = people.clients);
});

describe('workbench', () => {
  it('counts open and overdue filings, lists the nearest deadlines first, and stays in its tenant', async () => {
    // Today is 2026-03-10: a hire of 2026-01-29 had until 2026-02-28.
    const late = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-29', name: '郑逾期' })));
    await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-03-09', name: '王准时' }));
    const r = await hrA.get(`/api/t/${slugA}/workbench`);
    expect(r.status).toBe(200);
    const w = await json(r);
    expect(w.filings.open).toBeGreaterThanOrEqual(2);
    expect(w.filings.overdue).toBeGreaterThanOrEqual(1);
    expect(w.filings.nearest[0]).toMatchObject({ employeeId: late.id, employeeName: '郑逾期', kind: 'enrollment', deadlineDate: '2026-02-28', daysLeft: -10 });
    expect(w.risks).toEqual({ open: expect.any(Number) });
    expect(w.stops).toEqual({ thisMonth: expect.any(Number) });
    expect(w.fund).toMatchObject({ toFile: expect.any(Number), overdue: expect.any(Number) });
    // Hangzhou, a work city here, has no published rates: the workbench says which insurances lack
    // figures for the month (no amount is shown for them elsewhere); Shanghai's figures are complete.
    expect(w.policy).toEqual([{ cityCode: '330100', cityName: '杭州', month: '2026-03', missing: ['pension', 'medical', 'maternity', 'unemployment', 'workInjury'], provisional: [] }]);
    expect(w.inbox).toEqual({ unread: expect.any(Number) });

    const b = await json(await hrB.get(`/api/t/${slugB}/workbench`));
    expect(b.filings.nearest.map((x: { employeeId: string }) => x.employeeId)).not.toContain(late.id);
    expect((await hrB.get(`/api/t/${slugA}/workbench`)).status).toBe(404);
  });

  it('counts stops due this month and housing-fund filings to make, nearest first', async () => {
    const hired = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-02-02', name: '钱减员' })));
    const before = await json(await hrA.get(`/api/t/${slugA}/workbench`));
    const left = await hrA.post(`/api/t/${slugA}/employees/${hired.id}/termination`, { lastWorkingDay: '2026-03-06', reason: '个人原因' });
    expect(left.status).toBe(200);
    const after = await json(await hrA.get(`/api/t/${slugA}/workbench`));
    expect(after.stops.thisMonth).toBe(before.stops.thisMonth + 1);
    const dues = after.fund.nearest.map((x: { dueDate: string }) => x.dueDate);
    expect(dues).toEqual([...dues].sort());
    expect(after.fund.nearest.length).toBeLessThanOrEqual(5);
  });

  it('is not for the employee role', async () => {
    expect((await employeeA.get(`/api/t/${slugA}/workbench`)).status).toBe(403);
  });
});
