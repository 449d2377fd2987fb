import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDualRunDay, createDualRun } from '@lianxu/core';
import { injectDivergence } from '@lianxu/legacy-sim';
import { browserAvailable, launchBrowser, provisionDemoTenants, scratchDatabase, signInAs, startWebApp } from '@lianxu/testing';
import { hrDoubleKeying, pickEmployee, promotedTenant, vault } from '../integration/data-migration/dual-run.fixture';

// A tenant admin opens the dual-run dashboard in Chromium: a promoted migration beside its old
// system, two days compared (the second with a wage typed differently in the old system); the chart
// shows both days, the open difference is counted under its class, the table shows both systems'
// values for the person, and explaining it takes it off the open count; the run says who files with
// the bureau and switches from shadow to live only once the switch is signed off. Its own database.
const slug = 'demo-manufacturing';
const START = '2024-10-08';

describe.skipIf(!browserAvailable())('the dual-run dashboard in real Chromium', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let pool: pg.Pool;
  let ctx: Awaited<ReturnType<typeof promotedTenant>>;

  beforeAll(async () => {
    scratch = await scratchDatabase('dual_run_web');
    web = await startWebApp({ demoMode: true }, { connectionString: scratch.appUrl });
    const tenantId = (await provisionDemoTenants(web.db))[slug]!;
    pool = new pg.Pool({ connectionString: scratch.appUrl, max: 2 });
    ctx = await promotedTenant(web.db, pool, tenantId, 25);
    await createDualRun({ db: web.db, vault }, tenantId, { runId: ctx.runId, source: { url: ctx.pkg.legacy.store.readOnlyUrl, sslmode: 'prefer' }, startDay: START });
    await injectDivergence(ctx.pkg.legacy.store, { day: '2024-10-09', kind: 'wage_typed_differently', empNo: await pickEmployee(ctx.pkg.legacy.store) });
    const keyIn = hrDoubleKeying(web.db, ctx.pkg.legacy.store, tenantId, START);
    for (const day of [START, '2024-10-09']) {
      await keyIn(day);
      await compareDualRunDay({ db: web.db, vault }, { tenantId, runId: ctx.runId, day });
    }
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await ctx?.pkg.close();
    await pool?.end();
    await web?.close();
    await scratch?.drop();
  });

  it('shows the daily match rate, open differences by class and both sides of a difference; explaining it closes it; the switch to live needs a sign-off', async () => {
    const page = await signInAs(browser, web.url, `admin@${slug}.demo`);
    // From the promoted run's page, as an admin finds it (not by typing the address).
    await page.goto(`${web.url}/t/${slug}/migrations/${ctx.runId}`);
    await page.getByTestId('dual-run-link').click();
    await expect.poll(() => page.url()).toContain(`/migrations/${ctx.runId}/dual-run`);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('并行运行');
    await expect.poll(() => page.getByTestId('dual-run-chart').getAttribute('data-days')).toBe('2');
    expect(await page.locator('[data-testid="dual-run-open-by-class"] li[data-class="data"]').textContent()).toContain('数据: 1');
    await page.getByTestId('dual-run-filter-class').selectOption('data');
    await expect.poll(() => page.getByTestId('dual-run-difference').count()).toBe(1);
    const row = page.getByTestId('dual-run-difference').first();
    expect(await row.getAttribute('data-kind')).toBe('roster');
    expect(await row.textContent()).toMatch(/active\|\d{6}\|\d+.*active\|\d{6}\|\d+/);
    await row.getByTestId('dual-run-explain').click();
    await expect.poll(() => page.locator('[data-testid="dual-run-open-by-class"] li[data-class="data"]').textContent()).toContain('数据: 0');
    expect(await page.getByTestId('dual-run-status').textContent()).toBe('运行中');
    // Who files with the bureau: the old system (shadow) until someone signs the switch to live off.
    expect(await page.getByTestId('dual-run-held-back').textContent()).toContain('由原系统向社保经办机构申报');
    expect(await page.getByTestId('dual-run-switch-mode').isDisabled()).toBe(true);
    await page.getByTestId('dual-run-sign-off').check();
    await page.getByTestId('dual-run-switch-mode').click();
    await expect.poll(() => page.getByTestId('dual-run-held-back').textContent()).toContain('由连续向社保经办机构申报');
    expect(await page.getByTestId('dual-run-switch-mode').textContent()).toBe('退回原系统申报');
  });
});
