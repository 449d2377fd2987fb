import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, signInAs, startDemoBrowserSession, testIdNumber, type BrowserSession } from '@lianxu/testing';

// The trust rule in Chromium at 1366 and 390 px: a branch whose city-month lacks policy data says
// which data is missing instead of a cost (Shenzhen has no maternity figures for the current
// policy year in the shipped library), figures carried forward from an earlier year carry a
// warning with their age (Beijing), a branch without staff shows no ¥0.00, and the policy library
// explains its grade and source badges in a legend and warns about a carried-forward year.
const slug = 'demo-retail';
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable())('no number without the data behind it, in real Chromium', () => {
  let session: BrowserSession;
  const branchIds: Record<string, string> = {};

  beforeAll(async () => {
    session = await startDemoBrowserSession('trust_web', { plugins: true });
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    const plugin = `${web.url}/api/t/${slug}/plugins/retail-branches`;
    const branches = (await (await page.request.get(`${plugin}/branches`)).json()).items as { id: string; cityCode: string }[];
    for (const b of branches) branchIds[b.cityCode] = b.id;
    for (const [i, city] of ['440300', '110100'].entries()) {
      const hired = await page.request.post(`${web.url}/api/t/${slug}/employees`, {
        headers: { origin: web.url },
        data: { name: ['深圳员工', '北京员工'][i], idNumber: testIdNumber(95_001 + i), mobile: '13912345555', hukou: 'local', workCity: city, hireDate: today(), monthlyWage: '12,000' },
      });
      expect(hired.status(), await hired.text()).toBe(201);
      const moved = await page.request.post(`${plugin}/assignments/bulk`, {
        headers: { origin: web.url },
        data: { employeeIds: [(await hired.json()).id], branchId: branchIds[city], effectiveDate: today() },
      });
      expect(moved.status()).toBe(200);
    }
    await page.close();
  }, 180_000);
  afterAll(() => session?.close());

  for (const width of [1366, 390]) {
    it(`names the missing data instead of a cost, warns about carried figures with their age, at ${width} px`, async () => {
      const { web, browser } = session;
      const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${web.url}/t/${slug}/branches`);
      const row = (city: string) => page.locator(`[data-testid="branch-row"][data-city="${city}"]`).getByTestId('branch-cost');
      await row('440300').getByTestId('branch-cost-missing').waitFor();
      expect(await row('440300').textContent()).toMatch(/^缺少深圳 \d{4} 年度生育保险数据$/);
      const carried = row('110100').getByTestId('branch-cost-carried');
      expect(await carried.textContent()).toMatch(/^沿用 \d{4} 年度政策数据（已 \d+ 年未更新），金额可能变化$/);
      expect(await row('110100').getByTestId('branch-cost-total').textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
      // No ¥0.00 anywhere: a branch without staff says so.
      expect(await row('440100').textContent()).toBe('没有员工，无费用');
      expect(await page.getByTestId('branches-table').textContent()).not.toContain('¥0.00');

      // The branch page says the same, with the data missing named.
      await page.goto(`${web.url}/t/${slug}/branches/${branchIds['440300']}`);
      await page.getByTestId('branch-summary-cost').getByTestId('branch-cost-missing').waitFor();
      expect(await page.getByTestId('branch-summary').textContent()).not.toMatch(/¥0\.00/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.close();
    }, 60_000);
  }

  it('in English: the missing data and the carried figures in English words', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'en'));
    await page.goto(`${web.url}/t/${slug}/branches`);
    const row = (city: string) => page.locator(`[data-testid="branch-row"][data-city="${city}"]`).getByTestId('branch-cost');
    await row('440300').getByTestId('branch-cost-missing').waitFor();
    expect(await row('440300').textContent()).toMatch(/^Missing \d{4} maternity insurance figures for Shenzhen$/);
    expect(await row('110100').getByTestId('branch-cost-carried').textContent()).toMatch(/^Uses \d{4} policy figures carried forward \(\d+ years? old\)/);
    await page.close();
  }, 60_000);

  it('explains the policy library badges in a legend and warns about a carried-forward year with its age', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    // Chinese again (the English test stored its choice in the shared profile).
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'zh-CN'));
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${web.url}/policies`);
      const legend = page.getByTestId('policy-legend');
      await legend.waitFor();
      await legend.locator('summary').click();
      expect(await legend.getByTestId('policy-legend-grade').evaluateAll((els) => els.map((e) => e.getAttribute('data-grade')))).toEqual(['A', 'B', 'C', 'D']);
      expect(await legend.textContent()).toContain('推算');
      expect(await legend.textContent()).toContain('未核实');
      expect(await legend.textContent()).toContain('来源编号');
      // Beijing's latest year is carried forward: a warning, with its age.
      await page.locator('[data-city="110100"] [data-testid="policy-year"]').first().click();
      const provisional = page.getByTestId('policy-provisional');
      await provisional.waitFor();
      expect(await provisional.getAttribute('class')).toContain('notice-warning');
      if (Number(await provisional.getAttribute('data-months')) > 0) expect(await provisional.getByTestId('policy-provisional-age').textContent()).toMatch(/^已沿用 \d+ 个月$/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
    await page.close();
  }, 60_000);
});
