import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, signInAs, startDemoBrowserSession, testIdNumber, type BrowserSession } from '@lianxu/testing';

// Every page at 390 px, as HR, a tenant admin, a consultant, an employee and a visitor, in both
// languages: none may scroll sideways, and every value in a table turned into cards carries its
// label (a cell with text and no data-label reads as "杭州 / 2026-12-04 / 在职" on a phone).
const WIDTH = 390;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

type Visit = { who: string | null; path: string };

describe.skipIf(!browserAvailable())('every page at 390 px in real Chromium', () => {
  let session: BrowserSession;
  const visits: Visit[] = [];

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
    await page.close();

    const admin = 'admin@demo-retail.demo';
    const t = (path: string) => `/t/demo-retail${path}`;
    visits.push(
      { who: null, path: '/sign-in' },
      { who: null, path: '/verify' },
      { who: null, path: waiting.linkPath },
      { who: admin, path: '/' },
      { who: admin, path: '/tenants' },
      { who: admin, path: '/policies' },
      { who: admin, path: '/calculator' },
      { who: admin, path: '/security' },
      ...['', '/employees', '/employees/new', `/employees/${employee}`, '/tasks', '/inbox', '/sms-outbox', '/reports', '/plugins', '/custom-fields', '/members', '/access', '/intakes', '/integrations', '/branches', `/branches/${shanghai}`, `/intakes/${intake.id}`, '/risk', '/close', `/close/${entity}/310100/${month}`].map((p) => ({ who: admin, path: t(p) })),
      { who: 'hr@demo-manufacturing.demo', path: '/t/demo-manufacturing/shifts' },
      { who: 'employee@demo-manufacturing.demo', path: '/t/demo-manufacturing/me' },
      { who: 'consultant@lianxu.demo', path: '/console' },
    );
  }, 180_000);
  afterAll(() => session?.close());

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
      return found;
    });

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
        await page.locator('[data-testid="page-title"], h1').first().waitFor();
        // Lazy parts (charts, plugin sections) settle.
        await page.waitForTimeout(300);
        for (const problem of await problems(page)) report.push(`${visit.path} (${visit.who ?? 'visitor'}): ${problem}`);
      }
      await page?.close();
      expect(report).toEqual([]);
    }, 180_000);
  }
});
