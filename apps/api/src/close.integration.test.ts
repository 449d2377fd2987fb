import { beforeAll, describe, expect, it } from 'vitest';
import { expectedLines, type ExpectedLine } from '@lianxu/core';
import { calculateContributions } from '@lianxu/policy';
import { firstEntityId, peopleApiFixture, seedCloseEmployees, type TestClient } from '@lianxu/testing';

// The monthly close through the API: match, resolve, lock (HR), a later change refused with 409
// naming the month, the correction taken as an adjustment line, a back-dated wage change refused
// and then settled as 补差 lines, unlock by a tenant admin only;
// tenant B sees none of A's closes.
const people = peopleApiFixture();
const { db, slugA, json } = people;
let hrA: TestClient;
let adminA: TestClient;
let hrB: TestClient;
let entityId: string;
let ids: string[];
let expected: ExpectedLine[];
const MONTH = '2024-09';
const path = () => `/api/t/${slugA}/close/${entityId}/110100/${MONTH}`;

beforeAll(async () => {
  ({ hrA, adminA, hrB } = people.clients);
  entityId = await firstEntityId(db, people.tenants.A);
  ids = await seedCloseEmployees(db, people.tenants.A, entityId, [
    { city: '110100', from: '2024-01', wages: [['2024-01-02', 1_200_000]] },
    { city: '110100', from: '2024-01', wages: [['2024-01-02', 1_500_000]] },
  ]);
  expected = (await expectedLines(db, { tenantId: people.tenants.A, entityId, cityCode: '110100', month: MONTH })).lines;
});

