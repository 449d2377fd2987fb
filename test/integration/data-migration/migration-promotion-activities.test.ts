import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createDataMigrationActivities, createPersonalDataVault, createRiskScanner, createWebhookService, getMigrationRun, MigrationError, promoteBatch } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { withTenant } from '@lianxu/db';
import { appDb, provisionLifecycleTenant, TEST_MASTER_KEY } from '@lianxu/testing';
import { legacyPackage, loadValidatedRun } from './loaded-run.fixture';

// The promotion's activities in MockActivityEnvironment on the run's real PostgreSQL, with a
// legacy-sim export loaded into a sandbox: every accepted employee goes live once, a batch run
// again writes nothing, coverage arrives as confirmed periods and no filing is created.

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
const vault = createPersonalDataVault(TEST_MASTER_KEY);
let tenantA: string;
let actorA: string;
let tenantB: string;
let runId: string;
let pkg: Awaited<ReturnType<typeof legacyPackage>>;

beforeAll(async () => {
  const a = await provisionLifecycleTenant(db, 'promote-a', { seed: 11 });
  tenantA = a.tenant.id;
  actorA = a.actor.id;
  tenantB = (await provisionLifecycleTenant(db, 'promote-b', { seed: 12 })).tenant.id;
  pkg = await legacyPackage(tenantA, { seed: 77, size: 300, months: 12, dirtyRate: 0.05 });
  runId = await loadValidatedRun(db, pool, tenantA, pkg);
}, 180_000);
afterAll(async () => {
  await pkg?.close();
  await pool.end();
  await db.destroy();
});

