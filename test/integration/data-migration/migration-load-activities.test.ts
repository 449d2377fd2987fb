import { copyFile, open, stat } from 'node:fs/promises';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { beginMigrationLoad, createDataMigrationActivities, createMigrationRun, createPersonalDataVault, getMigrationRun, migrationRunView, sandboxSchema, unwrapRunKey } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { MIGRATION_LOAD_FILES } from '@lianxu/workflows';
import { appDb, provisionLifecycleTenant, TEST_MASTER_KEY } from '@lianxu/testing';
import { legacyPackage } from './loaded-run.fixture';

// The load's activities in MockActivityEnvironment on real PostgreSQL with a legacy-sim export:
// each file heartbeats and shows its counts so far on the run while it reads; a file loaded again
// (the retry after a crash) replaces its rows, never doubling one; the end validates the run and
// wipes the sealed run key; a package altered on disk after its check fails the run at once, final.

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
const vault = createPersonalDataVault(TEST_MASTER_KEY);
const acts = createDataMigrationActivities({ db, vault, pool, today: '2026-12-01' });
let tenant: string;
let pkg: Awaited<ReturnType<typeof legacyPackage>>;

beforeAll(async () => {
  tenant = (await provisionLifecycleTenant(db, 'load-acts', { seed: 41 })).tenant.id;
  pkg = await legacyPackage(tenant, { seed: 41, size: 400, months: 6, dirtyRate: 0.05 });
}, 180_000);
afterAll(async () => {
  await pkg?.close();
  await pool.end();
  await db.destroy();
});

const sandboxCounts = (runId: string) =>
  withTenant(db, tenant, async (trx) => {
    const s = sandboxSchema(runId);
    const n = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(`${s}.${table}`)}`.execute(trx)).rows[0]!.n);
    return { roster: await n('employees'), coverage: await n('coverage'), contributions: await n('contribution_lines'), quarantine: await n('quarantine') };
  });

describe('load activities', () => {
  it('loads file by file with heartbeats and live counts; a file loaded again doubles nothing; the end validates and wipes the key', async () => {
    const runId = await createMigrationRun(db, tenant, pkg.wrappedKey.runId);
    await beginMigrationLoad({ db, vault }, tenant, runId, unwrapRunKey(pkg.wrappedKey, pkg.transferKey));
    const sealed = (await getMigrationRun(db, tenant, runId))!;
    expect(sealed.status).toBe('loading');
    expect(sealed.load_key_cipher?.includes(unwrapRunKey(pkg.wrappedKey, pkg.transferKey))).toBe(false);

    const env = new MockActivityEnvironment();
    const beats: { file: string; read: number; accepted: number; quarantined: number }[] = [];
    env.on('heartbeat', (d: unknown) => d && beats.push(d as (typeof beats)[number]));
    const input = { tenantId: tenant, runId, packageFile: pkg.file };
    const loaded = [];
    for (const file of MIGRATION_LOAD_FILES) loaded.push(await env.run(acts.loadMigrationFile, { ...input, file }));
    for (const f of loaded) expect(f.read).toBe(f.accepted + f.quarantined);
    // The manifest's row counts: nothing lost.
    expect(loaded.map((f) => f.read)).toEqual(MIGRATION_LOAD_FILES.map((f) => pkg.manifest.files.find((m) => m.name.startsWith(pkg.names[f]))!.rows));
    const contributions = beats.filter((b) => b.file === 'contributions');
    expect(contributions.length).toBeGreaterThan(2);
    for (const b of beats) expect(b.read).toBe(b.accepted + b.quarantined);

    const first = await sandboxCounts(runId);
    // The retry of a file whose commit came just before the crash: the same rows, once.
    const again = await env.run(acts.loadMigrationFile, { ...input, file: 'roster' });
    expect(again).toEqual(loaded[0]);
    expect(await sandboxCounts(runId)).toEqual(first);
    expect(first).toMatchObject({ roster: loaded[0]!.accepted, coverage: loaded[1]!.accepted, contributions: loaded[2]!.accepted });
    expect(first.quarantine).toBe(loaded.reduce((s, f) => s + f.quarantined, 0));

    const outcome = await env.run(acts.finishMigrationLoad, { tenantId: tenant, runId });
    expect(outcome.files).toEqual(loaded);
    expect(await env.run(acts.finishMigrationLoad, { tenantId: tenant, runId })).toEqual(outcome);
    const run = (await getMigrationRun(db, tenant, runId))!;
    expect(run).toMatchObject({ status: 'validated', load_key_cipher: null, load_key_id: null, load_progress: null });
    const view = await migrationRunView(db, tenant, runId);
    expect(view.totals.read).toBe(view.totals.accepted + view.totals.quarantined);
    expect(view.loading).toBeNull();
  });

  it('shows a file in progress in the run view, its counts so far standing in for an earlier commit', async () => {
    const runId = (await getMigrationRun(db, tenant, pkg.wrappedKey.runId))!.id;
    const before = await migrationRunView(db, tenant, runId);
    await withTenant(db, tenant, (trx) =>
      trx.updateTable('migration_runs').set({ status: 'loading', load_progress: JSON.stringify({ file: 'contributions', read: 10, accepted: 9, quarantined: 1 }) })
        .where('tenant_id', '=', tenant).where('id', '=', runId).execute());
    const view = await migrationRunView(db, tenant, runId);
    expect(view.loading).toEqual({ file: 'contributions', read: 10, accepted: 9, quarantined: 1 });
    expect(view.totals.read).toBe(before.totals.read - before.counts.contributions!.read + 10);
    await withTenant(db, tenant, (trx) =>
      trx.updateTable('migration_runs').set({ status: 'validated', load_progress: null }).where('tenant_id', '=', tenant).where('id', '=', runId).execute());
  });

  it('fails the run at once, naming why, when the package was altered after its check', async () => {
    const other = await legacyPackage(tenant, { seed: 42, size: 50, months: 3, dirtyRate: 0.05 });
    try {
      const runId = await createMigrationRun(db, tenant, other.wrappedKey.runId);
      await beginMigrationLoad({ db, vault }, tenant, runId, unwrapRunKey(other.wrappedKey, other.transferKey));
      const altered = `${other.file}.altered`;
      await copyFile(other.file, altered);
      const h = await open(altered, 'r+');
      await h.write(Buffer.from([0x42]), 0, 1, (await stat(altered)).size - 10);
      await h.close();
      const env = new MockActivityEnvironment();
      await expect(env.run(acts.loadMigrationFile, { tenantId: tenant, runId, packageFile: altered, file: 'roster' })).rejects.toMatchObject({ type: 'package_tampered', nonRetryable: true });
      const run = (await getMigrationRun(db, tenant, runId))!;
      expect(run).toMatchObject({ status: 'failed', loaded_files: [], load_key_cipher: null, failure: { code: 'package_tampered', en: expect.stringMatching(/altered/) } });
      // A load with its key wiped is refused too, final.
      await expect(env.run(acts.loadMigrationFile, { tenantId: tenant, runId, packageFile: other.file, file: 'roster' })).rejects.toMatchObject({ type: 'migration_key_missing', nonRetryable: true });
    } finally {
      await other.close();
    }
  });
});
