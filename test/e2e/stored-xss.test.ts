import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, signInAs, startDemoBrowserSession, type BrowserSession, type Chromium, type WebApp, testIdNumber } from '@lianxu/testing';

// #14 item 9: text with HTML is stored as sent (the API is not an HTML escaper), so every place
// that shows it must show it as text. Markup goes in through the API into custom-field values and
// labels, a termination reason, a branch's name and address, shift-pattern and shift names, a
// team and a user's name; then every page that shows them is opened in Chromium: the markup shows
// as literal text, no element it describes exists, no script ran (window.__xss, dialogs), no CSP
// violation was even attempted (so the CSP is a second net, not the only one), the CSP header is
// unchanged, and the Excel export holds the literal text as plain string cells.

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=1</script>';
// Shift names take 20 characters at most.
const SVG = '<svg/onload=alert()>';

/** The policy as shipped (apps/api CONTENT_SECURITY_POLICY); a change to it must be deliberate. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

const isoDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable())('stored markup is shown as text everywhere (real Chromium)', () => {
  let session: BrowserSession;
  let web: WebApp;
  let browser: Chromium;
  const ids = { retailHired: '', retailLeft: '', branch: '', mfgHired: '' };
  let person = 90_000 + Math.floor(Math.random() * 1000) * 7;

  const signedInPage = (email: string) => signInAs(browser, web.url, email);

  async function api(page: Page, method: 'POST' | 'PATCH', path: string, data: unknown): Promise<any> {
    const res = await page.request.fetch(`${web.url}${path}`, { method, data, headers: { origin: web.url, 'content-type': 'application/json' } });
    const text = await res.text();
    expect(res.status(), `${method} ${path}: ${text}`).toBeLessThan(300);
    return text ? JSON.parse(text) : undefined;
  }

  const hireBody = (extra: Record<string, unknown>) => ({
    name: '张伟',
    idNumber: testIdNumber((person += 7)),
    mobile: '13812345678',
    hukou: 'local',
    workCity: '310100',
    hireDate: isoDay(0),
    monthlyWage: '8500.00',
    ...extra,
  });

  beforeAll(async () => {
    session = await startDemoBrowserSession('xss_web', { plugins: true });
    ({ web, browser } = session);

    // demo-retail: a custom field whose labels are markup, values, a branch, a leaver, a user.
    const retail = await signedInPage('admin@demo-retail.demo');
    const r = '/api/t/demo-retail';
    await api(retail, 'POST', `${r}/custom-fields`, { key: 'xss_note', type: 'text', labels: { 'zh-CN': IMG, en: SCRIPT }, showIn: { form: true, list: true, export: true } });
    ids.retailHired = (await api(retail, 'POST', `${r}/employees`, hireBody({ customFields: { xss_note: `${IMG}${SCRIPT}`, store_code: 'BJ-0012' } }))).id;
    ids.retailLeft = (await api(retail, 'POST', `${r}/employees`, hireBody({ name: '李娜', customFields: { xss_note: SCRIPT } }))).id;
    await api(retail, 'POST', `${r}/employees/${ids.retailLeft}/termination`, { lastWorkingDay: isoDay(10), reason: `${IMG}${SCRIPT}` });
    ids.branch = (await api(retail, 'POST', `${r}/plugins/retail-branches/branches`, { name: IMG, cityCode: '310100', address: SCRIPT, managerName: '王芳' })).id;
    await api(retail, 'POST', `${r}/plugins/retail-branches/assignments/bulk`, { employeeIds: [ids.retailHired], branchId: ids.branch });
    const invited = await api(retail, 'POST', `${r}/invitations`, { email: 'markup@demo-retail.demo', role: 'hr' });
    const token = String(invited.link).split('/invite/')[1];
    // Accepted from outside the browser, so the admin's session in it stays.
    const accepted = await fetch(`${web.url}/api/invitations/accept`, { method: 'POST', headers: { origin: web.url, 'content-type': 'application/json' }, body: JSON.stringify({ token, name: IMG, password: 'lianxu-demo-markup' }) });
    expect(accepted.status, await accepted.clone().text()).toBeLessThan(300);
    await retail.close();

    // demo-manufacturing: a team (text field) value, a shift pattern and a schedule with markup.
    const mfg = await signedInPage('admin@demo-manufacturing.demo');
    const m = '/api/t/demo-manufacturing';
    const entities = await (await mfg.request.get(`${web.url}${m}/entities`)).json();
    const shanghai = (entities.items ?? entities).find((e: any) => JSON.stringify(e).includes('310100'));
    ids.mfgHired = (await api(mfg, 'POST', `${m}/employees`, hireBody({ entityId: shanghai.id, customFields: { team: IMG } }))).id;
    await api(mfg, 'POST', `${m}/plugins/manufacturing-shifts/shift-patterns`, { code: 'markup', name: SCRIPT, shifts: [{ name: SVG, start: '08:00', end: '17:00', hours: 8 }] });
    await api(mfg, 'POST', `${m}/plugins/manufacturing-shifts/schedules`, { employeeId: ids.mfgHired, patternCode: 'markup', team: IMG, validFrom: isoDay(0) });
    await mfg.close();
  }, 180_000);

  afterAll(() => session?.close());

  /** Opens a page, waits until it shows `shows` as text (when given), and checks that nothing ran. */
  async function visit(page: Page, path: string, shows: string[] = []) {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const res = await page.goto(`${web.url}${path}`);
    expect(res?.headers()['content-security-policy'], path).toBe(CSP);
    await page.waitForLoadState('networkidle');
    // Markup parsed as HTML would leave no such text behind: finding it proves it went in as text.
    if (shows.length) {
      await page
        .waitForFunction((texts) => texts.every((x) => document.body.textContent?.includes(x)), shows, { timeout: 15_000 })
        .catch(() => undefined);
    }
    const state = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss,
      violations: (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
      injected: document.querySelectorAll('img[src="x"], img[onerror], svg[onload], script:not([src])').length,
      text: document.body.textContent ?? '',
    }));
    expect(state.xss, `window.__xss on ${path}`).toBeUndefined();
    expect(dialogs, `dialogs on ${path}`).toEqual([]);
    expect(state.violations, `CSP violations on ${path}`).toEqual([]);
    expect(state.injected, `elements from stored markup on ${path}`).toBe(0);
    for (const text of shows) expect(state.text, `${path} shows the markup as text`).toContain(text);
  }

  async function browse(email: string) {
    const page = await signedInPage(email);
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const w = window as unknown as { __cspViolations?: string[] };
        (w.__cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    return page;
  }

  it("shows demo-retail's stored markup as text on every page that shows it, and runs none of it", async () => {
    const page = await browse('admin@demo-retail.demo');
    const t = '/t/demo-retail';
    await visit(page, `${t}`);
    await visit(page, `${t}/employees`, [IMG]);
    // The detail page shows neither custom-field values nor the branch yet: visited, so nothing may run there.
    await visit(page, `${t}/employees/${ids.retailHired}`);
    await visit(page, `${t}/employees/${ids.retailLeft}`);
    await visit(page, `${t}/employees/new`, [IMG]);
    await visit(page, `${t}/custom-fields`, [IMG]);
    await visit(page, `${t}/branches`, [IMG, SCRIPT]);
    await visit(page, `${t}/branches/${ids.branch}`, [IMG]);
    await visit(page, `${t}/members`, [IMG]);
    await visit(page, `${t}/tasks`);
    await visit(page, `${t}/inbox`);
    await visit(page, `${t}/access`);
    await page.close();
  });

  it("shows demo-manufacturing's stored markup as text, and runs none of it", async () => {
    const page = await browse('admin@demo-manufacturing.demo');
    const t = '/t/demo-manufacturing';
    await visit(page, `${t}`);
    await visit(page, `${t}/employees`, [IMG]);
    await visit(page, `${t}/employees/${ids.mfgHired}`);
    await visit(page, `${t}/shifts`);
    await visit(page, `${t}/custom-fields`);
    await page.close();
  });

  it('shows the English labels (the <script> one) as text too', async () => {
    const page = await browse('admin@demo-retail.demo');
    await visit(page, '/t/demo-retail/custom-fields', [IMG]);
    await page.evaluate(() => localStorage.setItem('lianxu.lang', 'en'));
    await visit(page, '/t/demo-retail/custom-fields', [SCRIPT]);
    await visit(page, '/t/demo-retail/employees', [SCRIPT]);
    await page.close();
  });

  it('puts the literal text, as plain string cells, in the Excel export', async () => {
    const page = await signedInPage('admin@demo-retail.demo');
    const res = await page.request.get(`${web.url}/api/t/demo-retail/employees/export.xlsx`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-security-policy']).toBe(CSP);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(cell))));
    const markup = cells.filter((cell) => String(cell.text).includes('<'));
    const texts = markup.map((cell) => cell.value);
    expect(texts).toContain(`${IMG}${SCRIPT}`);
    expect(texts).toContain(SCRIPT);
    // The column's header is the label, also as written.
    expect(texts.some((v) => v === IMG || v === SCRIPT)).toBe(true);
    // Plain strings: no formula, no rich text, nothing a spreadsheet would evaluate.
    for (const cell of markup) expect(cell.type, String(cell.value)).toBe(ExcelJS.ValueType.String);
    await page.close();
  });
});
