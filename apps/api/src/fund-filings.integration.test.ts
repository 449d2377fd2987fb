import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { createRiskScanner } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { peopleApiFixture, type TestClient } from '@lianxu/testing';

// The housing fund as its own track (issue #19): where the employing entity is registered with the
// city's fund centre, a hire owes a 缴存登记, a leave a 封存, a transfer both (sealed in the old city,
// opened in the new), each due 30 days after the event (住房公积金管理条例 第15条). HR records the
// centre's receipt; bad input is a 400 naming the field; another tenant sees nothing; the daily risk
// scan finds a filing past its due date and resolves it once the receipt is in. Tenant B's entity is
// not registered with a fund centre: its hires owe nothing there.
const people = peopleApiFixture();
const { db, slugA, slugB, hireBody, json, signedIn } = people;
let tenantA = '';
let tenantB = '';
let hrA: TestClient;
let hrB: TestClient;
let employeeA: TestClient;

beforeAll(async () => {
  ({ A: tenantA, B: tenantB } = people.tenants);
  ({ hrA, hrB, employeeA } = people.clients);
  // Tenant A's entity is registered with the fund centres of Shanghai and Hangzhou.
  await withTenant(db, tenantA, async (trx) => {
    const entity = await trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantA).executeTakeFirstOrThrow();
    await trx.insertInto('entity_registrations').values(['310100', '330100'].map((city) => ({
      tenant_id: tenantA, entity_id: entity.id, city_code: city, agency: 'housing_fund' as const, registration_no: `GJJ-${city}`, gateway: 'filing-file' as const,
    }))).execute();
  });
});

const hire = async (client: TestClient, slug: string, over: Record<string, unknown> = {}) => {
  const res = await client.post(`/api/t/${slug}/employees`, hireBody(over));
  expect(res.status).toBe(201);
  return json(res);
};

