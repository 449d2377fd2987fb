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
    expect(w.inbox).toEqual({ unread: expect.any(Number) });

    const b = await json(await hrB.get(`/api/t/${slugB}/workbench`));
    expect(b.filings.nearest.map((x: { employeeId: string }) => x.employeeId)).not.toContain(late.id);
    expect((await hrB.get(`/api/t/${slugA}/workbench`)).status).toBe(404);
  });

  it('is not for the employee role', async () => {
    expect((await employeeA.get(`/api/t/${slugA}/workbench`)).status).toBe(403);
  });
});
