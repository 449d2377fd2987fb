import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startBrowserSession, type BrowserSession } from '@lianxu/testing';

// Set LIANXU_SCREENSHOTS=/some/dir to keep what the browser saw.
const SHOTS = process.env.LIANXU_SCREENSHOTS;

describe.skipIf(!browserAvailable())('policy library and calculator in real Chromium', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await startBrowserSession();
  });
  afterAll(() => session?.close());

  it('quotes Beijing in Chinese with totals, a chart and field errors, under the CSP', async () => {
    const page = await session.browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 1400 });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${session.web.url}/calculator`);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('缴费计算器');
    expect(await page.getByTestId('nav').textContent()).toContain('政策库');

    // A bad wage is named next to its field, in Chinese.
    await expect.poll(() => page.locator('[data-testid="calc-city"] option[value="110100"]').count()).toBe(1);
    await page.getByTestId('calc-city').selectOption('110100');
    await page.getByTestId('calc-month').fill('2024-09');
    await page.getByTestId('calc-wage').fill('八千');
    await page.getByTestId('calc-submit').click();
    await expect.poll(() => page.getByTestId('calc-wage-error').textContent()).toContain('月工资');
    expect(await page.getByTestId('calc-error').isVisible()).toBe(true);
    expect(await page.getByTestId('calc-wage').getAttribute('aria-invalid')).toBe('true');

    await page.getByTestId('calc-wage').fill('40000');
    await page.getByTestId('calc-submit').click();
    await expect.poll(() => page.getByTestId('calc-total-employer').textContent()).toBe('9,350.00');
    expect(await page.getByTestId('calc-total-employee').textContent()).toBe('3,707.72');
    expect(await page.getByTestId('calc-error').count()).toBe(0);
    const result = page.getByTestId('calc-result');
    expect(await result.getAttribute('data-policy-id')).toBe('110100-2024-r1');
    expect(await result.textContent()).toContain('养老保险');
    // Beijing's 3 yuan on the employee's medical line is explained, not hidden in the amount.
    await expect.poll(() => result.locator('tr[data-insurance="medical"]').textContent()).toContain('含固定金额 3.00 元');

    // The chart is drawn (chart.js loaded as a same-origin chunk, no inline script).
    const chart = page.getByTestId('calc-chart');
    await expect.poll(() => chart.isVisible()).toBe(true);
    await expect.poll(() => chart.evaluate((c: HTMLCanvasElement) => c.width > 0 && c.height > 0)).toBe(true);
    await expect
      .poll(() =>
        chart.evaluate((c: HTMLCanvasElement) => {
          const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
          return false;
        }),
      )
      .toBe(true);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'calculator.png'), fullPage: true });

    // A housing-fund rate as people type it: the hint shows a percentage, and 12%, 12 and 0.12 all quote 12%.
    expect(await page.locator('#calc-housing-fund-rate-hint').textContent()).toContain('如 12%');
    const fund = result.locator('tr[data-insurance="housingFund"]');
    let fundLine = '';
    for (const typed of ['12%', '12', '0.12']) {
      // Without a rate there is no housing-fund line: each typed rate's line is its own answer.
      await page.getByTestId('calc-housing-fund-rate').fill('');
      await page.getByTestId('calc-submit').click();
      await expect.poll(() => fund.count()).toBe(0);
      await page.getByTestId('calc-housing-fund-rate').fill(typed);
      await page.getByTestId('calc-submit').click();
      await expect.poll(() => fund.count(), typed).toBe(1);
      const cells = await fund.locator('td').allTextContents();
      expect([typed, cells[1], cells[3]]).toEqual([typed, '12%', '12%']);
      fundLine ||= cells.join('|');
      expect(cells.join('|'), typed).toBe(fundLine);
    }
    expect(await page.getByTestId('calc-error').count()).toBe(0);
    expect(violations).toEqual([]);
  });

  it('shows the policy library with sources, and an unverified badge for Hangzhou', async () => {
    const page = await session.browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 1400 });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${session.web.url}/policies?city=110100&year=2024`);
    await expect.poll(() => page.getByTestId('policy-list').textContent()).toContain('杭州');
    const detail = page.getByTestId('policy-detail');
    await expect.poll(() => detail.getAttribute('data-policy-id')).toBe('110100-2024-r1');
    expect(await detail.textContent()).toContain('6,821.00');
    // 2024 is followed by Beijing's 2025 and 2026 years: only the latest known year is carried forward.
    expect(await page.getByTestId('policy-provisional').count()).toBe(0);
    const sourceLink = detail.locator('a.source-link', { hasText: 'S2' }).first();
    expect(await sourceLink.getAttribute('title')).toContain('Forvis Mazars');
    expect(await sourceLink.getAttribute('href')).toMatch(/^https:\/\//);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'policies-beijing.png'), fullPage: true });
    await page.goto(`${session.web.url}/policies?city=110100&year=2026`);
    await expect.poll(() => detail.getAttribute('data-policy-id')).toBe('110100-2026-r1');
    expect(await page.getByTestId('policy-provisional').textContent()).toContain('暂用上一年度');

    await page.getByTestId('policy-list').locator('li[data-city="330100"] [data-testid="policy-year"][data-policy-id="330100-2024-r2"]').click();
    await expect.poll(() => detail.getAttribute('data-policy-id')).toBe('330100-2024-r2');
    await expect.poll(() => detail.getByTestId('unverified-badge').count()).toBeGreaterThan(0);
    expect(await detail.getByTestId('unverified-badge').first().isVisible()).toBe(true);
    expect(await detail.getByTestId('unverified-badge').first().textContent()).toBe('未核实');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'policies-hangzhou.png'), fullPage: true });
    expect(violations).toEqual([]);
  });
});
