import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection, ScheduleOverlapPolicy } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { withTenant } from '@lianxu/db';
import { sql } from 'kysely';
import { createRiskActivities, createRiskScanner, ensureRiskScanSchedule, riskScanRun, startRiskScan } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { riskScanIds } from '@lianxu/workflows';
import ExcelJS from 'exceljs';
import { apiDeps, appDb, buildApp, provisionLifecycleTenant, TestClient } from '@lianxu/testing';
import { pdfText, squeeze } from '@lianxu/testing/pdf-text';

// /api/t/{tenant}/risk through the app, with on-demand scans run by a real worker on the test run's
// Temporal dev server; roles, bad input, and two tenants that cannot see or touch each other's findings.


const db = appDb();
const taskQueue = `risk-routes-${randomUUID()}`;
let connection: Connection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
let deps: ReturnType<typeof apiDeps>;
let app: ReturnType<typeof buildApp>;
const T: Record<'a' | 'b', { id: string; slug: string; finding: string }> = { a: { id: '', slug: '', finding: '' }, b: { id: '', slug: '', finding: '' } };

async function seedLeaver(tenantId: string) {
  await withTenant(db, tenantId, async (trx) => {
    const entity = await trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    const id = randomUUID();
    await trx.insertInto('employees').values({
      tenant_id: tenantId, id, entity_id: entity.id, name: '离职未减员', mobile: '13800000000', id_number_cipher: Buffer.from('x'), id_number_key_id: 'k',
      id_number_index: Buffer.from(randomUUID()), id_number_masked: '310101********0033', hukou: 'local', work_city: '310100', hire_date: '2025-07-07',
      termination_date: '2026-01-20', monthly_wage_fen: 1_000_000, status: 'terminated',
    }).execute();
    await trx.insertInto('coverage_periods').values({ tenant_id: tenantId, employee_id: id, city_code: '310100', start_month: '2025-07', end_month: null, opened_by: randomUUID() }).execute();
  });
}

async function as(email: string) {
  const c = new TestClient(app);
  expect((await c.signIn(email)).status).toBe(200);
  return c;
}

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
  deps = apiDeps(db, {
    riskScans: { start: (t: { id: string; slug: string }) => startRiskScan(client, t, taskQueue), run: (t: { id: string; slug: string }, id: string) => riskScanRun(client, t, id) },
  });
  app = buildApp(deps.deps);
  for (const k of ['a', 'b'] as const) {
    const { tenant } = await provisionLifecycleTenant(db, `risk-r${k}`, { seed: k === 'a' ? 4301 : 4302 });
    await seedLeaver(tenant.id);
    await createRiskScanner({ db, library: getDefaultPolicyLibrary() }).scan(tenant.id, '2026-03-10');
    const finding = await withTenant(db, tenant.id, (trx) => trx.selectFrom('risk_findings').select('id').where('tenant_id', '=', tenant.id).where('rule_id', '=', 'stop_not_filed').executeTakeFirstOrThrow());
    T[k] = { ...tenant, finding: finding.id };
  }
}, 120_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await deps?.close();
  await db.destroy();
});

