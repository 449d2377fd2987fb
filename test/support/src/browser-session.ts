import { expect, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { discoverPlugins, migratePluginsToLatest } from '@lianxu/core';
import { createDb } from '@lianxu/db';
import { launchBrowser } from './browser';
import { scratchDatabase } from './scratch-database';
import { provisionDemoTenants } from './tenant-fixtures';
import { startWebApp } from './web-app';

export type WebApp = Awaited<ReturnType<typeof startWebApp>>;
export type Chromium = Awaited<ReturnType<typeof launchBrowser>>;

/** The web app and a fresh Chromium for one test file; `close()` ends both (and drops a scratch database). */
export interface BrowserSession {
  web: WebApp;
  browser: Chromium;
  /** The scratch database's connection string for the app role (startDemoBrowserSession only). */
  appUrl?: string;
  close: () => Promise<void>;
}

/** The web app on the shared test database and a fresh Chromium. */
export async function startBrowserSession(): Promise<BrowserSession> {
  return sessionOf(await startWebApp(), await launchBrowser());
}

function sessionOf(web: WebApp, browser: Chromium, afterClose?: () => Promise<void>, appUrl?: string): BrowserSession {
  return {
    web,
    browser,
    appUrl,
    close: async () => {
      await browser.close();
      await web.close();
      await afterClose?.();
    },
  };
}

/**
 * The web app in demo mode (the demo consultant signs in without a second factor, as `npm start`
 * does) on its own scratch database holding the demo tenants of tenants/<slug>/tenant.yaml, and a fresh
 * Chromium. With `plugins`, the plugins' tables are migrated first.
 */
export async function startDemoBrowserSession(scratchName: string, options: { plugins?: boolean } = {}): Promise<BrowserSession> {
  const scratch = await scratchDatabase(scratchName);
  if (options.plugins) {
    const owner = createDb({ connectionString: scratch.ownerUrl, max: 1 });
    try {
      await migratePluginsToLatest(owner, await discoverPlugins(), inject('appRole'));
    } finally {
      await owner.destroy();
    }
  }
  const web = await startWebApp({ demoMode: true }, { connectionString: scratch.appUrl });
  await provisionDemoTenants(web.db);
  return sessionOf(web, await launchBrowser(), () => scratch.drop(), scratch.appUrl);
}

/** A new page whose cookies are a fresh session of `email` (demo password). */
export async function signInAs(browser: Chromium, webUrl: string, email: string): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  const res = await page.request.post(`${webUrl}/api/auth/sign-in`, { data: { email, password: 'lianxu-demo' }, headers: { origin: webUrl } });
  expect(res.status()).toBe(200);
  return page;
}