describe('close routes', () => {
  it('match, resolve and lock a month; a later change is refused with 409 naming the month', async () => {
    expect((await hrA.request('PUT', path(), {})).status).toBe(200);
    const bad = await hrA.post(`${path()}/bill`, { lines: [{ employeeId: ids[0], personName: 'x', insurance: 'pension', periodFrom: '2024-13', periodTo: MONTH, baseFen: 1, employerFen: 1, employeeFen: 1, collectionType: '正常应缴' }] });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields)).toContain('lines.0.periodFrom');
    const lines = expected.map((l) => ({ employeeId: l.employeeId, personName: 'x', insurance: l.insurance, periodFrom: MONTH, periodTo: MONTH, baseFen: l.baseFen,
      employerFen: l.employerFen + (l.employeeId === ids[0] && l.insurance === 'pension' ? 1 : 0), employeeFen: l.employeeFen, collectionType: '正常应缴' }));
    expect((await hrA.post(`${path()}/bill`, { lines })).status).toBe(200);
    const rows = expected.filter((l) => l.employeeFen > 0).map((l) => ({ employeeId: l.employeeId, insurance: l.insurance, employeeFen: l.employeeFen }));
    expect((await hrA.post(`${path()}/deductions`, { rows })).status).toBe(200);
    const matched = await json(await hrA.post(`${path()}/match`, {}));
    expect(matched.byClass).toEqual({ rounding: { count: 1, amountFen: 1 } });
    const diffs = (await json(await hrA.get(`${path()}/differences`))).items;
    expect(diffs).toMatchObject([{ class: 'rounding', amountFen: 1, employeeId: ids[0], insurance: 'pension', state: 'open' }]);
    expect((await hrA.post(`${path()}/differences/${diffs[0].id}/resolve`, { action: 'accept', reason: '经办机构四舍五入' })).status).toBe(200);
    const locked = await hrA.post(`${path()}/lock`, {});
    expect(locked.status).toBe(200);
    expect(await json(locked)).toMatchObject({ state: 'locked' });

    const refused = await hrA.post(`${path()}/deductions`, { rows: rows.slice(0, 1) });
    expect(refused.status).toBe(409);
    const error = (await json(refused)).error;
    expect(error.code).toBe('month_locked');
    expect(error.message).toContain(MONTH);
    const adj = await hrA.post(`/api/t/${slugA}/close-adjustments`, {
      entityId, cityCode: '110100', originalMonth: MONTH, targetMonth: '2024-10', employeeId: ids[1], insurance: 'pension', employerFen: 1_000, employeeFen: 500, reason: '工资补录', payOn: '2024-10-25',
    });
    expect(adj.status).toBe(201);
    // 15.00 yuan owed from 2024-09-25 to 2024-10-25: 30 days x 0.05% = 0.225 yuan, 23 fen (half up).
    expect(await json(adj)).toMatchObject({ originalMonth: MONTH, month: '2024-10', lateFeeDays: 30, lateFeeFen: 23, kind: 'back_payment' });
  });

  it('a wage change dated back into the locked month is refused naming the month, then settled as 补差 lines with the late fee to the fen', async () => {
    const wagePath = `/api/t/${slugA}/employees/${ids[0]}/wage`;
    const refused = await hrA.post(wagePath, { monthlyWage: '13000.00', effectiveFrom: '2024-09-01' });
    expect(refused.status).toBe(409);
    const error = (await json(refused)).error;
    expect(error.code).toBe('month_locked');
    expect(error.message).toContain(MONTH);
    // Nothing written: the wage is still 12,000.00.
    expect((await json(await hrA.get(`/api/t/${slugA}/employees/${ids[0]}`))).monthlyWage).toBe('12000.00');
    expect((await hrA.post(wagePath, { monthlyWage: '13000.00', effectiveFrom: '2024-09-01', settleLockedMonths: 'yes' })).status).toBe(400);

    const settled = await hrA.post(wagePath, { monthlyWage: '13000.00', effectiveFrom: '2024-09-01', settleLockedMonths: true });
    expect(settled.status).toBe(200);
    expect((await json(settled)).monthlyWage).toBe('13000.00');
    const lines = (await json(await hrA.get(`/api/t/${slugA}/close-adjustments?month=2026-03`))).items.filter((l: { employeeId: string }) => l.employeeId === ids[0]);
    // By hand: each insurance's 2024-09 amounts on 13,000 minus those on 12,000, paid on 2026-03-25
    // (the current month's due date), owed since 2024-09-25: 0.05% a day, half up.
    const on = (wageFen: number) => calculateContributions({ city: '110100', month: MONTH, wageFen, hukou: 'local' }).lines.filter((l) => l.insurance !== 'housingFund');
    const days = (Date.UTC(2026, 2, 25) - Date.UTC(2024, 8, 25)) / 86_400_000;
    const want = on(1_300_000).map((n) => {
      const o = on(1_200_000).find((l) => l.insurance === n.insurance)!;
      const owed = n.employerFen - o.employerFen + n.employeeFen - o.employeeFen;
      return { insurance: n.insurance, originalMonth: MONTH, month: '2026-03', kind: 'top_up', employerFen: n.employerFen - o.employerFen, employeeFen: n.employeeFen - o.employeeFen, lateFeeDays: days, lateFeeFen: Math.floor((owed * days * 5 + 5_000) / 10_000) };
    }).filter((l) => l.employerFen + l.employeeFen !== 0);
    expect(want.length).toBeGreaterThanOrEqual(3);
    expect(lines.map((l: Record<string, unknown>) => ({ insurance: l.insurance, originalMonth: l.originalMonth, month: l.month, kind: l.kind, employerFen: l.employerFen, employeeFen: l.employeeFen, lateFeeDays: l.lateFeeDays, lateFeeFen: l.lateFeeFen })).sort((a: { insurance: string }, b: { insurance: string }) => a.insurance.localeCompare(b.insurance)))
      .toEqual(want.sort((a, b) => a.insurance.localeCompare(b.insurance)));
    // The locked month itself is untouched: still locked, its stored differences as they were.
    expect((await json(await hrA.get(`${path()}/differences`))).items).toMatchObject([{ class: 'rounding', amountFen: 1, state: 'accepted' }]);
    expect((await json(await hrA.get(`/api/t/${slugA}/close?month=${MONTH}`))).items.find((c: { cityCode: string }) => c.cityCode === '110100')).toMatchObject({ state: 'locked' });
  });

  it('only a tenant admin unlocks, with a reason', async () => {
    expect((await hrA.post(`${path()}/unlock`, { reason: 'x' })).status).toBe(403);
    expect((await adminA.post(`${path()}/unlock`, { reason: '' })).status).toBe(400);
    const open = await adminA.post(`${path()}/unlock`, { reason: '账单重出' });
    expect(open.status).toBe(200);
    expect(await json(open)).toMatchObject({ state: 'open', unlockReason: '账单重出' });
  });

  it('tenant B sees and changes none of A’s closes', async () => {
    const slugB = people.slugB;
    expect((await json(await hrB.get(`/api/t/${slugB}/close`))).items).toEqual([]);
    expect((await hrB.get(`/api/t/${slugB}/close/${entityId}/110100/${MONTH}/differences`)).status).toBe(404);
    expect((await hrB.post(`/api/t/${slugB}/close/${entityId}/110100/${MONTH}/lock`, {})).status).toBe(404);
    expect((await hrB.get(`/api/t/${slugA}/close`)).status).toBe(404);
  });
});
