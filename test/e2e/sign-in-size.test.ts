import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, startBrowserSession, type BrowserSession } from '@lianxu/testing';

// The sign-in page is the first thing every user loads, often on a phone: its JavaScript as sent
// (compressed bytes on the wire, entry chunk plus everything the route pulls in) stays under 60 KB.
const SIGN_IN_JS_BUDGET = 60 * 1024;

describe.skipIf(!browserAvailable())('the sign-in page as sent', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await startBrowserSession();
  });
  afterAll(() => session?.close());

  it('loads less than 60 KB of compressed JavaScript, brotli-compressed, with only its own messages', async () => {
    const page = await session.browser.context.newPage();
    const scripts: { url: string; encoding: string | undefined; bytes: Promise<number> }[] = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() !== 'script') return;
      scripts.push({
        url: request.url(),
        encoding: undefined,
        bytes: request.sizes().then((s) => s.responseBodySize),
      });
    });
    const encodings = new Map<string, string | undefined>();
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') encodings.set(response.url(), response.headers()['content-encoding']);
    });
    await page.goto(`${session.web.url}/sign-in`);
    await page.getByTestId('sign-in-email').waitFor();
    await page.waitForLoadState('networkidle');

    const sizes = await Promise.all(scripts.map(async (s) => ({ url: s.url, bytes: await s.bytes })));
    const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
    console.info(
      `sign-in JavaScript as sent: ${(total / 1024).toFixed(1)} KB in ${sizes.length} scripts\n` +
        sizes.map((s) => `  ${(s.bytes / 1024).toFixed(1)} KB ${new URL(s.url).pathname} (${encodings.get(s.url) ?? 'identity'})`).join('\n'),
    );
    expect(sizes.length).toBeGreaterThan(0);
    // The build keeps no variant that is not smaller (a chunk of a few dozen bytes): only those go plain.
    for (const s of sizes) if (s.bytes >= 512) expect(encodings.get(s.url), s.url).toBe('br');
    expect(sizes.filter((s) => encodings.get(s.url) === 'br').length).toBeGreaterThanOrEqual(sizes.length - 1);
    expect(total).toBeLessThan(SIGN_IN_JS_BUDGET);
    // Only the Chinese messages of the shell and the sign-in form: no English, no other feature's.
    const messageChunks = sizes.map((s) => /\/messages-([\w-]+)\.([\w-]+)-[\w-]+\.js$/.exec(new URL(s.url).pathname)?.slice(1).join(' ')).filter(Boolean);
    expect(messageChunks.sort()).toEqual(['app zh-CN', 'sign-in zh-CN']);
    await page.close();
  });
});
