import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createDb, type Database } from '@lianxu/db';
import {
  browserAvailable,
  launchBrowser,
  provisionDemoTenants,
  scratchDatabase,
  signInAs,
  startLifecycleStack,
  startWebApp,
  testIdNumber,
} from '@lianxu/testing';

// The candidate intake end to end in Chromium: HR sends the link from an offer, the candidate fills
// the 入职登记表 on a phone-sized screen and is told at once that their start date leaves a gap after
// their previous employer stopped paying, the link then refuses to open again, and HR reviews and
// confirms the hire, whose enrollment is filed and confirmed at bureau-sim (the start date is today,
// so it is filed at once; a later start date is held until that day, see lifecycle-time-skipping).
describe.skipIf(!browserAvailable())('candidate intake in real Chromium', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let stackDb: Kysely<Database>;
  let stack: Awaited<ReturnType<typeof startLifecycleStack>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const slug = 'demo-manufacturing';

  beforeAll(async () => {
    scratch = await scratchDatabase('intake_web');
    web = await startWebApp({ demoMode: true }, { connectionString: scratch.appUrl });
    const ids = await provisionDemoTenants(web.db);
    stackDb = createDb({ connectionString: scratch.appUrl, max: 5 });
    stack = await startLifecycleStack(stackDb, { tenantIds: [ids[slug]!], bureau: { processingDelayMs: [200, 400] } });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await stackDb?.destroy();
    await web?.close();
    await scratch?.drop();
  });

  it('goes from HR’s link to a confirmed enrollment, warning a candidate whose previous employer stopped two months before', async () => {
    // Today in China; the previous employer paid up to three months before this one: the two
    // months between are the gap.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const [y, m] = today.split('-').map(Number) as [number, number];
    const monthOf = (back: number) => {
      const d = new Date(Date.UTC(y, m - 1 - back, 1));
      return d.toISOString().slice(0, 7);
    };
    const lastPaid = monthOf(3);
    const idNumber = testIdNumber(81_000 + Math.floor(Math.random() * 900) * 7);
    const name = '苏晴';

    // 1. HR: an offer, and the link to copy.
    const hr = await signInAs(browser, web.url, 'hr@demo-manufacturing.demo');
    await hr.goto(`${web.url}/t/${slug}/intakes`);
    await hr.getByTestId('offer-form').waitFor();
    await hr.locator('#offer-name').fill(name);
    await hr.locator('#offer-mobile').fill('13912345678');
    await hr.locator('#offer-cityCode').selectOption('310100');
    await hr.locator('#offer-startDate').fill(today);
    await hr.locator('#offer-monthlyWage').fill('9000');
    await hr.locator('#offer-delivery').selectOption('copy');
    await hr.getByTestId('offer-submit').click();
    const linkUrl = (await hr.getByTestId('offer-link-url').textContent())!;
    expect(linkUrl).toMatch(new RegExp(`/intake/${slug}/[A-Za-z0-9_-]+$`));
    await hr.close();

    // 2. The candidate, with no account, on a phone.
    await browser.context.clearCookies();
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(linkUrl);
    await phone.getByTestId('intake-form').waitFor();
    expect(await phone.getByTestId('intake-intro').textContent()).toContain(today);
    await phone.locator('#intake-idNumber').fill(idNumber.slice(0, 17));
    await phone.locator('#intake-sex').selectOption(Number(idNumber[16]) % 2 === 1 ? 'male' : 'female');
    await phone.locator('#intake-birthDate').fill(`${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`);
    await phone.locator('#intake-ethnicity').fill('汉族');
    await phone.locator('#intake-hukouType').selectOption('non-local-urban');
    await phone.locator('#intake-hukouAddress').fill('北京市东城区东直门南大街 3 号');
    await phone.locator('#intake-mobile').fill('13912345678');
    await phone.locator('#intake-education').selectOption('bachelor');
    await phone.locator('#intake-maritalStatus').selectOption('single');
    await phone.locator('#intake-firstInsured').selectOption('no');
    await phone.locator('#intake-lastPaidMonth').fill(lastPaid);
    await phone.locator('#intake-bankName').fill('招商银行');
    await phone.locator('#intake-bankCard').fill('6225880112233445');
    // A malformed ID number (17 characters): the field is named, nothing is kept, the link still works.
    await phone.getByTestId('intake-submit').click();
    await phone.getByTestId('intake-idNumber-error').waitFor();
    await phone.locator('#intake-idNumber').fill(idNumber);
    // Every label stays on screen beside its field, and nothing is wider than the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const label of await phone.locator('form[data-testid="intake-form"] label').all()) {
      const box = await label.boundingBox();
      expect(box, await label.textContent() ?? '').not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    await phone.getByTestId('intake-submit').click();
    await phone.getByTestId('intake-done').waitFor();
    const warning = phone.getByTestId('intake-gap-warning');
    await warning.waitFor();
    const warned = (await warning.textContent())!;
    expect(warned).toContain(monthOf(2));
    expect(warned).toContain(monthOf(1));
    expect(await phone.getByTestId('intake-gap-cost').textContent()).toMatch(/\d/);
    // Nothing typed is shown back.
    expect(await phone.content()).not.toContain(idNumber);

    // Used: the link now says so and shows nothing of the form.
    await phone.goto(linkUrl);
    await phone.getByTestId('intake-invalid').waitFor();
    expect(await phone.content()).not.toContain(name);
    await phone.close();

    // 3. HR reviews (masked ID, the same gap) and confirms: the enrollment is filed and confirmed.
    const review = await signInAs(browser, web.url, 'hr@demo-manufacturing.demo');
    await review.goto(`${web.url}/t/${slug}/intakes`);
    const row = review.getByTestId('intakes-row').filter({ hasText: name });
    await row.waitFor();
    await row.getByRole('link', { name }).click();
    await review.getByTestId('intake-answers').waitFor();
    const answers = (await review.getByTestId('intake-answers').textContent())!;
    expect(answers).not.toContain(idNumber);
    expect(answers).toContain(idNumber.slice(-4));
    await review.getByTestId('intake-gap-warning').waitFor();
    await review.getByTestId('intake-confirm').click();
    await review.getByTestId('intake-confirmed').waitFor();
    await review.getByTestId('intake-employee-link').click();
    await review.getByTestId('employee-detail').waitFor();
    await expect
      .poll(async () => {
        await review.reload();
        await review.getByTestId('employee-detail').waitFor();
        return review.getByTestId('employee-enrollment-status').getAttribute('data-status');
      }, { timeout: 60_000, interval: 1000 })
      .toBe('confirmed');
    const filed = stack.bureau.state.listFilings().filter((f) => (f.payload as { idNumber: string }).idNumber === idNumber);
    expect(filed).toHaveLength(1);
    expect(filed[0]).toMatchObject({ kind: 'enrollment', city: '310100', status: 'confirmed' });
    await review.close();
  }, 180_000);
});
