import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startBrowserSession, type BrowserSession } from '@lianxu/testing';

// No number without the data behind it, in Chromium: Chengdu 2025 has no figures in the policy
// library, so the calculator says 无法计算 and names what is missing, and prints no 0.00 total.
describe.skipIf(!browserAvailable())('the calculator where nothing can be priced, in real Chromium', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await startBrowserSession();
  });
  afterAll(() => session?.close());

  it('shows 无法计算 with the missing data instead of 合计 0.00, in both languages', async () => {
    const page = await session.browser.context.newPage();
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'zh-CN'));
    await page.goto(`${session.web.url}/calculator`);
    await expect.poll(() => page.locator('[data-testid="calc-city"] option[value="510100"]').count()).toBe(1);
    await page.getByTestId('calc-city').selectOption('510100');
    await page.getByTestId('calc-month').fill('2025-03');
    await page.getByTestId('calc-wage').fill('8,500');
    await page.getByTestId('calc-submit').click();
    const missing = page.getByTestId('calc-missing');
    await missing.waitFor();
    expect(await missing.textContent()).toBe('无法计算缺少成都 2025 年度养老保险、医疗保险、生育保险、失业保险和工伤保险数据');
    expect(await page.getByTestId('calc-no-lines').textContent()).toBe('无法计算');
    expect(await page.getByTestId('calc-total-employer').count()).toBe(0);
    expect(await page.getByTestId('calc-result').textContent()).not.toMatch(/0\.00|合计/);

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => missing.textContent()).toContain('Cannot be computed');
    expect(await missing.textContent()).toMatch(/No 2025 figures for pension.* in Chengdu/i);
    await page.close();
  });
});
