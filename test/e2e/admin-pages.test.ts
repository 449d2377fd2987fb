import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, signInAs, startDemoBrowserSession, testIdNumber, type BrowserSession } from '@lianxu/testing';

// The admin pages finished, in Chromium at 1366 and 390 px: a role change asks first and says it
// worked in a toast; no 移除 on your own row; the invite link is shown whole with a copy button;
// destructive dialogs open on the safe button; the invite and consultant-grant forms share one
// padding; the consultant console says who changed what for which employee, in business words.
// Its own database with the demo tenants (roles are changed here).
const slug = 'demo-manufacturing';

describe.skipIf(!browserAvailable())('admin pages in real Chromium', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await startDemoBrowserSession('admin_pages_web', { plugins: true });
  }, 120_000);
  afterAll(() => session?.close());

  const row = (page: Page, email: string) => page.locator(`[data-testid="member-row"][data-email="${email}"]`);
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('asks before a role change and toasts it, offers no 移除 on your own row, shows the whole invite link with a copy button', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `admin@${slug}.demo`);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.url });
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${web.url}/t/${slug}/members`);
    await row(page, `hr@${slug}.demo`).waitFor();

    // Your own row: no 移除, a plain "(you)".
    const mine = row(page, `admin@${slug}.demo`);
    expect(await mine.getByTestId('member-remove').count()).toBe(0);
    expect(await mine.getByTestId('member-you').textContent()).toBe('（你自己）');
    expect(await row(page, `hr@${slug}.demo`).getByTestId('member-remove').count()).toBe(1);

    // Changing the select asks first; 取消 puts the select back and changes nothing.
    const select = row(page, `hr@${slug}.demo`).getByTestId('member-role');
    await select.selectOption('employee');
    const dialog = page.getByTestId('member-role-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('#member-role-dialog-title').textContent()).toContain('修改');
    expect(await dialog.getByTestId('member-role-change').textContent()).toContain('从「人事专员」改为「员工」');
    await dialog.getByTestId('member-role-dialog-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await select.inputValue()).toBe('hr');
    const roles = await (await page.request.get(`${web.url}/api/t/${slug}/members`)).json();
    expect(roles.items.find((m: { email: string }) => m.email === `hr@${slug}.demo`).role).toBe('hr');

    // Confirmed: the change is saved and a toast says so.
    await select.selectOption('employee');
    await dialog.getByTestId('member-role-dialog-confirm').click();
    const toast = page.getByTestId('toast');
    await toast.first().waitFor();
    expect(await toast.first().textContent()).toMatch(/的角色改为「员工」$/);
    expect(await page.getByTestId('toast-region').getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => select.inputValue()).toBe('employee');

    // The invite link: whole, not a truncated box, and copied by its button.
    await page.getByTestId('invite-email').fill('new.hr@example.com');
    await page.getByTestId('invite-submit').click();
    const link = page.getByTestId('invite-link');
    await link.waitFor();
    const url = (await link.textContent())!;
    expect(url).toMatch(/^http.*invit/);
    expect(await link.evaluate((el) => el.tagName)).toBe('CODE');
    expect(await link.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await page.getByTestId('invite-copy').click();
    await expect.poll(() => page.getByTestId('invite-copy').textContent()).toBe('已复制');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

    // The invite form and the consultant-grant form have the same padding, and enough of it.
    const padding = (testId: string) => page.getByTestId(testId).evaluate((el) => getComputedStyle(el).padding);
    const invitePadding = await padding('invite-form');
    await page.goto(`${web.url}/t/${slug}/access`);
    await page.getByTestId('access-grant-form').waitFor();
    expect(await padding('access-grant-form')).toBe(invitePadding);
    expect(parseFloat(invitePadding.split(' ')[0]!)).toBeGreaterThanOrEqual(16);

    // At 390 px the members page keeps within the screen, and so does the role dialog.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${web.url}/t/${slug}/members`);
    await row(page, `employee@${slug}.demo`).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await row(page, `employee@${slug}.demo`).getByTestId('member-role').selectOption('hr');
    await dialog.waitFor({ state: 'visible' });
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await row(page, `employee@${slug}.demo`).getByTestId('member-role').inputValue()).toBe('employee');
    await page.close();
  }, 90_000);

  it('opens destructive dialogs on the safe button (Enter keeps the plugin on and the user in)', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `admin@${slug}.demo`);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${web.url}/t/${slug}/plugins`);
    const card = page.locator('[data-testid="plugin-card"][data-plugin-id="manufacturing-shifts"]');
    await card.waitFor();
    await card.getByTestId('plugin-switch').click();
    const dialog = card.getByTestId('plugin-disable-dialog');
    await dialog.waitFor({ state: 'visible' });
    await expect.poll(() => focused(page)).toBe('plugin-disable-dialog-cancel');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await card.getAttribute('data-enabled')).toBe('true');

    await page.goto(`${web.url}/t/${slug}/members`);
    await row(page, `employee@${slug}.demo`).getByTestId('member-remove').click();
    await page.getByTestId('member-remove-dialog').waitFor({ state: 'visible' });
    await expect.poll(() => focused(page)).toBe('member-remove-dialog-cancel');
    await page.keyboard.press('Enter');
    await page.getByTestId('member-remove-dialog').waitFor({ state: 'hidden' });
    expect(await row(page, `employee@${slug}.demo`).count()).toBe(1);
    await page.close();
  }, 60_000);

  it('shows the consultant who changed what for which employee, in business words and in English too', async () => {
    const { web, browser } = session;
    const hr = await signInAs(browser, web.url, `admin@${slug}.demo`);
    const entities = await (await hr.request.get(`${web.url}/api/t/${slug}/entities`)).json();
    const hired = await hr.request.post(`${web.url}/api/t/${slug}/employees`, {
      headers: { origin: web.url },
      data: { entityId: entities.items[0].id, name: '审计小周', idNumber: testIdNumber(72_345), mobile: '13912345678', hukou: 'local', workCity: entities.items[0].registrations[0].cityCode, hireDate: new Date().toISOString().slice(0, 10), monthlyWage: '9000' },
    });
    expect(hired.status()).toBe(201);
    await hr.close();

    for (const [lang, width, words] of [['zh-CN', 1366, /(新增|修改)(员工档案|工资记录|入离职记录|申报任务)/], ['en', 390, /(Added|Changed) (employee record|wage record|hire or leave record|filing task)/]] as const) {
      const page = await signInAs(browser, web.url, 'consultant@lianxu.demo');
      if (lang === 'en') await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'en'));
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${web.url}/console`);
      const card = page.locator(`[data-testid="console-tenant"][data-slug="${slug}"]`);
      await card.getByTestId('console-change').first().waitFor();
      const texts = await card.getByTestId('console-change').allTextContents();
      // No table or column names (snake_case words) and no raw row keys.
      for (const text of texts) {
        expect(text).not.toMatch(/[a-z]+_[a-z_]+/);
        expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
      }
      expect(texts.join('\n')).toMatch(words);
      const employees = await card.getByTestId('console-change-employee').allTextContents();
      expect(employees).toContain(lang === 'en' ? 'Employee: 审计小周' : '员工：审计小周');
      expect(texts.join('\n')).toContain(`admin@${slug}.demo`);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.close();
    }
  }, 90_000);
});
