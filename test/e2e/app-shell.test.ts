import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@lianxu/api';
import { apiDeps, appDb, browserAvailable, launchBrowser, serveOnFreePort } from '@lianxu/testing';

const WEB_DIST = path.resolve(import.meta.dirname, '../../apps/web/dist');

describe.skipIf(!browserAvailable())('the web app in real Chromium', () => {
  const db = appDb(2);
  const { deps, close } = apiDeps(db, { webDistDir: WEB_DIST });
  let server: Awaited<ReturnType<typeof serveOnFreePort>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    server = await serveOnFreePort(buildApp(deps).fetch);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await close();
    await db.destroy();
  });

  it('shows the shell in Chinese, switches to English and keeps it after a reload', async () => {
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${server.url}/tenants`);
    await expect.poll(() => page.getByTestId('nav').textContent()).toContain('租户');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByTestId('lang-switch').textContent()).toBe('English');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav').textContent()).toContain('Tenants');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByTestId('page-title').textContent()).toBe('Tenants');

    await page.reload();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('Tenants');
    expect(await page.getByTestId('lang-switch').textContent()).toBe('中文');
    expect(violations).toEqual([]);
  });
});
