import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, signInAs, startDemoBrowserSession, testIdNumber, type BrowserSession } from '@lianxu/testing';

// The trust rule in Chromium at 1366 and 390 px: a branch whose city-month lacks policy data says
// which data is missing instead of a cost (Shenzhen has no maternity figures for the current
// policy year in the shipped library), figures carried forward from an earlier year carry a
// warning with their age (Beijing), a branch without staff shows no ¥0.00, and the policy library
// explains its grade and source badges in a legend and warns about a carried-forward year. The
// branch charts label their values and say when there is nothing to draw.
const slug = 'demo-retail';
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable())('no number without the data behind it, in real Chromium', () => {
  let session: BrowserSession;
  const branchIds: Record<string, string> = {};

  beforeAll(async () => {
    session = await startDemoBrowserSession('trust_web', { plugins: true });
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    const branches = (await (await page.request.get(`${web.url}/api/t/${slug}/plugins/retail-branches/branches`)).json()).items as { id: string; cityCode: string }[];
    for (const b of branches) branchIds[b.cityCode] = b.id;
    await page.close();
  }, 180_000);

  // One employee each at the Shenzhen and Beijing branches, hired once, by the first test that needs
  // them (the chart test looks at the branches before anyone is employed there).
  let hired: Promise<void> | undefined;
  const hireAtBranches = () => (hired ??= (async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    const plugin = `${web.url}/api/t/${slug}/plugins/retail-branches`;
    for (const [i, city] of ['440300', '110100'].entries()) {
      const answer = await page.request.post(`${web.url}/api/t/${slug}/employees`, {
        headers: { origin: web.url },
        data: { name: ['深圳员工', '北京员工'][i], idNumber: testIdNumber(95_001 + i), mobile: '13912345555', hukou: 'local', workCity: city, hireDate: today(), monthlyWage: '12,000' },
      });
      expect(answer.status(), await answer.text()).toBe(201);
      const moved = await page.request.post(`${plugin}/assignments/bulk`, {
        headers: { origin: web.url },
        data: { employeeIds: [(await answer.json()).id], branchId: branchIds[city], effectiveDate: today() },
      });
      expect(moved.status()).toBe(200);
    }
    await page.close();
  })());

  afterAll(() => session?.close());

  // Charts (#19 point 8), in Chinese at 1366 px and in English at 390 px: before anyone is employed
  // at a branch each chart says so instead of drawing empty axes; afterwards each bar carries its
  // value label (the labels the canvas drew, read from data-value-labels), one measure on one value
  // axis per chart, and no bar or label for a cost that cannot be computed or a branch without staff.
  it('draws value labels, one measure per axis, and an empty state for branches without data, in both languages and at 390 px', async () => {
    const { web, browser } = session;
    const views = [
      { lang: 'zh-CN', width: 1366, headcountEmpty: '门店还没有在职员工。', costEmpty: '没有门店的本月成本可以计算（缺少政策数据或没有在职员工）。' },
      { lang: 'en', width: 390, headcountEmpty: 'No branch has employees yet.', costEmpty: 'No branch’s cost can be computed this month (policy data missing or no employees).' },
    ] as const;
    const open = async (view: (typeof views)[number]) => {
      const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
      await page.addInitScript((lang) => localStorage.setItem('lianxu.lang', lang), view.lang);
      await page.setViewportSize({ width: view.width, height: 900 });
      await page.goto(`${web.url}/t/${slug}/branches`);
      await page.getByTestId('branches-chart').waitFor({ state: 'attached' });
      return page;
    };
    expect(hired, 'the chart test runs before the hires').toBeUndefined();
    for (const view of views) {
      const page = await open(view);
      // Nobody employed at any branch: both charts say so, their canvases are not shown.
      expect(await page.getByTestId('branches-chart-figure-empty').textContent()).toBe(view.headcountEmpty);
      expect(await page.getByTestId('branches-cost-chart-figure-empty').textContent()).toBe(view.costEmpty);
      expect(await page.getByTestId('branches-chart').isVisible()).toBe(false);
      expect(await page.getByTestId('branches-cost-chart').isVisible()).toBe(false);
      await page.close();
    }

    await hireAtBranches();
    for (const view of views) {
      const page = await open(view);
      const headcount = page.getByTestId('branches-chart');
      const cost = page.getByTestId('branches-cost-chart');
      await headcount.waitFor();
      await cost.waitFor();
      expect(await page.getByTestId('branches-chart-figure-empty').count()).toBe(0);
      expect(await page.getByTestId('branches-cost-chart-figure-empty').count()).toBe(0);
      const drawn = async (canvas: typeof headcount) => {
        await expect.poll(() => canvas.getAttribute('data-value-labels')).not.toBeNull();
        return JSON.parse((await canvas.getAttribute('data-value-labels'))!) as string[];
      };
      // Four branches: one person each at Shenzhen and Beijing, nobody at the other two.
      expect((await drawn(headcount)).sort()).toEqual(['0', '0', '1', '1']);
      // Only Beijing's cost is known (Shenzhen lacks figures, the others have no staff): one bar, labelled with the table's figure.
      const beijing = (await page.locator('[data-testid="branch-row"][data-city="110100"]').getByTestId('branch-cost-total').textContent())!;
      expect(await drawn(cost)).toEqual([beijing.replace(/^¥/, '')]);
      expect(await cost.getAttribute('data-branches')).toBe('1');
      // One measure per chart: one value axis each.
      expect(await headcount.getAttribute('data-value-axes')).toBe('1');
      expect(await cost.getAttribute('data-value-axes')).toBe('1');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(view.width);
      await page.close();
    }
  }, 90_000);

  for (const width of [1366, 390]) {
    it(`names the missing data instead of a cost, warns about carried figures with their age, at ${width} px`, async () => {
      await hireAtBranches();
      const { web, browser } = session;
      const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
      // Chinese (the chart test stored English in the shared profile).
      await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'zh-CN'));
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
    await hireAtBranches();
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
