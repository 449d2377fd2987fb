import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { createCloseService, expectedLines, type BillLineInput, type ExpectedLine } from '@lianxu/core';
import { lateFeeFen } from '@lianxu/policy';
import { appDb, firstEntityId, provisionLifecycleTenant, seedCloseEmployees } from '@lianxu/testing';

// A month closed with each kind of bill fault: every difference found and classed with its amount,
// resolved, the month locked; a later change refused (409 naming the month) and recorded as an
// adjustment line in an open month with the late fee to the fen.

const db = appDb(3);
const close = createCloseService({ db });
const MONTH = '2024-09';
let tenant: { id: string };
let actor: { id: string };
let other: { id: string };
let otherActor: { id: string };
let entityId: string;
let ids: string[];
let expected: ExpectedLine[];

const key = () => ({ tenantId: tenant.id, entityId, cityCode: '110100', month: MONTH });
const line = (l: ExpectedLine, over: Partial<BillLineInput> = {}): BillLineInput => ({
  employeeId: l.employeeId, personName: 'x', insurance: l.insurance, periodFrom: MONTH, periodTo: MONTH, baseFen: l.baseFen,
  employerFen: l.employerFen, employeeFen: l.employeeFen, interestFen: 0, lateFeeFen: 0, collectionType: '正常应缴', voucherNo: '332024090000001', ...over,
});

beforeAll(async () => {
  ({ tenant, actor } = await provisionLifecycleTenant(db, 'close-m', { seed: 120_011 }));
  ({ tenant: other, actor: otherActor } = await provisionLifecycleTenant(db, 'close-m-b', { seed: 120_012 }));
  entityId = await firstEntityId(db, tenant.id);
  ids = await seedCloseEmployees(db, tenant.id, entityId, [
    ...Array.from({ length: 6 }, (_, i) => ({ name: `员工${i}`, city: '110100', from: '2024-01', wages: [['2024-01-02', 1_000_000 + i * 100_000]] as [string, number][] })),
    { name: '离职者', city: '110100', from: '2024-01', to: '2024-08', wages: [['2024-01-02', 1_000_000]], terminated: '2024-08-20' },
  ]);
  expected = (await expectedLines(db, key())).lines;
});

