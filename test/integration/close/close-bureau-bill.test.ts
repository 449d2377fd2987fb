import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { createCloseService, createHttpBureauGateway, expectedLines, importBureauBill, type ExpectedLine } from '@lianxu/core';
import { residentIdCheckChar } from '@lianxu/bureau-sim';
import { calculateContributions } from '@lianxu/policy';
import { apiDeps, appDb, buildApp, firstEntityId, provisionLifecycleTenant, seedCloseEmployees, startBureauSim, TestClient, testVault } from '@lianxu/testing';

// The close fetches the bureau's bill through the gateway from a real bureau-sim (its state in
// PostgreSQL) that was told to inject each bill fault into the month; matching the fetched bill
// finds each difference and classes it with the right amount, and the voucher numbers come along.

const db = appDb(3);
const vault = testVault();
const close = createCloseService({ db, vault });
const CITY = '110100';
const MONTH = '2024-09';
const WAGES = [1_000_000, 1_100_000, 1_200_000, 1_300_000, 1_400_000, 1_500_000];
let bureau: Awaited<ReturnType<typeof startBureauSim>>;
let gateway: ReturnType<typeof createHttpBureauGateway>;
let tenant: { id: string; slug: string };
let actor: { id: string };
let other: { id: string };
let entityId: string;
let creditCode: string;
let ids: string[];
let idNumbers: string[];
let expected: ExpectedLine[];

const key = () => ({ tenantId: tenant.id, entityId, cityCode: CITY, month: MONTH });
const idNumber = (i: number) => {
  const first = `11010119900307${String(100 + i).padStart(3, '0')}`;
  return first + residentIdCheckChar(first);
};
const social = (base: number) => calculateContributions({ city: CITY, month: MONTH, wageFen: base, hukou: 'local' }).lines.filter((l) => l.insurance !== 'housingFund');

beforeAll(async () => {
  bureau = await startBureauSim({ processingDelayMs: [0, 0] });
  gateway = createHttpBureauGateway({ baseUrl: bureau.url });
  ({ tenant, actor } = await provisionLifecycleTenant(db, 'close-bb', { seed: 130_021 }));
  ({ tenant: other } = await provisionLifecycleTenant(db, 'close-bb-b', { seed: 130_022 }));
  entityId = await firstEntityId(db, tenant.id);
  creditCode = (await withTenant(db, tenant.id, (trx) => trx.selectFrom('entities').select('credit_code').where('tenant_id', '=', tenant.id).where('id', '=', entityId).executeTakeFirstOrThrow())).credit_code;
  ids = await seedCloseEmployees(db, tenant.id, entityId, [
    ...WAGES.map((wage, i) => ({ name: `员工${i}`, city: CITY, from: '2024-01', wages: [['2024-01-02', wage]] as [string, number][] })),
    { name: '离职者', city: CITY, from: '2024-01', to: '2024-08', wages: [['2024-01-02', 1_000_000]], terminated: '2024-08-20' },
  ]);
  idNumbers = ids.map((_, i) => idNumber(i));
  // The people as Lianxu knows them: found by the blind index of their ID number.
  await withTenant(db, tenant.id, async (trx) => {
    for (const [i, id] of ids.entries()) {
      await sql`update employees set id_number_index = ${vault.blindIndex(tenant.id, idNumbers[i]!)} where tenant_id = ${tenant.id} and id = ${id}`.execute(trx);
    }
  });
  // The same people as the bureau knows them: enrolled from January on the wage as base; the leaver stopped in August.
  const all = [...WAGES, 1_000_000];
  all.forEach((base, i) => {
    bureau.state.submitEnrollment(CITY, `e${i}`, {
      employerCode: creditCode, registrationNo: `SI-${CITY}-1`, personName: i === 6 ? '离职者' : `员工${i}`, idNumber: idNumbers[i]!, hukou: 'local', startMonth: '2024-01', base,
    });
  });
  bureau.state.settle();
  bureau.state.submitStop(CITY, 'stop6', { employerCode: creditCode, registrationNo: `SI-${CITY}-1`, idNumber: idNumbers[6]!, lastMonth: '2024-08', reason: '解除劳动合同' });
  bureau.state.settle();
  expected = (await expectedLines(db, key())).lines;
  await close.recordDeductions(tenant, actor, key(), 'api', expected.filter((l) => l.employeeFen > 0).map((l) => ({ employeeId: l.employeeId, insurance: l.insurance, employeeFen: l.employeeFen })));
}, 60_000);

// The API: one deps with the fetch wired to this bureau, one without (no bureau connected).
const wired = apiDeps(db, { closeBureauBill: (t: never, a: never, k: never) => importBureauBill({ db, vault, bureau: gateway }, t, a, k) });
const bare = apiDeps(db);

afterAll(async () => {
  await bureau?.close();
  await wired.close();
  await bare.close();
});

