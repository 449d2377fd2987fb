import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { createCloseService, createHttpBureauGateway, expectedLines, filingOf, importBureauBill, type ExpectedLine } from '@lianxu/core';
import { residentIdCheckChar } from '@lianxu/bureau-sim';
import { calculateContributions, type Insurance } from '@lianxu/policy';
import { appDb, firstEntityId, provisionLifecycleTenant, seedCloseEmployees, startBureauSim, testVault } from '@lianxu/testing';

// A late enrollment filed by Lianxu (declared as 补缴) with bureau-sim: the bill of the month it was filed in carries,
// next to the month's regular lines, back-payment lines for the earlier months (collection type
// 补缴, original period, late fee). The close's match classes them against the month's
// back-payment adjustment lines and never counts them as duplicates of the regular lines.

const db = appDb(3);
const vault = testVault();
const close = createCloseService({ db, vault });
const CITY = '110100';
const MONTH = '2024-09';
const BASE = 1_000_000;
let bureau: Awaited<ReturnType<typeof startBureauSim>>;
let gateway: ReturnType<typeof createHttpBureauGateway>;
let tenant: { id: string; slug: string };
let actor: { id: string };
let entityId: string;
let employeeId: string;
let expected: ExpectedLine[];

const key = () => ({ tenantId: tenant.id, entityId, cityCode: CITY, month: MONTH });
const social = (month: string) => calculateContributions({ city: CITY, month, wageFen: BASE, hukou: 'local' }).lines.filter((l) => l.insurance !== 'housingFund');
const fee = (fen: number, days: number) => Math.floor((fen * days * 5 + 5_000) / 10_000);

beforeAll(async () => {
  // The bureau's clock: 10 September 2024, the month the late enrollment (from July) is filed in.
  bureau = await startBureauSim({ processingDelayMs: [0, 0], now: () => Date.parse('2024-09-10T02:00:00Z') });
  gateway = createHttpBureauGateway({ baseUrl: bureau.url });
  ({ tenant, actor } = await provisionLifecycleTenant(db, 'close-bp', { seed: 130_041 }));
  entityId = await firstEntityId(db, tenant.id);
  const creditCode = (await withTenant(db, tenant.id, (trx) => trx.selectFrom('entities').select('credit_code').where('tenant_id', '=', tenant.id).where('id', '=', entityId).executeTakeFirstOrThrow())).credit_code;
  [employeeId] = await seedCloseEmployees(db, tenant.id, entityId, [{ name: '补缴者', city: CITY, from: '2024-07', wages: [['2024-07-01', BASE]] }]);
  const first = '11010119900307201';
  const idNumber = first + residentIdCheckChar(first);
  await withTenant(db, tenant.id, (trx) => sql`update employees set id_number_index = ${vault.blindIndex(tenant.id, idNumber)} where tenant_id = ${tenant.id} and id = ${employeeId}`.execute(trx));
  // Filed as Lianxu files every enrollment (the filing built from the task, sent through the HTTP
  // gateway): late, in September for July, so the bureau takes July and August as 补缴.
  const filing = filingOf({
    task: { id: '00000000-0000-4000-8000-0000000000bp', attempt: 1, kind: 'enrollment', city_code: CITY, month: '2024-07' },
    employee: { name: '补缴者', hukou: 'local', termination_date: null },
    employerCode: creditCode, registrationNo: `SI-${CITY}-1`, idNumber, baseFen: BASE,
  });
  if (filing.kind !== 'enrollment') throw new Error('expected an enrollment');
  expect(filing.body.backPay).toBe(true);
  await gateway.submitEnrollment(filing.body);
  bureau.state.settle();
  expected = (await expectedLines(db, key())).lines;
  await close.recordDeductions(tenant, actor, key(), 'api', expected.filter((l) => l.employeeFen > 0).map((l) => ({ employeeId: l.employeeId, insurance: l.insurance, employeeFen: l.employeeFen })));
}, 60_000);

afterAll(async () => {
  await bureau?.close();
  await db.destroy();
});

describe('back-payment (补缴) lines on the bureau bill in the close', () => {
  it('are fetched with their original period and late fee, and classed against the back-payment adjustments, not as duplicates', async () => {
    const r = await importBureauBill({ db, vault, bureau: gateway }, tenant, actor, key());
    expect(r.unknownPeople).toBe(0);
    const lines = await withTenant(db, tenant.id, (trx) => sql<{ insurance: string; period_from: string; collection_type: string; employer_fen: string; employee_fen: string; late_fee_fen: string }>`
      select insurance, period_from, collection_type, employer_fen, employee_fen, late_fee_fen from close_bill_lines where tenant_id = ${tenant.id} and month = ${MONTH} order by line_no`.execute(trx));
    const back = lines.rows.filter((l) => l.collection_type === '补缴');
    // The tenant's convention (Beijing cut-off day 25): July due 25 Jul, billed with September, due
    // 25 Sep = 6 + 31 + 25 = 62 days; August due 25 Aug = 31 days.
    const byHand = [['2024-07', 62], ['2024-08', 31]].flatMap(([m, days]) => social(m as string).map((l) => ({
      insurance: l.insurance, period_from: m, collection_type: '补缴', employer_fen: String(l.employerFen), employee_fen: String(l.employeeFen), late_fee_fen: String(fee(l.employerFen + l.employeeFen, days as number)),
    })));
    expect(back).toEqual(byHand);
    expect(lines.rows.filter((l) => l.collection_type === '正常应缴').every((l) => l.period_from === MONTH)).toBe(true);

    // No adjustment yet: each back-payment line is billed for a person-month the close does not expect.
    await close.match(tenant, actor, key());
    const diffs = await close.differences(tenant, key());
    expect(diffs.some((d) => d.class === 'duplicate')).toBe(false);
    const classed = diffs.map((d) => [d.class, d.insurance, d.amountFen]).sort();
    expect(classed).toEqual(back.map((l) => ['headcount', l.insurance, Number(l.employer_fen) + Number(l.employee_fen)]).sort());

    // HR records the back payments of July and August in September: matched, nothing left; one
    // recorded a fen short is a rate difference of one fen.
    const julyAugust = (['2024-07', '2024-08'] as const).flatMap((m) => social(m).map((l) => ({ m, l })));
    for (const [i, { m, l }] of julyAugust.entries()) {
      await close.createAdjustment(tenant, actor, {
        entityId, cityCode: CITY, originalMonth: m, targetMonth: MONTH, employeeId, insurance: l.insurance as Insurance,
        employerFen: l.employerFen - (i === 0 ? 1 : 0), employeeFen: l.employeeFen, kind: 'back_payment', reason: '入职当月未增员，补缴',
      });
    }
    await close.match(tenant, actor, key());
    const after = await close.differences(tenant, key());
    const short = julyAugust[0]!;
    expect(after.map((d) => [d.class, d.insurance, d.amountFen])).toEqual([['rate', short.l.insurance, 1]]);
  });
});
