import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { addDays } from '@lianxu/core';
import { browserAvailable, signInAs, startDemoBrowserSession, testIdNumber, type BrowserSession } from '@lianxu/testing';

// Preview, then commit, in Chromium: a hire dated 64 days back is warned about before it is saved;
// a termination shows the last contribution month, the stop deadline, the cost that stops and the
// SMS text before anything is filed, goes back to the form on 返回修改, and on 确认办理 files the
// stop and shows the result where the user is looking. Its own database with the demo tenants.
const slug = 'demo-manufacturing';
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable())('preview then commit in real Chromium', () => {
  let session: BrowserSession;
  let person = 81_000 + Math.floor(Math.random() * 1000) * 7;

  beforeAll(async () => {
    session = await startDemoBrowserSession('preview_web');
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  // Row-level security: counts are read as the tenant.
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) => {
    const tenant = await session.web.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    return withTenant(session.web.db, tenant.id, async (trx) => (await query.execute(trx)).rows[0]!.n);
  };
  const stopTasks = (employeeId: string) => count(sql<{ n: number }>`select count(*)::int as n from filing_tasks where employee_id = ${employeeId} and kind = 'stop'`);

  it('HR is warned before saving a late hire, previews the termination, goes back, then confirms', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.setViewportSize({ width: 1366, height: 900 });

    // A hire dated 64 days back: the overdue deadline is said before anything is saved.
    await page.goto(`${web.url}/t/${slug}/employees/new`);
    await page.getByTestId('hire-form').waitFor();
    await expect.poll(() => page.getByTestId('hire-entity').locator('option').count()).toBe(2);
    await page.getByTestId('hire-entity').selectOption({ label: '华东精密制造（上海）有限公司' });
    await expect.poll(() => page.getByTestId('hire-work-city').inputValue()).toBe('310100');
    const hireDate = addDays(today(), -64);
    await page.getByTestId('hire-name').fill('陈预览');
    await page.getByTestId('hire-id-number').fill(testIdNumber(person++));
    await page.getByTestId('hire-mobile').fill('13912340000');
    await page.getByTestId('hire-monthly-wage').fill('12,000');
    await page.getByTestId('hire-hire-date').fill(hireDate);
    await page.getByTestId('hire-submit').click();
    const late = page.getByTestId('hire-late');
    await late.waitFor();
    expect(await page.getByTestId('hire-late-text').textContent()).toBe(
      `入职日期 ${hireDate} 的增员法定期限（入职之日起 30 日）为 ${addDays(hireDate, 30)}，已逾期 34 天。保存后将立即申报增员；逾期期间如发生工伤、医疗费用，可能需由单位承担，并可能需要补缴。`,
    );
    expect(await count(sql<{ n: number }>`select count(*)::int as n from employees where name = '陈预览'`)).toBe(0);
    await page.getByTestId('hire-late-confirm').click();
    await page.getByTestId('employee-detail').waitFor();
    const employeeId = (await page.getByTestId('employee-detail').getAttribute('data-employee-id'))!;
    // "12,000" was taken as a wage.
    expect(await page.getByTestId('wage-row').first().textContent()).toContain('12,000.00');

    // The termination form previews; nothing is filed until 确认办理.
    await page.getByTestId('employee-action-terminate').click();
    const lastDay = addDays(today(), -1);
    await page.getByTestId('terminate-last-working-day').fill(lastDay);
    await page.getByTestId('terminate-reason').fill('个人原因辞职');
    expect(await page.getByTestId('terminate-submit').textContent()).toBe('预览');
    await page.getByTestId('terminate-submit').click();
    const dialog = page.getByTestId('terminate-preview');
    await dialog.waitFor();
    expect(await dialog.locator('#terminate-preview-title').textContent()).toBe('确认办理离职：陈预览');
    expect(await dialog.getByTestId('preview-last-working-day').textContent()).toBe(lastDay);
    const month = (await dialog.getByTestId('preview-last-month').textContent())!;
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    expect(await dialog.getByTestId('preview-stop-deadline').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} 上海每月 \d+ 日为增减员截止日/);
    expect(await dialog.getByTestId('preview-cost').textContent()).toMatch(/^单位 ¥[\d,]+\.\d{2} · 个人 ¥[\d,]+\.\d{2}/);
    const sms = await dialog.getByTestId('preview-sms').textContent();
    expect(sms).toContain(`【连续】陈预览，您在上海的社会保险由本单位缴纳至 ${month}`);
    expect(await stopTasks(employeeId)).toBe(0);

    // 返回修改 closes the preview, keeps the form, files nothing.
    await dialog.getByTestId('terminate-preview-cancel').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.getByTestId('terminate-reason').inputValue()).toBe('个人原因辞职');
    expect(await stopTasks(employeeId)).toBe(0);

    // 确认办理 files the stop; the result is in view and has focus.
    await page.getByTestId('terminate-submit').click();
    await dialog.getByTestId('terminate-preview-confirm').click();
    const done = page.getByTestId('employee-action-done');
    await done.waitFor();
    expect(await done.textContent()).toBe('已办理离职，减员申报已开始。');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('employee-action-done');
    await expect.poll(() => done.isVisible()).toBe(true);
    const box = (await done.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    expect(await stopTasks(employeeId)).toBe(1);
    expect(await page.getByTestId('employee-status').getAttribute('data-status')).toBe('terminated');
    await page.close();
  }, 90_000);

  it('in English, the preview says "Stop contributions by" and the terms match the form', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'en'));
    const entities = await (await page.request.get(`${web.url}/api/t/${slug}/entities`)).json();
    const shanghai = entities.items.find((e: { registrations: { cityCode: string }[] }) => e.registrations.some((r) => r.cityCode === '310100'));
    const hired = await page.request.post(`${web.url}/api/t/${slug}/employees`, {
      headers: { origin: web.url },
      data: { entityId: shanghai.id, name: '周英文', idNumber: testIdNumber(person++), mobile: '13912341111', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' },
    });
    expect(hired.status()).toBe(201);
    const id = (await hired.json()).id as string;
    await page.goto(`${web.url}/t/${slug}/employees/${id}`);
    await page.getByTestId('employee-detail').waitFor();
    await page.getByTestId('employee-action-terminate').click();
    await page.getByTestId('terminate-reason').fill('moving away');
    await page.getByTestId('terminate-submit').click();
    const dialog = page.getByTestId('terminate-preview');
    await dialog.waitFor();
    const text = (await dialog.textContent())!;
    expect(text).toContain('Last working day');
    expect(text).toContain('Stop contributions by');
    expect(text).toContain('Last contribution month');
    // English words and the English city name around the SMS (which is sent in Chinese).
    const intro = (await dialog.locator('.dialog-body > p').first().textContent())!;
    expect(intro).toContain('Shanghai');
    expect(intro).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await dialog.getByTestId('terminate-preview-confirm').textContent()).toBe('Confirm termination');
    expect(await dialog.getByTestId('terminate-preview-cancel').textContent()).toBe('Back to edit');
    await dialog.getByTestId('terminate-preview-cancel').click();
    expect(await stopTasks(id)).toBe(0);
    await page.close();
  }, 60_000);
});
