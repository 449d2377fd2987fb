import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, withTenant } from '@lianxu/db';
import { createPersonalDataVault, createTaskService, DEMO_WORKFLOW_PREFIX, loadTenantFiles, seedDemoData } from '@lianxu/core';
import type { TenantSpec } from '@lianxu/core';
import { lifecycleTenantSpec, provisionForTest, scratchDatabase, TEST_MASTER_KEY, uniqueSlug } from '@lianxu/testing';
import { seedDemoTenants } from './commands/demo-data.step';

// The demo history `npm start` writes for the demo tenants (issue #15, item 7), on a database of
// its own with the shipped demo tenants: counts, two locked months, this month open with its
// differences, open risks, open filing tasks (overdue, near the deadline, a stop due this month)
// with no filing started; a second start adds nothing; production and non-demo runs write nothing.

const scratch = await scratchDatabase('demo_data');
// One connection, as `npm start` seeds with: no step may wait on a second one.
const db = createDb({ connectionString: scratch.appUrl, max: 1 });
const vault = createPersonalDataVault(TEST_MASTER_KEY);
const TODAY = '2026-03-10';
const clock = { today: () => TODAY };
const ids: Record<string, string> = {};

afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

beforeAll(async () => {
  // The shipped tenant files without their plugins' sections (this database has core's tables only).
  for (const { spec } of await loadTenantFiles(path.resolve(import.meta.dirname, '../../../tenants'))) {
    const { plugins: _p, customFields: _c, ...core } = spec;
    ids[spec.slug] = await provisionForTest(db, core as TenantSpec);
  }
}, 120_000);

async function countsOf(tenantId: string) {
  return withTenant(db, tenantId, async (trx) => {
    const r = await sql<Record<string, string>>`select
        (select count(*) from employees where tenant_id = ${tenantId}) as employees,
        (select count(*) from employees where tenant_id = ${tenantId} and demo) as demo_employees,
        (select count(*) from employees where tenant_id = ${tenantId} and status = 'terminated') as leavers,
        (select count(*) from coverage_periods where tenant_id = ${tenantId}) as periods,
        (select count(*) from employment_events where tenant_id = ${tenantId}) as events,
        (select count(*) from employment_events where tenant_id = ${tenantId} and kind = 'transfer') as transfers,
        (select count(*) from employment_events where tenant_id = ${tenantId} and kind = 'wage_change') as raises,
        (select count(*) from wage_history where tenant_id = ${tenantId}) as wages,
        (select count(*) from month_closes where tenant_id = ${tenantId} and state = 'locked') as locked,
        (select count(*) from month_closes where tenant_id = ${tenantId} and state = 'open') as open,
        (select count(*) from close_bill_lines where tenant_id = ${tenantId}) as bill_lines,
        (select count(*) from close_differences where tenant_id = ${tenantId} and state = 'open') as differences,
        (select count(*) from risk_findings where tenant_id = ${tenantId} and state = 'open') as findings,
        (select count(*) from risk_findings where tenant_id = ${tenantId} and state = 'open' and severity <> 'info') as risks,
        (select count(*) from filing_tasks where tenant_id = ${tenantId}) as filings,
        (select count(*) from outbox where tenant_id = ${tenantId}) as outbox,
        (select count(*) from demo_data_seeds where tenant_id = ${tenantId}) as flagged`.execute(trx);
    return Object.fromEntries(Object.entries(r.rows[0]!).map(([k, v]) => [k, Number(v)])) as Record<string, number> & { locked: number };
  });
}

