import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { assertRetirementOffered, createDualRun, DUAL_RUN_ALERT, createDualRunActivities, listDifferences, listDualRunDays, dualRunView, updateDifference } from '@lianxu/core';
import { DUAL_RUN_RETIRE_SIGNAL, DUAL_RUN_WORKFLOW_TYPE, dualRunId, type DualRunActivities } from '@lianxu/workflows';
import { injectDivergence, type DivergenceKind } from '@lianxu/legacy-sim';
import { withTenant } from '@lianxu/db';
import { appDb, provisionLifecycleTenant } from '@lianxu/testing';
import { recordHistory } from '../../support/time-skipping-suite';
import { createTimeSkippingEnvironment } from '../../support/time-skipping-server';
import { hrDoubleKeying, pickEmployee, promotedTenant, vault } from '../data-migration/dual-run.fixture';

// The 90-day dual run on Temporal's time-skipping test server, with its real activities on the run's
// PostgreSQL and a real legacy-sim beside a promoted tenant. HR keys each day's ordinary changes into
// both systems; four divergences are injected into the old system only. Each is found on the day it
// appears, with its class; the consultant explains it the next morning; a day whose source cannot be
// reached is shown late and compared later, never skipped; retirement is refused until day 90 with
// the clean days in a row, then the old system's snapshot is archived encrypted and the run closes.
//
// RECORD_HISTORIES=1 writes the history to test/fixtures/histories/ for workflows/replay.test.ts.

// @lianxu/testing installs the Temporal runtime when imported, so the suite's helper (which installs
// its own) is not used here: the Java test server is started the same way by hand.
let env: TestWorkflowEnvironment;
let bundle: string;

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
const START = '2024-10-08';
const INJECTED: { day: string; kind: DivergenceKind; expected: { kind: string; class: string } }[] = [
  { day: '2024-10-10', kind: 'leave_only_in_old', expected: { kind: 'roster', class: 'timing' } },
  { day: '2024-10-22', kind: 'wage_typed_differently', expected: { kind: 'roster', class: 'data' } },
  { day: '2024-11-19', kind: 'one_fen_rounding', expected: { kind: 'contribution', class: 'configuration' } },
  { day: '2024-12-17', kind: 'month_paid_twice', expected: { kind: 'contribution', class: 'defect' } },
];
const LATE_DAY = '2024-11-05';
const REFUSAL_DAY = '2024-12-02';
let tenantId: string;
let actorId: string;
let runId: string;
let ctx: Awaited<ReturnType<typeof promotedTenant>>;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  bundle = readFileSync(inject('workflowBundlePath'), 'utf8');
  const t = await provisionLifecycleTenant(db, 'dual-run', { seed: 31 });
  tenantId = t.tenant.id;
  actorId = t.actor.id;
  ctx = await promotedTenant(db, pool, tenantId);
  runId = ctx.runId;
  const used: string[] = [];
  for (const d of INJECTED) {
    // The roster divergences get a person whose wage changes when two digits swap; the money ones
    // take someone still employed on their day (the old system picks), so the line is this month's.
    if (d.expected.kind !== 'roster') {
      await injectDivergence(ctx.pkg.legacy.store, { day: d.day, kind: d.kind });
      continue;
    }
    const empNo = await pickEmployee(ctx.pkg.legacy.store, used);
    used.push(empNo);
    await injectDivergence(ctx.pkg.legacy.store, { day: d.day, kind: d.kind, empNo });
  }
  await createDualRun({ db, vault }, tenantId, { runId, source: { url: ctx.pkg.legacy.store.readOnlyUrl, sslmode: 'prefer' }, startDay: START, daysTotal: 90, cleanDaysRequired: 5, actorId });
}, 240_000);
afterAll(async () => {
  await env?.teardown();
  await ctx?.pkg.close();
  await pool.end();
  await db.destroy();
});

