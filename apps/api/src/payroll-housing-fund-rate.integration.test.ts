import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { expectedLines } from '@lianxu/core';
import { firstEntityId, peopleApiFixture, seedCloseEmployees, TEST_ORIGIN, type TestClient } from '@lianxu/testing';

// The housing-fund rate stored once per employing entity (issue #18, item 3): the payroll and
// finance exports use it when the query gives no housingFundRate; a query's rate still wins.
const people = peopleApiFixture();
const { db, app, slugA, slugB, json } = people;
const MONTH = '2024-09';
let hrA: TestClient;
let adminA: TestClient;
let hrB: TestClient;
let entityId = '';
let entityB = '';

const rates = (tenantId: string) =>
  withTenant(db, tenantId, async (trx) => (await sql<{ entity_id: string; rate: string }>`select entity_id, rate from entity_housing_fund_rates order by entity_id`.execute(trx)).rows);
const path = (id = entityId) => `/api/t/${slugA}/payroll/housing-fund-rates/${id}`;

beforeAll(async () => {
  ({ hrA, adminA, hrB } = people.clients);
  entityId = await firstEntityId(db, people.tenants.A);
  entityB = await firstEntityId(db, people.tenants.B);
  await seedCloseEmployees(db, people.tenants.A, entityId, [
    { name: '北京甲', city: '110100', from: '2024-01', wages: [['2024-01-02', 1_234_567]] },
    { name: '上海丙', city: '310100', from: '2024-03', wages: [['2024-03-01', 900_000]] },
  ]);
});

describe('housing-fund rate per employing entity', () => {
  it('is used by the deductions and vouchers when the query omits housingFundRate; a query rate still wins; null clears it', async () => {
    const without = await json(await hrA.get(`/api/t/${slugA}/payroll/deductions?entityId=${entityId}&month=${MONTH}`));
    expect(without.housingFundRate).toBeNull();
    expect(without.employees.flatMap((e: any) => e.lines).some((l: any) => l.insurance === 'housingFund')).toBe(false);

    const saved = await hrA.request('PUT', path(), { rate: '0.07' });
    expect(saved.status).toBe(200);
    expect(await json(saved)).toMatchObject({ entityId, rate: '0.07' });
    const listed = await json(await hrA.get(`/api/t/${slugA}/payroll/housing-fund-rates`));
    expect(listed.items.find((i: any) => i.entityId === entityId)).toMatchObject({ rate: '0.07' });

    const stored = await json(await hrA.get(`/api/t/${slugA}/payroll/deductions?entityId=${entityId}&month=${MONTH}`));
    const explicit = await json(await hrA.get(`/api/t/${slugA}/payroll/deductions?entityId=${entityId}&month=${MONTH}&housingFundRate=0.07`));
    expect(stored.housingFundRate).toBe('0.07');
    expect(stored.employees).toEqual(explicit.employees);
    const engine = [];
    for (const cityCode of ['110100', '310100']) engine.push(...(await expectedLines(db, { tenantId: people.tenants.A, entityId, cityCode, month: MONTH, housingFundRate: '0.07' })).lines);
    const fund = (lines: any[]) => lines.filter((l) => l.insurance === 'housingFund').map((l) => `${l.employeeId}|${l.employeeFen}|${l.employerFen}`).sort();
    expect(fund(stored.employees.flatMap((e: any) => e.lines.map((l: any) => ({ ...l, employeeId: e.employeeId }))))).toEqual(fund(engine));
    expect(fund(engine).length).toBe(2);

    const vouchers = await json(await hrA.get(`/api/t/${slugA}/finance/vouchers?entityId=${entityId}&month=${MONTH}`));
    expect(vouchers.vouchers.some((v: any) => v.kind === 'payment_housing_fund')).toBe(true);

    const override = await json(await hrA.get(`/api/t/${slugA}/payroll/deductions?entityId=${entityId}&month=${MONTH}&housingFundRate=0.05`));
    expect(override.housingFundRate).toBe('0.05');

    expect((await adminA.request('PUT', path(), { rate: null })).status).toBe(200);
    expect((await json(await hrA.get(`/api/t/${slugA}/payroll/deductions?entityId=${entityId}&month=${MONTH}`))).housingFundRate).toBeNull();
    expect(await rates(people.tenants.A)).toEqual([]);
  });

  it('refuses a malformed rate or one a city of the entity does not allow (400 naming rate), an unknown or another tenant’s entity (404) and keys; writes nothing', async () => {
    expect((await hrA.request('PUT', path(), { rate: '0.07' })).status).toBe(200);
    const before = await rates(people.tenants.A);
    for (const rate of ['abc', '1.5', '0.123456', '-0.07', '0.5']) {
      const res = await hrA.request('PUT', path(), { rate }, { 'accept-language': 'en' });
      expect(res.status, rate).toBe(400);
      expect(Object.keys((await json(res)).error.fields), rate).toEqual(['rate']);
    }
    const zh = await hrA.request('PUT', path(), { rate: 'abc' }, { 'accept-language': 'zh-CN' });
    expect((await json(zh)).error.fields.rate).toMatch(/缴存比例/);
    for (const id of [entityB, '7f0c2c0e-2b7e-4a53-9a43-2f5d0a3c1e10', 'not-an-id']) {
      const res = await hrA.request('PUT', path(id), { rate: '0.07' });
      expect(res.status, id).toBe(404);
    }
    expect((await hrA.request('PUT', path(), { rate: '0.07', extra: 1 })).status).toBe(400);
    // Another tenant's HR does not reach A's routes.
    expect((await hrB.request('PUT', `/api/t/${slugA}/payroll/housing-fund-rates/${entityId}`, { rate: '0.05' })).status).toBe(404);
    // A key reads the rates (contributions:read) but cannot set one.
    const key = await json(await adminA.post(`/api/t/${slugA}/api-keys`, { name: 'finance', scopes: ['contributions:read'], expiresInDays: 30 }));
    const call = (method: string, url: string, body?: unknown) =>
      app.request(`${TEST_ORIGIN}${url}`, { method, headers: { authorization: `Bearer ${key.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await call('GET', `/api/t/${slugA}/payroll/housing-fund-rates`)).status).toBe(200);
    expect((await call('PUT', path(), { rate: '0.05' })).status).toBe(403);
    expect(await rates(people.tenants.A)).toEqual(before);
    expect(await rates(people.tenants.B)).toEqual([]);
    void slugB;
  });
});
