import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { withTenant } from '@lianxu/db';
import { startLifecycleRuntime } from '@lianxu/core';
import { LIFECYCLE_WORKFLOW_TYPES } from '@lianxu/workflows';
import {
  appDb, eventually, provisionLifecycleTenant, spawnWorkerProcess, startLifecycleStack, testIdNumber, testPersonName,
} from '@lianxu/testing';

// Crashes and outages: whatever fails, every hire is enrolled exactly once.

const db = appDb(10);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

const tenantWithHr = (prefix: string, options: { approvalRequired?: boolean; seed: number }) => provisionLifecycleTenant(db, prefix, options);

const openCount = (tenantId: string) =>
  withTenant(db, tenantId, async (trx) => {
    const rows = await trx.selectFrom('filing_tasks').select(['status', 'open']).where('tenant_id', '=', tenantId).execute();
    return { total: rows.length, confirmed: rows.filter((r) => r.status === 'confirmed').length, open: rows.filter((r) => r.open).length };
  });

afterAll(async () => {
  await db.destroy();
});

describe('crash: the worker is killed with SIGKILL mid-flight', () => {
  it('all 50 hires are confirmed and the bureau holds exactly 50 enrollment filings', async () => {
    const { tenant, actor } = await tenantWithHr('crash', { seed: 5101 });
    // The bureau takes 0.5-2 s to decide, so filings are in flight when the worker dies.
    const stack = await startLifecycleStack(db, { tenantIds: [tenant.id], worker: 'none', dispatcher: false, bureau: { processingDelayMs: [500, 2000] } });
    let worker = spawnWorkerProcess({ taskQueue: stack.taskQueue, bureauUrl: stack.bureau.url, tenantIds: [tenant.id] });
    try {
      const ids = Array.from({ length: 50 }, (_, i) => testIdNumber(510_000 + i));
      await Promise.all(ids.map((idNumber, i) =>
        stack.people.hire(tenant, actor, { name: testPersonName(i), idNumber, mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' }, `crash-${i}`)));
      // Kill once some filings have reached the bureau and before all are decided.
      await eventually(async () => (stack.bureau.state.listFilings().length >= 10 ? true : undefined), 60_000, 'filings in flight');
      expect((await openCount(tenant.id)).open).toBeGreaterThan(0);
      await worker.kill();
      worker = spawnWorkerProcess({ taskQueue: stack.taskQueue, bureauUrl: stack.bureau.url, tenantIds: [tenant.id] });
      await eventually(async () => ((await openCount(tenant.id)).confirmed === 50 ? true : undefined), 120_000, '50 confirmed');
      const filings = stack.bureau.state.listFilings().filter((f) => f.kind === 'enrollment');
      expect(filings).toHaveLength(50);
      expect(new Set(filings.map((f) => (f.payload as { idNumber: string }).idNumber))).toEqual(new Set(ids));
      expect(await openCount(tenant.id)).toEqual({ total: 50, confirmed: 50, open: 0 });
    } finally {
      await worker.kill();
      await stack.close();
    }
  }, 180_000);
});

describe('outage: the bureau is down, then answers 5xx at random', () => {
  it('every hire completes after it returns, with exactly one filing each', async () => {
    const { tenant, actor } = await tenantWithHr('outage', { seed: 5202 });
    const stack = await startLifecycleStack(db, { tenantIds: [tenant.id], bureau: { processingDelayMs: [0, 100] } });
    try {
      // The outage lasts until the test lifts it, so what is checked during it is checked on every run.
      const state = stack.bureau.state;
      let refused = 0; // bureau requests answered "down" (the faults middleware asks the state for each)
      const outageRemainingMs = state.outageRemainingMs.bind(state);
      state.outageRemainingMs = () => {
        const ms = outageRemainingMs();
        if (ms > 0) refused += 1;
        return ms;
      };
      state.setFaults({ outageUntil: new Date(Date.now() + 600_000).toISOString(), errorRate: 0.4 });
      const ids = Array.from({ length: 20 }, (_, i) => testIdNumber(520_000 + i));
      await Promise.all(ids.map((idNumber, i) =>
        stack.people.hire(tenant, actor, { name: testPersonName(i), idNumber, mobile: '13912345678', hukou: 'local', workCity: '440300', hireDate: today(), monthlyWage: '9000' })));
      // Wait for the state, not for a time: the bureau has refused twice as many requests as there are hires.
      await eventually(async () => (refused >= 40 ? true : undefined), 90_000, '40 requests refused during the outage');
      // While the bureau is down nothing is filed and nothing confirmed.
      expect((await openCount(tenant.id)).confirmed).toBe(0);
      expect(state.listFilings()).toEqual([]);
      stack.bureau.state.setFaults({ outageUntil: null });
      // Retries back off up to 15 s, and a busy CI machine is slow: allow plenty.
      await eventually(async () => ((await openCount(tenant.id)).confirmed === 20 ? true : undefined), 150_000, '20 confirmed');
      const filings = stack.bureau.state.listFilings().filter((f) => f.kind === 'enrollment');
      expect(filings).toHaveLength(20);
      expect(new Set(filings.map((f) => (f.payload as { idNumber: string }).idNumber)).size).toBe(20);
    } finally {
      stack.bureau.state.setFaults({ outageUntil: null, errorRate: 0 });
      await stack.close();
    }
  }, 180_000);
});

describe('crash between the database and Temporal', () => {
  it('a hire committed while Temporal is unreachable is enrolled once Temporal is back', async () => {
    const { tenant, actor } = await tenantWithHr('tdown', { seed: 5303 });
    const stack = await startLifecycleStack(db, { tenantIds: [tenant.id], dispatcher: false });
    // A dispatcher whose Temporal is down: the outbox row stays pending, with the error recorded.
    const deadConnection = await Connection.connect({ address: '127.0.0.1:1', connectTimeout: 500 }).catch(() => null);
    const dead = deadConnection ? new Client({ connection: deadConnection }) : new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 }) });
    const down = startLifecycleRuntime({ db, client: dead, taskQueue: stack.taskQueue, tenantIds: [tenant.id], pollMs: 200, reconcileMs: 60_000 });
    let back: ReturnType<typeof startLifecycleRuntime> | undefined;
    try {
      const hired = await stack.people.hire(tenant, actor, { name: '张三', idNumber: testIdNumber(530_001), mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' });
      expect(hired.status).toBe(201);
      const pending = await eventually(async () => {
        const row = await withTenant(db, tenant.id, (trx) => trx.selectFrom('outbox').select(['attempts', 'dispatched_at', 'last_error']).where('tenant_id', '=', tenant.id).where('kind', '=', 'start').executeTakeFirst());
        return row && row.attempts > 0 ? row : undefined;
      }, 30_000, 'a failed dispatch');
      expect(pending.dispatched_at).toBeNull();
      await down.stop();
      back = startLifecycleRuntime({ db, client: stack.client, taskQueue: stack.taskQueue, tenantIds: [tenant.id], pollMs: 200 });
      await eventually(async () => ((await openCount(tenant.id)).confirmed === 1 ? true : undefined), 30_000, 'enrolled after Temporal is back');
    } finally {
      await down.stop();
      await back?.stop();
      await stack.close();
    }
  }, 90_000);

  it('the reconciler starts again a workflow the server lost, from the open task in PostgreSQL', async () => {
    const { tenant, actor } = await tenantWithHr('lost', { approvalRequired: true, seed: 5404 });
    const stack = await startLifecycleStack(db, { tenantIds: [tenant.id] });
    try {
      const hired = await stack.people.hire(tenant, actor, { name: '李四', idNumber: testIdNumber(540_001), mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' });
      const task = await eventually(async () => {
        const t = await withTenant(db, tenant.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenant.id).where('employee_id', '=', hired.body.id).executeTakeFirst());
        return t && t.status === 'pending_approval' ? t : undefined;
      });
      const handle = stack.client.workflow.getHandle(task.workflow_id);
      await eventually(async () => ((await handle.describe()).status.name === 'RUNNING' ? true : undefined));
      // The server forgets the workflow, as a restarted dev server does.
      await stack.client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: task.workflow_id } });
      await eventually(async () => {
        try {
          await handle.describe();
          return undefined;
        } catch {
          return true;
        }
      }, 20_000, 'workflow deleted');
      await eventually(async () => ((await handle.describe()).type === LIFECYCLE_WORKFLOW_TYPES.enrollment ? true : undefined), 30_000, 'workflow restarted');
      expect(stack.runtime!.stats.restarted).toBeGreaterThanOrEqual(1);
      // And it still works: approval leads to confirmation.
      await stack.people.approve(tenant, actor, task.id);
      await eventually(async () => ((await openCount(tenant.id)).confirmed === 1 ? true : undefined), 30_000, 'confirmed after approval');
    } finally {
      await stack.close();
    }
  }, 90_000);
});