describe('risk routes', () => {
  it('lists findings with money at stake, filtered, and names a bad filter', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    const res = await hr.get(`/api/t/${T.a.slug}/risk/findings?state=open&city=310100`);
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.items.map((f: { ruleId: string }) => f.ruleId)).toEqual(expect.arrayContaining(['stop_not_filed', 'coverage_after_leave']));
    expect(page.totalAtStakeFen).toBeGreaterThan(0);
    const byRule = await (await hr.get(`/api/t/${T.a.slug}/risk/findings?rule=stop_not_filed`)).json();
    expect(byRule.items).toHaveLength(1);
    const bad = await hr.get(`/api/t/${T.a.slug}/risk/findings?state=closed&limit=0`);
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields)).toEqual(expect.arrayContaining(['state', 'limit']));
  });

  it('keeps notices about the figures (info) apart from the risks, and names a bad kind', async () => {
    // A notice beside the risks: the leaver's finding copied as a provisional-figures notice.
    await withTenant(db, T.a.id, (trx) => sql`
      insert into risk_findings select (jsonb_populate_record(null::risk_findings, to_jsonb(r) || jsonb_build_object(
        'id', gen_random_uuid(), 'rule_id', 'provisional_figures', 'severity', 'info', 'owed_fen', 0, 'late_fee_fen', 0, 'fine_min_fen', 0, 'fine_max_fen', 0, 'overpaid_fen', 0, 'at_stake_fen', 0))).*
        from risk_findings r where r.tenant_id = ${T.a.id} and r.id = ${T.a.finding}`.execute(trx));
    const hr = await as(`hr@${T.a.slug}.test`);
    const all = await (await hr.get(`/api/t/${T.a.slug}/risk/findings?state=open`)).json();
    const risks = await (await hr.get(`/api/t/${T.a.slug}/risk/findings?state=open&kind=risks`)).json();
    const notices = await (await hr.get(`/api/t/${T.a.slug}/risk/findings?state=open&kind=notices`)).json();
    expect(notices.items.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity])).toEqual([['provisional_figures', 'info']]);
    expect(risks.items.every((f: { severity: string }) => f.severity !== 'info')).toBe(true);
    expect(risks.total + notices.total).toBe(all.total);
    // HR's workbench counts the risks only.
    expect((await (await hr.get(`/api/t/${T.a.slug}/workbench`)).json()).risks.open).toBe(risks.total);
    const bad = await hr.get(`/api/t/${T.a.slug}/risk/findings?kind=warnings`);
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields)).toEqual(['kind']);
  });

  it('acknowledges with a reason only, once', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    const url = `/api/t/${T.a.slug}/risk/findings/${T.a.finding}/acknowledge`;
    const missing = await hr.post(url, {});
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.fields.reason).toBeTruthy();
    expect((await hr.post(url, { reason: '\u0000' })).status).toBe(400);
    const ok = await hr.post(url, { reason: '员工办理了离职证明，本周减员' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ state: 'acknowledged', stateReason: '员工办理了离职证明，本周减员' });
    expect((await hr.post(url, { reason: '再次' })).status).toBe(409);
  });

  it('lets only a tenant admin change the thresholds', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    const admin = await as(`admin@${T.a.slug}.test`);
    const url = `/api/t/${T.a.slug}/risk/settings`;
    expect(await (await hr.get(url)).json()).toEqual({ gapThresholdMonths: 1, warningDay: 25 });
    expect((await hr.request('PUT', url, { gapThresholdMonths: 2, warningDay: 20 })).status).toBe(403);
    const bad = await admin.request('PUT', url, { gapThresholdMonths: 99, warningDay: 20 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.gapThresholdMonths).toBeTruthy();
    expect((await admin.request('PUT', url, { gapThresholdMonths: 2, warningDay: 20 })).status).toBe(200);
    expect(await (await hr.get(url)).json()).toEqual({ gapThresholdMonths: 2, warningDay: 20 });
  });

  it('starts a scan on demand and reports its run until it completes', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    const started = await hr.post(`/api/t/${T.a.slug}/risk/scan`);
    expect(started.status).toBe(202);
    const { workflowId, runId } = await started.json();
    expect(workflowId.startsWith(`${riskScanIds.schedule(T.a.slug)}:`)).toBe(true);
    expect(runId).toBeTruthy();
    let body: { status: string; result?: { employees: number } } = { status: 'running' };
    for (let i = 0; i < 100 && body.status === 'running'; i++) {
      body = await (await hr.get(`/api/t/${T.a.slug}/risk/scans/${encodeURIComponent(workflowId)}`)).json();
      if (body.status === 'running') await new Promise((r) => setTimeout(r, 200));
    }
    expect(body).toMatchObject({ status: 'completed', result: { employees: 1 } });
  });

  it("keeps each tenant's findings, acknowledgements and scans to itself", async () => {
    const hrB = await as(`hr@${T.b.slug}.test`);
    expect((await hrB.get(`/api/t/${T.a.slug}/risk/findings`)).status).toBe(404);
    const mine = await (await hrB.get(`/api/t/${T.b.slug}/risk/findings`)).json();
    expect(mine.items.every((f: { id: string }) => f.id !== T.a.finding)).toBe(true);
    expect((await hrB.post(`/api/t/${T.b.slug}/risk/findings/${T.a.finding}/acknowledge`, { reason: '越权' })).status).toBe(404);
    const started = await (await (await as(`hr@${T.a.slug}.test`)).post(`/api/t/${T.a.slug}/risk/scan`)).json();
    expect((await hrB.get(`/api/t/${T.b.slug}/risk/scans/${encodeURIComponent(started.workflowId)}`)).status).toBe(404);
  });

  it('renders the 断缴风险报告 as PDF and Excel with the same findings, per tenant, filtered, naming a bad filter', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    const pdfRes = await hr.get(`/api/t/${T.a.slug}/risk/report.pdf`);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const { text } = await pdfText(new Uint8Array(await pdfRes.arrayBuffer()));
    expect(squeeze(text)).toContain('社保断缴风险报告');
    expect(squeeze(text)).toContain('离职未减员');
    expect(squeeze(text)).toContain('310101********0033');

    const xlsxRes = await hr.get(`/api/t/${T.a.slug}/risk/report.xlsx?city=310100&lang=en`);
    expect(xlsxRes.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsxRes.arrayBuffer());
    const cells = book.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String));
    expect(cells).toContain('离职未减员');

    // Another city: none of these findings; a bad filter names its field; the employee role may not.
    const other = await hr.get(`/api/t/${T.a.slug}/risk/report.xlsx?city=440300`);
    const empty = new ExcelJS.Workbook();
    await empty.xlsx.load(await other.arrayBuffer());
    expect(empty.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String))).not.toContain('离职未减员');
    const bad = await hr.get(`/api/t/${T.a.slug}/risk/report.pdf?city=shanghai`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toHaveProperty('city');
    const unknownEntity = await hr.get(`/api/t/${T.a.slug}/risk/report.pdf?entityId=${randomUUID()}`);
    expect(unknownEntity.status).toBe(400);
    expect((await unknownEntity.json()).error.fields).toHaveProperty('entityId');
    expect((await (await as(`hr@${T.b.slug}.test`)).get(`/api/t/${T.a.slug}/risk/report.pdf`)).status).toBe(404);
  }, 60_000);

  it('is described in the OpenAPI document', async () => {
    const doc = await (await app.request('/api/openapi.json')).json();
    for (const p of ['/api/t/{tenant}/risk/findings', '/api/t/{tenant}/risk/findings/{id}/acknowledge', '/api/t/{tenant}/risk/settings', '/api/t/{tenant}/risk/scan', '/api/t/{tenant}/risk/scans/{workflowId}', '/api/t/{tenant}/risk/report.pdf', '/api/t/{tenant}/risk/report.xlsx']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});

describe('risk scan schedule', () => {
  it('is created once per tenant and updated in place (daily, catch-up window, overlaps skipped)', async () => {
    const tenant = { id: T.a.id, slug: T.a.slug };
    expect(await ensureRiskScanSchedule(client, tenant, taskQueue)).toBe('created');
    expect(await ensureRiskScanSchedule(client, tenant, taskQueue)).toBe('updated');
    const handle = client.schedule.getHandle(riskScanIds.schedule(tenant.slug));
    const d = await handle.describe();
    expect(d.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(d.policies.catchupWindow).toBe(86_400_000);
    expect(d.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }] });
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'riskScanWorkflow', args: [{ tenantId: tenant.id, slug: tenant.slug }] });
    await handle.delete();
  });
});
