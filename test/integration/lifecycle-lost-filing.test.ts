import { describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { addDays } from '@lianxu/core';
import { appDb, eventually, testIdNumber, useLifecycleTenantStack } from '@lianxu/testing';

// A bureau that loses a filing it acknowledged (本经办机构没有该申报记录): the filing is made again
// under the same idempotency key, the task reaches confirmed, and HR is told in the inbox.

const db = appDb(6);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

// Each test holds filings in processing (a long delay) until it lets the bureau decide.
const ctx = useLifecycleTenantStack(db, 'lost', { seed: 6161 });

const taskOf = (employeeId: string) =>
  withTenant(db, ctx.tenant.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', ctx.tenant.id).where('employee_id', '=', employeeId).executeTakeFirst());

describe('a filing the bureau lost', () => {
  it('is filed again with the same idempotency key, the enrollment is confirmed and HR is told', async () => {
    ctx.stack.bureau.state.setFaults({ processingDelayMs: [600_000, 600_000] });
    const idNumber = testIdNumber(616_001);
    const hired = await ctx.stack.people.hire(ctx.tenant, ctx.actor, { name: '钱七', idNumber, mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' });
    expect(hired.status).toBe(201);
    const submitted = await eventually(async () => {
      const t = await taskOf(hired.body.id);
      return t?.status === 'submitted' && t.filing_id ? t : undefined;
    }, 30_000, 'enrollment submitted');
    const lostId = submitted.filing_id!;
    expect(ctx.stack.bureau.state.listFilings().map((f) => f.filingId)).toEqual([lostId]);

    // The loss, through the bureau's admin route; from now on it decides at once.
    const lost = await fetch(`${ctx.stack.bureau.url}/admin/forget`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filingIds: [lostId] }) });
    expect(await lost.json()).toEqual({ forgotten: [lostId] });
    ctx.stack.bureau.state.setFaults({ processingDelayMs: [0, 0] });
    expect((await fetch(`${ctx.stack.bureau.url}/bureau/310100/filings/${lostId}`)).status).toBe(404);

    const confirmed = await eventually(async () => {
      const t = await taskOf(hired.body.id);
      return t?.status === 'confirmed' ? t : undefined;
    }, 30_000, 'enrollment confirmed after the loss');
    expect(confirmed.open).toBe(false);
    expect(confirmed.attempt).toBe(submitted.attempt);
    expect(confirmed.receipt_no).toMatch(/^ZY310100/);

    // Filed again once, under the same key: the bureau holds exactly one filing, the new one.
    const filings = ctx.stack.bureau.state.listFilings();
    expect(filings).toHaveLength(1);
    expect(filings[0]).toMatchObject({ idempotencyKey: `${submitted.id}:${submitted.attempt}`, status: 'confirmed', receiptNo: confirmed.receipt_no });
    expect(filings[0]!.filingId).not.toBe(lostId);
    expect(confirmed.filing_id).toBe(filings[0]!.filingId);
    expect(filings[0]!.payload).toMatchObject({ idNumber, base: Number(submitted.base_fen) });

    const coverage = await withTenant(db, ctx.tenant.id, (trx) => trx.selectFrom('coverage_periods').select(['city_code', 'end_month']).where('tenant_id', '=', ctx.tenant.id).where('employee_id', '=', hired.body.id).execute());
    expect(coverage).toEqual([{ city_code: '310100', end_month: null }]);

    // HR's inbox says what happened and that nothing is needed from them.
    const notices = await withTenant(db, ctx.tenant.id, (trx) =>
      trx.selectFrom('notifications').select(['kind', 'channel', 'recipient_user_id', 'subject', 'body']).where('tenant_id', '=', ctx.tenant.id).where('task_id', '=', submitted.id).execute());
    expect(notices).toEqual([expect.objectContaining({ kind: 'filing_refiled', channel: 'in_app', recipient_user_id: ctx.actor.id })]);
    expect(notices[0]!.subject).toContain('钱七');
    expect(notices[0]!.body).toContain(lostId);
    expect(notices[0]!.body).toContain(confirmed.filing_id!);
    expect(notices[0]!.body).toContain('本经办机构没有该申报记录');
  }, 90_000);

  it('a lost stop is filed again too and closes the coverage', async () => {
    ctx.stack.bureau.state.setFaults({ processingDelayMs: [0, 0] });
    const hired = await ctx.stack.people.hire(ctx.tenant, ctx.actor, { name: '孙八', idNumber: testIdNumber(616_002), mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' });
    await eventually(async () => ((await taskOf(hired.body.id))?.status === 'confirmed' ? true : undefined), 30_000, 'enrollment confirmed');
    ctx.stack.bureau.state.setFaults({ processingDelayMs: [600_000, 600_000] });
    // Leaving on the 26th of next month: coverage ends with that month (cut-off day 25).
    const lastDay = new Date(Date.UTC(Number(today().slice(0, 4)), Number(today().slice(5, 7)), 26)).toISOString().slice(0, 10);
    expect((await ctx.stack.people.terminate(ctx.tenant, ctx.actor, hired.body.id, { lastWorkingDay: lastDay, reason: '个人原因' })).status).toBe(200);
    const stopOf = () =>
      withTenant(db, ctx.tenant.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', ctx.tenant.id).where('employee_id', '=', hired.body.id).where('kind', '=', 'stop').executeTakeFirst());
    const submitted = await eventually(async () => {
      const t = await stopOf();
      return t?.status === 'submitted' && t.filing_id ? t : undefined;
    }, 30_000, 'stop submitted');

    expect(ctx.stack.bureau.state.forget([submitted.filing_id!])).toEqual([submitted.filing_id]);
    ctx.stack.bureau.state.setFaults({ processingDelayMs: [0, 0] });
    const confirmed = await eventually(async () => {
      const t = await stopOf();
      return t?.status === 'confirmed' ? t : undefined;
    }, 30_000, 'stop confirmed after the loss');
    expect(confirmed.receipt_no).toMatch(/^JY310100/);
    const stops = ctx.stack.bureau.state.listFilings().filter((f) => f.kind === 'stop' && f.idempotencyKey === `${submitted.id}:${submitted.attempt}`);
    expect(stops.map((f) => f.filingId)).toEqual([confirmed.filing_id]);
    const coverage = await withTenant(db, ctx.tenant.id, (trx) => trx.selectFrom('coverage_periods').select('end_month').where('tenant_id', '=', ctx.tenant.id).where('employee_id', '=', hired.body.id).execute());
    expect(submitted.month).toBe(lastDay.slice(0, 7));
    expect(coverage).toEqual([{ end_month: submitted.month }]);
    const refiled = await withTenant(db, ctx.tenant.id, (trx) =>
      trx.selectFrom('notifications').select(['subject', 'recipient_user_id']).where('tenant_id', '=', ctx.tenant.id).where('task_id', '=', submitted.id).where('kind', '=', 'filing_refiled').execute());
    expect(refiled).toEqual([{ subject: '孙八 的减员申报已重新提交', recipient_user_id: ctx.actor.id }]);
  }, 90_000);
});

describe('an overdue online filing HR made by hand at the counter', () => {
  it('stops the workflow waiting for the bureau and closes the task as confirmed with the counter\'s receipt, coverage opened', async () => {
    // The bureau sits on the online filing; the hire was entered 40 days late, so it is overdue.
    ctx.stack.bureau.state.setFaults({ processingDelayMs: [600_000, 600_000] });
    const hired = await ctx.stack.people.hire(ctx.tenant, ctx.actor, { name: '李窗口', idNumber: testIdNumber(616_003), mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: addDays(today(), -40), monthlyWage: '9000' });
    expect(hired.status).toBe(201);
    const submitted = await eventually(async () => {
      const t = await taskOf(hired.body.id);
      return t?.status === 'submitted' && t.filing_id ? t : undefined;
    }, 30_000, 'enrollment submitted online');
    const view = await ctx.stack.people.markFiledByHand(ctx.tenant, ctx.actor, submitted.id, { receiptNo: 'SH-GT-2026-0007', filedOn: addDays(today(), -2) });
    expect(view.filedByHand).toMatchObject({ receiptNo: 'SH-GT-2026-0007', filedOn: addDays(today(), -2), by: ctx.actor.id });
    const confirmed = await eventually(async () => {
      const t = await taskOf(hired.body.id);
      return t?.status === 'confirmed' ? t : undefined;
    }, 30_000, 'enrollment confirmed by hand');
    expect(confirmed).toMatchObject({ open: false, receipt_no: 'SH-GT-2026-0007', filing_id: `hand:${submitted.id}:${submitted.attempt}`, hand_filed_by: ctx.actor.id });
    const coverage = await withTenant(db, ctx.tenant.id, (trx) => trx.selectFrom('coverage_periods').select(['city_code', 'start_month', 'end_month']).where('tenant_id', '=', ctx.tenant.id).where('employee_id', '=', hired.body.id).execute());
    expect(coverage).toEqual([{ city_code: '310100', start_month: submitted.month, end_month: null }]);
    // The workflow ended there: confirmed, no longer polling the bureau.
    const handle = ctx.stack.client.workflow.getHandle(submitted.workflow_id);
    expect(await handle.result()).toBe('confirmed');
    ctx.stack.bureau.state.setFaults({ processingDelayMs: [0, 0] });
  }, 90_000);
});