describe('termination while the enrollment is open, rejection and fix', () => {
  it('a termination before approval cancels the enrollment and opens no coverage', async () => {
    const { tenant, actor } = await tenantWithHr('early', { approvalRequired: true, seed: 5505 });
    const stack = await startLifecycleStack(db, { tenantIds: [tenant.id] });
    try {
      const hired = await stack.people.hire(tenant, actor, { name: '王五', idNumber: testIdNumber(550_001), mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' });
      await stack.people.terminate(tenant, actor, hired.body.id, { lastWorkingDay: today(), reason: '试用期未通过' });
      const tasks = await eventually(async () => {
        const rows = await withTenant(db, tenant.id, (trx) => trx.selectFrom('filing_tasks').select(['kind', 'status', 'open']).where('tenant_id', '=', tenant.id).execute());
        return rows.length === 2 && rows.every((r) => !r.open) ? rows : undefined;
      }, 30_000, 'both settled');
      expect(tasks.map((t) => `${t.kind}:${t.status}`).sort()).toEqual(['enrollment:cancelled', 'stop:cancelled']);
      const coverage = await withTenant(db, tenant.id, (trx) => trx.selectFrom('coverage_periods').selectAll().where('tenant_id', '=', tenant.id).execute());
      expect(coverage).toEqual([]);
      expect(stack.bureau.state.listFilings()).toEqual([]);
    } finally {
      await stack.close();
    }
  }, 60_000);

  it('a bureau rejection (name does not match the ID) tells HR, and after the fix the enrollment is filed again and confirmed', async () => {
    const { tenant, actor } = await tenantWithHr('reject', { seed: 5606 });
    const stack = await startLifecycleStack(db, { tenantIds: [tenant.id], bureau: { processingDelayMs: [0, 50] } });
    try {
      const idNumber = testIdNumber(560_001);
      stack.bureau.state.setNameMismatch([idNumber]);
      const hired = await stack.people.hire(tenant, actor, { name: '赵六', idNumber, mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' });
      const rejected = await eventually(async () => {
        const t = await withTenant(db, tenant.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenant.id).where('employee_id', '=', hired.body.id).executeTakeFirst());
        return t?.status === 'rejected' ? t : undefined;
      }, 30_000, 'rejected');
      expect(rejected.rejection?.message).toContain('不一致');
      const notice = await withTenant(db, tenant.id, (trx) => trx.selectFrom('notifications').select(['kind', 'channel', 'body']).where('tenant_id', '=', tenant.id).where('task_id', '=', rejected.id).execute());
      expect(notice).toEqual([expect.objectContaining({ kind: 'filing_rejected', channel: 'in_app' })]);
      stack.bureau.state.setNameMismatch([]);
      await stack.people.resubmit(tenant, actor, rejected.id, { name: '赵六' });
      await eventually(async () => ((await openCount(tenant.id)).confirmed === 1 ? true : undefined), 30_000, 'confirmed after the fix');
      expect(stack.bureau.state.listFilings().map((f) => f.idempotencyKey)).toEqual([`${rejected.id}:1`, `${rejected.id}:2`]);
    } finally {
      await stack.close();
    }
  }, 60_000);
});
