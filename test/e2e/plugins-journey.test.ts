import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, signInAs, startDemoBrowserSession, type BrowserSession, type Chromium, type WebApp, testIdNumber } from '@lianxu/testing';

// A tenant admin turns plugins off and on in Chromium and the nav follows without a reload; the
// consultant's console shows the tenant in sync with its tenant.yaml before and drifted after a
// change made in the web. Its own database with the plugins' tables: enabling and disabling the
// demo tenants' plugins must not change what other test files read.
describe.skipIf(!browserAvailable())('plugins and the consultant console in real Chromium', () => {
  let session: BrowserSession;
  let web: WebApp;
  let browser: Chromium;

  beforeAll(async () => {
    // Demo mode, as `npm start`: demo-retail with retail-branches and four branches,
    // demo-manufacturing with manufacturing-shifts, granted to the demo consultant.
    session = await startDemoBrowserSession('plugins_web', { plugins: true });
    ({ web, browser } = session);
  }, 120_000);
  afterAll(() => session?.close());

  const signedInPage = (email: string) => signInAs(browser, web.url, email);

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
    // Two charts, one measure each; with nobody employed at the branches yet, each says so instead
    // of drawing empty axes.
    await page.getByTestId('branches-chart').waitFor({ state: 'attached' });
    expect(await page.getByTestId('branches-chart').getAttribute('data-branches')).toBe('4');
    const headcountEmpty = page.getByTestId('branches-chart-figure-empty');
    const anyone = await page.getByTestId('branches-chart').isVisible();
    if (!anyone) expect(await headcountEmpty.textContent()).toBe('门店还没有在职员工。');
    else expect(await headcountEmpty.count()).toBe(0);
    await page.getByTestId('branches-cost-chart-figure').waitFor();
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

  /** YYYY-MM-DD, `days` before today (UTC; far enough from midnight in Shanghai not to matter). */
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

  it('lets the demo-retail admin define, rename and delete custom fields, which the hire form and the employee list then follow; a bulk move to a branch in another city starts a transfer', async () => {
    const page = await signedInPage('admin@demo-retail.demo');
    await page.goto(`${web.url}/t/demo-retail/custom-fields`);
    await page.getByTestId('custom-fields-page').waitFor();
    const rows = page.getByTestId('cf-row');
    await expect.poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).toEqual(['store_code', 'position', 'health_cert_expiry']);
    const row = (key: string) => page.locator(`[data-testid="cf-row"][data-key="${key}"]`);

    // A select field from its labels and two choice rows alone: the code is made from the English
    // label (kept under 高级设置, never asked for), each choice's code from its English label.
    await page.getByTestId('cf-label-zh').fill('工服尺码');
    await page.getByTestId('cf-label-en').fill('Uniform size');
    await page.getByTestId('cf-type-select').selectOption('single_select');
    const choiceRows = page.getByTestId('cf-choice-row');
    await choiceRows.nth(0).getByTestId('cf-choice-zh').fill('小号');
    await choiceRows.nth(0).getByTestId('cf-choice-en').fill('Small');
    await page.getByTestId('cf-choice-add').click();
    await choiceRows.nth(1).getByTestId('cf-choice-zh').fill('中号');
    await choiceRows.nth(1).getByTestId('cf-choice-en').fill('Medium');
    expect(await page.getByTestId('cf-key').isVisible()).toBe(false);
    expect(await page.getByTestId('cf-key').inputValue()).toBe('uniform_size');
    await page.getByTestId('cf-searchable-check').check();
    await page.getByTestId('cf-show-list').check();
    await page.getByTestId('cf-create').click();
    await row('uniform_size').waitFor();
    expect(await row('uniform_size').getByTestId('cf-type').textContent()).toBe('单选');
    expect(await row('uniform_size').getByTestId('cf-show-in').textContent()).toBe('录用表单、员工列表和Excel 导出');

    // A code written by hand that cannot be used is named beside its box in plain Chinese; nothing is added.
    await page.getByTestId('cf-type-select').selectOption('text');
    await page.getByTestId('cf-label-zh').fill('鞋码');
    await page.getByTestId('cf-label-en').fill('Shoe size');
    await page.getByTestId('cf-advanced-toggle').click();
    await page.getByTestId('cf-key').fill('Bad Key');
    await page.getByTestId('cf-create').click();
    await page.getByTestId('cf-key-error').waitFor();
    expect(await page.getByTestId('cf-key-error').textContent()).toContain('字段编码请以英文小写字母开头');
    expect(await rows.count()).toBe(4);

    // Renaming keeps the key (and so every value).
    await row('position').getByTestId('cf-rename').click();
    await row('position').getByTestId('cf-rename-zh').fill('职位');
    await row('position').getByTestId('cf-rename-en').fill('Role');
    await row('position').getByTestId('cf-rename-save').click();
    await expect.poll(() => row('position').getByTestId('cf-label').textContent()).toBe('职位');

    // Deleting asks first.
    await row('health_cert_expiry').getByTestId('cf-delete').click();
    const dialog = row('health_cert_expiry').getByTestId('cf-delete-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).toContain('不会删除');
    await dialog.getByTestId('cf-delete-dialog-confirm').click();
    await row('health_cert_expiry').waitFor({ state: 'detached' });
    expect(await page.getByTestId('cf-notice').textContent()).toContain('0 名员工');

    // The hire form: a section with the form fields, a pattern error beside its field.
    await page.goto(`${web.url}/t/demo-retail/employees/new`);
    const section = page.getByTestId('hire-custom-fields');
    await section.waitFor();
    expect(await section.locator('label').allTextContents()).toEqual(['门店工号', '职位', '工服尺码']);
    await page.getByTestId('hire-name').fill('苏晓梅');
    await page.getByTestId('hire-id-number').fill(testIdNumber(81_000 + Math.floor(Math.random() * 900)));
    await page.getByTestId('hire-mobile').fill('13912340001');
    await page.getByTestId('hire-work-city').selectOption('110100');
    await page.getByTestId('hire-hire-date').fill(daysAgo(10));
    await page.getByTestId('hire-monthly-wage').fill('7200.00');
    await page.getByTestId('hire-cf-store_code').fill('bj12');
    await page.getByTestId('hire-cf-position').selectOption('cashier');
    await page.getByTestId('hire-cf-uniform_size').selectOption({ label: '中号' });
    expect(await page.getByTestId('hire-cf-uniform_size').inputValue()).toBe('medium');
    await page.getByTestId('hire-submit').click();
    await page.getByTestId('hire-cf-store_code-error').waitFor();
    expect(await page.getByTestId('hire-cf-store_code-error').textContent()).toContain('两位大写字母');
    await page.getByTestId('hire-cf-store_code').fill('BJ-0012');
    await page.getByTestId('hire-submit').click();
    // Nothing is saved until the preview panel's confirm.
    await page.getByTestId('hire-preview-confirm').click();
    await page.waitForURL(/\/employees\/[0-9a-f-]{36}\?hired=1$/);
    const employeeId = /\/employees\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    // The list: a column per list field, and a filter on a searchable one.
    await page.goto(`${web.url}/t/demo-retail/employees`);
    await page.getByTestId('employees-table').waitFor();
    await expect.poll(() => page.getByTestId('employees-cf-column').allTextContents()).toEqual(['门店工号', '职位', '工服尺码']);
    const listed = page.locator(`[data-testid="employee-row"][data-employee-id="${employeeId}"]`);
    await listed.waitFor();
    expect(await listed.locator('[data-testid="employee-cf"][data-key="position"]').textContent()).toBe('收银员');
    expect(await listed.locator('[data-testid="employee-cf"][data-key="uniform_size"]').textContent()).toBe('中号');
    await page.getByTestId('employees-cf-field').selectOption('position');
    await page.getByTestId('employees-cf-value').selectOption('sales');
    await page.getByTestId('employees-empty').waitFor();
    await page.getByTestId('employees-cf-value').selectOption('cashier');
    await listed.waitFor();
    expect(page.url()).toContain('cf=position');

    // Moved to the Shanghai branch from Beijing: a transfer starts.
    await page.goto(`${web.url}/t/demo-retail/branches`);
    await page.getByTestId('bulk-move').waitFor();
    await page.locator(`[data-testid="bulk-employee"][data-employee-id="${employeeId}"]`).check();
    await page.getByTestId('bulk-branch').selectOption({ label: '上海南京东路店（上海）' });
    await page.getByTestId('bulk-submit').click();
    const result = page.locator(`[data-testid="bulk-result"][data-employee-id="${employeeId}"]`);
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('transfer_started');
    expect(await result.getByTestId('bulk-transfer').textContent()).toBe('社保转移：北京 → 上海');
    const shanghai = page.locator('[data-testid="branch-row"][data-city="310100"]');
    await expect.poll(() => shanghai.getByTestId('branch-headcount').textContent()).toBe('1');
    await shanghai.getByTestId('branch-link').click();
    await page.locator(`[data-testid="branch-person"][data-employee-id="${employeeId}"]`).waitFor();
    expect(await page.getByTestId('branch-summary-headcount').textContent()).toBe('1');
    await page.close();
  });

  it('lets HR import attendance on the Shifts page, listing each bad row and column and importing nothing, then the month\'s overtime and the 用工备案 report', async () => {
    const page = await signedInPage('hr@demo-manufacturing.demo');
    const entities = (await (await page.request.get(`${web.url}/api/t/demo-manufacturing/entities`)).json()) as { items: { id: string; registrations: { cityCode: string }[] }[] };
    const entity = entities.items.find((e) => e.registrations.some((r) => r.cityCode === '310100'))!;
    const hired = await page.request.post(`${web.url}/api/t/demo-manufacturing/employees`, {
      headers: { origin: web.url, 'idempotency-key': `shifts-${Date.now()}` },
      data: { entityId: entity.id, name: '郑海涛', idNumber: testIdNumber(82_000 + Math.floor(Math.random() * 900)), mobile: '13912340002', hukou: 'local', workCity: '310100', hireDate: daysAgo(20), monthlyWage: '8000.00' },
    });
    expect(hired.status()).toBe(201);
    const employeeId = ((await hired.json()) as { id: string }).id;
    const day = daysAgo(5);

    await page.goto(`${web.url}/t/demo-manufacturing/shifts`);
    await page.getByTestId('shifts-page').waitFor();
    const upload = (name: string, text: string) => page.getByTestId('attendance-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    await upload('bad.csv', `employee_id,date,regular_hours,overtime_hours\n${employeeId},${day},8,abc\n00000000-0000-4000-8000-000000000000,${day},8,1\n`);
    await page.getByTestId('attendance-submit').click();
    const problems = page.getByTestId('attendance-problem');
    await problems.first().waitFor();
    const found = await problems.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-row')}:${e.getAttribute('data-column')}`));
    expect(found).toContain('2:overtime_hours');
    expect(found.some((f) => f.startsWith('3:'))).toBe(true);
    expect(await page.getByTestId('attendance-error').textContent()).toContain('没有导入任何一行');

    await upload('good.csv', `employee_id,date,regular_hours,overtime_hours\n${employeeId},${day},8,2.5\n`);
    await page.getByTestId('attendance-submit').click();
    await page.getByTestId('attendance-imported').waitFor();
    expect(await page.getByTestId('attendance-imported').getAttribute('data-rows')).toBe('1');
    const overtime = page.locator(`[data-testid="overtime-row"][data-employee-id="${employeeId}"]`);
    await overtime.waitFor();
    expect(await overtime.getByTestId('overtime-hours').textContent()).toMatch(/^2\.50?$/);
    expect(await page.getByTestId('shifts-overtime').getAttribute('data-month')).toBe(day.slice(0, 7));

    const href = await page.getByTestId('shifts-headcount-download').getAttribute('href');
    expect(href).toBe(`/api/t/demo-manufacturing/plugins/manufacturing-shifts/reports/headcount.xlsx?month=${day.slice(0, 7)}`);
    const report = await page.request.get(`${web.url}${href}`);
    expect(report.status()).toBe(200);
    expect(report.headers()['content-type']).toContain('spreadsheetml');
    expect(await page.getByTestId('headcount-row').count()).toBeGreaterThan(0);
    await page.close();
  });
});
