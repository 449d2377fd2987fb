import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withTenant } from '@lianxu/db';
import { addDays } from '@lianxu/core';
import { browserAvailable, signInAs, startDemoBrowserSession, testIdNumber, type BrowserSession } from '@lianxu/testing';

// The 申报任务 page in Chromium at 1366 and 390 px: a stop shows its deadline; an overdue
// enrollment offers real actions (file now with the sheet, the receipt, 补缴 guidance); a task that
// is confirmed while the page is open is announced in a live region as it moves to 最近完成, and
// the two tables share their column widths. Employee search finds a given name and the last four
// ID digits the list shows. Its own database with the demo tenants; no worker runs here, so tasks
// stay as the API wrote them until the test settles one.
const slug = 'demo-manufacturing';
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable())('the tasks page and employee search in real Chromium', () => {
  let session: BrowserSession;
  let late: string;
  let leaver: string;

  beforeAll(async () => {
    session = await startDemoBrowserSession('tasks_page_web');
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    const entities = await (await page.request.get(`${web.url}/api/t/${slug}/entities`)).json();
    const shanghai = entities.items.find((e: { registrations: { cityCode: string }[] }) => e.registrations.some((r) => r.cityCode === '310100'));
    const hire = async (name: string, seq: number, hireDate: string) => {
      const res = await page.request.post(`${web.url}/api/t/${slug}/employees`, {
        headers: { origin: web.url },
        data: { entityId: shanghai.id, name, idNumber: testIdNumber(seq), mobile: '13912343333', hukou: 'local', workCity: '310100', hireDate, monthlyWage: '8,500' },
      });
      expect(res.status()).toBe(201);
      return (await res.json()).id as string;
    };
    late = await hire('王小明', 93_001, addDays(today(), -40));
    leaver = await hire('钱离开', 93_002, addDays(today(), -90));
    const stopped = await page.request.post(`${web.url}/api/t/${slug}/employees/${leaver}/termination`, {
      headers: { origin: web.url, 'Idempotency-Key': `leave-${leaver}` },
      data: { lastWorkingDay: addDays(today(), -1), reason: '个人原因' },
    });
    expect(stopped.status()).toBe(200);
    await page.close();
  }, 180_000);
  afterAll(() => session?.close());

  const row = (page: Page, employeeId: string, kind: string) => page.locator(`[data-testid="task-row"][data-employee-id="${employeeId}"][data-kind="${kind}"]`);

  it('shows a stop its deadline, offers the overdue enrollment real actions, and announces a confirmed task as it moves', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${web.url}/t/${slug}/tasks`);
    const stop = row(page, leaver, 'stop');
    await stop.waitFor();
    // The stop's deadline is the city's cut-off day, not "—".
    const stopText = (await stop.textContent())!;
    expect(stopText).toMatch(/期限 \d{4}-\d{2}-\d{2}/);
    expect(await stop.getByTestId('task-countdown').count()).toBe(1);

    // The overdue enrollment: file now (the sheet), filed by hand, 补缴 guidance.
    const enrollment = row(page, late, 'enrollment');
    await enrollment.getByTestId('task-overdue-open').click();
    const panel = enrollment.getByTestId('task-overdue-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain(`已超过期限 ${addDays(addDays(today(), -40), 30)}`);
    expect(await panel.getByTestId('task-overdue-sheet').getAttribute('href')).toMatch(/\/tasks\/[0-9a-f-]+\/filing-sheet\.xlsx$/);
    expect(await panel.getByTestId('task-overdue-back-pay').textContent()).toContain('万分之五滞纳金');
    expect(await panel.getByTestId('task-overdue-by-hand').textContent()).toContain('录入回执');

    // Both tables share their column widths.
    const widths = (testId: string) => page.getByTestId(testId).locator('thead th').evaluateAll((ths) => ths.map((th) => Math.round(th.getBoundingClientRect().width)));
    expect(await widths('tasks-closed')).toEqual(await widths('tasks-open'));

    // The bureau confirms the stop while the page is open: the move is announced, politely.
    const announce = page.getByTestId('tasks-announce');
    expect(await announce.getAttribute('aria-live')).toBe('polite');
    const tenant = await web.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    await withTenant(web.db, tenant.id, (trx) =>
      trx.updateTable('filing_tasks').set({ status: 'confirmed', open: false, closed_at: new Date(), receipt_no: 'SH-E2E-1' }).where('tenant_id', '=', tenant.id).where('employee_id', '=', leaver).where('kind', '=', 'stop').execute());
    await expect.poll(() => announce.textContent(), { timeout: 10_000 }).toBe('钱离开 的减员（停缴）：已确认，已移到「最近完成」。');
    const stopOf = `[data-employee-id="${leaver}"][data-kind="stop"]`;
    await expect.poll(() => page.getByTestId('tasks-closed').locator(stopOf).count()).toBe(1);
    expect(await page.getByTestId('tasks-open').locator(stopOf).count()).toBe(0);

    // At 390 px the rows are labelled cards and nothing overflows.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  }, 90_000);

  it('shows social insurance and the housing fund as separate tracks on the employee page, and the housing fund\'s own filings on the tasks page', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${web.url}/t/${slug}/employees/${late}`);
      const tracks = page.getByTestId('insurance-tracks');
      await tracks.waitFor();
      expect(await tracks.getByTestId('track-social-insurance').textContent()).toContain('上海增员');
      expect(await tracks.getByTestId('track-housing-fund-registration').textContent()).toBe('单位上海公积金登记号 SH-HF-0731001');
      // The housing fund's own filing: hired 40 days ago, its 缴存登记 was due 10 days ago.
      expect(await tracks.getByTestId('track-housing-fund-filing').textContent()).toBe(`上海 缴存登记（自 ${addDays(today(), -40).slice(0, 7)} 起缴存）：已逾期 10 天（应于 ${addDays(today(), -10)} 前办理）`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
    await page.goto(`${web.url}/t/${slug}/tasks`);
    expect(await page.getByTestId('tasks-tracks').textContent()).toContain('住房公积金是单独的一项');
    // On the tasks page the housing fund is its own list: HR records the fund centre's receipt.
    const fund = page.locator(`[data-testid="fund-to-file"] [data-employee-id="${late}"]`);
    await fund.waitFor();
    expect(await fund.getAttribute('data-overdue')).toBe('true');
    await fund.getByTestId('fund-record').click();
    await page.getByTestId('fund-receipt-submit').click();
    await expect.poll(() => page.getByTestId('fund-receipt-error').textContent()).toContain('请填写公积金中心的受理回执号');
    await page.getByTestId('fund-receipt-input').fill('GJJ-2026-000731');
    await page.getByTestId('fund-receipt-submit').click();
    const filed = page.locator(`[data-testid="fund-filed"] [data-employee-id="${late}"]`);
    await expect.poll(() => filed.count()).toBe(1);
    expect(await filed.textContent()).toContain('回执 GJJ-2026-000731');
    expect(await page.locator(`[data-testid="fund-to-file"] [data-employee-id="${late}"]`).count()).toBe(0);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  }, 60_000);

  it('says a filing notice in English from its filing, and marks it resolved once the filing is confirmed', async () => {
    const { web, browser } = session;
    const tenant = await web.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const hr = await web.db.selectFrom('users').select('id').where('email', '=', `hr@${slug}.demo`).executeTakeFirstOrThrow();
    const task = await withTenant(web.db, tenant.id, (trx) =>
      trx.selectFrom('filing_tasks').select('id').where('tenant_id', '=', tenant.id).where('employee_id', '=', leaver).where('kind', '=', 'enrollment').executeTakeFirstOrThrow());
    // The day-25 warning as the lifecycle activity writes it (in Chinese).
    await withTenant(web.db, tenant.id, (trx) =>
      trx.insertInto('notifications').values({ tenant_id: tenant.id, dedupe_key: `e2e-warning:${task.id}`, channel: 'in_app', recipient_user_id: hr.id, kind: 'deadline_warning', subject: '钱离开 的社保增员尚未确认', body: '【连续】钱离开的社保增员尚未获经办机构确认。请尽快处理。', task_id: task.id, status: 'sent', provider: 'inbox', sent_at: new Date() }).execute());
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'en'));
    await page.goto(`${web.url}/t/${slug}/inbox`);
    const item = page.locator('[data-testid="inbox-item"][data-kind="deadline_warning"]');
    await item.waitFor();
    expect(await item.getByTestId('inbox-subject').textContent()).toBe('钱离开: Enrollment not yet confirmed');
    expect(await item.getByTestId('inbox-body').textContent()).toMatch(/^The enrollment of 钱离开 in Shanghai \(from \d{4}-\d{2}\) is not yet confirmed by the bureau\. Please handle it soon\.$/);
    expect(await item.getByTestId('inbox-item-resolved').count()).toBe(0);
    await withTenant(web.db, tenant.id, (trx) => trx.updateTable('filing_tasks').set({ status: 'confirmed', open: false, closed_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', task.id).execute());
    await page.reload();
    await item.getByTestId('inbox-item-resolved').waitFor();
    expect(await item.getByTestId('inbox-item-resolved').textContent()).toBe('Resolved');
    await page.close();
  }, 60_000);

  it('in English: the overdue actions and the stop deadline in English words', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'en'));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${web.url}/t/${slug}/tasks`);
    const enrollment = row(page, late, 'enrollment');
    await enrollment.getByTestId('task-overdue-open').click();
    const panel = enrollment.getByTestId('task-overdue-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('File now');
    expect(await panel.textContent()).toContain('Back pay');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The housing fund's track in English (its registration was recorded by the test above).
    await page.goto(`${web.url}/t/${slug}/employees/${late}`);
    const fund = page.getByTestId('track-housing-fund-filing');
    await fund.waitFor();
    expect(await fund.textContent()).toMatch(/^Shanghai: Registration \(paying from \d{4}-\d{2}\), filed on \d{4}-\d{2}-\d{2}, receipt GJJ-2026-000731$/);
    await page.close();
  }, 60_000);

  it('records an overdue online enrollment as filed at the counter from the side panel: field errors, the toast, the row updated, then closed by its workflow', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    const entities = await (await page.request.get(`${web.url}/api/t/${slug}/entities`)).json();
    const shanghai = entities.items.find((e: { registrations: { cityCode: string }[] }) => e.registrations.some((r) => r.cityCode === '310100'));
    const hired = await page.request.post(`${web.url}/api/t/${slug}/employees`, {
      headers: { origin: web.url },
      data: { entityId: shanghai.id, name: '赵窗口', idNumber: testIdNumber(93_003), mobile: '13912343334', hukou: 'local', workCity: '310100', hireDate: addDays(today(), -38), monthlyWage: '9000' },
    });
    expect(hired.status()).toBe(201);
    const counter = (await hired.json()).id as string;
    // In Chinese whatever language an earlier test of this browser left in storage.
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'zh-CN'));
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${web.url}/t/${slug}/tasks`);
    const enrollment = row(page, counter, 'enrollment');
    await enrollment.getByTestId('task-overdue-open').click();
    await enrollment.getByTestId('task-by-hand-open').click();
    const panel = page.getByTestId('by-hand-panel');
    await panel.waitFor();
    expect(await page.locator('#by-hand-panel-title').textContent()).toBe('赵窗口 的增员：已在窗口办理');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('by-hand-panel-title');
    // Nothing typed: the field says what is missing, and nothing is recorded.
    await panel.getByTestId('by-hand-panel-confirm').click();
    await expect.poll(() => panel.getByTestId('by-hand-panel-receipt-error').textContent()).toContain('请填写经办机构窗口给的受理回执号');
    await panel.getByTestId('by-hand-panel-receipt-input').fill('SH-GT-E2E-0001');
    await panel.getByTestId('by-hand-panel-filed-on-input').fill(addDays(today(), -1));
    await panel.getByTestId('by-hand-panel-confirm').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toContain('已登记 赵窗口 的增员为窗口办理（回执 SH-GT-E2E-0001），任务将记为已确认。');
    expect(await panel.isVisible()).toBe(false);
    const recorded = enrollment.getByTestId('task-by-hand-recorded');
    await expect.poll(() => recorded.textContent()).toBe(`已登记为窗口办理：回执 SH-GT-E2E-0001（${addDays(today(), -1)} 办理），系统正在关闭这项任务。`);
    const tenant = await web.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const hr = await web.db.selectFrom('users').select('id').where('email', '=', `hr@${slug}.demo`).executeTakeFirstOrThrow();
    const task = await withTenant(web.db, tenant.id, (trx) =>
      trx.selectFrom('filing_tasks').select(['id', 'workflow_id', 'hand_filed_by']).where('tenant_id', '=', tenant.id).where('employee_id', '=', counter).where('kind', '=', 'enrollment').executeTakeFirstOrThrow());
    expect(task.hand_filed_by).toBe(hr.id);
    const signal = await withTenant(web.db, tenant.id, (trx) =>
      trx.selectFrom('outbox').select('signal_name').where('tenant_id', '=', tenant.id).where('workflow_id', '=', task.workflow_id).where('kind', '=', 'signal').execute());
    expect(signal).toEqual([{ signal_name: 'filedByHand' }]);
    // No worker runs here: the workflow's answer (the task confirmed with the counter's receipt) is written as it would write it.
    await withTenant(web.db, tenant.id, (trx) =>
      trx.updateTable('filing_tasks').set({ status: 'confirmed', open: false, closed_at: new Date(), receipt_no: 'SH-GT-E2E-0001' }).where('tenant_id', '=', tenant.id).where('id', '=', task.id).execute());
    const closed = page.getByTestId('tasks-closed').locator(`[data-employee-id="${counter}"][data-kind="enrollment"]`);
    await expect.poll(() => closed.count(), { timeout: 10_000 }).toBe(1);
    expect(await closed.getByTestId('task-receipt').textContent()).toBe('SH-GT-E2E-0001');
    await page.close();
  }, 60_000);

  it('finds an employee by the given name (小明 finds 王小明) and by the last four ID digits the list shows', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${web.url}/t/${slug}/employees`);
      await page.getByTestId('employees-search').fill('小明');
      await page.getByTestId('employees-search-submit').click();
      await expect.poll(() => page.getByTestId('employee-row').allTextContents().then((rows) => rows.length === 1 && rows[0]!.includes('王小明'))).toBe(true);
      const masked = (await page.getByTestId('employee-id-masked').first().textContent())!;
      const lastFour = masked.slice(-4);
      expect(lastFour).toMatch(/^\d{3}[\dX]$/);
      await page.getByTestId('employees-search').fill(lastFour);
      await page.getByTestId('employees-search-submit').click();
      await expect.poll(() => page.getByTestId('employee-id-masked').allTextContents()).toContain(masked);
      expect((await page.getByTestId('employee-id-masked').allTextContents()).every((m) => m.endsWith(lastFour))).toBe(true);
    }
    await page.close();
  }, 60_000);
});
