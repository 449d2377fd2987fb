import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection, ScheduleOverlapPolicy } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createInboxService, createRiskActivities, RISK_REPORT_NOTICE, ensureRiskScanSchedule } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { riskReportIds, riskScanIds } from '@lianxu/workflows';
import { appDb, provisionLifecycleTenant } from '@lianxu/testing';

// The monthly risk report's schedule on the test run's Temporal dev server: created with the daily
// scan's (one call per tenant, as the worker and provisioning make it), monthly on the 1st at 08:00
// Asia/Shanghai with a week's catch-up; triggered, it runs the report workflow on a real worker and
// the report lands in HR's inbox.

const db = appDb();
const inbox = createInboxService({ db });
const taskQueue = `risk-report-schedule-${randomUUID()}`;
let connection: Connection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
let tenant: { id: string; slug: string };

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
    taskQueue,
    workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
    activities: createRiskActivities({ db, library: getDefaultPolicyLibrary() }),
  });
  running = worker.run();
  ({ tenant } = await provisionLifecycleTenant(db, 'risk-rep-sched', { seed: 150_051 }));
}, 120_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await db.destroy();
});

describe('monthly risk report schedule', () => {
  it('is set with the daily scan’s, monthly on the 1st, and delivers to the inbox when it fires', async () => {
    expect(await ensureRiskScanSchedule(client, tenant, taskQueue)).toBe('created');
    expect(await ensureRiskScanSchedule(client, tenant, taskQueue)).toBe('updated');
    const handle = client.schedule.getHandle(riskReportIds.schedule(tenant.slug));
    const d = await handle.describe();
    expect(d.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 1, end: 1, step: 1 }], hour: [{ start: 8, end: 8, step: 1 }] });
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.policies).toMatchObject({ overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 7 * 86_400_000 });
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'riskReportWorkflow', args: [{ tenantId: tenant.id, slug: tenant.slug }] });

    await handle.trigger();
    const hr = (await db.selectFrom('users').select('id').where('email', '=', `hr@${tenant.slug}.test`).executeTakeFirstOrThrow()).id;
    const deadline = Date.now() + 60_000;
    let reports: { subject: string }[] = [];
    while (Date.now() < deadline) {
      reports = (await inbox.listNotifications(tenant, hr)).items.filter((n) => n.kind === RISK_REPORT_NOTICE);
      if (reports.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(reports).toHaveLength(1);
    expect(reports[0]!.subject).toMatch(/\d{4}-\d{2} 社保断缴风险报告：0 项未处理/);
    await handle.delete();
    await client.schedule.getHandle(riskScanIds.schedule(tenant.slug)).delete();
  });
});
