import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, signInAs, startDemoBrowserSession, testIdNumber, type BrowserSession } from '@lianxu/testing';

// Each role's home right after sign-in (the app's own landing from `/`), in both languages, at
// desktop (1366 px) and phone (390 px) widths. The navigation always runs (each home shows its
// title and its role's workbench, nothing wider than the screen); the PNGs in
// docs/screenshots are written only with LIANXU_SCREENSHOTS=1 (see docs/screenshots/README.md).
const SHOTS = process.env.LIANXU_SCREENSHOTS === '1';
const OUT = path.resolve(import.meta.dirname, '../../docs/screenshots');
const ROLES = [
  { role: 'admin', email: 'admin@demo-retail.demo', landmark: 'workbench' },
  { role: 'hr', email: 'hr@demo-manufacturing.demo', landmark: 'workbench' },
  { role: 'employee', email: 'employee@demo-manufacturing.demo', landmark: 'me-profile' },
  { role: 'consultant', email: 'consultant@lianxu.demo', landmark: 'my-tenants' },
] as const;
const WIDTHS = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
] as const;

describe.skipIf(!browserAvailable())('each role’s home in real Chromium', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await startDemoBrowserSession('role_home_shots', { plugins: true });
    if (SHOTS) await mkdir(OUT, { recursive: true });
    // The demo employee's account is linked to a record (as HR does), so their home shows their coverage.
    const { web, browser } = session;
    const hr = await signInAs(browser, web.url, 'hr@demo-manufacturing.demo');
    const post = async (to: string, data: object) => {
      const res = await hr.request.post(`${web.url}/api/t/demo-manufacturing/${to}`, { data, headers: { origin: web.url } });
      expect(res.status(), `${to}: ${await res.text()}`).toBe(201);
      return (await res.json()) as { id: string };
    };
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const entities = (await (await hr.request.get(`${web.url}/api/t/demo-manufacturing/entities`)).json()).items as { id: string; registrations: { cityCode: string }[] }[];
    const entityId = entities.find((e) => e.registrations.some((r) => r.cityCode === '310100'))!.id;
    const hired = await post('employees', { name: '王强', entityId, idNumber: testIdNumber(97_001), mobile: '13912348888', hukou: 'local', workCity: '310100', hireDate: today, monthlyWage: '9000' });
    await post('employee-links', { email: 'employee@demo-manufacturing.demo', employeeId: hired.id });
    await hr.close();
  }, 180_000);
  afterAll(() => session?.close());

  it('lands every role on its home in both languages, at 1366 and 390 px', async () => {
    const { web, browser } = session;
    for (const { role, email, landmark } of ROLES) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const page = await signInAs(browser, web.url, email);
        await page.addInitScript((l) => localStorage.setItem('lianxu.lang', l), lang);
        for (const size of WIDTHS) {
          await page.setViewportSize(size);
          await page.goto(`${web.url}/`);
          await page.waitForLoadState('networkidle');
          const title = page.locator('[data-testid="page-title"], h1').first();
          await title.waitFor();
          expect((await title.textContent())?.trim()).toBeTruthy();
          // The role's own workbench is on screen, and nothing is wider than the screen.
          const home = page.getByTestId(landmark).first();
          await home.waitFor();
          expect(await home.isVisible(), `${role} ${lang} ${size.width}: ${landmark}`).toBe(true);
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `${role} ${lang} ${size.width}`).toBeLessThanOrEqual(size.width);
          // Charts and plugin sections settle.
          await page.waitForTimeout(400);
          if (SHOTS) await page.screenshot({ path: path.join(OUT, `${role}-${lang}-${size.width}.png`), fullPage: false });
        }
        await page.close();
      }
    }
  }, 180_000);
});