describe('closing a month', () => {
  it('finds each injected bill fault, classed with the right amount', async () => {
    const of = (i: number, ins: string) => expected.find((l) => l.employeeId === ids[i] && l.insurance === ins)!;
    const bill: BillLineInput[] = [];
    for (const l of expected) {
      if (l.employeeId === ids[1]) continue; // missing employee
      if (l.employeeId === ids[0] && l.insurance === 'pension') bill.push(line(l, { employerFen: l.employerFen + 1 })); // one-fen drift
      else if (l.employeeId === ids[2] && l.insurance === 'pension') bill.push(line(l, { baseFen: l.baseFen - 100_000, employerFen: l.employerFen - 16_000, employeeFen: l.employeeFen - 8_000 })); // wrong base
      else if (l.employeeId === ids[3] && l.insurance === 'medical') bill.push(line(l), line(l)); // duplicate
      else if (l.employeeId === ids[4] && l.insurance === 'unemployment') bill.push(line(l, { employerFen: l.employerFen + 500 })); // wrong rate
      else bill.push(line(l));
    }
    // The leaver still billed (stopped in August).
    bill.push(line({ ...of(0, 'pension'), employeeId: ids[6]! }, { baseFen: 1_000_000, employerFen: 160_000, employeeFen: 80_000 }));
    await close.recordBill(tenant, actor, key(), 'gateway', bill);
    // Payroll deducted every employee side except employee 5's pension.
    await close.recordDeductions(tenant, actor, key(), 'api', expected.filter((l) => l.employeeFen > 0 && !(l.employeeId === ids[5] && l.insurance === 'pension'))
      .map((l) => ({ employeeId: l.employeeId, insurance: l.insurance, employeeFen: l.employeeFen })));

    const result = await close.match(tenant, actor, key());
    const diffs = await close.differences(tenant, key());
    const find = (cls: string, emp: string, ins?: string) => diffs.filter((d) => d.class === cls && d.employeeId === emp && (!ins || d.insurance === ins));
    expect(find('rounding', ids[0]!, 'pension')).toMatchObject([{ amountFen: 1 }]);
    const missing = expected.filter((l) => l.employeeId === ids[1]);
    expect(find('headcount', ids[1]!).map((d) => [d.insurance, d.amountFen]).sort()).toEqual(missing.map((l) => [l.insurance, -(l.employerFen + l.employeeFen)]).sort());
    expect(find('base', ids[2]!, 'pension')).toMatchObject([{ amountFen: -24_000, billedBaseFen: of(2, 'pension').baseFen - 100_000, expectedBaseFen: of(2, 'pension').baseFen }]);
    expect(find('duplicate', ids[3]!, 'medical')).toMatchObject([{ amountFen: of(3, 'medical').employerFen + of(3, 'medical').employeeFen }]);
    expect(find('rate', ids[4]!, 'unemployment')).toMatchObject([{ amountFen: 500 }]);
    expect(find('headcount', ids[6]!, 'pension')).toMatchObject([{ amountFen: 240_000, personName: '离职者' }]);
    expect(find('missing_deduction', ids[5]!, 'pension')).toMatchObject([{ amountFen: of(5, 'pension').employeeFen, deductedFen: null }]);
    // Nothing else: no finding where nothing is wrong.
    expect(diffs.length).toBe(1 + missing.length + 1 + 1 + 1 + 1 + 1);
    expect(result.byClass.rounding).toEqual({ count: 1, amountFen: 1 });
  });

  it('refuses to lock while differences are open, then locks once each is resolved and HR signs off', async () => {
    await expect(close.lock(tenant, actor, key())).rejects.toMatchObject({ status: 409, code: 'differences_open' });
    const diffs = await close.differences(tenant, key());
    for (const d of diffs) {
      if (d.class === 'missing_deduction') {
        const r = await close.resolve(tenant, actor, key(), d.id, { action: 'adjust', targetMonth: '2024-10', reason: '10 月工资补扣', payOn: '2024-10-25' });
        expect(r.adjustment).toMatchObject({ originalMonth: MONTH, month: '2024-10', employeeFen: d.amountFen, employerFen: 0, lateFeeDays: 30 });
        expect(r.adjustment!.lateFeeFen).toBe(lateFeeFen(d.amountFen, '2024-09-25', '2024-10-25').feeFen);
      } else {
        await close.resolve(tenant, actor, key(), d.id, { action: 'accept', reason: '已与经办机构核实' });
      }
    }
    await expect(close.resolve(tenant, actor, key(), diffs[0]!.id, { action: 'accept', reason: 'again' })).rejects.toMatchObject({ status: 409 });
    const locked = await close.lock(tenant, actor, key());
    expect(locked).toMatchObject({ state: 'locked', signedOffBy: actor.id, openDifferences: 0 });
  });

  it('refuses any later change to the locked month (409 naming it) and takes the correction as an adjustment line with the late fee', async () => {
    const change = close.recordDeductions(tenant, actor, key(), 'api', [{ employeeId: ids[0]!, insurance: 'pension', employeeFen: 1 }]);
    await expect(change).rejects.toMatchObject({ status: 409, code: 'month_locked' });
    await expect(change).rejects.toThrow(/2024-09/);
    await expect(close.recordBill(tenant, actor, key(), 'excel', [])).rejects.toMatchObject({ status: 409, code: 'month_locked' });
    await expect(close.match(tenant, actor, key())).rejects.toMatchObject({ status: 409, code: 'month_locked' });
    // Even a write that goes around the service is refused by the database.
    await expect(withTenant(db, tenant.id, (trx) => sql`update close_bill_lines set employer_fen = employer_fen + 1 where tenant_id = ${tenant.id} and month = ${MONTH}`.execute(trx)))
      .rejects.toMatchObject({ code: 'LX409' });
    await expect(withTenant(db, tenant.id, (trx) => sql`insert into adjustment_lines (tenant_id, entity_id, city_code, month, original_month, person_name, insurance, kind, employer_fen, employee_fen, due_date, late_fee_days, late_fee_fen, reason)
      values (${tenant.id}, ${entityId}, '110100', ${MONTH}, '2024-08', 'x', 'pension', 'refund', -1, 0, '2024-08-25', 0, 0, 'x')`.execute(trx))).rejects.toMatchObject({ code: 'LX409' });

    // The correction: employee 2's pension base was 1,000 yuan short for September; paid in November.
    const adj = await close.createAdjustment(tenant, actor, {
      entityId, cityCode: '110100', originalMonth: MONTH, targetMonth: '2024-11', employeeId: ids[2]!, insurance: 'pension',
      employerFen: 16_000, employeeFen: 8_000, kind: 'top_up', reason: '9 月基数更正', payOn: '2024-11-20',
    });
    // Due 2024-09-25 (the city's cut-off day), paid 2024-11-20: 56 days x 0.05% x 240.00 = 6.72 yuan.
    expect(adj).toMatchObject({ kind: 'top_up', originalMonth: MONTH, month: '2024-11', dueDate: '2024-09-25', lateFeeDays: 56, lateFeeFen: 672 });
    await expect(close.createAdjustment(tenant, actor, { entityId, cityCode: '110100', originalMonth: '2024-08', targetMonth: MONTH, employeeId: ids[2]!, insurance: 'pension', employerFen: 100, employeeFen: 0, reason: 'x' }))
      .rejects.toMatchObject({ status: 409, code: 'month_locked' });
    const listed = await close.listAdjustments(tenant, { month: '2024-11' });
    expect(listed.map((a) => a.id)).toEqual([adj.id]);
  });

  it('an unlock takes a reason and is audited; the month can change again', async () => {
    await expect(close.unlock(tenant, actor, key(), '  ')).rejects.toMatchObject({ status: 400 });
    const open = await close.unlock(tenant, actor, key(), '经办机构重新出账');
    expect(open).toMatchObject({ state: 'open', unlockReason: '经办机构重新出账', matchedAt: null });
    const audit = await withTenant(db, tenant.id, (trx) => trx.selectFrom('audit_log').select(['action', 'actor_id']).where('tenant_id', '=', tenant.id).where('action', 'in', ['month_close.locked', 'month_close.unlocked']).orderBy('at').execute());
    expect(audit).toEqual([{ action: 'month_close.locked', actor_id: actor.id }, { action: 'month_close.unlocked', actor_id: actor.id }]);
    await close.recordDeductions(tenant, actor, key(), 'api', [{ employeeId: ids[5]!, insurance: 'pension', employeeFen: 1 }]);
  });

  it('keeps tenants apart: another tenant sees and changes none of it', async () => {
    expect(await close.months(other)).toEqual([]);
    const otherKey = { ...key(), tenantId: other.id };
    await expect(close.differences(other, otherKey)).rejects.toMatchObject({ status: 404 });
    await expect(close.recordDeductions(other, otherActor, otherKey, 'api', [])).rejects.toMatchObject({ status: 404 });
    await expect(close.lock(other, otherActor, otherKey)).rejects.toMatchObject({ status: 404 });
    const diffs = await close.differences(tenant, key());
    await expect(close.resolve(other, otherActor, otherKey, diffs[0]!.id, { action: 'accept', reason: 'x' })).rejects.toMatchObject({ status: 404 });
    const leaked = await withTenant(db, other.id, (trx) => sql<{ n: string }>`select (select count(*) from close_bill_lines) + (select count(*) from close_differences) + (select count(*) from adjustment_lines) + (select count(*) from month_closes) as n`.execute(trx));
    expect(Number(leaked.rows[0]!.n)).toBe(0);
  });

  it('a bill naming people by ID number, on a close built without the personal-data vault, is a 503 saying so and records nothing', async () => {
    const k = { ...key(), month: '2024-10' };
    const l = line(expected[0]!, { employeeId: null, idNumber: '110101199003070019', periodFrom: '2024-10', periodTo: '2024-10' });
    await expect(close.recordBill(tenant, actor, k, 'gateway', [l])).rejects.toMatchObject({ status: 503, code: 'personal_data_unavailable', messages: { 'zh-CN': expect.stringContaining('个人信息密钥') } });
    const n = await withTenant(db, tenant.id, (trx) => sql<{ n: string }>`select count(*) as n from close_bill_lines where month = '2024-10'`.execute(trx));
    expect(Number(n.rows[0]!.n)).toBe(0);
  });
});
