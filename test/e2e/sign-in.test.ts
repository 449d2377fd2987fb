import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, provisionDemoTenants, startWebApp } from '@lianxu/testing';

describe.skipIf(!browserAvailable())('signing in in real Chromium', () => {
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    web = await startWebApp();
    await provisionDemoTenants(web.db);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('HR signs in, lands on the workbench in Chinese, and switches to English', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web.url}/sign-in`);
    await page.getByTestId('sign-in-email').fill('hr@demo-manufacturing.demo');
    await page.getByTestId('sign-in-password').fill('wrong-password');
    await page.getByTestId('sign-in-submit').click();
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toContain('邮箱或密码不正确');

    await page.getByTestId('sign-in-password').fill('lianxu-demo');
    await page.getByTestId('sign-in-submit').click();
    // One company: straight to its workbench, not a company picker.
    await page.waitForURL(`${web.url}/t/demo-manufacturing`);
    await expect.poll(() => page.getByTestId('tenant-home').textContent()).toContain('华东精密制造');
    await page.getByTestId('workbench').waitFor();
    expect(await page.getByTestId('tenant-home').textContent()).toContain('待办');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('tenant-home').textContent()).toContain('To do');
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in/);
  });
});
