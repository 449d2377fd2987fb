import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { MockActivityEnvironment } from '@temporalio/testing';
import { withTenant } from '@lianxu/db';
import { baseAdjustmentView, createBaseAdjustmentActivities, createCloseService, createHttpBureauGateway, createInboxService, createPersonalDataVault, expectedLines, type BillLineInput } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { appDb, firstEntityId, provisionLifecycleTenant, seedCloseEmployees, TEST_MASTER_KEY } from '@lianxu/testing';

// Acceptance (issue #15): a July adjustment published late. Beijing's 2025 policy year starts in
// 2025-07; its figures reach the company in September, after July and August were billed, paid and
// locked on the old (2024) bases. The adjustment's activities, run as the workflow runs them
// (MockActivityEnvironment, real PostgreSQL), declare the new bases from July and make one 补差
// line per employee, month and insurance in September, each equal to the fen to the difference
// worked out by hand below, with the statutory late fee (第86条) worked out by hand too. The locked
// months themselves are not touched.

const db = appDb(3);
const library = getDefaultPolicyLibrary();
// This test prepares and applies only; filing with the bureau is base-change-filing.test.ts (no bureau is reached here).
const activities = createBaseAdjustmentActivities({ db, library, vault: createPersonalDataVault(TEST_MASTER_KEY), bureau: createHttpBureauGateway({ baseUrl: 'http://127.0.0.1:9' }) });
const close = createCloseService({ db, library });
const env = new MockActivityEnvironment();
const CITY = '110100';
let tenant: { id: string };
let actor: { id: string };
let entityId: string;
let A: string, B: string, C: string, D: string;

// Beijing figures: 2024 floor 6,821.00, cap 35,283.00; 2025 floor 7,162.00, cap 35,811.00.
// Rates both years: pension 16% / 8%; medical 9.8% / 2% + 3.00 yuan; unemployment 0.5% / 0.5%;
// work injury at the city's lowest 0.2% (employer only). Each amount is rounded half-up to the fen.
//
// A: 2023 wages 10,000.00 a month -> 2024 base 10,000.00. 2024 wages 10,000.00 (Jan-Jun) and
//    13,000.00 (Jul-Dec) -> average 11,500.00 -> 2025 base 11,500.00.
//    old (10,000.00): pension 1,600.00 / 800.00; medical 980.00 / 203.00; unemployment 50.00 / 50.00; injury 20.00
//    new (11,500.00): pension 1,840.00 / 920.00; medical 1,127.00 / 233.00; unemployment 57.50 / 57.50; injury 23.00
// B: wage 5,000.00 throughout -> 2024 base the floor 6,821.00; 2025 base the floor 7,162.00.
//    old (6,821.00): pension 1,091.36 / 545.68; medical 668.458 -> 668.46 / 136.42 + 3 = 139.42; unemployment 34.105 -> 34.11 / 34.11; injury 13.642 -> 13.64
//    new (7,162.00): pension 1,145.92 / 572.96; medical 701.876 -> 701.88 / 143.24 + 3 = 146.24; unemployment 35.81 / 35.81; injury 14.324 -> 14.32
const OLD: Record<string, Record<string, [number, number, number]>> = {
  A: { pension: [1_000_000, 160_000, 80_000], medical: [1_000_000, 98_000, 20_300], unemployment: [1_000_000, 5_000, 5_000], workInjury: [1_000_000, 2_000, 0] },
  B: { pension: [682_100, 109_136, 54_568], medical: [682_100, 66_846, 13_942], unemployment: [682_100, 3_411, 3_411], workInjury: [682_100, 1_364, 0] },
};
/** The 补差 per month, by hand: new minus old, per side. */
const TOP_UP: Record<string, Record<string, [number, number]>> = {
  A: { pension: [184_000 - 160_000, 92_000 - 80_000], medical: [112_700 - 98_000, 23_300 - 20_300], unemployment: [5_750 - 5_000, 5_750 - 5_000], workInjury: [2_300 - 2_000, 0] },
  B: { pension: [114_592 - 109_136, 57_296 - 54_568], medical: [70_188 - 66_846, 14_624 - 13_942], unemployment: [3_581 - 3_411, 3_581 - 3_411], workInjury: [1_432 - 1_364, 0] },
};