describe('the housing fund track', () => {
  it('a hire owes the city’s fund centre a 缴存登记 due 30 days later, shown on the employee and in the list', async () => {
    const e = await hire(hrA, slugA);
    expect(e.housingFund).toEqual([
      expect.objectContaining({ kind: 'open', cityCode: '310100', month: '2026-03', dueDate: '2026-04-01', daysLeft: 22, status: 'to_file', receiptNo: null, employeeName: '张伟' }),
    ]);
    const shown = await json(await hrA.get(`/api/t/${slugA}/employees/${e.id}`));
    expect(shown.housingFund).toEqual(e.housingFund);
    const list = await json(await hrA.get(`/api/t/${slugA}/fund-filings`));
    expect(list.toFile.map((f: { employeeId: string }) => f.employeeId)).toContain(e.id);
    // The social-insurance enrollment is its own filing, unchanged.
    expect(shown.tasks).toHaveLength(1);
    expect(shown.tasks[0]).toMatchObject({ kind: 'enrollment', cityCode: '310100' });
  });

  it('owes nothing where the entity is not registered with a fund centre', async () => {
    const e = await hire(hrB, slugB);
    expect(e.housingFund).toEqual([]);
    expect((await json(await hrB.get(`/api/t/${slugB}/fund-filings`))).toFile).toEqual([]);
  });

  it('records the centre’s receipt: bad input names the field, the same receipt again is the same answer, another is a 409', async () => {
    const e = await hire(hrA, slugA);
    const id = e.housingFund[0].id;
    const url = `/api/t/${slugA}/fund-filings/${id}/filed`;
    const missing = await hrA.post(url, {});
    expect(missing.status).toBe(400);
    expect(Object.keys((await json(missing)).error.fields)).toEqual(['receiptNo']);
    const future = await hrA.post(url, { receiptNo: 'GJ-1', filedOn: '2026-03-11' });
    expect(future.status).toBe(400);
    expect((await json(future)).error.fields.filedOn).toBe('cannot be after today');
    const unknown = await hrA.post(url, { receiptNo: 'GJ-1', note: 'x' });
    expect(unknown.status).toBe(400);
    expect((await json(await hrA.get(`/api/t/${slugA}/employees/${e.id}`))).housingFund[0]).toMatchObject({ status: 'to_file', receiptNo: null });
    // Another tenant cannot see or record it; an employee may not read the list.
    expect((await hrB.post(`/api/t/${slugB}/fund-filings/${id}/filed`, { receiptNo: 'GJ-1' })).status).toBe(404);
    expect((await employeeA.get(`/api/t/${slugA}/fund-filings`)).status).toBe(403);

    const ok = await hrA.post(url, { receiptNo: ' GJ-2026-0001 ', filedOn: '2026-03-09' });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ status: 'filed', receiptNo: 'GJ-2026-0001', filedOn: '2026-03-09', daysLeft: null });
    expect((await hrA.post(url, { receiptNo: 'GJ-2026-0001' })).status).toBe(200);
    const again = await hrA.post(url, { receiptNo: 'GJ-2026-0002' });
    expect(again.status).toBe(409);
    expect((await json(again)).error.fields).toHaveProperty('receiptNo');
    const list = await json(await hrA.get(`/api/t/${slugA}/fund-filings`));
    expect(list.filed.find((f: { id: string }) => f.id === id)).toMatchObject({ receiptNo: 'GJ-2026-0001' });
    expect(list.toFile.find((f: { id: string }) => f.id === id)).toBeUndefined();
  });

  it('a transfer seals the account in the old city and opens one in the new; a leave seals it', async () => {
    const e = await hire(hrA, slugA, { hireDate: '2026-01-05' });
    const moved = await hrA.post(`/api/t/${slugA}/employees/${e.id}/transfer`, { workCity: '330100', effectiveDate: '2026-03-01' });
    expect(moved.status).toBe(200);
    const afterMove = (await json(moved)).housingFund.map((f: Record<string, unknown>) => [f.kind, f.cityCode, f.month, f.dueDate]);
    expect(afterMove).toEqual([['open', '310100', '2026-01', '2026-02-04'], ['seal', '310100', '2026-02', '2026-03-31'], ['open', '330100', '2026-03', '2026-03-31']]);
    const left = await hrA.post(`/api/t/${slugA}/employees/${e.id}/termination`, { lastWorkingDay: '2026-03-06', reason: '个人原因' });
    expect(left.status).toBe(200);
    const seal = (await json(left)).housingFund.at(-1);
    expect(seal).toMatchObject({ kind: 'seal', cityCode: '330100', dueDate: '2026-04-05', status: 'to_file' });
  });

  it('the daily risk scan finds a filing past its due date, and resolves it once the receipt is recorded', async () => {
    const e = await hire(hrA, slugA, { hireDate: '2026-01-05' });
    const scanner = createRiskScanner({ db, library: getDefaultPolicyLibrary() });
    const overdue = async () => withTenant(db, tenantA, (trx) => trx.selectFrom('risk_findings').select(['subject', 'state', 'severity']).where('tenant_id', '=', tenantA)
      .where('employee_id', '=', e.id).where('rule_id', '=', 'fund_filing_overdue').execute());
    await scanner.scan(tenantA, '2026-02-04');
    expect(await overdue()).toEqual([]);
    await scanner.scan(tenantA, '2026-02-05');
    expect(await overdue()).toEqual([{ subject: 'open:310100', state: 'open', severity: 'critical' }]);
    expect((await hrA.post(`/api/t/${slugA}/fund-filings/${e.housingFund[0].id}/filed`, { receiptNo: 'GJ-LATE-1' })).status).toBe(200);
    await scanner.scan(tenantA, '2026-02-06');
    expect(await overdue()).toEqual([{ subject: 'open:310100', state: 'resolved', severity: 'critical' }]);
    // Tenant B's scan sees none of it.
    await scanner.scan(tenantB, '2026-02-06');
    expect(await withTenant(db, tenantB, (trx) => trx.selectFrom('risk_findings').select('id').where('rule_id', '=', 'fund_filing_overdue').execute())).toEqual([]);
  });
});
