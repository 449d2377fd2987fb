import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { browserAvailable, signInAs, startDemoBrowserSession, testIdNumber, type BrowserSession } from '@lianxu/testing';

// A transfer previewed before it is filed, in Chromium at 1366 and 390 px (as a termination is):
// the last month in the old city and the first in the new, both deadlines, the month's amounts per
// insurance in each city, the cost change and the SMS; 返回修改 files nothing, 确认调动 files the
// stop and the enrollment. Its own database with the demo tenants (demo-retail files in four cities).
const slug = 'demo-retail';
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable())('transfer preview in real Chromium', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await startDemoBrowserSession('transfer_preview_web', { plugins: true });
  }, 120_000);
  afterAll(() => session?.close());

  const tasksOf = async (employeeId: string) => {
    const tenant = await session.web.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    return withTenant(session.web.db, tenant.id, async (trx) =>
      (await sql<{ kind: string; city_code: string; month: string }>`select kind, city_code, month from filing_tasks where employee_id = ${employeeId} order by kind, city_code`.execute(trx)).rows);
  };

  async function hired(page: Awaited<ReturnType<typeof signInAs>>, name: string, seq: number) {
    const { web } = session;
    const res = await page.request.post(`${web.url}/api/t/${slug}/employees`, {
      headers: { origin: web.url },
      data: { name, idNumber: testIdNumber(seq), mobile: '13912344444', hukou: 'local', workCity: '110100', hireDate: today(), monthlyWage: '9,000' },
    });
    expect(res.status()).toBe(201);
    return (await res.json()).id as string;
  }

  it('previews a Beijing → Shanghai transfer, goes back without filing, then confirms', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.setViewportSize({ width: 1366, height: 900 });
    const id = await hired(page, '孙调动', 94_001);
    await page.goto(`${web.url}/t/${slug}/employees/${id}`);
    await page.getByTestId('employee-detail').waitFor();
    await page.getByTestId('employee-action-transfer').click();
    await page.getByTestId('transfer-work-city').selectOption('310100');
    const nextMonth = (() => {
      const [y, m] = today().split('-').map(Number) as [number, number];
      return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    })();
    await page.getByTestId('transfer-effective-date').fill(`${nextMonth}-01`);
    expect(await page.getByTestId('transfer-submit').textContent()).toBe('预览');
    await page.getByTestId('transfer-submit').click();

    const dialog = page.getByTestId('transfer-preview');
    await dialog.waitFor();
    expect(await dialog.locator('#transfer-preview-title').textContent()).toBe('确认调动：孙调动');
    expect(await dialog.getByTestId('transfer-preview-first-month').textContent()).toBe(nextMonth);
    expect(await dialog.getByTestId('transfer-preview-last-month').textContent()).toMatch(/^\d{4}-\d{2}$/);
    expect(await dialog.getByTestId('transfer-preview-stop-deadline').textContent()).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(await dialog.getByTestId('transfer-preview-enrollment-deadline').textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The cost change is a signed amount per side, or says why it cannot be given: never a bare 0.00.
    const change = (await dialog.getByTestId('transfer-preview-cost-change').textContent())!;
    expect(change).toMatch(/^单位 [+-]?¥[\d,]+\.\d{2} · 个人 [+-]?¥[\d,]+\.\d{2}$|^无法计算/);
    expect(await dialog.getByTestId('transfer-preview-insurance').count()).toBeGreaterThan(0);
    expect(await dialog.locator('[data-insurance="pension"] th').textContent()).toBe('养老保险');
    expect(await dialog.getByTestId('transfer-preview-sms').textContent()).toContain('【连续】孙调动，您在北京的社会保险缴纳至');
    expect(await tasksOf(id)).toEqual([{ kind: 'enrollment', city_code: '110100', month: expect.any(String) }]);
    // The safe button has focus; 返回修改 files nothing.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('transfer-preview-cancel');
    await dialog.getByTestId('transfer-preview-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await tasksOf(id)).toHaveLength(1);

    // At 390 px the preview fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('transfer-submit').click();
    await dialog.waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await dialog.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);

    await dialog.getByTestId('transfer-preview-confirm').click();
    await page.getByTestId('employee-action-done').waitFor();
    expect((await tasksOf(id)).map((t) => `${t.kind}:${t.city_code}`)).toEqual(['enrollment:110100', 'enrollment:310100', 'stop:110100']);
    await page.close();
  }, 90_000);

  it('in English: the same preview in English words and English city names', async () => {
    const { web, browser } = session;
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.addInitScript(() => localStorage.setItem('lianxu.lang', 'en'));
    const id = await hired(page, '钱英文', 94_002);
    await page.goto(`${web.url}/t/${slug}/employees/${id}`);
    await page.getByTestId('employee-detail').waitFor();
    await page.getByTestId('employee-action-transfer').click();
    await page.getByTestId('transfer-work-city').selectOption('440300');
    await page.getByTestId('transfer-submit').click();
    const dialog = page.getByTestId('transfer-preview');
    await dialog.waitFor();
    const text = (await dialog.locator('dl').textContent())!;
    expect(text).toContain('Last contribution month in Beijing');
    expect(text).toContain('First contribution month in Shenzhen');
    expect(await dialog.getByTestId('transfer-preview-confirm').textContent()).toBe('Confirm transfer');
    await dialog.getByTestId('transfer-preview-cancel').click();
    expect(await tasksOf(id)).toHaveLength(1);
    await page.close();
  }, 60_000);
});
