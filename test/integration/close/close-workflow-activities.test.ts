import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { withTenant } from '@lianxu/db';
import { CLOSE_REMINDER_NOTICE, createCloseActivities, createCloseService, createInboxService, expectedLines, type EmailProvider } from '@lianxu/core';
import { getDefaultPolicyLibrary, type PolicyLibrary, type PolicyRecord } from '@lianxu/policy';
import { appDb, firstEntityId, provisionLifecycleTenant, seedCloseEmployees } from '@lianxu/testing';

// The close workflow's activities on their own, in MockActivityEnvironment, on the test run's
// PostgreSQL: the plan names the payment window (the tenant's cut-off day for the city, the policy
// library's day when a record gives one, none when neither does), the status follows the bill and
// the deductions, the match runs, the reminder reaches each tenant admin and HR member once (inbox,
// and e-mail when configured) naming what is missing, and another tenant sees none of it.

const db = appDb(3);
const close = createCloseService({ db });
const inbox = createInboxService({ db });
const MONTH = '2024-09';
let A: { id: string; slug: string };
let B: { id: string; slug: string };
let actor: { id: string };
let entityId: string;
let ids: string[];

const key = (cityCode = '110100') => ({ tenantId: A.id, entityId, cityCode, month: MONTH });
const userId = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  ({ tenant: A, actor } = await provisionLifecycleTenant(db, 'close-wfa', { seed: 150_201 }));
  ({ tenant: B } = await provisionLifecycleTenant(db, 'close-wfb', { seed: 150_202 }));
  entityId = await firstEntityId(db, A.id);
  ids = await seedCloseEmployees(db, A.id, entityId, [
    { name: '甲', city: '110100', from: '2024-01', wages: [['2024-01-02', 1_000_000]] },
    { name: '乙', city: '110100', from: '2024-01', wages: [['2024-01-02', 1_200_000]] },
  ]);
  await close.open(A, actor, key());
});
afterAll(async () => {
  await db.destroy();
});

