import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createBaseAdjustmentActivities, createPersonalDataVault } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { decideBaseAdjustment, startBaseAdjustment } from '@lianxu/workflows';
import {
  appDb, browserAvailable, firstEntityId, launchBrowser, provisionLifecycleTenant, seedCloseEmployees, signInAs, startWebApp, TEST_MASTER_KEY,
} from '@lianxu/testing';

// HR adjusts Beijing's 2025 bases in Chromium: from the nav to the annual base adjustment, starts
// it (the real workflow on the test run's Temporal server), opens the preview (old and new base,
// why, the cost change), confirms, and sees it applied with the filing sheet to download.

const library = getDefaultPolicyLibrary();
const db = appDb();
const taskQueue = `base-adjust-e2e-${randomUUID()}`;

describe.skipIf(!browserAvailable())('the annual base adjustment in real Chromium', () => {
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let connection: Connection;
  let worker: Worker;
  let running: Promise<void>;
  let slug = '';

  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
    const client = new Client({ connection });
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
      taskQueue,
      workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
      activities: createBaseAdjustmentActivities({ db, library }),
    });
    running = worker.run();
    web = await startWebApp({ demoMode: true }, {
      deps: {
        baseAdjustments: {
          library: async () => library,
          vault: createPersonalDataVault(TEST_MASTER_KEY),
          start: (input: Parameters<typeof startBaseAdjustment>[1]) => startBaseAdjustment(client, input, taskQueue),
          decide: (id: string, d: Parameters<typeof decideBaseAdjustment>[2]) => decideBaseAdjustment(client, id, d),
        },
      },
    });
    const { tenant } = await provisionLifecycleTenant(db, 'e2e-base-adj', { seed: 150_701 });
    slug = tenant.slug;
    await seedCloseEmployees(db, tenant.id, await firstEntityId(db, tenant.id), [
      { name: '赵一', city: '110100', from: '2024-01', wages: [['2024-01-02', 1_200_000]] },
      { name: '钱二', city: '110100', from: '2024-01', wages: [['2024-01-02', 400_000]] },
    ]);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    worker?.shutdown();
    await running;
    await connection?.close();
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
  });
});
