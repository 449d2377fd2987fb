import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { addDays } from '@lianxu/core';
import type { Page } from 'playwright-core';
import { browserAvailable, signInAs, startDemoBrowserSession, testIdNumber, type BrowserSession } from '@lianxu/testing';

// Preview, then commit, in Chromium: a hire is previewed in a side panel before it is saved (the
// enrollment with its base and amounts, the deadline's days used and left, and once it has passed
// the late fee and fine), in Chinese at 1366 px and in English at 390 px; a termination shows the last contribution month, the stop deadline, the cost that stops and the
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

  const TEXT = {
    'zh-CN': {
      filing: (month: string) => `上海社保增员，自 ${month} 起缴费`,
      daysLeft: '已用 20 天，剩余 10 天',
      overdue: '已逾期 10 天',
      cost: /^单位 ¥[\d,]+\.\d{2} · 个人 ¥[\d,]+\.\d{2}/,
      title: (name: string) => `确认录用：${name}`,
    },
    en: {
      filing: (month: string) => `Enrollment in Shanghai, contributions from ${month}`,
      daysLeft: '20 of 30 days used, 10 days left',
      overdue: '10 days overdue',
      cost: /^Employer ¥[\d,]+\.\d{2} · Employee ¥[\d,]+\.\d{2}/,
      title: (name: string) => `Confirm the hire of ${name}`,
    },
  } as const;

  /**
   * The hire form previews in a side panel before anything is saved: dated 20 days back, the
   * enrollment with its base and amounts and the days used and left; Escape goes back to the form;
   * dated 40 days back, the exposure with the late fee and fine; the confirm saves, and the result
   * is in view. Returns the new employee's id.
   */
  async function hireThroughPreview(page: Page, language: 'zh-CN' | 'en', width: number, name: string): Promise<string> {
    const { web } = session;
    const text = TEXT[language];
    await page.setViewportSize({ width, height: 900 });
    const entities = await (await page.request.get(`${web.url}/api/t/${slug}/entities`)).json();
    const shanghai = entities.items.find((e: { registrations: { cityCode: string }[] }) => e.registrations.some((r) => r.cityCode === '310100'));
    await page.goto(`${web.url}/t/${slug}/employees/new`);
    await page.getByTestId('hire-form').waitFor();
    await expect.poll(() => page.getByTestId('hire-entity').locator('option').count()).toBe(2);
    await page.getByTestId('hire-entity').selectOption(shanghai.id);
    await expect.poll(() => page.getByTestId('hire-work-city').inputValue()).toBe('310100');
    await page.getByTestId('hire-name').fill(name);
    await page.getByTestId('hire-id-number').fill(testIdNumber(person++));
    await page.getByTestId('hire-mobile').fill('13912340000');
    await page.getByTestId('hire-monthly-wage').fill('12,000');

    // 20 days back: what will be filed, on which base, the amounts, and the days used and left.
    const recent = addDays(today(), -20);
    await page.getByTestId('hire-hire-date').fill(recent);
    await page.getByTestId('hire-submit').click();
    const panel = page.getByTestId('hire-preview');
    await panel.waitFor();
    expect(await panel.locator('#hire-preview-title').textContent()).toBe(text.title(name));
    // Focus is moved into the panel; on a desktop it sits at the right edge, on a phone it takes the whole width.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('hire-preview-title');
    const box = (await panel.boundingBox())!;
    expect(Math.round(box.x + box.width)).toBe(width);
    if (width < 700) expect(Math.round(box.width)).toBe(width);
    else expect(box.width).toBeLessThan(width / 2);
    expect(await panel.getByTestId('hire-preview-filing').textContent()).toBe(text.filing(recent.slice(0, 7)));
    expect(await panel.getByTestId('hire-preview-base').textContent()).toBe('¥12,000.00');
    expect(await panel.getByTestId('hire-preview-cost').textContent()).toMatch(text.cost);
    expect(await panel.getByTestId('hire-preview-deadline').textContent()).toContain(addDays(recent, 30));
    expect(await panel.getByTestId('hire-preview-days').textContent()).toBe(text.daysLeft);
    expect(await panel.getByTestId('hire-preview-exposure').count()).toBe(0);
    expect(await panel.textContent()).not.toContain('¥0.00');
    // English words around the entity's registered (Chinese) name.
    if (language === 'en') expect((await panel.textContent())!.replace(shanghai.name, '')).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await count(sql<{ n: number }>`select count(*)::int as n from employees where name = ${name}`)).toBe(0);

    // Escape goes back to the form, on the hire date.
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('hire-hire-date');

    // 40 days back: the deadline has passed; the exposure in amounts.
    const late = addDays(today(), -40);
    await page.getByTestId('hire-hire-date').fill(late);
    await page.getByTestId('hire-submit').click();
    await panel.waitFor();
    expect(await panel.getByTestId('hire-preview-days').textContent()).toBe(text.overdue);
    const exposure = panel.getByTestId('hire-preview-exposure');
    await exposure.waitFor();
    const fee = (await exposure.getByTestId('hire-preview-late-fee').textContent())!;
    expect(fee).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(fee).not.toBe('¥0.00');
    expect(await exposure.getByTestId('hire-preview-owed').textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(await exposure.getByTestId('hire-preview-fine').textContent()).toMatch(/^¥[\d,]+\.\d{2} (至|to) ¥[\d,]+\.\d{2}$/);
    expect(await count(sql<{ n: number }>`select count(*)::int as n from employees where name = ${name}`)).toBe(0);

    // The confirm saves and files; the result is where the user is looking.
    await panel.getByTestId('hire-preview-confirm').click();
    await page.waitForURL(/\/employees\/[0-9a-f-]{36}\?hired=1$/);
    const hired = page.getByTestId('employee-hired');
    await hired.waitFor();
    const shown = (await hired.boundingBox())!;
    expect(shown.y).toBeGreaterThanOrEqual(0);
    expect(shown.y + shown.height).toBeLessThanOrEqual(900);
    expect(await count(sql<{ n: number }>`select count(*)::int as n from employees where name = ${name}`)).toBe(1);
    await page.getByTestId('employee-detail').waitFor();
    return (await page.getByTestId('employee-detail').getAttribute('data-employee-id'))!;
  }

  it('HR previews a hire in a side panel (zh-CN, 1366 px), previews the termination, goes back, then confirms', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'zh-CN'));
    const employeeId = await hireThroughPreview(page, 'zh-CN', 1366, '陈预览');
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

  it('in English on a phone (390 px), the hire preview says the days left, the amounts and the exposure, and the confirm saves', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'en'));
    await hireThroughPreview(page, 'en', 390, 'Lin Preview');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
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
