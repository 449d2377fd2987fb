import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, signInAs, startDemoBrowserSession, testIdNumber, type BrowserSession } from '@lianxu/testing';
import { ADMIN, phoneVisits, type PhoneVisit } from './phone-routes';
import { createPhoneRecords, type PhoneRecords } from './phone-records';

// Every page of the router at 390 px (phone-routes.ts lists a visit per route; a unit test holds it
// to app.tsx), as HR, a tenant admin, a consultant, an employee and a visitor, in both languages:
// none may scroll sideways; every value in a table turned into cards carries its label (a cell
// with text and no data-label reads as "杭州 / 2026-12-04 / 在职" on a phone); chart text stays
// readable; no ¥0.00 or 合计 0.00 stands beside a missing-data notice. The navigation folds into
// menu buttons, so content starts near the top.
const WIDTH = 390;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable())('every page at 390 px in real Chromium', () => {
  let session: BrowserSession;
  let records: PhoneRecords | undefined;
  const visits: PhoneVisit[] = [];

  beforeAll(async () => {
    session = await startDemoBrowserSession('phone_pages_web', { plugins: true });
    const { web, browser } = session;
    // One employee with a filing and a branch, so the lists and detail pages have rows.
    const page = await signInAs(browser, web.url, 'admin@demo-retail.demo');
    const hired = await page.request.post(`${web.url}/api/t/demo-retail/employees`, {
      headers: { origin: web.url },
      data: { name: '手机测试', idNumber: testIdNumber(96_001), mobile: '13912346666', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '8,500' },
    });
    expect(hired.status()).toBe(201);
    const employee = (await hired.json()).id as string;
    const plugin = `${web.url}/api/t/demo-retail/plugins/retail-branches`;
    const branches = (await (await page.request.get(`${plugin}/branches`)).json()).items as { id: string; cityCode: string }[];
    const shanghai = branches.find((b) => b.cityCode === '310100')!.id;
    await page.request.post(`${plugin}/assignments/bulk`, { headers: { origin: web.url }, data: { employeeIds: [employee], branchId: shanghai } });
    // A candidate intake (its detail page and the candidate's token link) and an open close month.
    const entities = (await (await page.request.get(`${web.url}/api/t/demo-retail/entities`)).json()).items as { id: string; registrations: { cityCode: string }[] }[];
    const entity = entities.find((e) => e.registrations.some((r) => r.cityCode === '310100'))!.id;
    const offer = async (name: string) => {
      const offered = await page.request.post(`${web.url}/api/t/demo-retail/intakes`, {
        headers: { origin: web.url },
        data: { name, mobile: '13912347777', cityCode: '310100', entityId: entity, startDate: today(), monthlyWage: '9000', delivery: 'copy' },
      });
      expect(offered.status()).toBe(201);
      return (await offered.json()) as { id: string; linkPath: string };
    };
    // One the candidate has filled in (its detail page shows the answers), one still waiting (its link).
    const intake = await offer('手机候选');
    const waiting = await offer('手机待填');
    const id = testIdNumber(96_002);
    const submitted = await page.request.post(`${web.url}/api${intake.linkPath}`, {
      headers: { origin: web.url },
      data: {
        idType: 'resident_id', idNumber: id, name: '手机候选', sex: Number(id[16]) % 2 === 1 ? 'male' : 'female', birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
        ethnicity: '汉族', hukouType: 'local-urban', hukouAddress: '上海市黄浦区人民大道 200 号', mobile: '13912347777', education: 'bachelor', maritalStatus: 'single',
        firstInsured: true, bankName: '招商银行', bankCard: '6225880112233445',
      },
    });
    expect(submitted.status(), await submitted.text()).toBeLessThan(300);
    const month = today().slice(0, 7);
    // Without a workflow engine here the month opens and answers 503 (its workflow did not start).
    const opened = await page.request.put(`${web.url}/api/t/demo-retail/close/${entity}/310100/${month}`, { headers: { origin: web.url } });
    expect([200, 503]).toContain(opened.status());
    // The month as HR sees it after the bill: a billed line that differs from the expected one, a
    // person the bill names who is not on the roster, payroll's deduction short by 20 yuan, matched.
    const close = `${web.url}/api/t/demo-retail/close/${entity}/310100/${month}`;
    const billLine = { personName: '手机测试', insurance: 'pension', periodFrom: month, periodTo: month, collectionType: '正常应缴' };
    const billed = await page.request.post(`${close}/bill`, {
      headers: { origin: web.url },
      data: { lines: [{ ...billLine, employeeId: employee, baseFen: 900000, employerFen: 144000, employeeFen: 72000 }, { ...billLine, personName: '账单外人员', idNumber: testIdNumber(96_003), baseFen: 850000, employerFen: 136000, employeeFen: 68000 }] },
    });
    expect(billed.status(), await billed.text()).toBe(200);
    const deducted = await page.request.post(`${close}/deductions`, { headers: { origin: web.url }, data: { rows: [{ employeeId: employee, insurance: 'pension', employeeFen: 66000 }] } });
    expect(deducted.status(), await deducted.text()).toBe(200);
    const matched = await page.request.post(`${close}/match`, { headers: { origin: web.url } });
    expect(matched.status(), await matched.text()).toBe(200);
    expect((await matched.json()).differences).toBeGreaterThan(0);
    // An invitation (its link is answered when no SMTP is configured).
    const invited = await page.request.post(`${web.url}/api/t/demo-retail/invitations`, { headers: { origin: web.url }, data: { email: 'phone.invite@example.com', role: 'hr' } });
    expect(invited.status(), await invited.text()).toBe(201);
    const inviteLink = new URL((await invited.json()).link as string).pathname;
    await page.close();
    // A migration run with its dual run (demo-manufacturing) and a base adjustment (demo-retail), so
    // their pages are walked with a record, not only their not-found state.
    const tenantIds = Object.fromEntries((await web.db.selectFrom('tenants').select(['id', 'slug']).execute()).map((t) => [t.slug, t.id]));
    records = await createPhoneRecords(web.db, session.appUrl!, { migration: tenantIds['demo-manufacturing']!, adjustment: { id: tenantIds['demo-retail']!, entity } });

    const byRoute = phoneVisits({ employee, branch: shanghai, intake: intake.id, intakeLink: waiting.linkPath, inviteLink, entity, month, migrationRun: records.migrationRun, baseAdjustment: records.baseAdjustment });
    // Grouped by who visits: one sign-in per role and language.
    const order = [null, ...new Set(Object.values(byRoute).flat().map((v) => v.who))];
    visits.push(...Object.values(byRoute).flat().sort((a, b) => order.indexOf(a.who) - order.indexOf(b.who)));
  }, 180_000);
  afterAll(async () => {
    await records?.close();
    await session?.close();
  });

  /** What is wrong with the page as shown: sideways scrolling, and values in card tables without their label. */
  const problems = (page: Page) =>
    page.evaluate(() => {
      const found: string[] = [];
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth) {
        // Name the widest offender, so the failure says where to look.
        const wide = [...document.querySelectorAll<HTMLElement>('body *')].filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1);
        const first = wide.find((el) => !wide.some((other) => other !== el && other.contains(el) === false && el.contains(other))) ?? wide[0];
        found.push(`overflows by ${root.scrollWidth - root.clientWidth}px at ${first ? `${first.tagName.toLowerCase()}.${first.className}` : '?'}`);
      }
      for (const cell of document.querySelectorAll<HTMLElement>('table.table tbody td, table.table tbody th')) {
        if (cell.offsetParent === null || cell.hasAttribute('colspan')) continue;
        // Buttons and links alone are actions: they say what they are.
        const clone = cell.cloneNode(true) as HTMLElement;
        clone.querySelectorAll('button, .visually-hidden, input, select, a.button, dialog').forEach((el) => el.remove());
        const text = clone.textContent?.trim() ?? '';
        if (text && !cell.getAttribute('data-label')) found.push(`unlabelled value "${text.slice(0, 30)}" in ${cell.closest('table')?.getAttribute('data-testid') ?? 'a table'}`);
      }
      // Text drawn in an SVG shrinks with it: at least 11 px as rendered.
      for (const text of document.querySelectorAll<SVGTextElement>('svg text')) {
        const svg = text.ownerSVGElement;
        const box = svg?.viewBox.baseVal;
        if (!svg || !box || box.width === 0 || svg.getBoundingClientRect().width === 0) continue;
        const size = parseFloat(getComputedStyle(text).fontSize) * (svg.getBoundingClientRect().width / box.width);
        if (size < 11) found.push(`chart text "${text.textContent?.trim()}" renders at ${size.toFixed(1)}px`);
      }
      // A zero that looks valid beside a notice that the data behind it is missing.
      const missing = [...document.querySelectorAll<HTMLElement>('[data-testid$="missing"], .figure-missing')].some((el) => el.offsetParent !== null);
      const zero = document.body.innerText.match(/¥\s?0\.00(?![\d])|(合计|Total)\s*[:：]?\s*¥?0\.00(?![\d])/);
      if (missing && zero) found.push(`shows "${zero[0]}" beside a missing-data notice`);
      return found;
    });

  it('folds the navigation into menu buttons on a phone (content starts near the top), and not on a desktop', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, ADMIN);
    for (const lang of ['zh-CN', 'en'] as const) {
      await page.setViewportSize({ width: WIDTH, height: 844 });
      await page.goto(`${web.url}/t/demo-retail/employees`);
      await page.evaluate((l) => localStorage.setItem('lianxu.lang', l), lang);
      await page.reload();
      await page.getByTestId('page-title').waitFor();
      const menu = page.getByTestId('menu-toggle');
      const sections = page.getByTestId('tenant-nav-toggle');
      expect(await menu.isVisible()).toBe(true);
      expect(await page.getByTestId('nav').isVisible()).toBe(false);
      expect(await page.getByTestId('tenant-nav').isVisible()).toBe(false);
      // The nav chrome ends, and the page's first content starts, within 120 px of the top.
      const top = await page.evaluate(() => {
        const frame = document.querySelector('[data-testid="tenant-frame"]')!;
        const nav = frame.querySelector('[data-testid="tenant-nav"]')!;
        let next = nav.nextElementSibling;
        while (next && (next as HTMLElement).offsetParent === null) next = next.nextElementSibling;
        return next!.getBoundingClientRect().top;
      });
      expect(top).toBeLessThanOrEqual(120);
      // The section button names the page shown.
      expect(await sections.textContent()).toContain(lang === 'zh-CN' ? '员工' : 'Employees');

      // The menu: aria-expanded and aria-controls, focus moves in, Escape closes it and returns focus.
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator(`#${await menu.getAttribute('aria-controls')}`).count()).toBe(1);
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      expect(await page.getByTestId('nav').isVisible()).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.closest('#header-menu') !== null)).toBe(true);
      // Sign out stays on one line.
      const signOut = page.getByTestId('sign-out');
      expect(await signOut.isVisible()).toBe(true);
      // One line box for its words.
      const lines = await signOut.evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      });
      expect(lines).toBe(1);
      await page.keyboard.press('Escape');
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByTestId('nav').isVisible()).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('menu-toggle');

      // The company's pages: opened, a page chosen, folded again on the new page.
      await sections.click();
      expect(await sections.getAttribute('aria-expanded')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="tenant-nav"]') !== null)).toBe(true);
      await page.keyboard.press('Escape');
      expect(await sections.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tenant-nav-toggle');
      await sections.click();
      await page.getByTestId('tenant-nav-tasks').click();
      await page.waitForURL(`${web.url}/t/demo-retail/tasks`);
      await expect.poll(() => sections.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByTestId('tenant-nav').isVisible()).toBe(false);

      // A desktop: no menu buttons, the navigation and Sign out in view on one line.
      await page.setViewportSize({ width: 1366, height: 768 });
      expect(await menu.isVisible()).toBe(false);
      expect(await sections.isVisible()).toBe(false);
      expect(await page.getByTestId('nav').isVisible()).toBe(true);
      expect(await page.getByTestId('tenant-nav').isVisible()).toBe(true);
      expect(await page.getByTestId('sign-out').isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    }
    await page.close();
  }, 60_000);

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`shows every page without sideways scrolling and with labelled card values (${lang})`, async () => {
      const { web, browser } = session;
      const report: string[] = [];
      let current: string | null | undefined;
      let page: Page | undefined;
      for (const visit of visits) {
        if (visit.who !== current || !page) {
          await page?.close();
          if (visit.who) page = await signInAs(browser, web.url, visit.who);
          else {
            await browser.context.clearCookies();
            page = await browser.context.newPage();
          }
          await page.addInitScript((l) => localStorage.setItem('lianxu.lang', l), lang);
          await page.setViewportSize({ width: WIDTH, height: 844 });
          current = visit.who;
        }
        await page.goto(`${web.url}${visit.path}`);
        await page.waitForLoadState('networkidle');
        // A page's title, or (a detail page of a record that does not exist) its error notice.
        const shown = await page.locator('[data-testid="page-title"], h1, .notice-error').first().waitFor({ timeout: 10_000 }).then(() => true, () => false);
        if (!shown) {
          report.push(`${visit.path} (${visit.who ?? 'visitor'}): no page title shown`);
          continue;
        }
        // A detail page walked with a real record shows it (not its not-found notice).
        if (visit.shows && !(await page.getByTestId(visit.shows).first().waitFor({ timeout: 10_000 }).then(() => true, () => false))) {
          report.push(`${visit.path} (${visit.who ?? 'visitor'}): the record's ${visit.shows} is not shown`);
        }
        if (visit.calculate) {
          // A result: one card per insurance, each figure with its label.
          await page.locator('[data-testid="calc-city"] option[value="110100"]').waitFor({ state: 'attached' });
          await page.getByTestId('calc-city').selectOption('110100');
          await page.getByTestId('calc-month').fill('2024-09');
          await page.getByTestId('calc-wage').fill('8,500');
          await page.getByTestId('calc-submit').click();
          await page.getByTestId('calc-total-employer').waitFor();
        }
        // Lazy parts (charts, plugin sections) settle.
        await page.waitForTimeout(300);
        for (const problem of await problems(page)) report.push(`${visit.path} (${visit.who ?? 'visitor'}): ${problem}`);
      }
      await page?.close();
      expect(report).toEqual([]);
    }, 180_000);
  }
});