describe('the bureau bill fetched into the close', () => {
  it('a clean bill, paid: every line with its voucher number, nothing to match', async () => {
    await fetch(`${bureau.url}/admin/bills/paid`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ city: CITY, employerCode: creditCode, month: MONTH, paidOn: '2024-09-20' }) });
    const r = await importBureauBill({ db, vault, bureau: gateway }, tenant, actor, key());
    expect(r).toMatchObject({ lines: expected.length, unknownPeople: 0, paid: true, withVoucher: expected.length });
    const vouchers = await withTenant(db, tenant.id, (trx) => sql<{ voucher_no: string | null }>`select voucher_no from close_bill_lines where tenant_id = ${tenant.id} and month = ${MONTH}`.execute(trx));
    expect(vouchers.rows.every((v) => /^3110100202409\d{7}$/.test(v.voucher_no ?? ''))).toBe(true);
    const matched = await close.match(tenant, actor, key());
    expect(matched.differences).toBe(0);
  });

  it('each injected fault is found in the fetched bill and classed with the right amount', async () => {
    const response = await fetch(`${bureau.url}/admin/bill-faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        city: CITY, employerCode: creditCode, month: MONTH, faults: [
          { kind: 'rounding_drift', idNumber: idNumbers[0], insurance: 'pension' },
          { kind: 'missing_employee', idNumber: idNumbers[1] },
          { kind: 'wrong_base', idNumber: idNumbers[2], baseFen: 1_100_000 },
          { kind: 'duplicate_line', idNumber: idNumbers[3], insurance: 'medical' },
          { kind: 'leaver_billed', idNumber: idNumbers[6] },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const r = await importBureauBill({ db, vault, bureau: gateway }, tenant, actor, key());
    expect(r.unknownPeople).toBe(0);
    await close.match(tenant, actor, key());
    const diffs = await close.differences(tenant, key());
    const of = (i: number) => expected.filter((l) => l.employeeId === ids[i]);
    const find = (cls: string, i: number) => diffs.filter((d) => d.class === cls && d.employeeId === ids[i]).map((d) => [d.insurance, d.amountFen]).sort();
    const sum = (l: { employerFen: number; employeeFen: number }) => l.employerFen + l.employeeFen;

    expect(find('rounding', 0)).toEqual([['pension', 1]]);
    expect(find('headcount', 1)).toEqual(of(1).map((l) => [l.insurance, -sum(l)]).sort());
    const wrong = social(1_100_000);
    expect(find('base', 2)).toEqual(of(2).map((l) => [l.insurance, sum(wrong.find((w) => w.insurance === l.insurance)!) - sum(l)]).sort());
    expect(diffs.filter((d) => d.class === 'base' && d.employeeId === ids[2]).every((d) => d.billedBaseFen === 1_100_000 && d.expectedBaseFen === 1_200_000)).toBe(true);
    expect(find('duplicate', 3)).toEqual([['medical', sum(of(3).find((l) => l.insurance === 'medical')!)]]);
    expect(find('headcount', 6)).toEqual(social(1_000_000).map((l) => [l.insurance, sum(l)]).sort());
    expect(diffs.filter((d) => d.employeeId === ids[6]).every((d) => d.personName === '离职者')).toBe(true);
    // No finding where nothing is wrong.
    expect(diffs.filter((d) => [ids[4], ids[5]].includes(d.employeeId!))).toEqual([]);
    expect(diffs.length).toBe(1 + of(1).length + of(2).length + 1 + social(1_000_000).length);
  });

  it('bad input names the field, another tenant\'s entity is not found, an unreachable bureau writes nothing', async () => {
    await expect(importBureauBill({ db, vault, bureau: gateway }, tenant, actor, { ...key(), month: '2024-9' })).rejects.toMatchObject({ status: 400, fields: { month: expect.anything() } });
    await expect(importBureauBill({ db, vault, bureau: gateway }, other, actor, { ...key(), tenantId: other.id })).rejects.toMatchObject({ status: 404 });
    const before = await close.month(tenant, key());
    const down = createHttpBureauGateway({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 500 });
    await expect(importBureauBill({ db, vault, bureau: down }, tenant, actor, key())).rejects.toMatchObject({ status: 503, code: 'bureau_unavailable' });
    expect(await close.month(tenant, key())).toEqual(before);
  });

  it('through the API: HR fetches the bill (200), bad input names the field (400), no bureau connected is 409', async () => {
    const hr = new TestClient(buildApp(wired.deps));
    expect((await hr.signIn(`hr@${tenant.slug}.test`)).status).toBe(200);
    const path = (month: string) => `/api/t/${tenant.slug}/close/${entityId}/${CITY}/${month}/bill/fetch`;
    const ok = await hr.request('POST', path(MONTH));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ paid: true, unknownPeople: 0, withVoucher: expect.any(Number) });
    const bad = await hr.request('POST', path('2024-13'));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/month/);
    const none = new TestClient(buildApp(bare.deps));
    expect((await none.signIn(`hr@${tenant.slug}.test`)).status).toBe(200);
    const unavailable = await none.request('POST', path(MONTH));
    expect(unavailable.status).toBe(409);
    expect(await unavailable.json()).toMatchObject({ error: { code: 'bureau_not_configured' } });
  });
});
