import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { withTenant } from '@lianxu/db';
import { createBaseAdjustmentActivities, createHttpBureauGateway, createPersonalDataVault, decideBaseAdjustment, startBaseAdjustment } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import {
  appDb, browserAvailable, firstEntityId, launchBrowser, provisionLifecycleTenant, seedCloseEmployees, signInAs, startBureauSim, startWebApp, TEST_MASTER_KEY, testIdNumber,
} from '@lianxu/testing';

// HR adjusts Beijing's 2025 bases in Chromium: from the nav to the annual base adjustment, starts
// it (the real workflow on the test run's Temporal server), opens the preview (old and new base,
// why, the cost change), confirms, and sees it applied: the base changes filed with the bureau
// (bureau-sim: one confirmed, one refused for a person it does not cover) and the sheet to download.

const library = getDefaultPolicyLibrary();
const db = appDb();
const taskQueue = `base-adjust-e2e-${randomUUID()}`;
const vault = createPersonalDataVault(TEST_MASTER_KEY);

describe.skipIf(!browserAvailable())('the annual base adjustment in real Chromium', () => {
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let connection: Connection;
  let worker: Worker;
  let running: Promise<void>;
  let slug = '';
  let bureau: Awaited<ReturnType<typeof startBureauSim>>;

  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
    const client = new Client({ connection });
    bureau = await startBureauSim({ processingDelayMs: [0, 0] });
    const gateway = createHttpBureauGateway({ baseUrl: bureau.url, timeoutMs: 3000 });
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
      taskQueue,
      workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
      activities: createBaseAdjustmentActivities({ db, library, vault, bureau: gateway, filingWaitMs: 2_000 }),
    });
    running = worker.run();
    web = await startWebApp({ demoMode: true }, {
      deps: {
        baseAdjustments: {
          library: async () => library,
          vault,
          start: (input: Parameters<typeof startBaseAdjustment>[1]) => startBaseAdjustment(client, input, taskQueue),
          decide: (id: string, d: Parameters<typeof decideBaseAdjustment>[2]) => decideBaseAdjustment(client, id, d),
        },
      },
    });
    const { tenant } = await provisionLifecycleTenant(db, 'e2e-base-adj', { seed: 150_701 });
    slug = tenant.slug;
    const entityId = await firstEntityId(db, tenant.id);
    const [zhao, qian] = await seedCloseEmployees(db, tenant.id, entityId, [
      { name: '赵一', city: '110100', from: '2024-01', wages: [['2024-01-02', 1_200_000]] },
      { name: '钱二', city: '110100', from: '2024-01', wages: [['2024-01-02', 400_000]] },
    ]);
    // Real sealed ID numbers; the bureau covers 赵一 (enrolled in 2024) but has never heard of 钱二.
    const creditCode = await withTenant(db, tenant.id, async (trx) => {
      for (const [i, id] of [zhao!, qian!].entries()) {
        const sealed = await vault.encrypt(trx, tenant.id, testIdNumber(9_400 + i, '110105'));
        await trx.updateTable('employees').set({ id_number_cipher: sealed.cipher, id_number_key_id: sealed.keyId }).where('tenant_id', '=', tenant.id).where('id', '=', id).execute();
      }
      return (await trx.selectFrom('entities').select('credit_code').where('id', '=', entityId).executeTakeFirstOrThrow()).credit_code;
    });
    const enrolled = await gateway.submitEnrollment({ idempotencyKey: 'e2e-zhao', city: '110100', employerCode: creditCode, registrationNo: 'SI-110100-1', personName: '赵一', idNumber: testIdNumber(9_400, '110105'), hukou: 'local', startMonth: '2024-01', base: 1_200_000 });
    expect(await gateway.status('110100', enrolled.filingId)).toMatchObject({ status: 'confirmed' });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    worker?.shutdown();
    await running;
    await connection?.close();
    await bureau?.close();
    await db.destroy();
  });

  it('HR starts the adjustment, reads the preview and confirms it', async () => {
    const page = await signInAs(browser, web.url, `hr@${slug}.test`);
    await page.goto(`${web.url}/t/${slug}`);
    await page.getByTestId('tenant-nav-base-adjustments').click();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('年度基数调整');
    await page.getByTestId('base-adjust-city').selectOption('110100');
    await page.getByTestId('base-adjust-year').fill('2025');
    await page.getByTestId('base-adjust-start-submit').click();
    await expect.poll(() => page.getByTestId('base-adjust-started').isVisible()).toBe(true);
    await expect.poll(async () => {
      await page.getByTestId('base-adjust-refresh').click();
      return page.getByTestId('base-adjustment-row').count();
    }, { timeout: 20_000 }).toBe(1);
    await page.getByTestId('base-adjustment-link').click();
    await expect.poll(() => page.getByTestId('base-adjustment-line').count()).toBe(2);
    const low = page.locator('[data-testid="base-adjustment-line"][data-reason="floor"]');
    await expect.poll(() => low.textContent()).toContain('钱二');
    expect(await low.textContent()).toContain('7162.00');
    expect(await low.textContent()).toContain('低于下限，按下限');
    await page.getByTestId('base-adjustment-confirm').click();
    await expect.poll(() => page.getByTestId('base-adjustment-done').isVisible()).toBe(true);
    await expect.poll(async () => {
      await page.reload();
      return page.getByTestId('base-adjustment-state').getAttribute('data-state');
    }, { timeout: 20_000 }).toBe('applied');
    expect(await page.getByTestId('base-adjustment-sheet').getAttribute('href')).toMatch(/\/filing-sheet\.xlsx$/);
    // The base changes went to the bureau: 赵一's confirmed with its receipt, 钱二's refused with the bureau's reason.
    // Reloaded until the bureau has answered both (the page is read once it shows its state again).
    await expect.poll(async () => {
      await page.reload();
      await page.getByTestId('base-adjustment-state').waitFor();
      const summary = page.getByTestId('base-adjustment-filing');
      return (await summary.count()) ? summary.textContent() : '';
    }, { timeout: 30_000 }).toBe('通过经办接口申报 2 条：已确认 1 条，被退回 1 条，处理中 0 条。');
    expect(await page.locator('[data-testid="base-adjustment-line"][data-reason="average"]').textContent()).toMatch(/已确认（JS110100\d{14}），自 2025-07 起/);
    expect(await low.textContent()).toContain('被退回：该人员在基数调整起始月份不在本单位参保');
  });
});
