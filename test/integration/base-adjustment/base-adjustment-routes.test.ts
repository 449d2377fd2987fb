import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { withTenant } from '@lianxu/db';
import { createBaseAdjustmentActivities, createHttpBureauGateway, createPersonalDataVault, decideBaseAdjustment, startBaseAdjustment } from '@lianxu/core';
import ExcelJS from 'exceljs';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { apiDeps, appDb, buildApp, firstEntityId, provisionLifecycleTenant, seedCloseEmployees, startBureauSim, TEST_MASTER_KEY, TestClient, testIdNumber } from '@lianxu/testing';

// /api/t/{tenant}/base-adjustments through the app, with the real workflow run by a worker on the
// test run's Temporal dev server: HR starts Beijing's 2026 adjustment, reads the preview, confirms
// it (a signal) and the new bases are declared; bad input is a 400 naming the field with nothing
// written; two tenants cannot see or decide each other's adjustments.

const db = appDb();
const library = getDefaultPolicyLibrary();
const vault = createPersonalDataVault(TEST_MASTER_KEY);
const taskQueue = `base-adjust-routes-${randomUUID()}`;
let connection: Connection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
let bureau: Awaited<ReturnType<typeof startBureauSim>>;
let deps: ReturnType<typeof apiDeps>;
let app: ReturnType<typeof buildApp>;
const T: Record<'a' | 'b', { id: string; slug: string; employees: string[] }> = { a: { id: '', slug: '', employees: [] }, b: { id: '', slug: '', employees: [] } };

async function as(email: string) {
  const c = new TestClient(app);
  expect((await c.signIn(email)).status).toBe(200);
  return c;
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

const adjustmentsOf = (tenantId: string) => withTenant(db, tenantId, (trx) => trx.selectFrom('base_adjustments').selectAll().where('tenant_id', '=', tenantId).execute());

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection });
  bureau = await startBureauSim({ processingDelayMs: [0, 0] });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
    taskQueue,
    workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
    activities: createBaseAdjustmentActivities({ db, library, vault, bureau: createHttpBureauGateway({ baseUrl: bureau.url, timeoutMs: 3000 }), filingWaitMs: 2_000 }),
  });
  running = worker.run();
  deps = apiDeps(db, {
    baseAdjustments: {
      library: async () => library,
      vault,
      start: (input: Parameters<typeof startBaseAdjustment>[1]) => startBaseAdjustment(client, input, taskQueue),
      decide: (workflowId: string, decision: Parameters<typeof decideBaseAdjustment>[2]) => decideBaseAdjustment(client, workflowId, decision),
    },
  });
  app = buildApp(deps.deps);
  for (const k of ['a', 'b'] as const) {
    const { tenant } = await provisionLifecycleTenant(db, `base-adj-${k}`, { seed: k === 'a' ? 150_601 : 150_602 });
    const entity = await firstEntityId(db, tenant.id);
    const employees = await seedCloseEmployees(db, tenant.id, entity, [
      { name: k === 'a' ? '甲一' : '乙一', city: '110100', from: '2024-01', wages: [['2024-01-02', 1_200_000]] },
      { name: k === 'a' ? '甲二' : '乙二', city: '110100', from: '2024-01', wages: [['2024-01-02', 400_000]] },
    ]);
    // Real sealed ID numbers: the filing sheet opens them.
    await withTenant(db, tenant.id, async (trx) => {
      for (const [i, id] of employees.entries()) {
        const sealed = await vault.encrypt(trx, tenant.id, testIdNumber(8_100 + i + (k === 'a' ? 0 : 10), '110105'));
        await trx.updateTable('employees').set({ id_number_cipher: sealed.cipher, id_number_key_id: sealed.keyId }).where('tenant_id', '=', tenant.id).where('id', '=', id).execute();
      }
    });
    T[k] = { ...tenant, employees };
  }
}, 120_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await deps?.close();
  await bureau?.close();
  await db.destroy();
});