const live = (tenantId: string) =>
  withTenant(db, tenantId, async (trx) => ({
    employees: Number((await trx.selectFrom('employees').select((e) => e.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n),
    periods: Number((await trx.selectFrom('coverage_periods').select((e) => e.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n),
    tasks: Number((await trx.selectFrom('filing_tasks').select((e) => e.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n),
    starts: Number((await trx.selectFrom('outbox').select((e) => e.fn.countAll().as('n')).where('tenant_id', '=', tenantId).where('kind', '!=', 'webhook').executeTakeFirstOrThrow()).n),
  }));

describe('promotion activities', () => {
  it('refuses a run of another tenant, and one not yet validated, as final failures', async () => {
    const acts = createDataMigrationActivities({ db, vault });
    const env = new MockActivityEnvironment();
    await expect(env.run(acts.beginPromotion, { tenantId: tenantB, runId, batchSize: 100 })).rejects.toMatchObject({ type: 'migration_run_not_found', nonRetryable: true });
    await expect(promoteBatch({ db, vault }, { tenantId: tenantB, runId, batch: 0, batchSize: 100 })).rejects.toBeInstanceOf(MigrationError);
    expect((await live(tenantB)).employees).toBe(0);
  });

  it('promotes every accepted employee once, in batches, with confirmed coverage and no filing', async () => {
    const acts = createDataMigrationActivities({ db, vault });
    const env = new MockActivityEnvironment();
    const before = await live(tenantA);
    // Without both sign-offs nothing is promoted, whoever starts it (not only the route checks).
    const signOffs = await withTenant(db, tenantA, (trx) => trx.selectFrom('migration_runs').select('sign_offs').where('tenant_id', '=', tenantA).where('id', '=', runId).executeTakeFirstOrThrow());
    await withTenant(db, tenantA, (trx) => trx.updateTable('migration_runs').set({ sign_offs: JSON.stringify({ consultant: (signOffs.sign_offs as Record<string, unknown>).consultant }) as never }).where('tenant_id', '=', tenantA).where('id', '=', runId).execute());
    await expect(env.run(acts.beginPromotion, { tenantId: tenantA, runId, batchSize: 64 })).rejects.toMatchObject({ type: 'migration_not_signed_off', nonRetryable: true });
    expect((await getMigrationRun(db, tenantA, runId))!.status).toBe('validated');
    await withTenant(db, tenantA, (trx) => trx.updateTable('migration_runs').set({ sign_offs: JSON.stringify(signOffs.sign_offs) as never }).where('tenant_id', '=', tenantA).where('id', '=', runId).execute());
    const plan = await env.run(acts.beginPromotion, { tenantId: tenantA, runId, batchSize: 64 });
    const run = await getMigrationRun(db, tenantA, runId);
    const roster = run!.counts.roster!;
    expect(roster.read).toBe(roster.accepted + roster.quarantined);
    expect(roster.quarantined).toBeGreaterThan(0);
    expect(plan).toMatchObject({ total: roster.accepted, batchSize: 64, batches: Math.ceil(roster.accepted / 64), done: [] });

    const first = await env.run(acts.promoteBatch, { tenantId: tenantA, runId, batch: 0, batchSize: 64 });
    expect(first).toMatchObject({ batch: 0, promoted: 64, conflicts: 0, alreadyDone: false });
    expect(first.coveragePeriods).toBeGreaterThanOrEqual(64);
    // The same batch again (a retry after a crash that came after the commit): nothing written twice.
    const again = await env.run(acts.promoteBatch, { tenantId: tenantA, runId, batch: 0, batchSize: 64 });
    expect(again).toMatchObject({ promoted: 0, coveragePeriods: 0, alreadyDone: true });
    // A resumed begin keeps its batch size and names the batch already in.
    expect(await env.run(acts.beginPromotion, { tenantId: tenantA, runId, batchSize: 500 })).toMatchObject({ batchSize: 64, done: [0] });
    for (let b = 1; b < plan.batches; b++) await env.run(acts.promoteBatch, { tenantId: tenantA, runId, batch: b, batchSize: 64 });
    // An endpoint subscribed to migration.promoted gets the event once, when the run is promoted.
    await createWebhookService({ db, vault, production: false }).create(tenantA, actorA, { url: 'http://127.0.0.1:9/hook', events: ['migration.promoted'] });
    const outcome = await env.run(acts.finishPromotion, { tenantId: tenantA, runId });
    expect(outcome).toEqual({ tenantId: tenantA, runId, total: roster.accepted, promoted: roster.accepted, conflicts: 0 });
    expect(await env.run(acts.finishPromotion, { tenantId: tenantA, runId })).toEqual(outcome);

    const events = await withTenant(db, tenantA, (trx) => trx.selectFrom('outbox').select(['signal_name', 'args']).where('tenant_id', '=', tenantA).where('kind', '=', 'webhook').execute());
    expect(events.map((e) => e.signal_name)).toEqual(['migration.promoted']);
    expect((events[0]!.args as { subject: string; data: unknown }[])[0]).toMatchObject({ subject: runId, data: outcome });
    const after = await live(tenantA);
    expect(after.employees - before.employees).toBe(roster.accepted);
    expect(after.periods - before.periods).toBeGreaterThanOrEqual(roster.accepted);
    // Migrated employees create no enrollment filing: no task, no workflow start in the outbox.
    expect(after.tasks).toBe(before.tasks);
    expect(after.starts).toBe(before.starts);
    const done = await getMigrationRun(db, tenantA, runId);
    expect(done).toMatchObject({ status: 'promoted', promoted: roster.accepted, promotion_total: roster.accepted });
    // Another tenant still sees none of it.
    expect(await live(tenantB)).toMatchObject({ employees: 0, periods: 0 });
  });

  it('keeps each migrated person’s months: closed periods for leavers, one open period for the active', async () => {
    const rows = await withTenant(db, tenantA, (trx) =>
      trx.selectFrom('employees').innerJoin('coverage_periods', (j) => j.onRef('coverage_periods.tenant_id', '=', 'employees.tenant_id').onRef('coverage_periods.employee_id', '=', 'employees.id'))
        .select(['employees.id', 'employees.status', 'coverage_periods.end_month']).where('employees.tenant_id', '=', tenantA).execute());
    const open = new Map<string, number>();
    for (const r of rows) if (r.end_month === null) open.set(r.id, (open.get(r.id) ?? 0) + 1);
    for (const r of rows) {
      if (r.status === 'terminated') expect(open.get(r.id) ?? 0, r.id).toBe(0);
      else expect(open.get(r.id) ?? 0, r.id).toBeLessThanOrEqual(1);
    }
    expect([...open.values()].length).toBeGreaterThan(0);
  });

  it('turns the history’s open problems into HR’s work: the next risk scan finds every gap between a migrated person’s periods', async () => {
    const periods = await withTenant(db, tenantA, (trx) =>
      trx.selectFrom('coverage_periods').innerJoin('employees', (j) => j.onRef('employees.tenant_id', '=', 'coverage_periods.tenant_id').onRef('employees.id', '=', 'coverage_periods.employee_id'))
        .select(['employees.id', 'coverage_periods.start_month', 'coverage_periods.end_month']).where('coverage_periods.tenant_id', '=', tenantA).orderBy('employees.id').orderBy('coverage_periods.start_month').execute());
    // A person whose periods leave a month out between them: a gap the old system carried over.
    const gapped = new Set<string>();
    for (let i = 1; i < periods.length; i++) {
      const [a, b] = [periods[i - 1]!, periods[i]!];
      if (a.id === b.id && a.end_month !== null && a.end_month < b.start_month && nextMonth(a.end_month) !== b.start_month) gapped.add(b.id);
    }
    expect(gapped.size).toBeGreaterThan(0);
    await createRiskScanner({ db, library: getDefaultPolicyLibrary() }).scan(tenantA, '2026-12-01');
    const found = await withTenant(db, tenantA, (trx) => trx.selectFrom('risk_findings').select('employee_id').where('tenant_id', '=', tenantA)
      .where('rule_id', '=', 'coverage_gap').where('state', '=', 'open').execute());
    const withFinding = new Set(found.map((f) => f.employee_id));
    for (const id of gapped) expect(withFinding.has(id), id).toBe(true);
    // Still no filing of any kind for the migrated people: the findings are HR's to act on.
    expect((await live(tenantA)).tasks).toBe(0);
  });
});

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
