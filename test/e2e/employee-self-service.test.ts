import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { addDays, addMonths, monthOf } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { browserAvailable, launchBrowser, provisionForTest, signInAs, startWebApp, testIdNumber, uniqueSlug } from '@lianxu/testing';

// An employee on a phone (390×844): signs in through the form and lands on their own pages, sees
// their timeline, contributions and continuity rules, asks what leaving would cost, sends HR a
// leave date that then shows in their list; and nothing of a colleague ever reaches the page.
// The built web app is served (npm run build -w @lianxu/web first).
describe.skipIf(!browserAvailable())('employee self-service on a phone in real Chromium', () => {
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const slug = uniqueSlug('me-web');
  let tenantId = '';
  const me = { email: `li.lei@${slug}.test`, name: '李雷', id: '' };
  const colleague = { email: `han.meimei@${slug}.test`, name: '韩梅梅', id: '', secret: '韩梅梅的更正说明' };
  // Business dates are China's.
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const thisMonth = monthOf(today);
  const myStart = addMonths(thisMonth, -20);
  const colleagueStart = addMonths(thisMonth, -50);

  beforeAll(async () => {
    web = await startWebApp();
    tenantId = await provisionForTest(web.db, {
      slug,
      name: '自助服务测试公司',
      industry: 'retail',
      workCities: [{ code: '310100', name: '上海' }],
      settings: { warnDay: 25, approvalRequired: false },
      entities: [{ name: '甲公司', creditCode: '91310115MA1K4LX0QH', registrations: [{ city: '310100', agency: 'social_insurance', number: 'SH-ME-1', gateway: 'bureau-sim' }] }],
      demo: {
        users: [
          { email: `hr@${slug}.test`, name: '人事', role: 'hr' },
          { email: me.email, name: me.name, role: 'employee' },
          { email: colleague.email, name: colleague.name, role: 'employee' },
        ],
        consultants: [],
      },
    });
    browser = await launchBrowser();

    // HR hires both and links each member to their record, through the API as the web app would.
    const hr = await signInAs(browser, web.url, `hr@${slug}.test`);
    const post = async (path: string, data: object) => {
      const res = await hr.request.post(`${web.url}/api/t/${slug}/${path}`, { data, headers: { origin: web.url } });
      expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
      return (await res.json()) as { id: string };
    };
    const hire = (name: string, n: number, wage: string) =>
      post('employees', { name, idNumber: testIdNumber(n, '310115'), mobile: '13812345678', hukou: 'non-local', workCity: '310100', hireDate: addDays(today, -3), monthlyWage: wage });
    me.id = (await hire(me.name, 81_001, '8000.00')).id;
    colleague.id = (await hire(colleague.name, 81_002, '23456.00')).id;
    await post('employee-links', { email: me.email, employeeId: me.id });
    await post('employee-links', { email: colleague.email, employeeId: colleague.id });
    await hr.close();

    // Coverage as the bureau confirmed it, from before this job (a transfer of the record).
    await withTenant(web.db, tenantId, async (trx) => {
      const tasks = await trx.selectFrom('filing_tasks').select(['id', 'employee_id']).where('tenant_id', '=', tenantId).execute();
      const taskOf = (e: string) => tasks.find((x) => x.employee_id === e)!.id;
      await trx
        .insertInto('coverage_periods')
        .values([
          { tenant_id: tenantId, employee_id: me.id, city_code: '310100', start_month: myStart, end_month: null, opened_by: taskOf(me.id) },
          { tenant_id: tenantId, employee_id: colleague.id, city_code: '310100', start_month: colleagueStart, end_month: null, opened_by: taskOf(colleague.id) },
        ])
        .execute();
      await sql`update wage_history set effective_from = ${`${colleagueStart}-01`} where tenant_id = ${tenantId}`.execute(trx);
    });

    // The colleague sends HR a correction: it must never show on my page.
    const other = await signInAs(browser, web.url, colleague.email);
    const sent = await other.request.post(`${web.url}/api/t/${slug}/me/requests`, { data: { kind: 'correction', message: colleague.secret }, headers: { origin: web.url } });
    expect(sent.status()).toBe(201);
    await other.close();
    await browser.context.clearCookies();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  /** Every JSON answer of the API the page received, to check none carries the colleague's data. */
  function recordApiAnswers(page: Page): string[] {
    const bodies: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/') && (response.headers()['content-type'] ?? '').includes('json')) {
        void response.text().then((text) => bodies.push(text), () => {});
      }
    });
    return bodies;
  }

  it('signs in, sees their own timeline, contributions and rules, estimates leaving, sends a leave date; never a colleague\'s data', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const answers = recordApiAnswers(page);

    await page.goto(`${web.url}/sign-in`);
    await page.getByTestId('sign-in-email').fill(me.email);
    await page.getByTestId('sign-in-password').fill('lianxu-demo');
    await page.getByTestId('sign-in-submit').click();
    // One company, the employee role: straight to my pages, not the tenant home.
    await page.waitForURL(`${web.url}/t/${slug}/me`);
    await expect.poll(() => page.getByTestId('me-name').textContent()).toBe(me.name);
    expect(await page.getByTestId('page-title').textContent()).toBe('我的社保');
    expect(await page.getByTestId('me-profile').getAttribute('data-employee-id')).toBe(me.id);
    expect(await page.getByTestId('tenant-home').count()).toBe(0);
    const nav = page.getByTestId('tenant-nav').locator('a');
    expect(await nav.evaluateAll((links) => links.map((a) => a.getAttribute('data-testid')))).toEqual(['tenant-nav-me', 'tenant-nav-inbox']);

    // Timeline: Shanghai, one row per insurance, my period open since my first month.
    const timeline = page.getByTestId('me-timeline');
    await timeline.waitFor();
    expect(await page.getByTestId('me-timeline-city').getAttribute('data-city')).toBe('310100');
    const insurances = await page.getByTestId('me-timeline-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-insurance')));
    expect(insurances).toContain('pension');
    expect(insurances).toContain('medical');
    const bars = page.getByTestId('me-timeline-bar');
    expect(await bars.first().getAttribute('data-from')).toBe(myStart);
    expect(await bars.first().getAttribute('data-to')).toBe('');
    expect(await page.getByTestId('me-months-covered').textContent()).toContain('累计参保 21 个月');
    // Labels stay on the phone: the row label is visible and not clipped.
    const label = page.getByTestId('me-timeline-row').first().locator('.me-timeline-label');
    expect(await label.isVisible()).toBe(true);
    expect(await label.textContent()).toBe('养老保险');

    // Contributions: newest month first, with base, employer and employee amounts, labelled on the phone.
    const firstMonth = page.getByTestId('me-contribution-row').first();
    await firstMonth.waitFor();
    expect(await firstMonth.getAttribute('data-month')).toBe(thisMonth);
    // The last year first, all 21 months on request.
    expect(await page.getByTestId('me-contribution-row').count()).toBe(12);
    await page.getByTestId('me-contributions-all').click();
    await expect.poll(() => page.getByTestId('me-contribution-row').count()).toBe(21);
    expect(await page.getByTestId('me-contribution-row').last().getAttribute('data-month')).toBe(myStart);
    const base = firstMonth.getByTestId('me-contribution-base');
    expect(await base.textContent()).toMatch(/^[\d,]+\.\d{2}$/);
    expect(await base.getAttribute('data-label')).toBe('缴费基数');
    expect(Number((await firstMonth.getByTestId('me-contribution-employee').textContent())!.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(Number((await firstMonth.getByTestId('me-contribution-employer').textContent())!.replace(/,/g, ''))).toBeGreaterThan(0);

    // Continuity: each rule of Shanghai; 21 of 36 months inside the Outer Ring, met 15 months on; unsourced rules say so.
    const inside = page.locator('[data-testid="me-rule"][data-rule-id="shanghai.housing-purchase.inside-outer-ring"]');
    await inside.waitFor();
    expect(await inside.getAttribute('data-status')).toBe('not_met');
    expect(await inside.getByTestId('me-rule-progress').textContent()).toBe('已缴 21 个月，需要 36 个月');
    expect(await inside.getByTestId('me-rule-will-be-met').getAttribute('data-date')).toBe(`${addMonths(thisMonth, 15)}-01`);
    const outside = page.locator('[data-testid="me-rule"][data-rule-id="shanghai.housing-purchase.outside-outer-ring"]');
    expect(await outside.getAttribute('data-status')).toBe('met');
    const carPlate = page.locator('[data-testid="me-rule"][data-rule-id="shanghai.car-plate-lottery"]');
    expect(await carPlate.getByTestId('me-rule-status').textContent()).toBe('无可靠来源');
    expect(await carPlate.getByTestId('me-rule-not-sourced').textContent()).toContain('没有找到这条规定的官方来源');

    // What if I leave: a bad gap is refused under its own field, in Chinese; then the estimate.
    const nextMonthEnd = addDays(`${addMonths(thisMonth, 2)}-01`, -1);
    await page.getByTestId('me-leave-date').fill(nextMonthEnd);
    await page.getByTestId('me-leave-gap').fill('200');
    await page.getByTestId('me-leave-submit').click();
    await expect.poll(() => page.getByTestId('me-leave-gap-error').textContent()).toContain('0 到 120');
    await page.getByTestId('me-leave-gap').fill('3');
    await page.getByTestId('me-leave-submit').click();
    const result = page.getByTestId('me-leave-result');
    await result.waitFor();
    expect(await page.getByTestId('me-leave-gap-error').count()).toBe(0);
    // Leaving on the last day of next month (after the cut-off day): that month is still paid.
    expect(await page.getByTestId('me-leave-last-month').getAttribute('data-month')).toBe(addMonths(thisMonth, 1));
    expect(await page.getByTestId('me-leave-gap-period').textContent()).toContain('共 3 个月');
    expect(await page.getByTestId('me-leave-shortfall').textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(await page.getByTestId('me-leave-pension').textContent()).toContain('× 8% × 3 个月');
    const resets = page.locator('[data-testid="me-leave-qualification"][data-rule-id="shanghai.housing-purchase.inside-outer-ring"]');
    expect(await resets.getAttribute('data-resets')).toBe('true');

    // A request: a correction without a message is refused under the message field; a leave date is sent and listed.
    await page.getByTestId('me-request-kind-correction').check();
    await page.getByTestId('me-request-submit').click();
    await expect.poll(() => page.getByTestId('me-request-message-error').textContent()).toBe('请说明需要更正的内容');
    await page.getByTestId('me-request-kind-leave').check();
    const leaveDate = addDays(today, 45);
    await page.getByTestId('me-request-date').fill(leaveDate);
    await page.getByTestId('me-request-message').fill('计划离职，请安排减员');
    await page.getByTestId('me-request-submit').click();
    await page.getByTestId('me-request-sent').waitFor();
    const row = page.getByTestId('me-request-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getAttribute('data-kind')).toBe('leave');
    expect(await row.getAttribute('data-status')).toBe('open');
    expect(await row.textContent()).toContain(leaveDate);
    expect(await row.textContent()).toContain('待处理');

    // Filings about me: my enrollment.
    const filing = page.getByTestId('me-filing-row');
    await filing.first().waitFor();
    expect(await filing.count()).toBe(1);
    expect(await filing.getAttribute('data-kind')).toBe('enrollment');

    // The statement and the portal of my city.
    const statement = await page.request.get(`${web.url}${await page.getByTestId('me-statement-zh').getAttribute('href')}`);
    expect(statement.status()).toBe(200);
    expect(statement.headers()['content-type']).toBe('application/pdf');
    expect(await page.getByTestId('me-portal').getAttribute('href')).toMatch(/^https:\/\//);

    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // English on request, errors too.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('My coverage');
    await expect.poll(() => inside.getByTestId('me-rule-progress').textContent()).toBe('21 of 36 months');
    await page.getByTestId('me-leave-gap').fill('abc');
    await page.getByTestId('me-leave-submit').click();
    await expect.poll(() => page.getByTestId('me-leave-gap-error').textContent()).toContain('0 to 120');

    // Never a colleague's data: not on the page, not in any answer the page received.
    const text = (await page.textContent('body')) ?? '';
    expect(text).not.toContain(colleague.name);
    expect(text).not.toContain(colleague.secret);
    expect(answers.length).toBeGreaterThan(8);
    for (const body of answers) {
      expect(body).not.toContain(colleague.id);
      expect(body).not.toContain(colleague.name);
      expect(body).not.toContain(colleague.secret);
    }
    await page.close();
  }, 90_000);
});
