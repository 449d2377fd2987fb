import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { createCloseService, createRiskScanner, expectedLines, listFindings, type BillLineInput, type ExpectedLine } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { appDb, firstEntityId, provisionLifecycleTenant, seedCloseEmployees } from '@lianxu/testing';

// The contribution rules through the stored scan, over a real monthly close: a month billed but not
// received (no payment voucher) and a month received but different from expected (an employee
// missing from the bill) are found with their money; a paid, matching employee is not; both resolve
// by themselves once the paid bill comes in and matches; findings and close rows stay in their tenant.

const db = appDb(3);
const close = createCloseService({ db });
const scanner = createRiskScanner({ db, library: getDefaultPolicyLibrary(), pageSize: 2 });
const MONTH = '2024-09';
const TODAY = '2024-10-10';
/** 第86条 by hand: 0.05% a day, half up to the fen. */
const feeByHand = (fen: number, days: number) => Math.floor((fen * days * 5 + 5_000) / 10_000);
const RULES = new Set(['contribution_not_received', 'contribution_differs']);
let A: { id: string };
let B: { id: string };
let actor: { id: string };
let entityId: string;
let ids: string[];
let expected: ExpectedLine[];

const key = () => ({ tenantId: A.id, entityId, cityCode: '110100', month: MONTH });
const line = (l: ExpectedLine, voucherNo: string | null): BillLineInput => ({
  employeeId: l.employeeId, personName: 'x', insurance: l.insurance, periodFrom: MONTH, periodTo: MONTH, baseFen: l.baseFen,
  employerFen: l.employerFen, employeeFen: l.employeeFen, interestFen: 0, lateFeeFen: 0, collectionType: '正常应缴', voucherNo,
});
const deductAll = () => close.recordDeductions(A, actor, key(), 'api', expected.filter((l) => l.employeeFen > 0).map((l) => ({ employeeId: l.employeeId, insurance: l.insurance, employeeFen: l.employeeFen })));
const totalOf = (i: number) => expected.filter((l) => l.employeeId === ids[i]).reduce((a, l) => a + l.employerFen + l.employeeFen, 0);
const contributionFindings = async (tenantId: string, i?: number) =>
  (await listFindings(db, tenantId, { state: 'open', ...(i === undefined ? {} : { employeeId: ids[i] }) })).items.filter((f) => RULES.has(f.ruleId));

beforeAll(async () => {
  ({ tenant: A, actor } = await provisionLifecycleTenant(db, 'risk-contrib-a', { seed: 150_021 }));
  ({ tenant: B } = await provisionLifecycleTenant(db, 'risk-contrib-b', { seed: 150_022 }));
  entityId = await firstEntityId(db, A.id);
  ids = await seedCloseEmployees(db, A.id, entityId, Array.from({ length: 4 }, (_, i) => ({ name: `缴费${i}`, city: '110100', from: '2024-01', wages: [['2024-01-02', 1_000_000 + i * 100_000]] as [string, number][] })));
  expected = (await expectedLines(db, key())).lines;
  // Employee 1 billed without a payment voucher; employee 2 missing from the bill; 0 and 3 paid as expected.
  await close.recordBill(A, actor, key(), 'excel', expected.filter((l) => l.employeeId !== ids[2]).map((l) => line(l, l.employeeId === ids[1] ? null : '332024090000001')));
  await deductAll();
  await close.match(A, actor, key());
});
afterAll(async () => {
  await db.destroy();
});

describe('the contribution rules in the stored scan', () => {
  it('finds the month billed but not received and the month billed short, with their money, and nothing for paid employees', async () => {
    await scanner.scan(A.id, TODAY);
    expect(await contributionFindings(A.id, 0)).toEqual([]);
    expect(await contributionFindings(A.id, 3)).toEqual([]);

    const [unpaid, ...more] = await contributionFindings(A.id, 1);
    expect(more).toEqual([]);
    // September is due on the tenant's Beijing cut-off day, 2024-09-25 (the close's due date): late
    // from the 26th, 15 days by 2024-10-10 (5 in September, 10 in October), 0.05% a day half up.
    expect(unpaid).toMatchObject({ ruleId: 'contribution_not_received', subject: `110100:${MONTH}`, severity: 'critical', since: '2024-09-26', ruleTitle: { 'zh-CN': '已出账未缴款' } });
    expect(unpaid!.money.owedFen).toBe(totalOf(1));
    expect(unpaid!.money.lateFeeFen).toBe(feeByHand(totalOf(1), 15));

    const [short, ...others] = await contributionFindings(A.id, 2);
    expect(others).toEqual([]);
    expect(short).toMatchObject({ ruleId: 'contribution_differs', subject: `110100:${MONTH}`, severity: 'critical', suggestedAction: { kind: 'back_payment' } });
    expect(short!.money.owedFen).toBe(totalOf(2));
    expect(short!.money.atStakeFen).toBe(totalOf(2) + feeByHand(totalOf(2), 15));
  });

  it('resolves both by itself once the paid bill matches the expected lines', async () => {
    await close.recordBill(A, actor, key(), 'excel', expected.map((l) => line(l, '332024090000002')));
    await close.match(A, actor, key());
    const before = (await listFindings(db, A.id, { state: 'resolved' })).items.length;
    await scanner.scan(A.id, TODAY);
    expect(await contributionFindings(A.id)).toEqual([]);
    const resolved = (await listFindings(db, A.id, { state: 'resolved' })).items.filter((f) => RULES.has(f.ruleId));
    expect(resolved.map((f) => f.employeeId).sort()).toEqual([ids[1], ids[2]].sort());
    expect((await listFindings(db, A.id, { state: 'resolved' })).items.length).toBe(before + 2);
  });

  it("keeps close rows and findings in their tenant: B's scan sees none of A's bill", async () => {
    await close.recordBill(A, actor, key(), 'excel', expected.map((l) => line(l, null)));
    await scanner.scan(B.id, TODAY);
    expect(await contributionFindings(B.id)).toEqual([]);
    const leak = await withTenant(db, B.id, (trx) => sql<{ n: string }>`select (select count(*) from close_bill_lines where tenant_id = ${A.id}) + (select count(*) from risk_findings where tenant_id = ${A.id}) as n`.execute(trx));
    expect(Number(leak.rows[0]!.n)).toBe(0);
    await scanner.scan(A.id, TODAY);
    expect((await contributionFindings(A.id)).map((f) => f.ruleId)).toEqual(Array(4).fill('contribution_not_received'));
  });
});