describe('dualRun workflow over 90 days with time skipping', () => {
  it('finds each injected divergence on its day, classes it, shows a late day, and retires only after the clean-day rule', async () => {
    const real = createDualRunActivities({ db, vault });
    const keyIn = hrDoubleKeying(db, ctx.pkg.legacy.store, tenantId, START);
    const workflowId = dualRunId(tenantId, runId);
    let lateFailures = 0;
    const refusals: string[] = [];
    let offeredOn: string | null = null;
    const activities: DualRunActivities = {
      ...real,
      async compareDualRunDay(input) {
        // The old system cannot be reached on this day: three attempts fail, then the workflow waits and tries again.
        if (input.day === LATE_DAY && lateFailures < 3) {
          lateFailures += 1;
          throw new Error('legacy database unreachable');
        }
        // The consultant explains yesterday's differences in the morning.
        for (const d of await listDifferences(db, tenantId, runId, { status: 'open' }))
          if (d.firstSeenDay < input.day) await updateDifference({ db, vault }, tenantId, runId, d.id, { explained: true, note: 'explained by the consultant' });
        await keyIn(input.day);
        if (input.day === REFUSAL_DAY) {
          await assertRetirementOffered({ db, vault }, tenantId, runId).catch((error: { code?: string }) => refusals.push(String(error.code)));
          await env.client.workflow.getHandle(workflowId).signal(DUAL_RUN_RETIRE_SIGNAL, { userId: actorId });
        }
        const outcome = await real.compareDualRunDay(input);
        if (outcome.retirementOffered && !offeredOn) {
          offeredOn = input.day;
          await env.client.workflow.getHandle(workflowId).signal(DUAL_RUN_RETIRE_SIGNAL, { userId: actorId });
        }
        return outcome;
      },
    };
    const taskQueue = `dual-run-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { code: bundle }, activities });
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(DUAL_RUN_WORKFLOW_TYPE, { taskQueue, workflowId, args: [{ tenantId, runId, startDay: START, daysPerHistory: 20, lateRetryMs: 3_600_000 }] });
      const r = await handle.result();
      await recordHistory('dual-run-90-days', handle);
      return r;
    });
    expect(result.retired).toBe(true);

    const diffs = await listDifferences(db, tenantId, runId, { limit: 1000 });
    for (const inj of INJECTED) {
      const found = diffs.filter((d) => d.firstSeenDay === inj.day && d.kind === inj.expected.kind);
      expect(found.length, `${inj.kind} on ${inj.day}`).toBeGreaterThan(0);
      expect(found.map((d) => d.autoClass), inj.kind).toContain(inj.expected.class);
    }
    // Before the first injection every day is clean (HR kept both systems in step).
    const days = await listDualRunDays(db, tenantId, runId);
    expect(days.find((d) => d.day === '2024-10-09')).toMatchObject({ clean: true, linesDifferent: 0 });
    expect(days.find((d) => d.day === INJECTED[0]!.day)).toMatchObject({ clean: false, newDifferences: expect.any(Number) });
    // The tenant admins were alerted in the inbox on each day the tolerance broke (the injection days among them), not on clean days.
    const alerts = await withTenant(db, tenantId, (trx) => trx.selectFrom('notifications').select('dedupe_key').where('kind', '=', DUAL_RUN_ALERT).execute());
    const alertDays = new Set(alerts.map((a) => a.dedupe_key.split(':')[2]));
    for (const inj of INJECTED) expect(alertDays.has(inj.day), inj.day).toBe(true);
    expect(alertDays.has('2024-10-09')).toBe(false);
    // No business day skipped; the unreachable day is shown late and was compared later.
    const business = days.map((d) => d.day);
    for (let i = 1; i < business.length; i++) expect(Date.parse(business[i]!) - Date.parse(business[i - 1]!)).toBeLessThanOrEqual(3 * 86_400_000);
    expect(days.every((d) => d.completed)).toBe(true);
    expect(days.find((d) => d.day === LATE_DAY)).toMatchObject({ late: true, completed: true });
    // Retirement was refused on day 56 (a retire signal then changed nothing) and offered on/after day 90 after 5 clean days.
    expect(refusals).toEqual(['dual_run_not_clean']);
    expect(offeredOn).not.toBeNull();
    const offeredDay = days.find((d) => d.day === offeredOn)!;
    expect(offeredDay.dayNumber).toBeGreaterThanOrEqual(90);
    expect(days.filter((d) => d.dayNumber <= offeredDay.dayNumber).slice(-5).every((d) => d.clean)).toBe(true);
    const view = await dualRunView(db, tenantId, runId);
    expect(view).toMatchObject({ status: 'retired', sourceConnected: false });
    expect(view.archive?.retentionUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(view.archive?.files.map((f) => f.name).sort()).toEqual(['参保明细.csv', '缴费明细.csv', '花名册.csv'].sort());
    const stored = await db.selectFrom('dual_runs').select('archive').where('run_id', '=', runId).executeTakeFirst();
    expect(stored).toBeUndefined(); // row-level security: nothing without the tenant set
    expect(existsSync(`${(await import('node:os')).tmpdir()}/lianxu-archives/${tenantId}/${runId}-final.lxpkg`)).toBe(true);
  }, 300_000);
});