/**
 * Days late of each month's 补差, by hand: a month's contributions are due on the tenant's Beijing
 * cut-off day (25, the close's due date) and the 补差 is paid with September's, due 2025-09-25:
 * July 25 Jul -> 25 Sep = 6 + 31 + 25 = 62 days; August 25 Aug -> 25 Sep = 6 + 25 = 31 days.
 */
const LATE_DAYS: Record<string, number> = { '2025-07': 62, '2025-08': 31 };

async function lockOnOldBases(month: string) {
  const k = { tenantId: tenant.id, entityId, cityCode: CITY, month };
  const bill: BillLineInput[] = Object.entries(OLD).flatMap(([who, lines]) => Object.entries(lines).map(([insurance, [baseFen, employerFen, employeeFen]]) => ({
    employeeId: who === 'A' ? A : B, personName: who, insurance: insurance as BillLineInput['insurance'], periodFrom: month, periodTo: month, baseFen, employerFen, employeeFen,
    interestFen: 0, lateFeeFen: 0, collectionType: '正常应缴', voucherNo: '332025070000001',
  })));
  await close.open(tenant, actor, k);
  await close.recordBill(tenant, actor, k, 'gateway', bill);
  await close.recordDeductions(tenant, actor, k, 'api', bill.filter((l) => l.employeeFen > 0).map((l) => ({ employeeId: l.employeeId!, insurance: l.insurance, employeeFen: l.employeeFen })));
  await close.match(tenant, actor, k);
  // The new year's figures were not out: HR accepted the bureau's bill on the old bases.
  for (const d of await close.differences(tenant, k)) await close.resolve(tenant, actor, k, d.id, { action: 'accept', reason: '新年度基数尚未公布，按原基数缴费' });
  await close.lock(tenant, actor, k);
}

const lockedBillFen = (month: string) => withTenant(db, tenant.id, (trx) =>
  sql<{ s: string }>`select coalesce(sum(employer_fen + employee_fen), 0) as s from close_bill_lines where tenant_id = ${tenant.id} and month = ${month}`.execute(trx)).then((r) => Number(r.rows[0]!.s));

beforeAll(async () => {
  ({ tenant, actor } = await provisionLifecycleTenant(db, 'july-late', { seed: 150_501 }));
  entityId = await firstEntityId(db, tenant.id);
  [A, B, C, D] = await seedCloseEmployees(db, tenant.id, entityId, [
    { name: '甲', city: CITY, from: '2023-01', wages: [['2023-01-03', 1_000_000], ['2024-07-01', 1_300_000]] },
    { name: '乙', city: CITY, from: '2023-01', wages: [['2023-01-03', 500_000]] },
    { name: '丙', city: CITY, from: '2023-01', wages: [['2023-01-03', 5_000_000]] },
    { name: '丁', city: CITY, from: '2025-03', wages: [['2025-03-01', 900_000]] },
  ]) as [string, string, string, string];
  // Last year's adjustment, confirmed in time: the 2024 bases the bureau kept billing on.
  const y2024 = await env.run(activities.prepareBaseAdjustment, { tenantId: tenant.id, cityCode: CITY, policyYear: 2024, today: '2024-07-05', workflowId: 'wf-2024' });
  await env.run(activities.applyBaseAdjustment, { tenantId: tenant.id, adjustmentId: y2024.adjustmentId, actorId: actor.id, today: '2024-07-20' });
  await lockOnOldBases('2025-07');
  await lockOnOldBases('2025-08');
});
afterAll(async () => {
  await db.destroy();
});

