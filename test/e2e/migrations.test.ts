import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createDataMigrationActivities, startMigrationLoad, startMigrationPromotion } from '@lianxu/core';
import { browserAvailable, launchBrowser, provisionDemoTenants, scratchDatabase, signInAs, startWebApp, testVault } from '@lianxu/testing';
import { legacyPackage } from '../integration/data-migration/loaded-run.fixture';

// The vendor's implementation consultant runs a migration in Chromium from upload to promotion
// (issue #16, item 6): uploads the package, loads it with the run key file (the tenant's registered transfer key checks it),
// follows the live progress, reads the validation report and its chart, filters the quarantine,
// reads the reconciliation totals per city and month, edits the mapping, opens the dry-run diff,
// signs off; the tenant admin signs off for the company; the consultant promotes and sees the
// employees and contribution lines go live. Its own database and worker.
const slug = 'demo-manufacturing';
const SHOTS = process.env.LIANXU_SCREENSHOTS;

describe.skipIf(!browserAvailable())('data migration in real Chromium', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let pool: pg.Pool;
  let connection: Connection;
  let worker: Worker;
  let running: Promise<void>;
  let uploadDir: string;
  let pkg: Awaited<ReturnType<typeof legacyPackage>>;
  const taskQueue = `migrations-web-${randomUUID()}`;

  beforeAll(async () => {
    scratch = await scratchDatabase('migrations_web');
    pool = new pg.Pool({ connectionString: scratch.appUrl, max: 3 });
    uploadDir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-web-uploads-'));
    connection = await Connection.connect({ address: inject('temporalAddress') });
    const client = new Client({ connection });
    web = await startWebApp({ demoMode: true }, {
      connectionString: scratch.appUrl,
      migrations: {
        vault: testVault(), uploadDir,
        startLoad: (input) => startMigrationLoad(client, input, taskQueue),
        startPromotion: (input) => startMigrationPromotion(client, input, taskQueue),
      },
    });
    const tenantId = (await provisionDemoTenants(web.db))[slug]!;
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
      taskQueue,
      workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
      activities: createDataMigrationActivities({ db: web.db, vault: testVault(), pool, today: '2026-12-01' }),
    });
    running = worker.run();
    pkg = await legacyPackage(tenantId, { seed: 17, size: 150, months: 6, dirtyRate: 0.05 }, web.db);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    worker?.shutdown();
    await running;
    await connection?.close();
    await pkg?.close();
    await web?.close();
    await pool?.end();
    await scratch?.drop();
    if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
  });

  it('a consultant uploads, loads, reviews, edits the mapping, opens the dry run and the reconciliation totals, signs off and promotes; the tenant admin signs off too', async () => {
    let page = await signInAs(browser, web.url, 'consultant@lianxu.demo');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${web.url}/t/${slug}`);
    await page.getByTestId('tenant-nav-migrations').click();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('数据迁移');

    // New run: the package as packed, then the run's page.
    await page.getByTestId('migration-package').setInputFiles(pkg.file);
    await page.getByTestId('migration-upload').click();
    await expect.poll(() => page.getByTestId('migration-status').getAttribute('data-status')).toBe('created');
    expect(page.url()).toContain(`/migrations/${pkg.wrappedKey.runId}`);

    // Load with the run key file alone (the server checks it with the tenant's registered transfer
    // key; nothing asks for the key); progress shows until it is validated.
    expect(await page.getByTestId('migration-transfer-key').count()).toBe(0);
    await page.getByTestId('migration-key-file').setInputFiles(`${pkg.file}.key`);
    await page.getByTestId('migration-load').click();
    await expect.poll(() => page.getByTestId('migration-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('validated');
    const figure = async (name: string) => Number(await page.getByTestId('migration-progress').getAttribute(`data-${name}`));
    expect(await figure('read')).toBeGreaterThan(0);
    expect(await figure('read')).toBe((await figure('accepted')) + (await figure('quarantined')));
    expect(await figure('quarantined')).toBeGreaterThan(0);

    // The report per level with its chart, and the quarantine filtered by file.
    await expect.poll(() => page.getByTestId('migration-chart').count()).toBe(1);
    expect(Number(await page.getByTestId('report-quality-quarantined').textContent())).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('quarantine-row').count()).toBeGreaterThan(0);
    await page.getByTestId('quarantine-file').selectOption('contributions');
    await expect.poll(async () => [...new Set(await page.getByTestId('quarantine-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-file'))))]).toEqual(['contributions']);

    // Reconciliation totals per city and month (level c): the old system's lines against those that
    // passed, in a table whose every cell is labelled and a chart per month, in Chinese.
    await expect.poll(() => page.getByTestId('reconciliation-row').count()).toBeGreaterThan(0);
    const totals = page.getByTestId('reconciliation-totals');
    const lines = async (side: string) => Number(await totals.getAttribute(`data-${side}-lines`));
    expect(await lines('accepted')).toBeGreaterThan(0);
    expect(await lines('legacy')).toBeGreaterThan(await lines('accepted'));
    expect(await lines('promoted')).toBe(0);
    expect(await page.getByTestId('reconciliation-total-legacy').textContent()).toMatch(/^\d+ 条，¥[\d,]+\.\d{2}$/);
    expect(await page.locator('[data-testid="migration-reconciliation"] thead').textContent()).toContain('旧系统条数');
    const shanghai = page.locator('[data-testid="reconciliation-row"][data-city="310100"]').first();
    expect(await shanghai.locator('td').first().textContent()).toBe('上海');
    expect(await shanghai.locator('td').first().getAttribute('data-label')).toBe('城市');
    expect(Number(await shanghai.getAttribute('data-accepted-lines'))).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('reconciliation-chart').count()).toBe(1);

    // The consultant edits the mapping (the employee number is not carried over): saved as version 1, re-validated.
    const empNo = page.locator('[data-testid="mapping-select"][data-file="roster"][data-column="工号"]');
    await expect.poll(() => empNo.count()).toBe(1);
    expect(await empNo.inputValue()).toBe('employeeNo');
    await empNo.selectOption('');
    await page.getByTestId('mapping-save').click();
    await expect.poll(() => page.getByTestId('mapping-saved').count()).toBe(1);
    expect(await page.getByTestId('mapping-saved').textContent()).toMatch(/已保存为第 1 版/);
    await expect.poll(() => page.getByTestId('mapping-version').getAttribute('data-version')).toBe('1');
    expect(await figure('read')).toBe((await figure('accepted')) + (await figure('quarantined')));

    // The dry run: what promotion would create in the live tenant, nothing written yet.
    await page.getByTestId('dry-run-open').click();
    await expect.poll(async () => Number(await page.getByTestId('dry-run-figures').getAttribute('data-create'))).toBeGreaterThan(0);
    const dryLines = Number(await page.getByTestId('dry-run-figures').getAttribute('data-lines'));
    expect(dryLines).toBeGreaterThan(0);
    expect(dryLines).toBeLessThanOrEqual(await lines('accepted'));
    expect(await page.getByTestId('dry-run-city').count()).toBeGreaterThan(0);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'migration-validated.png'), fullPage: true });

    // The consultant's sign-off; promotion waits for the tenant admin's.
    await page.getByTestId('migration-sign-off').click();
    await expect.poll(() => page.getByTestId('sign-off-consultant').getAttribute('data-signed')).toBe('yes');
    expect(await page.getByTestId('migration-promote').isDisabled()).toBe(true);

    const runUrl = page.url();
    page = await signInAs(browser, web.url, `admin@${slug}.demo`);
    await page.goto(runUrl);
    await page.getByTestId('migration-sign-off').click();
    await expect.poll(() => page.getByTestId('sign-off-tenant-admin').getAttribute('data-signed')).toBe('yes');

    page = await signInAs(browser, web.url, 'consultant@lianxu.demo');
    await page.goto(runUrl);
    await expect.poll(() => page.getByTestId('migration-promote').isDisabled()).toBe(false);
    await page.getByTestId('migration-promote').click();
    await expect.poll(() => page.getByTestId('migration-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('promoted');
    expect(await figure('promoted')).toBeGreaterThan(0);
    expect(await page.getByTestId('migration-promoted').textContent()).toMatch(/已转入 \d+ 名员工、\d+ 条缴费记录/);
    // The totals now show what was promoted: every line of the history promotion wrote.
    const historyLines = Number(/、(\d+) 条缴费记录/.exec((await page.getByTestId('migration-promoted').textContent()) ?? '')![1]);
    await expect.poll(async () => Number(await page.getByTestId('reconciliation-totals').getAttribute('data-promoted-lines'))).toBe(historyLines);

    // In English at 390 px the totals are cards whose every value carries its column's label, within the screen.
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'en'));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect.poll(() => page.getByTestId('reconciliation-row').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="reconciliation-row"][data-city="310100"] td').first().getAttribute('data-label')).toBe('City');
    expect(await page.locator('[data-testid="reconciliation-row"][data-city="310100"] td').first().textContent()).toBe('Shanghai');
    expect(await page.getByTestId('reconciliation-total-promoted').textContent()).toMatch(/^[\d,]+ lines?, ¥[\d,]+\.\d{2}$/);
    const unlabelled = await page.locator('[data-testid="reconciliation-row"] td').evaluateAll((cells) => cells.filter((c) => c.textContent && !c.getAttribute('data-label')).length);
    expect(unlabelled).toBe(0);
    const box = await page.getByTestId('migration-reconciliation').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'migration-reconciliation-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });

    // The list shows the run promoted.
    await page.getByTestId('migrations-back').click();
    await expect.poll(() => page.locator(`[data-testid="migration-row"][data-id="${pkg.wrappedKey.runId}"]`).getAttribute('data-status')).toBe('promoted');
  });

  it("a consultant connects the old system's database instead: TLS required is refused at the TLS field, encrypt-when-offered reaches the run page and its live progress; zh-CN at 1366, English at 390", async () => {
    // legacy-sim's read-only login, the password apart from the URL (its PostgreSQL offers no TLS locally).
    const offered = (await (await fetch(`${pkg.legacy.url}/connection`)).json()) as { url: string };
    const address = new URL(offered.url);
    const password = decodeURIComponent(address.password);
    address.password = '';
    const fillSource = async (p: Awaited<ReturnType<typeof signInAs>>, sslmode: string) => {
      await p.getByTestId('migration-way-database').check();
      await p.getByTestId('migration-source-url').fill(address.toString());
      await p.getByTestId('migration-source-password').fill(password);
      await p.getByTestId('migration-source-sslmode').selectOption(sslmode);
      await p.getByTestId('migration-source-connect').click();
    };

    // In English at 390 px: the form fits, verify-full asks for the CA certificate, require is refused beside the TLS field.
    let page = await signInAs(browser, web.url, 'consultant@lianxu.demo');
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'en'));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${web.url}/t/${slug}/migrations`);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('Data migration');
    expect(await page.getByTestId('migration-pack-hint').textContent()).toMatch(/fetches your company's transfer key itself/);
    await page.getByTestId('migration-way-database').check();
    expect(await page.getByTestId('migration-source-password').getAttribute('type')).toBe('password');
    expect(await page.getByTestId('migration-source-ca').count()).toBe(0);
    await page.getByTestId('migration-source-sslmode').selectOption('verify-full');
    await expect.poll(() => page.getByTestId('migration-source-ca').count()).toBe(1);
    await fillSource(page, 'require');
    await expect.poll(() => page.getByTestId('migration-source-sslmode-error').count()).toBe(1);
    expect(await page.getByTestId('migration-source-sslmode-error').textContent()).toMatch(/does not offer TLS/);
    expect(await page.getByTestId('migration-source-sslmode').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('migration-source-url-error').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const form = await page.getByTestId('migration-source-form').boundingBox();
    expect(form!.x + form!.width).toBeLessThanOrEqual(390);
    expect(page.url()).toMatch(/\/migrations$/);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'migration-source-390.png'), fullPage: true });

    // In Chinese at 1366: the same refusal at the TLS field in Chinese, then encrypt-when-offered connects.
    page = await signInAs(browser, web.url, 'consultant@lianxu.demo');
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'zh-CN'));
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${web.url}/t/${slug}/migrations`);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('数据迁移');
    await fillSource(page, 'require');
    await expect.poll(() => page.getByTestId('migration-source-sslmode-error').count()).toBe(1);
    expect(await page.getByTestId('migration-source-sslmode-error').textContent()).toMatch(/不提供 TLS 加密连接/);
    expect(await page.locator('#migration-source-sslmode-hint').textContent()).toMatch(/必须加密/);
    await page.getByTestId('migration-source-sslmode').selectOption('prefer');
    await page.getByTestId('migration-source-connect').click();
    await expect.poll(() => page.getByTestId('migration-status').count()).toBe(1);
    expect(page.url()).toMatch(/\/migrations\/[0-9a-f-]{36}$/);
    expect(await page.content()).not.toContain(password);
    await expect.poll(() => page.getByTestId('migration-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('validated');
    const figure = async (name: string) => Number(await page.getByTestId('migration-progress').getAttribute(`data-${name}`));
    expect(await figure('read')).toBeGreaterThan(0);
    expect(await figure('read')).toBe((await figure('accepted')) + (await figure('quarantined')));
    expect(await page.getByTestId('migration-load-form').count()).toBe(0);
  });
});
