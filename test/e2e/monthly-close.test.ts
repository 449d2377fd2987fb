import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedLines, type ExpectedLine } from '@lianxu/core';
import { browserAvailable, firstEntityId, launchBrowser, provisionDemoTenants, scratchDatabase, seedCloseEmployees, signInAs, startWebApp } from '@lianxu/testing';

// HR closes a month in Chromium: opens Shanghai 2024-09 for two covered employees, records a bill
// whose pension line for one of them is 100 yuan too high, records payroll's deductions by name,
// matches, sees the rate difference (table and chart), resolves it with a reason, locks the month,
// and a later change to the month is refused with a message naming it. Its own database.
const SHOTS = process.env.LIANXU_SCREENSHOTS;
const slug = 'demo-manufacturing';
const CITY = '310100';
const MONTH = '2024-09';
const yuan = (fen: number) => (fen / 100).toFixed(2);

describe.skipIf(!browserAvailable())('the monthly close in real Chromium', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let entityId = '';
  let ids: string[] = [];
  let expected: ExpectedLine[] = [];

  beforeAll(async () => {
    scratch = await scratchDatabase('close_web');
    web = await startWebApp({ demoMode: true }, { connectionString: scratch.appUrl });
    const tenantId = (await provisionDemoTenants(web.db))[slug]!;
    entityId = await firstEntityId(web.db, tenantId);
    ids = await seedCloseEmployees(web.db, tenantId, entityId, [
      { name: '赵一', city: CITY, from: '2024-01', wages: [['2024-01-02', 1_200_000]] },
      { name: '钱二', city: CITY, from: '2024-01', wages: [['2024-01-02', 900_000]] },
    ]);
    const priced = await expectedLines(web.db, { tenantId, entityId, cityCode: CITY, month: MONTH });
    expect(priced.unpriced).toEqual([]);
    expected = priced.lines;
    expect(expected.length).toBeGreaterThan(2);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await scratch?.drop();
  });

  it('HR opens a month, records the bill and the deductions, matches, resolves the difference and locks; a later change is refused', async () => {
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.setViewportSize({ width: 1366, height: 1600 });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });

    // From the nav to a new month.
    await page.goto(`${web.url}/t/${slug}`);
    await page.getByTestId('tenant-nav-close').click();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('月结');
    await expect.poll(() => page.locator('[data-testid="close-open-entity"] option').count()).toBe(2);
    await page.getByTestId('close-open-entity').selectOption(entityId);
    await page.getByTestId('close-open-city').selectOption(CITY);
    await page.getByTestId('close-open-month').fill(MONTH);
    await page.getByTestId('close-open-submit').click();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe(`上海 ${MONTH} 月结`);
    expect(await page.getByTestId('close-state').textContent()).toBe('等待账单');
    // What the close waits for, and the city's payment window from the tenant's cut-off day.
    expect(await page.getByTestId('close-workflow-status').textContent()).toBe('等待社保账单和工资扣款');
    expect(await page.getByTestId('close-workflow-due').textContent()).toBe(`${MONTH}-25 （贵司为本市设置的截止日）`);

    // A bill with a bad period is refused before sending, naming the line and the column.
    const header = '员工编号,姓名,险种,费款所属期起,缴费基数,单位缴费,个人缴费';
    const billLines = expected.map((l) => {
      const employer = l.employerFen + (l.employeeId === ids[0] && l.insurance === 'pension' ? 10_000 : 0);
      return `${l.employeeId},x,${l.insurance},${MONTH},${yuan(l.baseFen)},${yuan(employer)},${yuan(l.employeeFen)}`;
    });
    await page.getByTestId('close-bill-text').fill([header, billLines[0]!.replace(`,${MONTH},`, ',2024-13,'), ...billLines.slice(1)].join('\n'));
    await page.getByTestId('close-bill-submit').click();
    await expect.poll(() => page.getByTestId('close-bill-problem').first().textContent()).toBe('第 2 行: 「费款所属期起」须为月份，例如 2026-03');
    expect(await page.getByTestId('close-summary-bill').textContent()).toBe('未导入');

    await page.getByTestId('close-bill-text').fill([header, ...billLines].join('\n'));
    await page.getByTestId('close-bill-submit').click();
    await expect.poll(() => page.getByTestId('close-bill-done').textContent()).toBe(`已导入 ${expected.length} 行账单。`);
    await expect.poll(() => page.getByTestId('close-summary-bill').textContent()).toBe(`${expected.length} 行`);
    await expect.poll(() => page.getByTestId('close-workflow-status').textContent()).toBe('等待工资扣款');

    // Payroll names people; the page finds them among the city's employees.
    const names: Record<string, string> = { [ids[0]!]: '赵一', [ids[1]!]: '钱二' };
    const withheld = expected.filter((l) => l.employeeFen > 0).map((l) => `${names[l.employeeId]},${l.insurance},${yuan(l.employeeFen)}`);
    await page.getByTestId('close-deductions-text').fill(['姓名,险种,个人扣款', ...withheld].join('\n'));
    await page.getByTestId('close-deductions-submit').click();
    await expect.poll(() => page.getByTestId('close-deductions-done').textContent()).toBe(`已导入 ${withheld.length} 行扣款。`);

    // The match finds the one rate difference: 100 yuan billed too much on 赵一's pension.
    await page.getByTestId('close-match-submit').click();
    await expect.poll(() => page.getByTestId('close-match-done').textContent()).toBe(`对账完成：应缴 ${expected.length} 行，发现 1 条差异。`);
    const row = page.getByTestId('close-diff');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getAttribute('data-class')).toBe('rate');
    expect(await row.getAttribute('data-insurance')).toBe('pension');
    expect(await row.getByTestId('close-diff-amount').textContent()).toBe('100.00');
    expect(await row.getByTestId('close-diff-class').textContent()).toBe('费率差异');
    expect(await row.textContent()).toContain('赵一');
    expect(await page.getByTestId('close-state').textContent()).toBe('有待处理差异');

    // The chart of expected vs billed is drawn (chart.js as a same-origin chunk).
    const chart = page.getByTestId('close-chart');
    await expect.poll(() => chart.getAttribute('data-classes')).toBe('rate');
    await expect
      .poll(() =>
        chart.evaluate((c: HTMLCanvasElement) => {
          const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
          return false;
        }),
      )
      .toBe(true);

    // Locking with a difference open is refused in plain words.
    await page.getByTestId('close-lock').click();
    await page.getByTestId('close-dialog-confirm').click();
    await expect.poll(() => page.getByTestId('close-dialog-error').textContent()).toBe('还有 1 条差异未处理，不能锁账');
    await page.getByTestId('close-dialog-cancel').click();

    // Accepting needs a reason: the API's message shows beside the field.
    await row.getByTestId('close-diff-resolve').click();
    await row.getByTestId('close-resolve-action').selectOption('accept');
    await row.getByTestId('close-resolve-save').click();
    await expect.poll(() => row.getByTestId('close-resolve-reason-error').count()).toBe(1);
    await row.getByTestId('close-resolve-reason').fill('经办机构已确认下月退回');
    await row.getByTestId('close-resolve-save').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('accepted');
    expect(await row.getByTestId('close-diff-state').textContent()).toBe('已接受：经办机构已确认下月退回');

    // HR signs off: the month shows it is locked and its edits are off.
    await expect.poll(() => page.getByTestId('close-state').textContent()).toBe('可以锁账');
    await page.getByTestId('close-lock').click();
    await page.getByTestId('close-dialog-confirm').click();
    await expect.poll(() => page.getByTestId('close-month').getAttribute('data-state')).toBe('locked');
    expect(await page.getByTestId('close-state').textContent()).toBe('已锁账');
    expect(await page.getByTestId('close-locked-notice').textContent()).toContain('该月已锁账');
    expect(await page.getByTestId('close-bill-text').isDisabled()).toBe(true);
    expect(await page.getByTestId('close-bill-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('close-match-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('close-lock').count()).toBe(0);
    // HR is not a tenant admin: no unlock.
    expect(await page.getByTestId('close-unlock').count()).toBe(0);

    // A correction paid into the locked month is refused (409), naming the month.
    await expect.poll(() => page.locator('[data-testid="close-adj-employee"] option').count()).toBe(3);
    await page.getByTestId('close-adj-employee').selectOption(ids[1]!);
    await page.getByTestId('close-adj-original').fill('2024-08');
    await page.getByTestId('close-adj-target').fill(MONTH);
    await page.getByTestId('close-adj-employer').fill('10');
    await page.getByTestId('close-adj-employee-amount').fill('5');
    await page.getByTestId('close-adj-reason').fill('工资补录');
    await page.getByTestId('close-adj-submit').click();
    await expect.poll(() => page.getByTestId('close-adj-error').textContent()).toContain(`上海 ${MONTH} 已锁账，不能再修改该月的数据`);

    // Into the next open month it is taken, with its late fee.
    await page.getByTestId('close-adj-original').fill(MONTH);
    await page.getByTestId('close-adj-target').fill('2024-10');
    await page.getByTestId('close-adj-pay-on').fill('2024-10-25');
    await page.getByTestId('close-adj-submit').click();
    await expect.poll(() => page.getByTestId('close-adj-done').textContent()).toBe('已记入 2024-10：滞纳金 ¥0.23。');
    await expect.poll(() => page.getByTestId('close-adj').count()).toBe(1);
    expect(await page.getByTestId('close-adj').getAttribute('data-kind')).toBe('back_payment');

    // The list shows the month locked.
    await page.getByTestId('close-back').click();
    const listed = page.locator(`[data-testid="close-row"][data-month="${MONTH}"]`);
    await expect.poll(() => listed.getAttribute('data-state')).toBe('locked');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'monthly-close.png'), fullPage: true });
    expect(violations).toEqual([]);
  });

  it('a tenant admin, in English, unlocks the month only with a reason; the edits come back', async () => {
    const page = await signInAs(browser, web.url, `admin@${slug}.demo`);
    await page.goto(`${web.url}/t/${slug}`);
    await page.evaluate(() => localStorage.setItem('lianxu.lang', 'en'));
    await page.goto(`${web.url}/t/${slug}/close/${entityId}/${CITY}/${MONTH}`);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe(`Monthly close ${MONTH}, Shanghai`);
    expect(await page.getByTestId('close-state').textContent()).toBe('Locked');
    expect(await page.getByTestId('close-locked-notice').textContent()).toContain('This month is locked');
    // The accepted difference keeps its reason; its class is named in English.
    expect(await page.getByTestId('close-diff-class').textContent()).toBe('Rate');

    await page.getByTestId('close-unlock').click();
    await page.getByTestId('close-dialog-confirm').click();
    await expect.poll(() => page.getByTestId('close-dialog-error').count()).toBe(1);
    expect(await page.getByTestId('close-month').getAttribute('data-state')).toBe('locked');
    await page.getByTestId('close-unlock-reason-input').fill('账单重出');
    await page.getByTestId('close-dialog-confirm').click();
    await expect.poll(() => page.getByTestId('close-month').getAttribute('data-state')).toBe('open');
    expect(await page.getByTestId('close-unlock-reason').textContent()).toBe('This month was unlocked before, because: 账单重出');
    expect(await page.getByTestId('close-bill-text').isDisabled()).toBe(false);
    expect(await page.getByTestId('close-match-submit').isDisabled()).toBe(false);
  });
});
