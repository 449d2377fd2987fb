import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, signInAs, startDemoBrowserSession, type BrowserSession, type Chromium, type WebApp, testIdNumber } from '@lianxu/testing';

// What the enabled plugins add to core's pages, in real Chromium: demo-retail (retail-branches)
// with manufacturing-shifts enabled too. The hire form has a branch and a shift section, saved
// with the hire; the employee page shows them; the employee list has the branch column; the
// Reports page lists the 用工备案 workbook and the branch cost report, both downloadable. Its own
// database: enabling a plugin must not change what other test files read.
describe.skipIf(!browserAvailable())('plugin contributions on the people pages and the Reports page', () => {
  let session: BrowserSession;
  let web: WebApp;
  let browser: Chromium;
  let page: Page;
  const name = '孙丽华';

  beforeAll(async () => {
    session = await startDemoBrowserSession('plugin_contrib_web', { plugins: true });
    ({ web, browser } = session);
    page = await signInAs(browser, web.url, 'admin@demo-retail.demo');
    const enabled = await page.request.put(`${web.url}/api/t/demo-retail/plugins/manufacturing-shifts`, { data: { enabled: true }, headers: { origin: web.url } });
    expect(enabled.status()).toBe(200);
    const hr = await page.request.post(`${web.url}/api/auth/sign-in`, { data: { email: 'hr@demo-retail.demo', password: 'lianxu-demo' }, headers: { origin: web.url } });
    expect(hr.status()).toBe(200);
  }, 120_000);
  afterAll(() => session?.close());

  const section = (scope: Page | ReturnType<Page['locator']>, plugin: string) => scope.locator(`[data-testid="plugin-section"][data-plugin="${plugin}"]`);

  it('shows the branch and shift sections on the hire form and saves them with the hire', async () => {
    await page.goto(`${web.url}/t/demo-retail/employees/new`);
    await page.getByTestId('hire-form').waitFor();
    const branch = section(page, 'retail-branches');
    const shift = section(page, 'manufacturing-shifts');
    await branch.waitFor();
    await shift.waitFor();
    expect(await branch.locator('legend').textContent()).toBe('门店');
    expect(await shift.locator('legend').textContent()).toBe('排班');
    await page.getByTestId('hire-work-city').selectOption('310100');
    await page.getByTestId('hire-name').fill(name);
    await page.getByTestId('hire-id-number').fill(testIdNumber(881_001));
    await page.getByTestId('hire-mobile').fill('13912345678');
    await page.getByTestId('hire-monthly-wage').fill('9000.00');
    await branch.getByTestId('plugin-field-input').selectOption({ label: '上海南京东路店' });
    await shift.locator('[data-testid="plugin-field"][data-key="pattern"]').getByTestId('plugin-field-input').selectOption('two-shift');
    await shift.locator('[data-testid="plugin-field"][data-key="team"]').getByTestId('plugin-field-input').fill('甲班');
    await page.getByTestId('hire-submit').click();
    // Nothing is saved until the preview panel's confirm.
    await page.getByTestId('hire-preview-confirm').click();
    await page.waitForURL(/\/employees\/[0-9a-f-]{36}\?hired=1$/);
    await page.getByTestId('employee-hired').waitFor();
    expect(await page.getByTestId('employee-plugin-problems').count()).toBe(0);
  });

  it('shows what the plugins hold on the employee page', async () => {
    const sections = page.getByTestId('employee-plugin-sections');
    await sections.waitFor();
    const branchSelect = section(sections, 'retail-branches').getByTestId('plugin-field-input');
    await expect.poll(async () => branchSelect.locator('option:checked').textContent()).toBe('上海南京东路店');
    const shift = section(sections, 'manufacturing-shifts');
    expect(await shift.locator('[data-testid="plugin-field"][data-key="pattern"] option:checked').textContent()).toBe('两班倒');
    expect(await shift.locator('[data-testid="plugin-field"][data-key="team"] input').inputValue()).toBe('甲班');
  });

  it('lists the branch as a column of the employee list', async () => {
    await page.goto(`${web.url}/t/demo-retail/employees`);
    await page.getByTestId('employees-table').waitFor();
    const header = page.locator('[data-testid="employees-plugin-column"][data-key="retail-branches/branch"]');
    await header.waitFor();
    expect(await header.textContent()).toBe('门店');
    const row = page.getByTestId('employee-row').filter({ hasText: name });
    expect(await row.locator('[data-testid="employee-plugin-cell"][data-key="retail-branches/branch"]').textContent()).toBe('上海南京东路店');
  });

  it('lists the plugins\' reports on the Reports page, each downloadable', async () => {
    await page.getByTestId('tenant-nav').getByTestId('tenant-nav-reports').click();
    await page.waitForURL(/\/t\/demo-retail\/reports$/);
    await page.getByTestId('reports-table').waitFor();
    const rows = page.getByTestId('report-row');
    const byReport = async (id: string) => rows.and(page.locator(`[data-report="${id}"]`));
    const headcount = await byReport('manufacturing-shifts/headcount');
    const cost = await byReport('retail-branches/branch-cost');
    expect(await headcount.locator('th').textContent()).toContain('用工备案');
    expect(await cost.locator('th').textContent()).toContain('门店社保成本');
    for (const [row, type] of [[headcount, 'spreadsheetml'], [cost, 'text/csv']] as const) {
      const href = await row.getByTestId('report-download').getAttribute('href');
      const res = await page.request.get(`${web.url}${href}`);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toContain(type);
    }
  });
});
