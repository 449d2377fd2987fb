import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startDemoBrowserSession, type BrowserSession, type Chromium, type WebApp } from '@lianxu/testing';

// A consultant files a revision through the form. Its own database: revisions are platform data.
describe.skipIf(!browserAvailable())('a consultant revises a policy year in real Chromium', () => {
  let session: BrowserSession;
  let web: WebApp;
  let browser: Chromium;

  beforeAll(async () => {
    session = await startDemoBrowserSession('policy_web');
    ({ web, browser } = session);
  });
  afterAll(() => session?.close());

  it('shows field errors, then saves a new revision the page then shows', async () => {
    const page = await browser.context.newPage();
    const res = await page.request.post(`${web.url}/api/auth/sign-in`, {
      data: { email: 'consultant@lianxu.demo', password: 'lianxu-demo' },
      headers: { origin: web.url },
    });
    expect(res.status()).toBe(200);
    await page.goto(`${web.url}/policies?city=440300&year=2024`);
    await expect.poll(() => page.getByTestId('policy-detail').getAttribute('data-policy-id')).toBe('440300-2024-r2');
    await page.getByTestId('policy-revise-open').click();
    const textarea = page.getByTestId('policy-revise-record');
    await expect.poll(async () => (await textarea.inputValue()).includes('"3523"')).toBe(true);

    // Floor above cap: the error names the field.
    await textarea.fill((await textarea.inputValue()).replace('"3523"', '"30000"'));
    await page.getByTestId('policy-revise-note').fill('测试：下限');
    await page.getByTestId('policy-revise-submit').click();
    await expect.poll(() => page.getByTestId('policy-revise-error').textContent()).toContain('record.insurances.pension.floor');

    await textarea.fill((await textarea.inputValue()).replace('"30000"', '"4000"'));
    await page.getByTestId('policy-revise-submit').click();
    await expect.poll(() => page.getByTestId('policy-detail').getAttribute('data-policy-id')).toBe('440300-2024-r3');
    expect(await page.getByTestId('policy-revise-saved').textContent()).toContain('440300-2024-r3');
    expect(await page.getByTestId('policy-revisions').textContent()).toContain('440300-2024-r2');
    expect(await page.locator('tr[data-insurance="pension"]').textContent()).toContain('4,000.00');
    await page.close();
  });

  it('shows no revise button to HR', async () => {
    const page = await browser.context.newPage();
    await page.context().clearCookies();
    const res = await page.request.post(`${web.url}/api/auth/sign-in`, { data: { email: 'hr@demo-retail.demo', password: 'lianxu-demo' }, headers: { origin: web.url } });
    expect(res.status()).toBe(200);
    await page.goto(`${web.url}/policies?city=440300&year=2024`);
    await expect.poll(() => page.getByTestId('policy-detail').getAttribute('data-policy-id')).toBe('440300-2024-r3');
    expect(await page.getByTestId('policy-revise-open').count()).toBe(0);
    await page.close();
  });
});
