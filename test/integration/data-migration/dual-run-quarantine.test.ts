import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createDualRun, createDualRunActivities, listDifferences, listDualRunDays, sandboxSchema } from '@lianxu/core';
import { appDb, provisionLifecycleTenant } from '@lianxu/testing';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { hrDoubleKeying, promotedTenant, vault } from './dual-run.fixture';

// A dual run after a migration of dirty data (10% of rows dirty): the people whose roster row was
// quarantined are in the old system only, every day. Their differences are recorded as explained
// by the finding that quarantined them (visible, never open, not counted against the totals), so
// they do not keep the run from being clean; nobody else's difference is explained that way.

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
let tenant: string;
let ctx: Awaited<ReturnType<typeof promotedTenant>>;
const START = '2024-10-08';

beforeAll(async () => {
  tenant = (await provisionLifecycleTenant(db, 'dual-quar', { seed: 61 })).tenant.id;
  ctx = await promotedTenant(db, pool, tenant, 60, 0.1);
  await createDualRun({ db, vault }, tenant, { runId: ctx.runId, source: { url: ctx.pkg.legacy.store.readOnlyUrl, sslmode: 'prefer' }, startDay: START, cleanDaysRequired: 2 });
}, 240_000);
afterAll(async () => {
  await ctx?.pkg.close();
  await pool.end();
  await db.destroy();
});

describe('dual run after a dirty migration', () => {
  it('explains the differences of people quarantined at migration with their finding, and leaves them out of the open count', async () => {
    const quarantinedRows = await withTenant(db, tenant, (trx) => sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${sandboxSchema(ctx.runId)}.quarantine`)} where file = 'roster'`.execute(trx));
    expect(quarantinedRows.rows[0]!.n).toBeGreaterThan(0);
    const day = '2024-10-28';
    await hrDoubleKeying(db, ctx.pkg.legacy.store, tenant, START)(day);
    const result = await new MockActivityEnvironment().run(createDualRunActivities({ db, vault }).compareDualRunDay, { tenantId: tenant, runId: ctx.runId, day });
    const diffs = await listDifferences(db, tenant, ctx.runId, { day, limit: 1000 });
    const explained = diffs.filter((d) => d.status === 'explained');
    expect(explained.length).toBeGreaterThan(0);
    for (const d of explained) {
      expect(d.note).toMatch(/^迁移时已隔离（花名册第 \d+ 行：.+）\/ quarantined at migration \(roster row \d+: .+\)$/);
      expect(d.class).toBe('data');
    }
    // Quarantined people are known: none of their lines is open, and the day counts only the rest.
    const open = diffs.filter((d) => d.status === 'open');
    const [stored] = (await listDualRunDays(db, tenant, ctx.runId)).filter((x) => x.day === day);
    expect(result.newDifferences).toBe(diffs.length);
    expect(stored).toMatchObject({ completed: true });
    expect(open.every((d) => !d.note?.startsWith('迁移时已隔离'))).toBe(true);
    // The match rate still shows every differing line (nothing is hidden); only the open count and
    // the totals' reconciliation leave the explained ones out.
    expect(stored!.linesDifferent).toBe(diffs.length);
  });
});
