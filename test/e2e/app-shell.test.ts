import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startBrowserSession, type BrowserSession } from '@lianxu/testing';

describe.skipIf(!browserAvailable())('the web app in real Chromium', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await startBrowserSession();
  });
  afterAll(() => session?.close());

  it('shows the shell in Chinese, switches to English and keeps it after a reload', async () => {
    const page = await session.browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${session.web.url}/tenants`);
    await expect.poll(() => page.getByTestId('nav').textContent()).toContain('单位');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByTestId('lang-switch').textContent()).toBe('English');
    // Without a session the tenant list invites to sign in instead of showing an error.
    await expect.poll(() => page.getByTestId('tenant-list-sign-in').textContent()).toContain('登录');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav').textContent()).toContain('Companies');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByTestId('page-title').textContent()).toBe('Companies');

    await page.reload();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('Companies');
    expect(await page.getByTestId('lang-switch').textContent()).toBe('中文');
    expect(violations).toEqual([]);
  });
});
