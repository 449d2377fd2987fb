import { beforeAll, describe, expect, it } from 'vitest';
import { peopleApiFixture, type TestClient } from '@lianxu/testing';

// Wages in from a payroll system: POST /payroll/wages, idempotent by the payroll record id. The same
// record twice changes nothing the second time; another body under the same id is 409; bad input
// names the field and writes nothing; another tenant's employee is not found.
const people = peopleApiFixture();
const { slugA, slugB, hireBody, counts, json } = people;
let tenantA = '';
let hrA: TestClient;
let hrB: TestClient;
beforeAll(() => {
  ({ A: tenantA } = people.tenants);
  ({ hrA, hrB } = people.clients);
});

describe('payroll wages in', () => {
  it('records a wage once per record id; a repeat is a replay, another body 409, nothing written twice', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05' })));
    const record = { recordId: `pay-${e.id.slice(0, 8)}-2026-04`, employeeId: e.id, monthlyWage: '9300', effectiveFrom: '2026-04-01' };
    const before = await counts(tenantA);
    const first = await hrA.post(`/api/t/${slugA}/payroll/wages`, record);
    expect(first.status).toBe(200);
    expect(await json(first)).toMatchObject({ id: e.id, monthlyWage: '9300.00' });
    const afterFirst = await counts(tenantA);
    expect(afterFirst.employment_events - before.employment_events).toBe(1);

    const again = await hrA.post(`/api/t/${slugA}/payroll/wages`, record);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await counts(tenantA)).toEqual(afterFirst);

    const changed = await hrA.post(`/api/t/${slugA}/payroll/wages`, { ...record, monthlyWage: '9400' });
    expect(changed.status).toBe(409);
    expect(await counts(tenantA)).toEqual(afterFirst);
    const wage = await json(await hrA.get(`/api/t/${slugA}/employees/${e.id}`));
    expect(wage.wageHistory).toEqual([{ effectiveFrom: '2026-01-05', monthlyWage: '8500.00' }, { effectiveFrom: '2026-04-01', monthlyWage: '9300.00' }]);
  });

  it('names the field at fault in both languages and writes nothing; another tenant cannot reach the employee', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05' })));
    const before = await counts(tenantA);
    const bad = await hrA.request('POST', `/api/t/${slugA}/payroll/wages`, { recordId: 'r-1', employeeId: 'nope', monthlyWage: '0', effectiveFrom: '2026-02-30' }, { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields).sort()).toEqual(expect.arrayContaining(['employeeId']));
    const missing = await hrA.post(`/api/t/${slugA}/payroll/wages`, { employeeId: e.id, monthlyWage: '9000', effectiveFrom: '2026-03-01' });
    expect(missing.status).toBe(400);
    expect((await json(missing)).error.fields).toHaveProperty('recordId');
    expect(await counts(tenantA)).toEqual(before);
    const stranger = await hrB.post(`/api/t/${slugB}/payroll/wages`, { recordId: 'r-2', employeeId: e.id, monthlyWage: '9000', effectiveFrom: '2026-03-01' });
    expect(stranger.status).toBe(404);
    expect(await counts(tenantA)).toEqual(before);
  });
});