describe('base adjustment routes', () => {
  it('HR starts an adjustment, reads the preview, confirms it, and the new bases are declared', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    const base = `/api/t/${T.a.slug}/base-adjustments`;
    const started = await hr.post(base, { cityCode: '110100', policyYear: 2026 });
    expect(started.status).toBe(202);
    expect(await started.json()).toMatchObject({ started: true });
    // Starting again finds the same one.
    expect(await (await hr.post(base, { cityCode: '110100', policyYear: 2026 })).json()).toMatchObject({ started: false });
    const [summary] = await until(async () => (await (await hr.get(base)).json()).items as { id: string; state: string }[], (items) => items.length > 0);
    const view = await (await hr.get(`${base}/${summary!.id}`)).json();
    expect(view).toMatchObject({ cityCode: '110100', policyYear: 2026, effectiveMonth: '2026-07', state: 'preview', employees: 2, changes: 2 });
    const line = (id: string) => view.lines.find((l: { employeeId: string }) => l.employeeId === id);
    expect(line(T.a.employees[0]!)).toMatchObject({ averageWageFen: 1_200_000, newBaseFen: 1_200_000, reason: 'average', monthsUsed: 12 });
    expect(line(T.a.employees[1]!)).toMatchObject({ averageWageFen: 400_000, reason: 'floor' });
    expect(typeof line(T.a.employees[0]!).employerChangeFen).toBe('number');

    const confirmed = await hr.post(`${base}/${summary!.id}/confirm`, {});
    expect(confirmed.status).toBe(202);
    await until(async () => (await (await hr.get(`${base}/${summary!.id}`)).json()).state as string, (s) => s === 'applied');
    const declared = await withTenant(db, T.a.id, (trx) => trx.selectFrom('declared_bases').select(['employee_id', 'declared_wage_fen', 'effective_month']).where('tenant_id', '=', T.a.id).execute());
    expect(declared.map((d) => [d.employee_id, Number(d.declared_wage_fen), d.effective_month]).sort()).toEqual(
      [[T.a.employees[0]!, 1_200_000, '2026-07'], [T.a.employees[1]!, 400_000, '2026-07']].sort());
    // The base changes as the city's sheet to file on the portal, with the full ID number.
    const sheet = await hr.get(`${base}/${summary!.id}/filing-sheet.xlsx`);
    expect(sheet.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await sheet.arrayBuffer());
    const rows = book.worksheets[0]!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(rows.map((r) => [r[3], r[4], r[7], r[8]]).sort()).toEqual([
      ['甲一', testIdNumber(8_100, '110105'), '12000.00', '2026-07'], ['甲二', testIdNumber(8_101, '110105'), (line(T.a.employees[1]!).newBaseFen / 100).toFixed(2), '2026-07'],
    ].sort());
    // Decided: a second confirmation or a cancel is refused.
    expect((await hr.post(`${base}/${summary!.id}/confirm`, {})).status).toBe(409);
    expect((await hr.post(`${base}/${summary!.id}/cancel`, { reason: '太晚了' })).status).toBe(409);
  });

  it('a preview whose workflow was stopped is refused with a 409, and resumes when the year is started again', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    const base = `/api/t/${T.a.slug}/base-adjustments`;
    const first = await (await hr.post(base, { cityCode: '110100', policyYear: 2025 })).json();
    const rows = await until(() => adjustmentsOf(T.a.id), (r) => r.some((a) => a.policy_year === 2025));
    const adj = rows.find((a) => a.policy_year === 2025)!;
    await client.workflow.getHandle(first.workflowId).terminate('operator stopped it');
    const refused = await hr.post(`${base}/${adj.id}/confirm`, {});
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('base_adjustment_not_waiting');
    expect(await (await hr.post(base, { cityCode: '110100', policyYear: 2025 })).json()).toMatchObject({ started: true });
    // The new run finds the stored preview (same id, nothing recomputed) and waits for HR again.
    await until(async () => (await hr.post(`${base}/${adj.id}/confirm`, {})).status, (status) => status === 202);
    await until(() => adjustmentsOf(T.a.id), (r) => r.find((a) => a.id === adj.id)!.state === 'applied');
    expect((await adjustmentsOf(T.a.id)).filter((a) => a.policy_year === 2025)).toHaveLength(1);
  });

  it('answers bad input with a 400 naming the field, writing nothing', async () => {
    const hr = await as(`hr@${T.b.slug}.test`);
    const base = `/api/t/${T.b.slug}/base-adjustments`;
    const cases: [unknown, string][] = [
      [{ cityCode: '11010', policyYear: 2025 }, 'cityCode'],
      [{ cityCode: '110100\u0000', policyYear: 2025 }, 'cityCode'],
      [{ policyYear: 2025 }, 'cityCode'],
      [{ cityCode: '110100' }, 'policyYear'],
      [{ cityCode: '110100', policyYear: '2025' }, 'policyYear'],
      [{ cityCode: '110100', policyYear: 1999 }, 'policyYear'],
      [{ cityCode: '110100', policyYear: 2025.5 }, 'policyYear'],
      // A year the policy library does not hold, and a city the company does not contribute in.
      [{ cityCode: '110100', policyYear: 2040 }, 'policyYear'],
      [{ cityCode: '999999', policyYear: 2025 }, 'cityCode'],
    ];
    for (const [body, field] of cases) {
      const res = await hr.post(base, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.fields[field], JSON.stringify(body)).toBeTruthy();
    }
    expect((await hr.get(`${base}/not-a-uuid`)).status).toBe(400);
    expect(await adjustmentsOf(T.b.id)).toEqual([]);
    // Cancel: the reason is required and plain text.
    const started = await hr.post(base, { cityCode: '110100', policyYear: 2025 });
    expect(started.status).toBe(202);
    const [adj] = await until(() => adjustmentsOf(T.b.id), (rows) => rows.length > 0);
    // Not confirmed yet: nothing to file.
    expect((await hr.get(`${base}/${adj!.id}/filing-sheet.xlsx`)).status).toBe(409);
    for (const reason of ['', '\u0007bell', 'x'.repeat(501)]) {
      const res = await hr.post(`${base}/${adj!.id}/cancel`, { reason });
      expect(res.status).toBe(400);
      expect((await res.json()).error.fields.reason).toBeTruthy();
    }
    expect((await adjustmentsOf(T.b.id))[0]!.state).toBe('preview');
    const cancelled = await hr.post(`${base}/${adj!.id}/cancel`, { reason: '等待社保局正式通知' });
    expect(cancelled.status).toBe(202);
    const after = await until(() => adjustmentsOf(T.b.id), (rows) => rows[0]!.state === 'cancelled');
    expect(after[0]).toMatchObject({ cancel_reason: '等待社保局正式通知' });
    expect(await withTenant(db, T.b.id, (trx) => trx.selectFrom('declared_bases').select('employee_id').where('tenant_id', '=', T.b.id).execute())).toEqual([]);
  });

  it("keeps tenants apart: another tenant's adjustment is not found, through the API and in the database", async () => {
    const [bAdj] = await until(() => adjustmentsOf(T.b.id), (rows) => rows.length > 0);
    const hrA = await as(`hr@${T.a.slug}.test`);
    const base = `/api/t/${T.a.slug}/base-adjustments`;
    expect((await hrA.get(`${base}/${bAdj!.id}`)).status).toBe(404);
    expect((await hrA.post(`${base}/${bAdj!.id}/confirm`, {})).status).toBe(404);
    expect((await hrA.post(`${base}/${bAdj!.id}/cancel`, { reason: 'x' })).status).toBe(404);
    expect((await hrA.get(`${base}/${bAdj!.id}/filing-sheet.xlsx`)).status).toBe(404);
    const listed = (await (await hrA.get(base)).json()).items as { id: string }[];
    expect(listed.map((a) => a.id)).not.toContain(bAdj!.id);
    // B's slug with A's session: refused before any read.
    expect([403, 404]).toContain((await hrA.get(`/api/t/${T.b.slug}/base-adjustments`)).status);
    // Row-level security: A's transaction sees none of B's rows.
    const seen = await withTenant(db, T.a.id, (trx) => trx.selectFrom('base_adjustments').select('id').where('id', '=', bAdj!.id).execute());
    expect(seen).toEqual([]);
    const lines = await withTenant(db, T.a.id, (trx) => trx.selectFrom('base_adjustment_lines').select('employee_id').where('adjustment_id', '=', bAdj!.id).execute());
    expect(lines).toEqual([]);
  });
});
