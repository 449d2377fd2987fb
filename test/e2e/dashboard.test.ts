import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalDataVault, createRiskScanner, seedDemoData } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { withTenant } from '@lianxu/db';
import { browserAvailable, signInAs, startDemoBrowserSession, TEST_MASTER_KEY, type BrowserSession } from '@lianxu/testing';

// What HR sees after signing in to a demo tenant with its demo history, in Chromium: the demo-data
// banner, the dashboard with the contribution cost chart by city (Shanghai priced, Hangzhou without
// policy figures noted), this month's close per city and the open risks with money at stake; then
// an employee's page with the monthly contribution lines. Its own database.
const slug = 'demo-manufacturing';
const SHOTS = process.env.LIANXU_SCREENSHOTS;

describe.skipIf(!browserAvailable())('HR dashboard and contribution lines in real Chromium', () => {
  let session: BrowserSession;
  let tenantId = '';

  beforeAll(async () => {
    session = await startDemoBrowserSession('dashboard_web');
    tenantId = (await session.web.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    const seeded = await seedDemoData({ db: session.web.db, vault: createPersonalDataVault(TEST_MASTER_KEY) }, { tenantId, demoMode: true, employees: 80 });
    expect(seeded.seeded).toBe(true);
  }, 180_000);
  afterAll(async () => {
    await session?.close();
  });

  it('HR signs in, sees the dashboard with the cost chart, and the employee page shows contribution lines', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'zh-CN'));
    await page.goto(`${web.url}/t/${slug}`);
    await page.getByTestId('dashboard').waitFor();
    expect(await page.getByTestId('demo-banner').textContent()).toContain('演示数据');

    // The chart: drawn, with Shanghai's months (Hangzhou has no policy figures yet: said below it).
    const canvas = page.getByTestId('dashboard-cost-canvas');
    await canvas.waitFor();
    expect(await canvas.getAttribute('data-cities')).toBe('310100');
    expect(await canvas.getAttribute('data-months')).toBe('12');
    expect(await page.getByTestId('dashboard-cost-unpriced').textContent()).toContain('杭州');
    const drawn = await canvas.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
      return painted;
    });
    expect(drawn).toBeGreaterThan(1000);
    // Each month's stack carries its total as a label the canvas drew (38.2万 in Chinese), on one value axis.
    const labels = async () => JSON.parse((await canvas.getAttribute('data-value-labels')) ?? '[]') as string[];
    await expect.poll(async () => (await labels()).length).toBeGreaterThan(0);
    expect((await labels()).every((l) => /^(\d+(\.\d)?万|\d+)$/.test(l)), (await labels()).join(' ')).toBe(true);
    expect(await canvas.getAttribute('data-value-axes')).toBe('1');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'dashboard.png'), fullPage: true });

    // This month's close per city, and the open risks with money at stake.
    const shanghai = page.locator('[data-testid="dashboard-close-row"][data-city="310100"]');
    expect(Number(await shanghai.getAttribute('data-open-differences'))).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="dashboard-close-row"][data-city="330100"]').getAttribute('data-state')).toBe('not_started');
    const risks = page.getByTestId('dashboard-risks');
    expect(Number(await risks.getAttribute('data-open'))).toBeGreaterThan(0);
    expect(await risks.textContent()).toMatch(/\d+ 项未处理风险，涉及金额 ¥[\d,]+\.\d\d/);

    // In English, and on a phone: the same dashboard, nothing wider than the screen.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => risks.textContent()).toMatch(/\d+ open risks, ¥[\d,]+\.\d\d at stake/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('dashboard-cost-canvas').waitFor();
    // The labels are redrawn in English (¥382k), still one value axis, at phone width.
    await expect.poll(async () => (await labels()).length > 0 && (await labels()).every((l) => /^¥\d+k?$/.test(l))).toBe(true);
    expect(await canvas.getAttribute('data-value-axes')).toBe('1');
    // The chart redraws at the new width on its resize observer's next call.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5_000 }).toBeLessThanOrEqual(390)
      .catch(async (error) => {
        const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > 400).slice(0, 8)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} [${el.getAttribute('data-testid') ?? ''}] ${Math.round(el.getBoundingClientRect().right)}`));
        throw new Error(`${(error as Error).message}; wider than the phone: ${wide.join(', ')}`);
      });
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => risks.textContent()).toMatch(/项未处理风险/);
    await page.setViewportSize({ width: 1366, height: 900 });

    // An active employee covered in Shanghai: the monthly lines with base, employer and employee amounts.
    const employee = await withTenant(web.db, tenantId, (trx) => trx.selectFrom('employees').select(['id', 'name']).where('tenant_id', '=', tenantId)
      .where('status', '=', 'active').where('work_city', '=', '310100').where('hire_date', '<', '2024-01-01')
      // One unbroken coverage period (not the employee with the planted gap).
      .where((w) => w.not(w.exists(w.selectFrom('coverage_periods as p').select('p.id').where('p.tenant_id', '=', tenantId).whereRef('p.employee_id', '=', 'employees.id').where('p.end_month', 'is not', null))))
      .orderBy('id').executeTakeFirstOrThrow());
    await page.goto(`${web.url}/t/${slug}/employees/${employee.id}`);
    await page.getByTestId('employee-contribution-lines').waitFor();
    const lines = page.getByTestId('employee-contribution-line');
    // The latest six months first (four insurances each in Shanghai), all 24 on asking.
    await expect.poll(() => lines.count()).toBe(24);
    await page.getByTestId('employee-contributions-all').click();
    await expect.poll(() => lines.count()).toBe(96);
    const first = lines.first();
    expect(await first.getAttribute('data-insurance')).toBe('pension');
    expect(Number(await first.getAttribute('data-employer-fen'))).toBeGreaterThan(0);
    expect(await first.textContent()).toContain('养老保险');
    expect(await page.getByTestId('employee-contributions-totals').textContent()).toMatch(/单位缴纳合计 ¥[\d,]+\.\d\d，个人缴纳合计 ¥[\d,]+\.\d\d/);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'employee-contributions.png'), fullPage: true });
    await page.close();
  }, 90_000);

  it('HR creates the back payment a coverage gap suggests from the risk page, and the employee page shows that employee’s findings with who acknowledged them', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'zh-CN'));
    // A gap in a city the policy prices (the demo's own gaps may all fall in Hangzhou, which has no
    // published rates and whose back payment says it cannot be estimated): a Shanghai employee's
    // coverage cut for 2025-04 and 2025-05, then the daily scan run.
    const victim = await withTenant(web.db, tenantId, (trx) => trx.selectFrom('coverage_periods as c')
      .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'c.tenant_id').onRef('e.id', '=', 'c.employee_id'))
      .select(['c.id', 'c.employee_id']).where('c.tenant_id', '=', tenantId).where('c.city_code', '=', '310100').where('c.end_month', 'is', null)
      .where('c.start_month', '<=', '2025-01').where('e.status', '=', 'active').where('e.hire_date', '<=', '2025-01-01').orderBy('c.employee_id').limit(1).executeTakeFirstOrThrow());
    await withTenant(web.db, tenantId, async (trx) => {
      await trx.updateTable('coverage_periods').set({ end_month: '2025-03' }).where('tenant_id', '=', tenantId).where('id', '=', victim.id).execute();
      await trx.insertInto('coverage_periods').values({ tenant_id: tenantId, employee_id: victim.employee_id, city_code: '310100', start_month: '2025-06', end_month: null, opened_by: randomUUID() }).execute();
    });
    await createRiskScanner({ db: web.db, library: getDefaultPolicyLibrary() }).scan(tenantId, new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
    await page.goto(`${web.url}/t/${slug}/risk`);
    // Its suggested action is a button.
    const gapRow = page.locator('[data-testid="risk-finding"][data-rule="coverage_gap"]').filter({ has: page.locator(`a[href$="${victim.employee_id}"]`) }).first();
    await gapRow.waitFor();
    const employeeHref = (await gapRow.getByRole('link').first().getAttribute('href'))!;
    const employeeId = employeeHref.split('/').at(-1)!;
    const action = gapRow.getByTestId('risk-action');
    expect(await action.getAttribute('data-kind')).toBe('back_payment');
    await action.click();
    const dialog = page.getByTestId('risk-action-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('补缴');
    await page.getByTestId('risk-action-dialog-confirm').click();
    const done = page.getByTestId('risk-action-done');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/已在 \d{4}-\d{2} 生成 \d+ 条补缴调整，合计 ¥[\d,]+\.\d\d/);
    // Its effect: the close holds the back-payment lines of the gap months for that employee.
    const lines = await withTenant(web.db, tenantId, (trx) => trx.selectFrom('adjustment_lines').select(['original_month', 'kind', 'late_fee_fen'])
      .where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).where('kind', '=', 'back_payment').execute());
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => Number(l.late_fee_fen) > 0)).toBe(true);
    // A leaver never stopped: "file the stop" opens the employee page with the termination flow, not a blind filing.
    const stop = page.locator('[data-testid="risk-finding"][data-rule="stop_not_filed"] [data-testid="risk-action"]').first();
    if (await stop.count()) expect(await stop.getAttribute('href')).toMatch(/\/employees\/[0-9a-f-]{36}\?action=terminate$/);

    // The employee page lists that employee's findings; HR acknowledges one and sees who and when.
    await page.goto(`${web.url}${employeeHref}`);
    const findings = page.getByTestId('employee-risk-findings');
    const row = findings.locator('[data-testid="risk-finding"][data-rule="coverage_gap"]');
    await row.waitFor();
    expect(await findings.locator('a[href*="/employees/"]').count()).toBe(0);
    await row.getByTestId('risk-acknowledge').click();
    await page.getByTestId('risk-acknowledge-reason').fill('补缴已生成，等待缴款');
    await page.getByTestId('risk-acknowledge-save').click();
    const by = row.getByTestId('risk-state-by');
    await by.waitFor();
    expect(await row.getAttribute('data-state')).toBe('acknowledged');
    expect(await by.textContent()).toMatch(/^.+，.*\d/);
    await page.close();
  }, 90_000);
});
