import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Page } from 'playwright-core';
import { addDays } from '@lianxu/core';
import { createDb, type Database } from '@lianxu/db';
import {
  browserAvailable,
  launchBrowser,
  lifecycleTenantSpec,
  provisionDemoTenants,
  provisionForTest,
  scratchDatabase,
  signInAs,
  startLifecycleStack,
  startWebApp,
  testIdNumber,
} from '@lianxu/testing';

// HR hires through the form in Chromium; the lifecycle runs for real behind the API (dispatcher,
// Temporal worker, bureau-sim), so the Tasks page shows the enrollment counting down and then
// confirmed. Its own database: the dispatcher here must not pick up other files' demo hires.
describe.skipIf(!browserAvailable())('hiring in real Chromium', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let stackDb: Kysely<Database>;
  let stack: Awaited<ReturnType<typeof startLifecycleStack>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const slug = 'demo-manufacturing';
  let tenantId = '';
  // A second tenant that requires HR approval and files by hand (filing-file gateway).
  const manualSlug = `manual-${Math.random().toString(36).slice(2, 8)}`;
  let manualId = '';
  // Person numbers no other test file uses (the bureau-sim here is this file's own anyway).
  let person = 70_000 + Math.floor(Math.random() * 1000) * 7;

  beforeAll(async () => {
    scratch = await scratchDatabase('hire_web');
    // Demo mode lets the demo consultant in without a second factor, as `npm start` does.
    web = await startWebApp({ demoMode: true }, { connectionString: scratch.appUrl });
    const ids = await provisionDemoTenants(web.db);
    tenantId = ids[slug]!;
    manualId = await provisionForTest(web.db, lifecycleTenantSpec(manualSlug, { approvalRequired: true, gateway: 'filing-file', seed: 7301 }));
    stackDb = createDb({ connectionString: scratch.appUrl, max: 5 });
    // The bureau takes 4-5 s to process a filing, as the demo's does: long enough to see it open.
    stack = await startLifecycleStack(stackDb, { tenantIds: [tenantId, manualId], bureau: { processingDelayMs: [4000, 5000] } });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await stackDb?.destroy();
    await web?.close();
    await scratch?.drop();
  });

  const signedInPage = (email: string) => signInAs(browser, web.url, email);

  async function openHireForm(page: Page): Promise<void> {
    await page.goto(`${web.url}/t/${slug}/employees`);
    await page.getByTestId('employees-hire').click();
    await page.getByTestId('hire-form').waitFor();
    // Two employing entities: the select shows; the Shanghai one files in Shanghai.
    await expect.poll(() => page.getByTestId('hire-entity').locator('option').count()).toBe(2);
    await page.getByTestId('hire-entity').selectOption({ label: '华东精密制造（上海）有限公司' });
    await expect.poll(() => page.getByTestId('hire-work-city').inputValue()).toBe('310100');
  }

  it('HR hires through the form, sees the enrollment count down on the Tasks page and then confirmed', async () => {
    const page = await signedInPage('hr@demo-manufacturing.demo');
    const idNumber = testIdNumber(person++);
    const name = '林晓雨';

    await openHireForm(page);
    await page.getByTestId('hire-name').fill(name);
    await page.getByTestId('hire-id-number').fill(idNumber);
    await page.getByTestId('hire-mobile').fill('13912345678');
    await page.getByTestId('hire-monthly-wage').fill('9500.00');
    const hireDate = await page.getByTestId('hire-hire-date').inputValue();

    // The hire goes out twice, as a double click or a retry after a lost answer would send it: the
    // form's Idempotency-Key makes the second answer a replay of the first, one employee.
    const answers: { status: number; id: string; replayed: string | undefined }[] = [];
    const keys: string[] = [];
    await page.route(`**/api/t/${slug}/employees`, async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      keys.push((await route.request().allHeaders())['idempotency-key'] ?? '');
      for (let i = 0; i < 2; i++) {
        const response = await route.fetch();
        answers.push({ status: response.status(), id: ((await response.json()) as { id: string }).id, replayed: response.headers()['idempotent-replayed'] });
        if (i === 1) await route.fulfill({ response });
      }
    });
    await page.getByTestId('hire-submit').click();
    // Nothing is saved until the preview panel's confirm.
    await page.getByTestId('hire-preview-confirm').click();
    await page.waitForURL(/\/employees\/[0-9a-f-]{36}\?hired=1$/);
    await page.unroute(`**/api/t/${slug}/employees`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers[1]!.id).toBe(answers[0]!.id);
    expect(answers[1]!.replayed).toBe('true');
    const employeeId = answers[0]!.id;
    await page.getByTestId('employee-hired').waitFor();

    // Straight to the Tasks page through the nav: the page must update by itself from here on.
    await page.getByTestId('tenant-nav-tasks').click();
    await page.getByTestId('tasks-page').waitFor();
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
    const row = page.locator(`[data-testid="task-row"][data-employee-id="${employeeId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-kind')).toBe('enrollment');
    expect(await row.getAttribute('data-open')).toBe('true');
    expect(['submitting', 'submitted']).toContain(await row.getAttribute('data-status'));
    // A hire dated today has the whole 30 days ahead: days and hours left, not red.
    const countdown = row.getByTestId('task-countdown');
    expect(await countdown.textContent()).toMatch(/^剩余 (29|30) 天 \d{1,2} 小时$/);
    expect(await countdown.getAttribute('data-urgent')).toBe('false');
    expect(await row.getByTestId('task-kind').textContent()).toBe('增员');

    await expect.poll(() => row.getAttribute('data-status'), { timeout: 40_000, interval: 250 }).toBe('confirmed');
    expect(await row.getAttribute('data-open')).toBe('false');
    expect(await row.getByTestId('task-status').textContent()).toBe('已确认');
    expect(await row.getByTestId('task-receipt').textContent()).toMatch(/^ZY/);
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);

    // The employee's page: confirmed with the receipt, coverage from the hire month, no gap, and
    // the full ID number only after asking for it.
    await row.getByTestId('task-employee').click();
    await page.getByTestId('employee-detail').waitFor();
    await expect.poll(() => page.getByTestId('employee-enrollment-status').getAttribute('data-status')).toBe('confirmed');
    expect(await page.getByTestId('employee-enrollment-receipt').textContent()).toMatch(/^ZY/);
    const bars = page.getByTestId('coverage-bar');
    expect(await bars.count()).toBe(1);
    expect(await bars.first().getAttribute('data-from')).toBe(hireDate.slice(0, 7));
    expect(await page.getByTestId('coverage-gap').count()).toBe(0);
    expect(await page.getByTestId('wage-row').count()).toBe(1);
    const shownId = page.getByTestId('employee-id-number');
    expect(await shownId.textContent()).not.toBe(idNumber);
    expect(await shownId.textContent()).toContain('*');
    await page.getByTestId('employee-reveal').click();
    await expect.poll(() => shownId.textContent()).toBe(idNumber);

    // One employee, found by the full ID number (blind index), confirmed in the list.
    await page.goto(`${web.url}/t/${slug}/employees?q=${idNumber}`);
    await expect.poll(() => page.getByTestId('employee-row').count()).toBe(1);
    expect(await page.getByTestId('employee-row').getAttribute('data-employee-id')).toBe(employeeId);
    await expect.poll(() => page.getByTestId('employee-enrollment').getAttribute('data-status')).toBe('confirmed');
    await page.goto(`${web.url}/t/${slug}/employees?q=${encodeURIComponent(name)}`);
    await expect.poll(() => page.getByTestId('employee-row').count()).toBe(1);
    await page.close();
  }, 90_000);

  it('shows a wrong ID check digit in Chinese next to the ID field, and hires once it is corrected', async () => {
    const page = await signedInPage('hr@demo-manufacturing.demo');
    const valid = testIdNumber(person++);
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');

    await openHireForm(page);
    await page.getByTestId('hire-name').fill('周子墨');
    await page.getByTestId('hire-id-number').fill(wrong);
    await page.getByTestId('hire-mobile').fill('13812340000');
    await page.getByTestId('hire-monthly-wage').fill('8,800'); // as people type it: a thousands separator is fine
    await page.getByTestId('hire-submit').click();

    const idField = page.locator('.field', { has: page.getByTestId('hire-id-number') });
    await expect.poll(() => idField.getByTestId('hire-id-number-error').textContent()).toBe('身份证号校验码不正确（GB 11643）');
    expect(await page.getByTestId('hire-id-number').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('hire-id-number').getAttribute('aria-describedby')).toContain('hire-id-number-error');
    // Only the ID number is at fault; nothing else is marked, and the form is still open.
    for (const other of ['hire-name', 'hire-mobile', 'hire-monthly-wage', 'hire-work-city', 'hire-hire-date']) {
      expect(await page.getByTestId(`${other}-error`).count(), other).toBe(0);
    }
    expect(page.url()).toMatch(/\/employees\/new$/);

    await page.getByTestId('hire-id-number').fill(valid);
    await page.getByTestId('hire-submit').click();
    // Nothing is saved until the preview panel's confirm.
    await page.getByTestId('hire-preview-confirm').click();
    await page.waitForURL(/\/employees\/[0-9a-f-]{36}\?hired=1$/);
    expect(await page.getByTestId('page-title').textContent()).toBe('周子墨');
    await page.close();
  }, 60_000);

  it('links a consultant to the workflow in the Temporal UI; the employee role sees only its own pages and its inbox', async () => {
    // A hire of its own (through the people service the API uses), so this test needs no other.
    const hr = await web.db.selectFrom('users').select('id').where('email', '=', 'hr@demo-manufacturing.demo').executeTakeFirstOrThrow();
    const entities = await stack.people.listEntities({ id: tenantId, slug });
    const shanghai = entities.find((e) => e.registrations.some((r) => r.cityCode === '310100'))!;
    const hired = await stack.people.hire({ id: tenantId, slug }, hr, {
      entityId: shanghai.id, name: '韩梅', idNumber: testIdNumber(person++), mobile: '13700001111', hukou: 'non-local', workCity: '310100',
      hireDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), monthlyWage: '7000.00',
    }).catch((error: unknown) => error);
    expect(hired, String(hired)).not.toBeInstanceOf(Error);

    const consultant = await signedInPage('consultant@lianxu.demo');
    await consultant.goto(`${web.url}/t/${slug}/tasks`);
    const link = consultant.getByTestId('task-workflow-link').first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^http:\/\/localhost:8233\/namespaces\/default\/workflows\/enroll%3Ademo-manufacturing%3A/);
    // Read-only: no approve, receipt or resubmit buttons, no hire button.
    expect(await consultant.getByTestId('task-approve').count()).toBe(0);
    await consultant.goto(`${web.url}/t/${slug}/employees`);
    await consultant.getByTestId('employees-table').waitFor();
    expect(await consultant.getByTestId('employees-hire').count()).toBe(0);
    expect(await consultant.getByTestId('employees-export').count()).toBe(1);
    await consultant.close();

    const employee = await signedInPage('employee@demo-manufacturing.demo');
    // The employee role lands on its own pages instead of the tenant home.
    await employee.goto(`${web.url}/t/${slug}`);
    await employee.waitForURL(`${web.url}/t/${slug}/me`);
    // Not linked to an employee record: one message saying so, in the user's language.
    await expect.poll(() => employee.getByTestId('me-load-error').textContent()).toContain('尚未关联员工档案');
    const nav = employee.getByTestId('tenant-nav').locator('a');
    await expect.poll(() => nav.evaluateAll((links) => links.map((a) => a.getAttribute('data-testid')))).toEqual(['tenant-nav-me', 'tenant-nav-inbox']);
    await employee.close();
  }, 60_000);

  it('on day 25 warns HR in the inbox (badge, mark as read) with the countdown in red; an overdue hire shows overdue; the SMS outbox says nothing was sent', async () => {
    const hr = await web.db.selectFrom('users').select('id').where('email', '=', 'hr@demo-manufacturing.demo').executeTakeFirstOrThrow();
    const entities = await stack.people.listEntities({ id: tenantId, slug });
    const shanghai = entities.find((e) => e.registrations.some((r) => r.cityCode === '310100'))!;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const hire = async (name: string, daysAgo: number) => {
      const answer = await stack.people.hire({ id: tenantId, slug }, hr, {
        entityId: shanghai.id, name, idNumber: testIdNumber(person++), mobile: '13700002222', hukou: 'local', workCity: '310100',
        hireDate: addDays(today, -daysAgo), monthlyWage: '8000.00',
      });
      return answer.body.id;
    };
    // The bureau is down, so nothing gets confirmed and the deadlines (from the hire dates) bite at once.
    stack.bureau.state.setFaults({ outageUntil: new Date(Date.now() + 120_000).toISOString() });
    try {
      const warnedId = await hire('赵警示', 26);
      const lateId = await hire('钱逾期', 31);

      const page = await signedInPage('hr@demo-manufacturing.demo');
      // The warning is written by the workflow; wait until the API has it before looking.
      await expect.poll(async () => {
        const res = await page.request.get(`${web.url}/api/t/${slug}/notifications?unread=true`);
        return ((await res.json()) as { items: { kind: string }[] }).items.filter((n) => n.kind === 'deadline_warning').length;
      }, { timeout: 30_000 }).toBeGreaterThan(0);

      await page.goto(`${web.url}/t/${slug}/tasks`);
      const warned = page.locator(`[data-testid="task-row"][data-employee-id="${warnedId}"]`).getByTestId('task-countdown');
      await warned.waitFor();
      expect(await warned.textContent()).toMatch(/^剩余 [0-4] 天 \d{1,2} 小时$/);
      expect(await warned.getAttribute('data-urgent')).toBe('true');
      expect(await warned.getAttribute('class')).toContain('countdown-urgent');
      const late = page.locator(`[data-testid="task-row"][data-employee-id="${lateId}"]`).getByTestId('task-countdown');
      expect(await late.textContent()).toMatch(/^已逾期 \d+ 天 \d{1,2} 小时$/);
      expect(await late.getAttribute('data-overdue')).toBe('true');

      const badge = page.getByTestId('nav-unread-count');
      const before = Number(await badge.textContent());
      expect(before).toBeGreaterThan(0);
      await page.getByTestId('tenant-nav-inbox').click();
      const item = page.locator('[data-testid="inbox-item"][data-kind="deadline_warning"]').filter({ hasText: '赵警示' }).first();
      await item.waitFor();
      expect(await item.getAttribute('data-read')).toBe('false');
      await item.getByTestId('inbox-mark-read').click();
      await expect.poll(() => item.getAttribute('data-read')).toBe('true');
      await expect.poll(() => badge.count().then(async (n) => (n === 0 ? 0 : Number(await badge.textContent())))).toBe(before - 1);
      expect(await page.getByTestId('inbox-unread').getAttribute('data-count')).toBe(String(before - 1));
      await page.close();

      // The tenant admin: the escalation in the inbox, and the SMS outbox with its plain warning.
      const admin = await signedInPage('admin@demo-manufacturing.demo');
      await expect.poll(async () => {
        const res = await admin.request.get(`${web.url}/api/t/${slug}/notifications`);
        return ((await res.json()) as { items: { kind: string }[] }).items.some((n) => n.kind === 'deadline_escalation');
      }, { timeout: 30_000 }).toBe(true);
      await admin.goto(`${web.url}/t/${slug}/sms-outbox`);
      expect(await admin.getByTestId('sms-outbox-notice').textContent()).toContain('没有真正发出');
      await expect.poll(() => admin.getByTestId('sms-row').count()).toBeGreaterThan(0);
      expect(await admin.getByTestId('sms-outbox-table').textContent()).toContain('已写入发件箱');
      await admin.goto(`${web.url}/t/${slug}/inbox`);
      await admin.locator('[data-testid="inbox-item"][data-kind="deadline_escalation"]').first().waitFor();
      await admin.close();
    } finally {
      stack.bureau.state.setFaults({ outageUntil: null });
    }
  }, 90_000);

  it('HR approves an enrollment, enters the receipt of a filing made by hand, and corrects a rejected one', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const userId = async (email: string) => (await web.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow());

    // Approval, then the receipt: the tenant files through the government portal by hand.
    const manual = { id: manualId, slug: manualSlug };
    const approved = await stack.people.hire(manual, await userId(`hr@${manualSlug}.test`), {
      name: '孙立', idNumber: testIdNumber(person++), mobile: '13600003333', hukou: 'local', workCity: '310100', hireDate: today, monthlyWage: '12000.00',
    });
    const page = await signedInPage(`hr@${manualSlug}.test`);
    await page.goto(`${web.url}/t/${manualSlug}/tasks`);
    const row = page.locator(`[data-testid="task-row"][data-employee-id="${approved.body.id}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('pending_approval');
    await row.getByTestId('task-approve').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('submitted');
    await row.getByTestId('task-receipt-open').click();
    // What is typed survives the page's own refreshes (rows are kept by id): wait for two refreshes of
    // the list after typing (the first is rendered by the time the second arrives), not for a time.
    let refreshes = 0;
    const countRefresh = (response: { url(): string; request(): { method(): string } }) => {
      const url = new URL(response.url());
      if (response.request().method() === 'GET' && url.pathname === `/api/t/${manualSlug}/tasks` && url.searchParams.get('open') === 'true') refreshes += 1;
    };
    await row.getByTestId('task-receipt-input').fill('SH-2026-000123');
    page.on('response', countRefresh);
    await expect.poll(() => refreshes, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    page.off('response', countRefresh);
    expect(await row.getByTestId('task-receipt-input').inputValue()).toBe('SH-2026-000123');
    await row.getByTestId('task-receipt-submit').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('confirmed');
    expect(await row.getByTestId('task-receipt').textContent()).toBe('SH-2026-000123');
    await page.close();

    // A rejection: the bureau says the name does not match the ID; HR corrects the name and files again.
    const idNumber = testIdNumber(person++);
    stack.bureau.state.setNameMismatch([idNumber]);
    const entities = await stack.people.listEntities({ id: tenantId, slug });
    const shanghai = entities.find((e) => e.registrations.some((r) => r.cityCode === '310100'))!;
    const rejected = await stack.people.hire({ id: tenantId, slug }, await userId('hr@demo-manufacturing.demo'), {
      entityId: shanghai.id, name: '李四', idNumber, mobile: '13600004444', hukou: 'local', workCity: '310100', hireDate: today, monthlyWage: '9000.00',
    });
    const hrPage = await signedInPage('hr@demo-manufacturing.demo');
    await hrPage.goto(`${web.url}/t/${slug}/tasks`);
    const rejectedRow = hrPage.locator(`[data-testid="task-row"][data-employee-id="${rejected.body.id}"]`);
    await expect.poll(() => rejectedRow.getAttribute('data-status'), { timeout: 30_000 }).toBe('rejected');
    expect(await rejectedRow.getByTestId('task-rejection').textContent()).toContain('姓名与公民身份号码不一致');
    await rejectedRow.getByTestId('task-resubmit-open').click();
    expect(await rejectedRow.getByTestId('task-resubmit-rejection').textContent()).toContain('姓名与公民身份号码不一致');
    expect(await rejectedRow.getByTestId('task-resubmit-name').inputValue()).toBe('李四');
    // A wrong correction is refused beside its field; the right one files again.
    await rejectedRow.getByTestId('task-resubmit-id-number').fill(idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0'));
    await rejectedRow.getByTestId('task-resubmit-submit').click();
    await expect.poll(() => rejectedRow.getByTestId('task-resubmit-id-number-error').textContent()).toBe('身份证号校验码不正确（GB 11643）');
    stack.bureau.state.setNameMismatch([]);
    await rejectedRow.getByTestId('task-resubmit-id-number').fill('');
    await rejectedRow.getByTestId('task-resubmit-name').fill('李思');
    await rejectedRow.getByTestId('task-resubmit-submit').click();
    await expect.poll(() => rejectedRow.getAttribute('data-status'), { timeout: 30_000 }).toBe('confirmed');
    expect(await rejectedRow.getByTestId('task-employee').textContent()).toBe('李思');
    await hrPage.close();
  }, 120_000);

  it('changes the wage, and shows a refused transfer and termination beside their fields', async () => {
    const hr = await web.db.selectFrom('users').select('id').where('email', '=', 'hr@demo-manufacturing.demo').executeTakeFirstOrThrow();
    const entities = await stack.people.listEntities({ id: tenantId, slug });
    const shanghai = entities.find((e) => e.registrations.some((r) => r.cityCode === '310100'))!;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const hired = await stack.people.hire({ id: tenantId, slug }, hr, {
      entityId: shanghai.id, name: '吴变动', idNumber: testIdNumber(person++), mobile: '13600005555', hukou: 'local', workCity: '310100', hireDate: today, monthlyWage: '9000.00',
    });
    const page = await signedInPage('hr@demo-manufacturing.demo');
    await page.goto(`${web.url}/t/${slug}/employees/${hired.body.id}`);
    await page.getByTestId('employee-detail').waitFor();

    await page.getByTestId('employee-action-wage').click();
    await page.getByTestId('wage-monthly-wage').fill('0');
    await page.getByTestId('wage-submit').click();
    await page.getByTestId('wage-monthly-wage-error').waitFor();
    await page.getByTestId('wage-monthly-wage').fill('10500.00');
    await page.getByTestId('wage-submit').click();
    // Today already has the hire's wage: the API names the date field.
    await expect.poll(() => page.getByTestId('wage-effective-from-error').count()).toBe(1);
    const nextMonth = addDays(today, 31).slice(0, 8) + '01';
    await page.getByTestId('wage-effective-from').fill(nextMonth);
    await page.getByTestId('wage-submit').click();
    await page.getByTestId('employee-action-done').waitFor();
    await expect.poll(() => page.getByTestId('wage-row').count()).toBe(2);
    expect(await page.locator(`[data-testid="wage-row"][data-from="${nextMonth}"]`).textContent()).toContain('10,500.00');

    // The Shanghai entity has no registration in Hangzhou: the API names the city field.
    await page.getByTestId('employee-action-transfer').click();
    await page.getByTestId('transfer-work-city').selectOption('330100');
    await page.getByTestId('transfer-submit').click();
    expect(await page.getByTestId('transfer-work-city-error').textContent()).toContain('330100');

    await page.getByTestId('employee-action-terminate').click();
    await page.getByTestId('terminate-last-working-day').fill(addDays(today, -400));
    await page.getByTestId('terminate-reason').fill('个人原因辞职');
    await page.getByTestId('terminate-submit').click();
    await page.getByTestId('terminate-last-working-day-error').waitFor();
    expect(await page.getByTestId('employee-status').getAttribute('data-status')).toBe('active');
    await page.close();
  }, 60_000);
});
