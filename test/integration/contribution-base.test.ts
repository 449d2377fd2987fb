import { describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { appDb, eventually, testIdNumber, useLifecycleTenantStack } from '@lianxu/testing';

// No silent fallback: when the policy library cannot give a contribution base, nothing is filed
// (never the raw wage), the task says why, HR is told, and HR can retry once the cause is fixed.

const db = appDb(6);

const ctx = useLifecycleTenantStack(db, 'base', { seed: 5151 });

const taskOf = (employeeId: string) =>
  withTenant(db, ctx.tenant.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', ctx.tenant.id).where('employee_id', '=', employeeId).where('kind', '=', 'enrollment').executeTakeFirst());

describe('an enrollment whose month the policy library does not cover', () => {
  it('is not filed: the task is rejected with the reason, HR is told, and a resubmit tries again', async () => {
    // Beijing's earliest policy year is 2023: a hire back-dated to 2020 has no base to file.
    const answer = await ctx.stack.people.hire(ctx.tenant, ctx.actor, {
      name: '基数缺失',
      idNumber: testIdNumber(515),
      mobile: '13912345678',
      hukou: 'local',
      workCity: '110100',
      hireDate: '2020-03-02',
      monthlyWage: '12000.00',
    });
    expect(answer.status).toBe(201);
    const employeeId = answer.body.id;

    const rejected = await eventually(async () => {
      const t = await taskOf(employeeId);
      return t?.status === 'rejected' ? t : undefined;
    }, 30_000, 'enrollment rejected for want of a base');
    expect(rejected.rejection?.code).toBe('contribution_base_unavailable');
    expect(rejected.rejection?.message).toContain('2020-03');
    expect(rejected.open).toBe(true);
    expect(rejected.base_fen).toBeNull();
    expect(rejected.filing_id).toBeNull();
    const coverage = await withTenant(db, ctx.tenant.id, (trx) => trx.selectFrom('coverage_periods').select('id').where('tenant_id', '=', ctx.tenant.id).where('employee_id', '=', employeeId).execute());
    expect(coverage).toEqual([]);
    const notices = await withTenant(db, ctx.tenant.id, (trx) =>
      trx.selectFrom('notifications').select(['kind', 'body']).where('tenant_id', '=', ctx.tenant.id).where('task_id', '=', rejected.id).where('kind', '=', 'contribution_base_unavailable').execute());
    expect(notices.length).toBeGreaterThan(0);
    const [task] = await ctx.stack.people.listTasks(ctx.tenant, { employeeId });
    expect(task!.rejection?.code).toBe('contribution_base_unavailable');
    // Nor does the city's sheet print the wage as the base: the download is refused with the reason,
    // and nothing is recorded as handed out.
    const sheet = ctx.stack.people.filingSheet(ctx.tenant, ctx.actor, rejected.id);
    await expect(sheet).rejects.toMatchObject({ status: 409, code: 'contribution_base_unavailable' });
    await expect(sheet).rejects.toThrow(/2020-03/);
    const exported = await withTenant(db, ctx.tenant.id, (trx) => trx.selectFrom('audit_log').select('id').where('tenant_id', '=', ctx.tenant.id).where('action', '=', 'filing_sheet.exported').execute());
    expect(exported).toEqual([]);

    // HR retries: the workflow is still waiting, files again (next attempt) and is refused again for the same reason.
    await ctx.stack.people.resubmit(ctx.tenant, ctx.actor, rejected.id);
    const again = await eventually(async () => {
      const t = await taskOf(employeeId);
      return t && t.attempt === 1 && t.status === 'rejected' ? t : undefined;
    }, 30_000, 'second attempt rejected');
    expect(again.rejection?.code).toBe('contribution_base_unavailable');
    expect(again.filing_id).toBeNull();
  });
});
