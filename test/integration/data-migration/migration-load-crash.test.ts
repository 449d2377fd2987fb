import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { beginMigrationLoad, createMigrationRun, getMigrationRun, sandboxSchema, unwrapRunKey } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { loadMigrationId, LOAD_MIGRATION_WORKFLOW_TYPE, MIGRATION_LOAD_FILES } from '@lianxu/workflows';
import { appDb, eventually, provisionLifecycleTenant, spawnWorkerProcess, startLifecycleStack, testVault } from '@lianxu/testing';
import { legacyPackage } from './loaded-run.fixture';

// The real worker program loading a run is killed with SIGKILL in the middle of the contributions
// file; a new worker resumes the load: that file's uncommitted transaction is gone, the file loads
// again from its start, and every row of the package is in the sandbox or its quarantine once
// (read = accepted + quarantined, read = the manifest's row count).

const db = appDb(10);
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });

afterAll(async () => {
  await pool.end();
  await db.destroy();
});

describe('loading survives its worker killed with SIGKILL', () => {
  it('resumes on a new worker with no duplicate and nothing lost', async () => {
    const { tenant } = await provisionLifecycleTenant(db, 'load-crash', { seed: 51 });
    // Big enough that its contributions file takes seconds to load, not the few hundred milliseconds a
    // 1,500 x 12 package took once loading got fast (the poll below could miss it altogether).
    const pkg = await legacyPackage(tenant.id, { seed: 51, size: 3000, months: 24, dirtyRate: 0.05 });
    const stack = await startLifecycleStack(db, { tenantIds: [tenant.id], worker: 'none', dispatcher: false });
    const options = { taskQueue: stack.taskQueue, bureauUrl: stack.bureau.url, tenantIds: [tenant.id] };
    const doomed = spawnWorkerProcess(options);
    let survivor: ReturnType<typeof spawnWorkerProcess> | undefined;
    try {
      const runId = await createMigrationRun(db, tenant.id, pkg.wrappedKey.runId);
      await beginMigrationLoad({ db, vault: testVault() }, tenant.id, runId, unwrapRunKey(pkg.wrappedKey, pkg.transferKey));
      const handle = await stack.client.workflow.start(LOAD_MIGRATION_WORKFLOW_TYPE, {
        taskQueue: stack.taskQueue, workflowId: loadMigrationId(tenant.id, runId), args: [{ tenantId: tenant.id, runId, packageFile: pkg.file }],
      });
      const rows = Object.fromEntries(MIGRATION_LOAD_FILES.map((f) => [f, pkg.manifest.files.find((m) => m.name.startsWith(pkg.names[f]))!.rows]));
      // The first progress the loader writes (after 2,000 lines; it writes at most every 500 ms).
      const halfway = await eventually(async () => {
        const run = await getMigrationRun(db, tenant.id, runId);
        return run?.load_progress?.file === 'contributions' && run.load_progress.read >= 2_000 ? run : undefined;
      }, 120_000, 'the contributions file part read by the worker to be killed');
      await doomed.kill();
      expect(doomed.child.signalCode).toBe('SIGKILL');
      console.info(`killed at ${halfway.load_progress!.read} of ${rows.contributions} contribution lines`);
      expect(halfway.load_progress!.read).toBeLessThan(rows.contributions!);
      expect(halfway.load_progress!.read).toBe(halfway.load_progress!.accepted + halfway.load_progress!.quarantined);
      const killed = (await getMigrationRun(db, tenant.id, runId))!;
      expect(killed.status).toBe('loading');
      expect(killed.loaded_files).toEqual(['roster', 'coverage']);

      survivor = spawnWorkerProcess(options);
      const outcome = await handle.result();
      const run = (await getMigrationRun(db, tenant.id, runId))!;
      expect(run).toMatchObject({ status: 'validated', load_key_cipher: null, load_progress: null });
      expect([...run.loaded_files].sort()).toEqual(['contributions', 'coverage', 'roster']);
      // Nothing lost: every row of the manifest read once; the accounting holds per file.
      for (const f of MIGRATION_LOAD_FILES) {
        const c = run.counts[f]!;
        expect({ f, read: c.read }).toEqual({ f, read: rows[f] });
        expect(c.read).toBe(c.accepted + c.quarantined);
        expect(outcome.files.find((x) => x.file === f)).toEqual({ file: f, ...c });
      }
      // No duplicate: the sandbox holds exactly the accepted rows, the quarantine exactly the rest.
      const s = sandboxSchema(runId);
      const sandbox = await withTenant(db, tenant.id, async (trx) =>
        (await sql<{ roster: string; coverage: string; contributions: string; quarantined: string; distinct_lines: string }>`select
           (select count(*) from ${sql.table(`${s}.employees`)}) as roster,
           (select count(*) from ${sql.table(`${s}.coverage`)}) as coverage,
           (select count(*) from ${sql.table(`${s}.contribution_lines`)}) as contributions,
           (select count(*) from ${sql.table(`${s}.quarantine`)}) as quarantined,
           (select count(distinct (id_number, month, insurance)) from ${sql.table(`${s}.contribution_lines`)}) as distinct_lines`.execute(trx)).rows[0]!);
      expect(sandbox).toEqual({
        roster: String(run.counts.roster!.accepted), coverage: String(run.counts.coverage!.accepted), contributions: String(run.counts.contributions!.accepted),
        quarantined: String(MIGRATION_LOAD_FILES.reduce((n, f) => n + run.counts[f]!.quarantined, 0)), distinct_lines: String(run.counts.contributions!.accepted),
      });
    } finally {
      await doomed.kill();
      await survivor?.kill();
      await stack.close();
      await pkg.close();
    }
  }, 300_000);
});
