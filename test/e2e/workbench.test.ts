import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays } from '@lianxu/core';
import { browserAvailable, startDemoBrowserSession, testIdNumber, type BrowserSession } from '@lianxu/testing';

// The first screen after signing in, in Chromium: HR of one company lands on its workbench (open
// filings with the overdue one and its deadline, cities whose policy figures are missing, open
// risks, unread inbox, each a link), in both
// languages and at phone width; an employee lands on their own page; a consultant, who works for
// clients by grant, picks one. Its own database with the demo tenants.
const slug = 'demo-manufacturing';
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable())('workbenches after sign-in in real Chromium', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await startDemoBrowserSession('workbench_web');
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  async function signIn(email: string, width = 1366): Promise<Page> {
    const { web, browser } = session;
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: 900 });
    // Chinese by default on every page load (one test switches to English in the shared profile).
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'zh-CN'));
    await page.goto(`${web.url}/sign-in`);
    await page.getByTestId('sign-in-email').fill(email);
    await page.getByTestId('sign-in-password').fill('lianxu-demo');
    await page.getByTestId('sign-in-submit').click();
    return page;
  }

  it('HR lands on the workbench with the overdue enrollment and its deadline, and follows a link', async () => {
    const { web } = session;
    const page = await signIn(`hr@${slug}.demo`);
    await page.waitForURL(`${web.url}/t/${slug}`);
    // A hire entered 40 days late is an overdue enrollment (no worker files it here).
    const entities = await (await page.request.get(`${web.url}/api/t/${slug}/entities`)).json();
    const shanghai = entities.items.find((e: { registrations: { cityCode: string }[] }) => e.registrations.some((r) => r.cityCode === '310100'));
    const hireDate = addDays(today(), -40);
    const hired = await page.request.post(`${web.url}/api/t/${slug}/employees`, {
      headers: { origin: web.url },
      data: { entityId: shanghai.id, name: '郑逾期', idNumber: testIdNumber(91_001), mobile: '13912342222', hukou: 'local', workCity: '310100', hireDate, monthlyWage: '8500' },
    });
    expect(hired.status()).toBe(201);
    await page.reload();

    const work = page.getByTestId('workbench');
    await work.waitFor();
    const text = (await page.getByTestId('tenant-home').textContent())!;
    expect(text).not.toMatch(/标识|行业|你的角色|demo-manufacturing/);
    const filings = page.getByTestId('workbench-filings');
    expect(Number(await filings.getAttribute('data-open'))).toBeGreaterThanOrEqual(1);
    expect(Number(await filings.getAttribute('data-overdue'))).toBeGreaterThanOrEqual(1);
    const row = page.getByTestId('workbench-filing').filter({ hasText: '郑逾期' });
    expect(await row.getByTestId('workbench-filing-text').textContent()).toBe(`郑逾期 · 增员 · 法定期限 ${addDays(hireDate, 30)}（已逾期 10 天）`);
    expect(await page.getByTestId('workbench-risks').textContent()).toMatch(/^未处理的断缴风险 \d+ 项$/);
    // Hangzhou, one of this company's cities, has no published rates: the workbench names the
    // missing insurances and links to the policy library, with no amount for them.
    const policy = page.getByTestId('workbench-policy-city').filter({ hasText: '杭州' });
    expect(await policy.textContent()).toMatch(/^缺少杭州 \d{4}-\d{2} 的养老保险、医疗保险、.*数据，这些险种的金额无法计算/);
    expect(await page.getByTestId('workbench-policy').textContent()).not.toMatch(/¥0\.00|0\.00 元|合计 0\.00/);
    expect(await page.getByTestId('workbench-policy-open').getAttribute('href')).toBe('/policies');
    expect(await page.getByTestId('workbench-inbox').textContent()).toMatch(/^未读消息 \d+ 条$/);

    await filings.click();
    await page.waitForURL(`${web.url}/t/${slug}/tasks`);

    // English, and a phone: the same work, no overflow.
    await page.goto(`${web.url}/t/${slug}`);
    await page.getByTestId('workbench').waitFor();
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('workbench-filing').filter({ hasText: '郑逾期' }).getByTestId('workbench-filing-text').textContent()).toBe(`郑逾期 · Enrollment · Legal deadline ${addDays(hireDate, 30)} (overdue by 10 days)`);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  }, 60_000);

  /** A hire `daysBack` days ago in Shanghai (online filing, a housing-fund registration there): its enrollment is overdue after 30. */
  async function hireLate(page: Page, name: string, seq: number, daysBack: number): Promise<string> {
    const { web } = session;
    const entities = await (await page.request.get(`${web.url}/api/t/${slug}/entities`)).json();
    const shanghai = entities.items.find((e: { registrations: { cityCode: string }[] }) => e.registrations.some((r) => r.cityCode === '310100'));
    const hired = await page.request.post(`${web.url}/api/t/${slug}/employees`, {
      headers: { origin: web.url },
      data: { entityId: shanghai.id, name, idNumber: testIdNumber(seq), mobile: '13912342223', hukou: 'local', workCity: '310100', hireDate: addDays(today(), -daysBack), monthlyWage: '8500' },
    });
    expect(hired.status()).toBe(201);
    return (await hired.json()).id as string;
  }

  it('each item acts in place (zh-CN, 1366): an overdue filing recorded as filed at the counter in the side panel, a housing-fund receipt; the result in a toast and on the item', async () => {
    const { web } = session;
    const page = await signIn(`hr@${slug}.demo`);
    await page.waitForURL(`${web.url}/t/${slug}`);
    const employeeId = await hireLate(page, '孙柜台', 91_002, 48);
    await page.reload();
    const item = page.locator(`[data-testid="workbench-filing"]`).filter({ hasText: '孙柜台' });
    await item.waitFor();
    await item.getByTestId('workbench-filing-by-hand').click();
    const panel = page.getByTestId('workbench-by-hand');
    await panel.waitFor();
    expect(await page.locator('#workbench-by-hand-title').textContent()).toBe('孙柜台 的增员：已在窗口办理');
    // A day in the future is refused beside its field; nothing is recorded.
    await panel.getByTestId('workbench-by-hand-receipt-input').fill('SH-GT-WB-0001');
    await panel.getByTestId('workbench-by-hand-filed-on-input').fill(addDays(today(), 1));
    await panel.getByTestId('workbench-by-hand-confirm').click();
    await expect.poll(() => panel.getByTestId('workbench-by-hand-filed-on-error').textContent()).toContain('办理日期不能晚于今天');
    await panel.getByTestId('workbench-by-hand-filed-on-input').fill(today());
    await panel.getByTestId('workbench-by-hand-confirm').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toContain('已登记 孙柜台 的增员为窗口办理（回执 SH-GT-WB-0001），任务将记为已确认。');
    expect(await panel.isVisible()).toBe(false);
    // The item says so where the user is looking (the workflow then closes it and it leaves the list).
    await expect.poll(() => item.getByTestId('workbench-filing-recorded').textContent()).toBe(`已登记为窗口办理：回执 SH-GT-WB-0001（${today()} 办理），系统正在关闭这项任务。`);
    expect(await item.getByTestId('workbench-filing-by-hand').count()).toBe(0);

    // The housing fund's registration of the same hire: recorded in place, and it leaves the list.
    const fund = page.getByTestId('workbench-fund-item').filter({ hasText: '孙柜台' });
    await fund.getByTestId('workbench-fund-record').click();
    const fundPanel = page.getByTestId('workbench-fund-panel');
    await fundPanel.getByTestId('workbench-fund-receipt-input').fill('GJJ-WB-0001');
    await fundPanel.getByTestId('workbench-fund-panel-confirm').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('回执 GJJ-WB-0001')]));
    await expect.poll(() => page.getByTestId('workbench-fund-item').filter({ hasText: '孙柜台' }).count()).toBe(0);
    const fundFilings = await (await page.request.get(`${web.url}/api/t/${slug}/fund-filings`)).json();
    expect(fundFilings.filed.find((f: { employeeId: string }) => f.employeeId === employeeId)).toMatchObject({ receiptNo: 'GJJ-WB-0001' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await page.close();
  }, 60_000);

  it('each item acts in place (en, 390): the side panel takes the width, the toast and the item in English, nothing overflows', async () => {
    const { web } = session;
    const page = await signIn(`hr@${slug}.demo`, 390);
    await page.waitForURL(`${web.url}/t/${slug}`);
    await hireLate(page, '周窗口', 91_003, 49);
    await page.reload();
    await page.getByTestId('workbench').waitFor();
    await page.getByTestId('lang-switch').click();
    const item = page.locator(`[data-testid="workbench-filing"]`).filter({ hasText: '周窗口' });
    await expect.poll(() => item.getByTestId('workbench-filing-by-hand').textContent()).toBe('Filed at the counter: record the receipt');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await item.getByTestId('workbench-filing-by-hand').click();
    const panel = page.getByTestId('workbench-by-hand');
    await panel.waitFor();
    expect(await page.locator('#workbench-by-hand-title').textContent()).toBe('Filed at the counter: Enrollment for 周窗口');
    expect(Math.round((await panel.boundingBox())!.width)).toBeGreaterThanOrEqual(380);
    await panel.getByTestId('workbench-by-hand-confirm').click();
    await expect.poll(() => panel.getByTestId('workbench-by-hand-receipt-error').textContent()).toContain('enter the receipt number the bureau gave you');
    await panel.getByTestId('workbench-by-hand-receipt-input').fill('SH-GT-WB-0002');
    await panel.getByTestId('workbench-by-hand-confirm').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toContain('Recorded as filed at the counter: Enrollment for 周窗口 (receipt SH-GT-WB-0002); the task will count as confirmed.');
    await expect.poll(() => item.getByTestId('workbench-filing-recorded').textContent()).toBe(`Recorded as filed at the counter: receipt SH-GT-WB-0002 (filed on ${today()}); closing the task.`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  }, 60_000);

  it('an employee lands on their own page, a consultant (working for clients by grant) picks the client', async () => {
    const { web } = session;
    const employee = await signIn(`employee@${slug}.demo`, 390);
    await employee.waitForURL(`${web.url}/t/${slug}/me`);
    await employee.close();

    const consultant = await signIn('consultant@lianxu.demo');
    await consultant.getByTestId('my-tenant').first().waitFor();
    expect(consultant.url()).toBe(`${web.url}/`);
    // A company the consultant has no grant for: a permission answer in plain words, no 重试.
    await consultant.goto(`${web.url}/t/no-grant-company`);
    const notice = consultant.getByTestId('tenant-no-access');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('您没有访问它的权限（顾问需要公司管理员授权）');
    expect(await notice.textContent()).not.toContain('请求的资源不存在');
    expect(await consultant.getByRole('button', { name: '重试' }).count()).toBe(0);
    expect(await consultant.getByTestId('page-title').textContent()).toBe('无法打开这家公司');
    await consultant.getByTestId('lang-switch').click();
    await expect.poll(() => notice.textContent()).toContain('a consultant needs a grant from its admin');
    await consultant.close();
  }, 60_000);
});
