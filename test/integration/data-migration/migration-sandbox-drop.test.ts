import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDualRun, listQuarantine, migrationDryRun, retireDualRun, sandboxSchema, validationReport } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { appDb, ownerDb, provisionLifecycleTenant } from '@lianxu/testing';
import { promotedTenant, vault } from './dual-run.fixture';

// The end of a sandbox: when the dual run retires (its final snapshot archived, encrypted), the
// run's sandbox schema, with the legacy names, ID numbers and wages in it, is dropped in the same
// commit; the live tables promotion wrote are untouched, and the report, quarantine and dry run of
// the run say the sandbox is gone (410) instead of failing on a missing table.

const db = appDb();
const owner = ownerDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
let tenant: string;
let ctx: Awaited<ReturnType<typeof promotedTenant>>;
let archiveDir: string;

beforeAll(async () => {
  tenant = (await provisionLifecycleTenant(db, 'sbx-drop', { seed: 71 })).tenant.id;
  ctx = await promotedTenant(db, pool, tenant, 30, 0.05);
  archiveDir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-sbx-drop-'));
  await createDualRun({ db, vault }, tenant, { runId: ctx.runId, source: { url: ctx.pkg.legacy.store.readOnlyUrl, sslmode: 'prefer' }, startDay: '2024-10-08', cleanDaysRequired: 2 });
}, 240_000);
afterAll(async () => {
  await ctx?.pkg.close();
  await pool.end();
  await owner.destroy();
  await db.destroy();
  if (archiveDir) await rm(archiveDir, { recursive: true, force: true });
});

const schemaPresent = async () => (await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = ${sandboxSchema(ctx.runId)}`.execute(owner)).rows[0]!.n === 1;
const liveCounts = () => withTenant(db, tenant, async (trx) =>
  (await sql<{ employees: number; periods: number; lines: number; wages: number }>`select
     (select count(*)::int from employees where tenant_id = ${tenant}) as employees,
     (select count(*)::int from coverage_periods where tenant_id = ${tenant}) as periods,
     (select count(*)::int from contribution_history where tenant_id = ${tenant}) as lines,
     (select count(*)::int from wage_history where tenant_id = ${tenant}) as wages`.execute(trx)).rows[0]!);

describe('the sandbox after retirement', () => {
  it('is dropped with the retirement, after the final snapshot is archived; the live tables are untouched', async () => {
    expect(await schemaPresent()).toBe(true);
    expect((await validationReport(db, tenant, ctx.runId)).levels.length).toBeGreaterThan(0);
    const before = await liveCounts();
    expect(before.employees).toBeGreaterThan(0);
    expect(before.lines).toBeGreaterThan(0);
    // The clean-day rule held (the daily comparison is tested elsewhere): retirement is on offer.
    await withTenant(db, tenant, (trx) => trx.updateTable('dual_runs').set({ status: 'retirement_offered' }).where('tenant_id', '=', tenant).where('run_id', '=', ctx.runId).execute());
    const retired = await retireDualRun({ db, vault, archiveDir }, { tenantId: tenant, runId: ctx.runId, userId: tenant });
    expect((await stat(retired.archiveFile)).size).toBeGreaterThan(0);

    expect(await schemaPresent()).toBe(false);
    expect(await liveCounts()).toEqual(before);
    await expect(validationReport(db, tenant, ctx.runId)).rejects.toMatchObject({ status: 410, code: 'migration_sandbox_dropped' });
    await expect(listQuarantine(db, tenant, ctx.runId, { limit: 10, offset: 0 })).rejects.toMatchObject({ status: 410 });
    await expect(migrationDryRun({ db, vault }, tenant, ctx.runId)).rejects.toMatchObject({ status: 410 });
    // Retiring again (a retried activity) answers as before and changes nothing.
    expect(await retireDualRun({ db, vault, archiveDir }, { tenantId: tenant, runId: ctx.runId, userId: tenant })).toMatchObject({ archiveFile: retired.archiveFile });
    expect(await liveCounts()).toEqual(before);
  });
});
