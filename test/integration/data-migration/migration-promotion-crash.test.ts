import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { getMigrationRun } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { promoteMigrationId, PROMOTE_MIGRATION_WORKFLOW_TYPE } from '@lianxu/workflows';
import { appDb, eventually, provisionLifecycleTenant, spawnWorkerProcess, startLifecycleStack } from '@lianxu/testing';
import { legacyPackage, loadValidatedRun } from './loaded-run.fixture';

// The real worker program promoting a run is killed with SIGKILL mid-promotion; a new worker
// resumes where it stopped: every accepted employee is in the live tenant exactly once, the
// accounting holds, and the bureau has seen no filing at all.

const db = appDb(10);
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });

afterAll(async () => {
  await pool.end();
  await db.destroy();
});

describe('promotion survives its worker killed with SIGKILL', () => {
  it('resumes on a new worker with no duplicate and nothing lost', async () => {
    const { tenant } = await provisionLifecycleTenant(db, 'mig-crash', { seed: 31 });
    const pkg = await legacyPackage(tenant.id, { seed: 31, size: 1000, months: 6, dirtyRate: 0.05 });
    const stack = await startLifecycleStack(db, { tenantIds: [tenant.id], worker: 'none', dispatcher: false });
    const options = { taskQueue: stack.taskQueue, bureauUrl: stack.bureau.url, tenantIds: [tenant.id] };
    const doomed = spawnWorkerProcess(options);
    let survivor: ReturnType<typeof spawnWorkerProcess> | undefined;
    try {
      const runId = await loadValidatedRun(db, pool, tenant.id, pkg);
      const accepted = (await getMigrationRun(db, tenant.id, runId))!.counts.roster!.accepted;
      const handle = await stack.client.workflow.start(PROMOTE_MIGRATION_WORKFLOW_TYPE, {
        taskQueue: stack.taskQueue, workflowId: promoteMigrationId(tenant.id, runId), args: [{ tenantId: tenant.id, runId, batchSize: 5 }],
      });
      await eventually(async () => {
        const run = await getMigrationRun(db, tenant.id, runId);
        return run && run.promoted_batches.length >= 3 ? run : undefined;
      }, 90_000, 'some batches promoted by the worker to be killed');
      await doomed.kill();
      expect(doomed.child.signalCode).toBe('SIGKILL');
      const halfway = (await getMigrationRun(db, tenant.id, runId))!;
      expect(halfway.status).toBe('promoting');
      expect(halfway.promoted).toBeLessThan(accepted);

      survivor = spawnWorkerProcess(options);
      const outcome = await handle.result();
      expect(outcome).toMatchObject({ total: accepted, promoted: accepted, conflicts: 0 });
      const run = (await getMigrationRun(db, tenant.id, runId))!;
      expect(run.status).toBe('promoted');
      expect(new Set(run.promoted_batches).size).toBe(run.promoted_batches.length);
      expect(run.counts.roster!.read).toBe(run.counts.roster!.accepted + run.counts.roster!.quarantined);

      const live = await withTenant(db, tenant.id, async (trx) =>
        (await sql<{ employees: string; people: string; tasks: string }>`select
           (select count(*) from employees where tenant_id = ${tenant.id}) as employees,
           (select count(distinct id_number_index) from employees where tenant_id = ${tenant.id}) as people,
           (select count(*) from filing_tasks where tenant_id = ${tenant.id}) as tasks`.execute(trx)).rows[0]!);
      expect(live).toEqual({ employees: String(accepted), people: String(accepted), tasks: '0' });
      const bureau = (await (await fetch(`${stack.bureau.url}/admin/filings`)).json()) as { counts: { total: number } };
      expect(bureau.counts.total).toBe(0);
    } finally {
      await doomed.kill();
      await survivor?.kill();
      await stack.close();
      await pkg.close();
    }
  }, 300_000);
});
