import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startWebhookDispatcher, type WebhookDispatcher } from '@lianxu/core';
import { browserAvailable, launchBrowser, provisionDemoTenants, scratchDatabase, signInAs, startWebApp, testVault } from '@lianxu/testing';

// A tenant admin wires a client system in Chromium (issue #18, items 1 and 2 in the web app):
// creates a read-only API key and sees its secret once (gone after a reload), revokes it (the key
// is refused at once), registers a webhook to a local receiver, sends a test event, sees it
// delivered in the log and resends it. HR has no such page. Its own database and dispatcher.
const slug = 'demo-retail';
const SHOTS = process.env.LIANXU_SCREENSHOTS;

interface Received { id: string; timestamp: string; signature: string; body: string }

describe.skipIf(!browserAvailable())('integrations (API keys and webhooks) in real Chromium', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let dispatcher: WebhookDispatcher;
  let receiver: Server;
  let receiverUrl = '';
  const received: Received[] = [];

  beforeAll(async () => {
    scratch = await scratchDatabase('integrations_web');
    web = await startWebApp({ demoMode: true }, { connectionString: scratch.appUrl });
    const tenantId = (await provisionDemoTenants(web.db))[slug]!;
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']), body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    // The worker's dispatcher as the demo runs it (a local receiver allowed), for this tenant only.
    dispatcher = startWebhookDispatcher({ db: web.db, vault: testVault(), production: false, listenUrl: scratch.appUrl, tenantIds: [tenantId], pollMs: 200 });
    await dispatcher.ready;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await dispatcher?.stop();
    await new Promise((r) => receiver?.close(r));
    await web?.close();
    await scratch?.drop();
  });

  const employeesWith = (token: string) => fetch(`${web.url}/api/t/${slug}/employees`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

  it('a tenant admin creates a read-only key (secret once), revokes it, registers a webhook, sends a test event and resends it', async () => {
    const page = await signInAs(browser, web.url, `admin@${slug}.demo`);
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${web.url}/t/${slug}`);
    // On a phone the company's pages open from their menu button.
    await page.getByTestId('tenant-nav-toggle').click();
    await page.getByTestId('tenant-nav-integrations').click();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('系统对接');
    await expect.poll(() => page.getByTestId('api-keys-empty').count()).toBe(1);

    // A blank name: the API's message stands next to the name field, nothing is created.
    await page.getByTestId('api-key-submit').click();
    await expect.poll(() => page.getByTestId('api-key-name-error').count()).toBe(1);
    expect(await page.getByTestId('api-key-secret').count()).toBe(0);

    // Read employees only (the default choice), 30 days.
    expect(await page.getByTestId('api-key-scope-employees:read').isChecked()).toBe(true);
    expect(await page.getByTestId('api-key-scope-employees:write').isChecked()).toBe(false);
    await page.getByTestId('api-key-name').fill('薪酬系统');
    await page.getByTestId('api-key-days').fill('30');
    await page.getByTestId('api-key-submit').click();
    await expect.poll(() => page.getByTestId('api-key-secret').count()).toBe(1);
    expect(await page.getByTestId('api-key-secret-warning').textContent()).toContain('只显示这一次');
    const token = await page.getByTestId('api-key-secret-value').inputValue();
    const row = page.locator('[data-testid="api-key-row"][data-name="薪酬系统"]');
    await expect.poll(() => row.getByTestId('api-key-state').textContent()).toBe('有效');
    expect(await row.getByTestId('api-key-scopes').textContent()).toBe('读取员工');
    const prefix = (await row.getByTestId('api-key-prefix').textContent())!.replace('…', '');
    expect(token.startsWith(prefix)).toBe(true);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'integrations-key-390.png'), fullPage: true });
    expect(await employeesWith(token)).toBe(200);
    // Usable on a phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // After a reload the secret is gone for good; the key stays listed.
    await page.reload();
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.getByTestId('api-key-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(token);

    // Revoke: the dialog opens on its safe button; confirming refuses the key at once.
    await row.getByTestId('api-key-revoke').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('api-key-revoke-dialog-cancel');
    await page.getByTestId('api-key-revoke-dialog-confirm').click();
    await expect.poll(() => row.getByTestId('api-key-state').textContent()).toBe('已吊销');
    expect(await row.getByTestId('api-key-revoke').count()).toBe(0);
    expect(await employeesWith(token)).toBe(401);

    // A webhook to the local receiver, for hires; the signing secret is shown once.
    await page.getByTestId('webhook-submit').click();
    await expect.poll(() => page.getByTestId('webhook-url-error').count()).toBe(1);
    await page.getByTestId('webhook-url').fill(receiverUrl);
    await page.getByTestId('webhook-event-employee.hired').check();
    await page.getByTestId('webhook-submit').click();
    await expect.poll(() => page.getByTestId('webhook-secret').count()).toBe(1);
    const secret = await page.getByTestId('webhook-secret-value').inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(await page.getByTestId('webhook-secret-warning').textContent()).toContain('只显示这一次');
    const hook = page.locator(`[data-testid="webhook-row"][data-url="${receiverUrl}"]`);
    await expect.poll(() => hook.getByTestId('webhook-state').textContent()).toBe('启用');

    // A test event: delivered, signed with that secret, and in the log as delivered.
    await hook.getByTestId('webhook-test').click();
    await expect.poll(() => page.getByTestId('webhook-test-sent').count()).toBe(1);
    const delivery = page.locator('[data-testid="webhook-delivery-row"][data-event-type="webhook.test"]');
    await expect
      .poll(async () => {
        await page.getByTestId('webhook-deliveries-refresh').click();
        return delivery.getAttribute('data-status', { timeout: 1000 }).catch(() => null);
      }, { timeout: 15_000 })
      .toBe('delivered');
    expect(await delivery.getByTestId('webhook-delivery-status').textContent()).toBe('已送达');
    expect(await delivery.getByTestId('webhook-delivery-event').textContent()).toBe('测试事件');
    expect(await delivery.getByTestId('webhook-delivery-attempts').textContent()).toBe('1');
    const eventId = await delivery.getAttribute('data-event-id');
    expect(received.map((r) => r.id)).toEqual([eventId]);
    const first = received[0]!;
    expect(() => new Webhook(secret).verify(first.body, { 'webhook-id': first.id, 'webhook-timestamp': first.timestamp, 'webhook-signature': first.signature })).not.toThrow();

    // Resend: the receiver gets the same webhook-id again; the log counts a second attempt.
    await delivery.getByTestId('webhook-delivery-resend').click();
    await expect.poll(() => page.getByTestId('webhook-resent').count()).toBe(1);
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
    expect(received[1]!.id).toBe(eventId);
    await expect
      .poll(async () => {
        await page.getByTestId('webhook-deliveries-refresh').click();
        return `${await delivery.getAttribute('data-status')} ${await delivery.getByTestId('webhook-delivery-attempts').textContent()}`;
      }, { timeout: 15_000 })
      .toBe('delivered 2');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'integrations-webhooks-390.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }, 120_000);

  it('HR has no integrations entry, and the page itself tells HR it is not theirs', async () => {
    const page = await signInAs(browser, web.url, `hr@${slug}.demo`);
    await page.goto(`${web.url}/t/${slug}`);
    await expect.poll(() => page.getByTestId('tenant-nav-employees').count()).toBe(1);
    expect(await page.getByTestId('tenant-nav-integrations').count()).toBe(0);
    await page.goto(`${web.url}/t/${slug}/integrations`);
    await expect.poll(() => page.getByTestId('role-notice').count()).toBe(1);
    expect(await page.getByTestId('api-keys-section').count()).toBe(0);
  }, 60_000);
});
