import { afterAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import {
  appDb, eventually, lifecycleTenantSpec, provisionForTest, spawnWorkerProcess, startLifecycleStack, testIdNumber, testPersonName, uniqueSlug,
} from '@lianxu/testing';

// Two worker processes on one task queue, both dispatching the tenant's outbox: one is killed with
// SIGKILL while it holds filings in flight, and the survivor finishes every hire, filing each once.

const db = appDb(10);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const HIRES = 40;

afterAll(async () => {
  await db.destroy();
});

interface AdminFilings {
  counts: { total: number; byKind: { enrollment: number; stop: number }; byIdempotencyKey: Record<string, number> };
  filings: { kind: string; idempotencyKey: string; payload: { idNumber?: string } }[];
}

describe('two workers on one task queue, one killed with SIGKILL mid-flight', () => {
  it(`the other confirms all ${HIRES} enrollments and the bureau holds exactly one enrollment filing per hire`, async () => {
    const slug = uniqueSlug('wcrash');
    const tenantId = await provisionForTest(db, lifecycleTenantSpec(slug, { seed: 5707 }));
    const hr = await db.selectFrom('users').select('id').where('email', '=', `hr@${slug}.test`).executeTakeFirstOrThrow();
    // The bureau takes 2-5 s to decide, so the workers hold polling activities when one dies.
    const stack = await startLifecycleStack(db, { tenantIds: [tenantId], worker: 'none', dispatcher: false, bureau: { processingDelayMs: [2000, 5000] } });
    const options = { taskQueue: stack.taskQueue, bureauUrl: stack.bureau.url, tenantIds: [tenantId] };
    const doomed = spawnWorkerProcess(options);
    const survivor = spawnWorkerProcess(options);
    const tasks = () =>
      withTenant(db, tenantId, (trx) =>
        trx.selectFrom('filing_tasks').select(['kind', 'status', 'open', 'workflow_id']).where('tenant_id', '=', tenantId).where('kind', '=', 'enrollment').execute());
    try {
      const ids = Array.from({ length: HIRES }, (_, i) => testIdNumber(570_000 + i));
      await Promise.all(ids.map((idNumber, i) =>
        stack.people.hire({ id: tenantId, slug }, { id: hr.id }, { name: testPersonName(i), idNumber, mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' }, `wcrash-${i}`)));

      // Kill the doomed worker only once the server shows it running some hires' activities.
      const doomedIdentity = `${doomed.child.pid}@`;
      const heldByDoomed = await eventually(async () => {
        const held: string[] = [];
        for (const task of await tasks()) {
          if (!task.workflow_id || !task.open) continue;
          const described = await stack.client.workflow.getHandle(task.workflow_id).describe().catch(() => undefined);
          const pending = described?.raw.pendingActivities ?? [];
          if (pending.some((a) => a.lastWorkerIdentity?.startsWith(doomedIdentity))) held.push(task.workflow_id);
        }
        return held.length >= 2 ? held : undefined;
      }, 90_000, 'hires in flight on the worker to be killed');
      await doomed.kill();
      expect(doomed.child.signalCode).toBe('SIGKILL');

      const settled = await eventually(async () => {
        const rows = await tasks();
        return rows.length === HIRES && rows.every((r) => r.status === 'confirmed') ? rows : undefined;
      }, 150_000, `${HIRES} enrollments confirmed`);
      expect(settled.filter((r) => r.open)).toEqual([]);
      expect(settled.map((r) => r.workflow_id)).toEqual(expect.arrayContaining(heldByDoomed));
      // The survivor did it: it is still running, and nothing else polls this task queue.
      expect(survivor.child.exitCode).toBeNull();

      // The bureau's own view, through its admin API.
      const res = await fetch(`${stack.bureau.url}/admin/filings`);
      expect(res.status).toBe(200);
      const admin = (await res.json()) as AdminFilings;
      expect(admin.counts.byKind.enrollment).toBe(HIRES);
      const enrollments = admin.filings.filter((f) => f.kind === 'enrollment');
      expect(enrollments).toHaveLength(HIRES);
      expect(Object.values(admin.counts.byIdempotencyKey).filter((n) => n !== 1)).toEqual([]);
      expect(enrollments.map((f) => f.payload.idNumber).sort()).toEqual([...ids].sort());
    } finally {
      await doomed.kill();
      await survivor.kill();
      await stack.close();
    }
  }, 300_000);
});
