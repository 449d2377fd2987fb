import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { discoverPlugins, migratePluginsToLatest } from '@lianxu/core';
import { createDb } from '@lianxu/db';
import { browserAvailable, launchBrowser, provisionDemoTenants, scratchDatabase, startWebApp } from '@lianxu/testing';

// A tenant admin turns plugins off and on in Chromium and the nav follows without a reload; the
// consultant's console shows the tenant in sync with its tenant.yaml before and drifted after a
// change made in the web. Its own database with the plugins' tables: enabling and disabling the
// demo tenants' plugins must not change what other test files read.
describe.skipIf(!browserAvailable())('plugins and the consultant console in real Chromium', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    scratch = await scratchDatabase('plugins_web');
    const owner = createDb({ connectionString: scratch.ownerUrl, max: 1 });
    try {
      await migratePluginsToLatest(owner, await discoverPlugins(), inject('appRole'));
    } finally {
      await owner.destroy();
    }
    // Demo mode lets the demo consultant in without a second factor, as `npm start` does.
    web = await startWebApp({ demoMode: true }, { connectionString: scratch.appUrl });
    // From tenants/*/tenant.yaml, as `npm start` creates them: demo-retail with retail-branches
    // and four branches, demo-manufacturing with manufacturing-shifts, granted to the consultant.
    await provisionDemoTenants(web.db);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await scratch?.drop();
  });

  async function signedInPage(email: string): Promise<Page> {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    const res = await page.request.post(`${web.url}/api/auth/sign-in`, { data: { email, password: 'lianxu-demo' }, headers: { origin: web.url } });
    expect(res.status()).toBe(200);
    return page;
  }

  /** Marks the page; the mark survives only if nothing reloads it. */
  const markNoReload = (page: Page) => page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
  const stillNoReload = (page: Page) => page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload === true);

  async function consoleCard(page: Page, slug: string) {
    await page.goto(`${web.url}/console`);
    await page.getByTestId('console-page').waitFor();
    const card = page.locator(`[data-testid="console-tenant"][data-slug="${slug}"]`);
    await card.waitFor();
    return card;
  }

  it('shows the consultant the granted tenant in sync with its file before any change', async () => {
    const page = await signedInPage('consultant@lianxu.demo');
    await page.goto(`${web.url}/`);
    await page.getByTestId('nav-console').click();
    await page.waitForURL(/\/console$/);
    const card = await consoleCard(page, 'demo-manufacturing');
    expect(await card.getByTestId('console-drift').getAttribute('data-status')).toBe('in_sync');
    expect(await card.getByTestId('console-drift').textContent()).toBe('与文件一致');
    expect(await card.getByTestId('console-industry').textContent()).toBe('制造业');
    expect(await card.getByTestId('console-plugins').getAttribute('data-plugins')).toBe('manufacturing-shifts');
    // Only granted tenants: demo-retail has granted nobody.
    expect(await page.locator('[data-testid="console-tenant"][data-slug="demo-retail"]').count()).toBe(0);
    await page.close();
  });

  it('lets the demo-retail admin disable retail-branches (asked first, data kept) and enable it again, the Branches page following in the nav without a reload', async () => {
    const page = await signedInPage('admin@demo-retail.demo');
    await page.goto(`${web.url}/t/demo-retail`);
    const nav = page.getByTestId('tenant-nav');
    await nav.getByTestId('tenant-nav-branches').waitFor();
    expect(await nav.getByTestId('tenant-nav-branches').textContent()).toBe('门店');
    expect(await nav.getByTestId('tenant-nav-shifts').count()).toBe(0);

    await nav.getByTestId('tenant-nav-plugins').click();
    await page.getByTestId('plugins-page').waitFor();
    await markNoReload(page);
    const card = page.locator('[data-testid="plugin-card"][data-plugin-id="retail-branches"]');
    await card.waitFor();
    expect(await card.getAttribute('data-enabled')).toBe('true');
    expect(await card.getByTestId('plugin-name').textContent()).toBe('零售门店');
    expect(await card.getByTestId('plugin-version').textContent()).toBe('版本 0.1.0');
    expect(await card.getByTestId('plugin-description').textContent()).toContain('零售多门店');
    const other = page.locator('[data-testid="plugin-card"][data-plugin-id="manufacturing-shifts"]');
    expect(await other.getAttribute('data-enabled')).toBe('false');

    // Turning it off asks first and says the data is kept; cancelling changes nothing.
    const dialog = card.getByTestId('plugin-disable-dialog');
    await card.getByTestId('plugin-switch').click();
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).toContain('数据不会删除');
    await dialog.getByTestId('plugin-disable-dialog-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await card.getAttribute('data-enabled')).toBe('true');
    expect(await card.getByTestId('plugin-switch').isChecked()).toBe(true);

    await card.getByTestId('plugin-switch').click();
    await dialog.getByTestId('plugin-disable-dialog-confirm').click();
    await expect.poll(() => card.getAttribute('data-enabled')).toBe('false');
    expect(await card.getByTestId('plugin-notice').textContent()).toContain('数据已保留');
    expect(await card.getByTestId('plugin-switch').isChecked()).toBe(false);
    await expect.poll(() => nav.getByTestId('tenant-nav-branches').count()).toBe(0);

    // Its page (reached by address) says it is off; its API answers 404 meanwhile.
    await page.goto(`${web.url}/t/demo-retail/branches`);
    await page.locator('[data-testid="plugin-disabled"][data-plugin-id="retail-branches"]').waitFor();
    expect((await page.request.get(`${web.url}/api/t/demo-retail/plugins/retail-branches/branches`)).status()).toBe(404);

    // On again: the nav shows Branches at once, and its page has the four branches it had before.
    await nav.getByTestId('tenant-nav-plugins').click();
    await page.getByTestId('plugins-page').waitFor();
    await markNoReload(page);
    await card.getByTestId('plugin-switch').click();
    await expect.poll(() => card.getAttribute('data-enabled')).toBe('true');
    await nav.getByTestId('tenant-nav-branches').waitFor();
    await nav.getByTestId('tenant-nav-branches').click();
    await page.getByTestId('branches-page').waitFor();
    const rows = page.getByTestId('branch-row');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await page.getByTestId('page-title').textContent()).toBe('门店');
    expect(await rows.first().getByTestId('branch-link').textContent()).toBeTruthy();
    await page.getByTestId('branches-chart').waitFor();
    expect(await page.getByTestId('branches-chart').getAttribute('data-branches')).toBe('4');
    expect(await stillNoReload(page)).toBe(true);

    // One branch's own view.
    await rows.first().getByTestId('branch-link').click();
    await page.getByTestId('branch-summary').waitFor();
    expect(await page.getByTestId('branch-summary-headcount').textContent()).toMatch(/^\d+$/);
    await page.close();
  });

  it('lets the demo-manufacturing admin enable retail-branches, and the consultant then sees the tenant drifted from its file', async () => {
    const page = await signedInPage('admin@demo-manufacturing.demo');
    await page.goto(`${web.url}/t/demo-manufacturing/plugins`);
    const nav = page.getByTestId('tenant-nav');
    await page.getByTestId('plugins-page').waitFor();
    await nav.getByTestId('tenant-nav-shifts').waitFor();
    expect(await nav.getByTestId('tenant-nav-branches').count()).toBe(0);
    await markNoReload(page);

    const card = page.locator('[data-testid="plugin-card"][data-plugin-id="retail-branches"]');
    expect(await card.getAttribute('data-enabled')).toBe('false');
    await card.getByTestId('plugin-switch').click();
    await expect.poll(() => card.getAttribute('data-enabled')).toBe('true');
    await nav.getByTestId('tenant-nav-branches').click();
    await page.getByTestId('branches-page').waitFor();
    await page.getByTestId('branches-empty').waitFor();
    expect(await stillNoReload(page)).toBe(true);
    await page.close();

    const consultant = await signedInPage('consultant@lianxu.demo');
    const drifted = await consoleCard(consultant, 'demo-manufacturing');
    expect(await drifted.getByTestId('console-drift').getAttribute('data-status')).toBe('drifted');
    expect(await drifted.getByTestId('console-drift').textContent()).toBe('已偏离文件');
    expect(await drifted.getByTestId('console-plugins').getAttribute('data-plugins')).toBe('manufacturing-shifts retail-branches');
    // The plan line `lianxu tenants plan` prints: applying the file would disable it again.
    const lines = drifted.getByTestId('console-plan-line');
    expect(await lines.count()).toBe(1);
    expect(await lines.first().getAttribute('data-op')).toBe('-');
    expect(await lines.first().getAttribute('data-kind')).toBe('plugin');
    expect(await lines.first().getAttribute('data-name')).toBe('retail-branches');
    // The newest change is the admin's, by name.
    const change = drifted.getByTestId('console-change').first();
    expect(await change.getAttribute('data-action')).toMatch(/^tenant_plugins (insert|update)$/);
    expect(await change.textContent()).toContain('admin@demo-manufacturing.demo');
    await consultant.close();
  });
});