describe('the July adjustment published late', () => {
  let adjustmentId: string;

  it("previews each employee's old and new base, why, and the monthly cost change", async () => {
    // The daily check finds Beijing's 2025 year due (its figures are in the library now), and not 2024's, adjusted already.
    expect(await env.run(activities.dueBaseAdjustments, { tenantId: tenant.id, today: '2025-09-10' })).toContainEqual({ cityCode: CITY, policyYear: 2025 });
    expect(await env.run(activities.dueBaseAdjustments, { tenantId: tenant.id, today: '2025-05-10' })).not.toContainEqual({ cityCode: CITY, policyYear: 2024 });
    const prepared = await env.run(activities.prepareBaseAdjustment, { tenantId: tenant.id, cityCode: CITY, policyYear: 2025, today: '2025-09-10', workflowId: 'wf-2025' });
    expect(prepared).toMatchObject({ state: 'preview', employees: 4, changes: 3 });
    adjustmentId = prepared.adjustmentId;
    // Preparing again (a retried activity) answers the stored preview.
    expect(await env.run(activities.prepareBaseAdjustment, { tenantId: tenant.id, cityCode: CITY, policyYear: 2025, today: '2025-09-11', workflowId: 'wf-2025' })).toEqual(prepared);
    expect(await env.run(activities.dueBaseAdjustments, { tenantId: tenant.id, today: '2025-09-10' })).not.toContainEqual({ cityCode: CITY, policyYear: 2025 });
    // HR is told in the inbox, once.
    const notices = await withTenant(db, tenant.id, (trx) => trx.selectFrom('notifications').select(['subject', 'recipient_user_id']).where('tenant_id', '=', tenant.id).where('kind', '=', 'base_adjustment_preview').where('subject', 'like', '%2025%').execute());
    expect(notices.map((n) => n.recipient_user_id)).toContain(actor.id);
    expect(notices[0]!.subject).toBe('北京 2025 年度缴费基数调整待确认');
    // The inbox has the notice in English too (an English page shows it so, not the Chinese it was sent in).
    const inbox = await createInboxService({ db }).listNotifications({ id: tenant.id }, actor.id);
    const en = inbox.items.find((n) => n.kind === 'base_adjustment_preview')!.en;
    expect(en?.subject).toBe('Beijing 2025 contribution base adjustment waiting for confirmation');
    expect(en?.body).toContain('3 of them change');
    expect(new Set(notices.map((n) => n.recipient_user_id)).size).toBe(notices.length);
    const view = await baseAdjustmentView(db, tenant.id, adjustmentId);
    const line = (id: string) => view.lines.find((l) => l.employeeId === id)!;
    expect(view).toMatchObject({ effectiveMonth: '2025-07', state: 'preview', policyId: '110100-2025-r1', lockedMonths: ['2025-07', '2025-08'] });
    expect(line(A)).toMatchObject({ oldBaseFen: 1_000_000, newBaseFen: 1_150_000, averageWageFen: 1_150_000, monthsUsed: 12, reason: 'average' });
    // June at 10,000.00 under 2024 figures against July at 11,500.00: 4,155.00 -> 4,784.50 / 1,053.00 -> 1,210.50 a month.
    expect(line(A)).toMatchObject({ employerChangeFen: (184_000 + 112_700 + 5_750 + 2_300) - (160_000 + 98_000 + 5_000 + 2_000), employeeChangeFen: (92_000 + 23_300 + 5_750) - (80_000 + 20_300 + 5_000) });
    expect(line(B)).toMatchObject({ oldBaseFen: 682_100, newBaseFen: 716_200, averageWageFen: 500_000, reason: 'floor' });
    expect(line(C)).toMatchObject({ oldBaseFen: 3_528_300, newBaseFen: 3_581_100, reason: 'cap' });
    // Hired in 2025: no wage last year, so no new base is proposed (never a guess).
    expect(line(D)).toMatchObject({ newBaseFen: null, reason: 'no_wage_history' });
  });

  it('after HR confirms, makes 补差 lines in September equal to the fen to the hand computation for July and August', async () => {
    const before = [await lockedBillFen('2025-07'), await lockedBillFen('2025-08')];
    const outcome = await env.run(activities.applyBaseAdjustment, { tenantId: tenant.id, adjustmentId, actorId: actor.id, today: '2025-09-12' });
    expect(outcome).toMatchObject({ state: 'applied', declared: 3, topUpLines: 16 });
    const rows = await withTenant(db, tenant.id, (trx) => trx.selectFrom('adjustment_lines').selectAll().where('tenant_id', '=', tenant.id).execute());
    expect(rows).toHaveLength(16);
    for (const month of ['2025-07', '2025-08']) {
      for (const [who, id] of [['A', A], ['B', B]] as const) {
        for (const [insurance, [er, ee]] of Object.entries(TOP_UP[who]!)) {
          const got = rows.filter((r) => r.employee_id === id && r.original_month === month && r.insurance === insurance);
          expect(got, `${who} ${month} ${insurance}`).toHaveLength(1);
          expect({ er: Number(got[0]!.employer_fen), ee: Number(got[0]!.employee_fen) }, `${who} ${month} ${insurance}`).toEqual({ er, ee });
          // The 第86条 late fee by hand, like every adjustment line's: 0.05% a day on the month's
          // top-up (both sides), half up to the fen, from the month's due date to September's.
          const days = LATE_DAYS[month]!;
          expect(got[0], `${who} ${month} ${insurance}`).toMatchObject({
            month: '2025-09', kind: 'top_up', due_date: `${month}-25`, late_fee_days: days, late_fee_fen: String(Math.floor(((er + ee) * days * 5 + 5_000) / 10_000)),
          });
          expect(Number(got[0]!.late_fee_fen), `${who} ${month} ${insurance}`).toBeGreaterThan(0);
        }
      }
    }
    // Locked months keep their figures; September and later are priced from the new bases.
    expect([await lockedBillFen('2025-07'), await lockedBillFen('2025-08')]).toEqual(before);
    const september = await expectedLines(db, { tenantId: tenant.id, entityId, cityCode: CITY, month: '2025-09' }, library);
    const pension = (id: string) => september.lines.find((l) => l.employeeId === id && l.insurance === 'pension')!.baseFen;
    expect([pension(A), pension(B), pension(C), pension(D)]).toEqual([1_150_000, 716_200, 3_581_100, 900_000]);
    // Confirming again (a retried activity) writes nothing more.
    expect(await env.run(activities.applyBaseAdjustment, { tenantId: tenant.id, adjustmentId, actorId: actor.id, today: '2025-09-12' })).toMatchObject({ state: 'applied', topUpLines: 16 });
    expect(await withTenant(db, tenant.id, (trx) => trx.selectFrom('adjustment_lines').select('id').where('tenant_id', '=', tenant.id).execute())).toHaveLength(16);
  });

  it('a cancelled adjustment changes nothing', async () => {
    const prepared = await env.run(activities.prepareBaseAdjustment, { tenantId: tenant.id, cityCode: CITY, policyYear: 2026, today: '2026-07-03', workflowId: 'wf-2026' });
    expect(await env.run(activities.cancelBaseAdjustment, { tenantId: tenant.id, adjustmentId: prepared.adjustmentId, actorId: actor.id, reason: '等待正式通知' }))
      .toMatchObject({ state: 'cancelled', declared: 0, topUpLines: 0 });
    expect(await env.run(activities.applyBaseAdjustment, { tenantId: tenant.id, adjustmentId: prepared.adjustmentId, actorId: actor.id, today: '2026-07-20' })).toMatchObject({ state: 'cancelled' });
    const declared = await withTenant(db, tenant.id, (trx) => trx.selectFrom('declared_bases').select('effective_month').where('tenant_id', '=', tenant.id).where('effective_month', '=', '2026-07').execute());
    expect(declared).toEqual([]);
  });
});