describe('close workflow activities', () => {
  it('plans the month with the tenant’s cut-off day as the payment window and records the workflow id', async () => {
    const activities = createCloseActivities({ db });
    const plan = await new MockActivityEnvironment().run(activities.planCloseMonth, { ...key(), workflowId: 'close-month:test' });
    expect(plan).toMatchObject({
      paymentDue: '2024-09-25', paymentDueSource: 'tenant_setting',
      status: { hasBill: false, hasDeductions: false, matched: false, openDifferences: 0, locked: false, remindedAt: null },
    });
    // The end of 25 September in China time.
    expect(plan.paymentWindowClosesAtMs).toBe(Date.parse('2024-09-26T00:00:00+08:00'));
    const view = await close.month(A, key());
    expect(view.workflow).toMatchObject({ id: 'close-month:test', waitingFor: ['bill', 'deductions'], paymentDue: '2024-09-25', paymentDueSource: 'tenant_setting', remindedAt: null });
  });

  it('takes the policy library’s payment day when a record gives one, and guesses none when neither gives one', async () => {
    const base = getDefaultPolicyLibrary();
    const withDay: PolicyLibrary = {
      ...base,
      recordsOf: (code) => base.recordsOf(code).map((r): PolicyRecord => (r.effectiveFrom <= MONTH && MONTH <= r.effectiveTo ? { ...r, cutOffDay: { status: 'given', value: 15, sources: [] } as never } : r)),
    };
    const fromPolicy = await new MockActivityEnvironment().run(createCloseActivities({ db, library: withDay }).planCloseMonth, { ...key(), workflowId: 'close-month:test' });
    expect(fromPolicy).toMatchObject({ paymentDue: '2024-09-15', paymentDueSource: 'policy' });
    // Hangzhou is not among the tenant's cities and the library has no payment day for it.
    await close.open(A, actor, key('330100'));
    const none = await new MockActivityEnvironment().run(createCloseActivities({ db }).planCloseMonth, { ...key('330100'), workflowId: 'close-month:hz' });
    expect(none).toMatchObject({ paymentDue: null, paymentWindowClosesAtMs: null, paymentDueSource: null });
    expect((await close.month(A, key('330100'))).workflow).toMatchObject({ paymentDue: null, paymentDueSource: null });
  });

  it('reminds each tenant admin and HR member once, naming what is missing, in the inbox and by e-mail', async () => {
    const sent: { to: string; subject: string; body: string }[] = [];
    const email: EmailProvider = { name: 'test-mail', send: async (to, subject, body) => void sent.push({ to, subject, body }) };
    const activities = createCloseActivities({ db, email });
    const env = new MockActivityEnvironment();
    const r = await env.run(activities.remindCloseMonth, { ...key(), missing: ['bill', 'deductions', 'signOff'], paymentDue: '2024-09-25' });
    expect(r).toMatchObject({ inbox: 2, emails: 2 });
    for (const who of [`hr@${A.slug}.test`, `admin@${A.slug}.test`]) {
      const items = (await inbox.listNotifications(A, await userId(who))).items.filter((n) => n.kind === CLOSE_REMINDER_NOTICE);
      expect(items).toHaveLength(1);
      expect(items[0]!.subject).toContain('北京 2024-09 月结提醒：缴费期截至 2024-09-25');
      expect(items[0]!.body).toContain('社保经办机构的账单尚未获取或导入');
      expect(items[0]!.body).toContain('工资扣款尚未导入');
      // The inbox holds each language apart (the e-mail has both).
      expect(items[0]!.body).not.toContain('payroll');
      expect(items[0]!.en!.body).toContain('payroll’s deductions have not been imported');
    }
    expect(sent.map((m) => m.to).sort()).toEqual([`admin@${A.slug}.test`, `hr@${A.slug}.test`]);
    expect(sent[0]!.body).toContain('工资扣款尚未导入');
    expect(sent[0]!.body).toContain('payroll’s deductions have not been imported');
    // A retry sends nothing again and keeps the first time.
    const again = await env.run(activities.remindCloseMonth, { ...key(), missing: ['bill'], paymentDue: '2024-09-25' });
    expect(again).toMatchObject({ inbox: 0, emails: 0, remindedAt: r.remindedAt });
    expect(sent).toHaveLength(2);
    expect((await close.month(A, key())).workflow.remindedAt).toBe(r.remindedAt);
    // Another tenant's people got nothing.
    expect((await inbox.listNotifications(B, await userId(`hr@${B.slug}.test`))).items.filter((n) => n.kind === CLOSE_REMINDER_NOTICE)).toEqual([]);
  });

  it('follows the bill and the deductions and runs the match; a locked month is refused without retry', async () => {
    const activities = createCloseActivities({ db });
    const env = new MockActivityEnvironment();
    const expected = (await expectedLines(db, key())).lines;
    await close.recordBill(A, actor, key(), 'gateway', expected.map((l) => ({
      employeeId: l.employeeId, personName: 'x', insurance: l.insurance, periodFrom: MONTH, periodTo: MONTH, baseFen: l.baseFen,
      employerFen: l.employerFen, employeeFen: l.employeeFen, interestFen: 0, lateFeeFen: 0, collectionType: '正常应缴', voucherNo: null,
    })));
    expect(await env.run(activities.closeMonthStatus, key())).toMatchObject({ hasBill: true, hasDeductions: false, matched: false });
    // Employee 乙's pension was not deducted.
    await close.recordDeductions(A, actor, key(), 'api', expected.filter((l) => l.employeeFen > 0 && !(l.employeeId === ids[1] && l.insurance === 'pension'))
      .map((l) => ({ employeeId: l.employeeId, insurance: l.insurance, employeeFen: l.employeeFen })));
    expect(await env.run(activities.closeMonthStatus, key())).toMatchObject({ hasBill: true, hasDeductions: true, matched: false });
    expect(await env.run(activities.matchCloseMonth, key())).toEqual({ differences: 1 });
    expect(await env.run(activities.closeMonthStatus, key())).toMatchObject({ matched: true, openDifferences: 1, locked: false });
    // Another tenant cannot see the month through the activities.
    expect(await env.run(activities.closeMonthStatus, { ...key(), tenantId: B.id })).toMatchObject({ hasBill: false, locked: true });

    const [d] = await close.differences(A, key());
    await close.resolve(A, actor, key(), d!.id, { action: 'accept', reason: '工资下月补扣' });
    await close.lock(A, actor, key());
    expect(await env.run(activities.closeMonthStatus, key())).toMatchObject({ locked: true });
    await expect(env.run(activities.matchCloseMonth, key())).rejects.toMatchObject({ nonRetryable: true, type: 'month_locked' });
    const rows = await withTenant(db, A.id, (trx) => trx.selectFrom('month_closes').select('workflow_id').where('tenant_id', '=', A.id).where('city_code', '=', '110100').execute());
    expect(rows.map((r) => r.workflow_id)).toEqual(['close-month:test']);
  });
});