describe('demo data on first start', () => {
  it('writes nothing outside demo mode (production)', async () => {
    const out = await seedDemoTenants({ db, masterKey: TEST_MASTER_KEY.toString('base64'), demo: false, slugs: Object.keys(ids), log: () => undefined });
    expect(out).toEqual({});
    expect(await seedDemoData({ db, vault, clock }, { tenantId: ids['demo-retail']!, demoMode: false })).toEqual({ seeded: false, reason: 'not_demo_mode' });
    for (const id of Object.values(ids)) expect(await countsOf(id)).toMatchObject({ employees: 0, flagged: 0, findings: 0 });
  });

  it('leaves alone a tenant where real people already work', async () => {
    const other = await provisionForTest(db, { ...lifecycleTenantSpec(uniqueSlug('demo-used'), { seed: 4_242 }), demo: undefined } as TenantSpec);
    const entity = await withTenant(db, other, (trx) => trx.selectFrom('entities').select('id').where('tenant_id', '=', other).executeTakeFirstOrThrow());
    await withTenant(db, other, (trx) => trx.insertInto('employees').values({
      tenant_id: other, entity_id: entity.id, name: '真实员工', mobile: '13800001111', id_number_cipher: Buffer.from('x'), id_number_key_id: 'dk1',
      id_number_index: Buffer.from('y'), id_number_masked: '310***********0000', hukou: 'local', work_city: '310100', hire_date: '2025-01-02', monthly_wage_fen: 800_000,
    }).execute());
    expect(await seedDemoData({ db, vault, clock }, { tenantId: other, demoMode: true })).toEqual({ seeded: false, reason: 'has_employees' });
    expect(await countsOf(other)).toMatchObject({ employees: 1, demo_employees: 0, flagged: 0 });
  });

  it('gives each demo tenant 24 months of history, two locked months, this month open with differences, open risks, and open filing tasks around their deadlines started nowhere; a second start adds nothing', async () => {
    const retail = ids['demo-retail']!;
    const first = await seedDemoData({ db, vault, clock }, { tenantId: retail, demoMode: true });
    if (!first.seeded) throw new Error(`not seeded: ${first.reason}`);
    console.log(`[demo-data] demo-retail seeded in ${first.tookMs} ms`, first.counts, first.unpricedCities);
    const after = await countsOf(retail);
    // Four of the 300 carry an open filing task, and nothing was started with a bureau: no outbox row.
    expect(after).toMatchObject({ employees: 300, demo_employees: 300, transfers: 1, flagged: 1, filings: 4, outbox: 0 });
    expect(first.counts.openTasks).toBe(4);
    expect(after.leavers).toBeGreaterThan(20);
    expect(after.raises).toBeGreaterThan(50);
    // A period for everyone but the three hires whose enrollment is still open, and one more each for the transfer and the gap.
    expect(after.periods).toBe(300 - 3 + 2);
    // Beijing, Shanghai and Guangzhou can be priced: the two months before this one locked in each.
    expect(after.locked).toBeGreaterThanOrEqual(2);
    expect(after.locked! % 2).toBe(0);
    expect(after.open).toBeGreaterThanOrEqual(1);
    expect(after.differences).toBeGreaterThanOrEqual(4);
    expect(after.findings).toBeGreaterThan(0);
    // A few open risks a newcomer can read (notices about provisional figures are kept apart).
    console.log(`[demo-data] open findings ${after.findings}, of which risks ${after.risks}`);
    expect(after.risks).toBeGreaterThan(0);
    expect(after.risks).toBeLessThanOrEqual(30);

    const closes = await withTenant(db, retail, (trx) => trx.selectFrom('month_closes').select(['city_code', 'month', 'state', 'signed_off_by']).where('tenant_id', '=', retail).orderBy('city_code').orderBy('month').execute());
    const locked = closes.filter((c) => c.state === 'locked');
    expect(new Set(locked.map((c) => c.month))).toEqual(new Set(['2026-01', '2026-02']));
    expect(locked.every((c) => c.signed_off_by !== null)).toBe(true);
    expect(closes.filter((c) => c.state === 'open').map((c) => c.month)).toEqual(closes.filter((c) => c.state === 'open').map(() => '2026-03'));
    // The bill's faults, each classed: rounding, headcount, base, duplicate; and the deduction payroll forgot.
    const classes = await withTenant(db, retail, (trx) => trx.selectFrom('close_differences').select('class').distinct().where('tenant_id', '=', retail).where('month', '=', '2026-03').execute());
    expect(classes.map((c) => c.class).sort()).toEqual(expect.arrayContaining(['base', 'duplicate', 'headcount', 'missing_deduction', 'rounding']));
    // The planted risks: a two-month coverage gap and a leaver whose coverage was never stopped.
    const rules = await withTenant(db, retail, (trx) => trx.selectFrom('risk_findings').select('rule_id').distinct().where('tenant_id', '=', retail).where('state', '=', 'open').execute());
    expect(rules.map((r) => r.rule_id)).toEqual(expect.arrayContaining(['coverage_gap', 'stop_not_filed', 'coverage_after_leave']));

    // The dashboard's open tasks by deadline (the tasks page's list, nearest first): an enrollment
    // rejected and 3 days past its legal deadline, two due in 2 and 4 days (one waiting for approval,
    // one filed and waiting for the receipt), and a stop due this month; all demo, none started.
    const tasks = await createTaskService({ db, clock: { ...clock, now: () => new Date(`${TODAY}T02:00:00Z`) } }).listTasks({ id: retail, slug: 'demo-retail' }, { open: true });
    expect(tasks.map((t) => [t.kind, t.status, t.daysLeft])).toEqual([
      ['enrollment', 'rejected', -3],
      ['enrollment', 'pending_approval', 2],
      ['enrollment', 'submitted', 4],
      ['stop', 'submitted', expect.any(Number)],
    ]);
    const stop = tasks[3]!;
    expect(stop).toMatchObject({ month: '2026-02' });
    expect(stop.deadlineDate!.slice(0, 7)).toBe('2026-03');
    expect(stop.daysLeft).toBeGreaterThan(4);
    expect(tasks[0]!.rejection!.message).toContain('演示数据');
    expect(tasks.every((t) => t.workflowId.startsWith(DEMO_WORKFLOW_PREFIX))).toBe(true);
    const holders = await withTenant(db, retail, (trx) => trx.selectFrom('employees').select(['demo', 'status']).where('tenant_id', '=', retail).where('id', 'in', tasks.map((t) => t.employeeId)).execute());
    expect(holders.map((h) => h.demo)).toEqual([true, true, true, true]);
    expect(holders.filter((h) => h.status === 'terminated')).toHaveLength(1);

    // Second start: nothing added, nothing changed.
    const audit = async () => Number((await withTenant(db, retail, (trx) => sql<{ n: string }>`select count(*) as n from audit_log where tenant_id = ${retail}`.execute(trx))).rows[0]!.n);
    const auditBefore = await audit();
    expect(await seedDemoData({ db, vault, clock }, { tenantId: retail, demoMode: true })).toEqual({ seeded: false, reason: 'already_seeded' });
    expect(await countsOf(retail)).toEqual(after);
    expect(await audit()).toBe(auditBefore);
  }, 120_000);

  it('the start step seeds each demo tenant once, each with people of its own', async () => {
    const manufacturing = ids['demo-manufacturing']!;
    const lines: string[] = [];
    const out = await seedDemoTenants({ db, masterKey: TEST_MASTER_KEY.toString('base64'), demo: true, slugs: ['demo-manufacturing'], log: (l) => lines.push(l) });
    expect(out['demo-manufacturing']).toMatchObject({ seeded: true });
    expect(lines[0]).toMatch(/^tenant demo-manufacturing: demo data \(演示数据\) written in \d+\.\d s: 300 employees/);
    const again = await seedDemoTenants({ db, masterKey: TEST_MASTER_KEY.toString('base64'), demo: true, slugs: ['demo-manufacturing', 'demo-retail'], log: (l) => lines.push(l) });
    expect(again).toEqual({ 'demo-manufacturing': { seeded: false, reason: 'already_seeded' }, 'demo-retail': { seeded: false, reason: 'already_seeded' } });
    // The two tenants' people are their own (ids derive from the tenant), and the history is the
    // same on every run: the same first employees, in the same order, with the same wages.
    const cities = await withTenant(db, manufacturing, (trx) => trx.selectFrom('employees').select('work_city').distinct().where('tenant_id', '=', manufacturing).execute());
    expect(cities.map((c) => c.work_city).sort()).toEqual(['310100', '330100']);
    const mine = await withTenant(db, manufacturing, (trx) => trx.selectFrom('employees').select('id').where('tenant_id', '=', manufacturing).execute());
    const retailIds = new Set((await withTenant(db, ids['demo-retail']!, (trx) => trx.selectFrom('employees').select('id').where('tenant_id', '=', ids['demo-retail']!).execute())).map((e) => e.id));
    expect(mine.some((e) => retailIds.has(e.id))).toBe(false);
  }, 120_000);
});
