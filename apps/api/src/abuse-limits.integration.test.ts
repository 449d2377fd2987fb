import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthService, currentTotp } from '@lianxu/auth';
import { apiDeps, appDb, provisionDemoTenants, TestClient, uniqueSlug } from '@lianxu/testing';
import { buildApp } from './app';
import { clientAddress, trustedProxyHopsFromEnv } from './middleware/client-address';

// Brute force and spoofing (#14 item 8 and the small items of 7): one durable limiter in the
// database for sign-in, second factor and invitation accepts, shared by every API process; the
// client address counted from the right of X-Forwarded-For; 429s say when to try again.

const json = (res: Response): Promise<any> => res.json();
const db = appDb();
const one = apiDeps(db, { trustProxy: true });
const app = buildApp(one.deps);
// A second API process on the same database.
const other = apiDeps(db, { trustProxy: true });
const otherApp = buildApp(other.deps);

beforeAll(async () => {
  await provisionDemoTenants(db);
});
afterAll(async () => {
  await one.close();
  await other.close();
  await db.destroy();
});

async function newUser(password = 'correct horse battery') {
  const email = `${uniqueSlug('abuse')}@example.test`;
  await createAuthService(db).ensureUser({ email, name: '测试用户', password });
  return { email, password };
}

function base32ToBytes(secret: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.toUpperCase().replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return new Uint8Array(bytes);
}

describe('sign-in limits', () => {
  it('answers 429 with a Retry-After in seconds within the window', async () => {
    const user = await newUser();
    const c = new TestClient(app);
    for (let i = 0; i < 10; i++) expect((await c.signIn(user.email, `wrong-${i}`)).status).toBe(401);
    const limited = await c.signIn(user.email, user.password);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('counts failures across API processes (the count lives in the database)', async () => {
    const user = await newUser();
    for (let i = 0; i < 10; i++) {
      const on = i % 2 === 0 ? app : otherApp;
      expect((await new TestClient(on).signIn(user.email, `wrong-${i}`)).status).toBe(401);
    }
    expect((await new TestClient(otherApp).signIn(user.email, user.password)).status).toBe(429);
    expect((await new TestClient(app).signIn(user.email, user.password)).status).toBe(429);
  });

  it('refuses unknown fields in the sign-in body, naming them', async () => {
    const res = await new TestClient(app).post('/api/auth/sign-in', { email: 'hr@demo-retail.demo', password: 'lianxu-demo', admin: true });
    expect(res.status).toBe(400);
    expect(Object.keys((await json(res)).error.fields)).toEqual(['admin']);
  });
});

describe('second-factor limits', () => {
  it('stops a TOTP guessing loop: after 10 wrong codes even the right code is refused with 429 and Retry-After', async () => {
    const user = await newUser();
    const c = new TestClient(app);
    await c.signIn(user.email, user.password);
    const setup = await json(await c.post('/api/auth/two-factor/setup'));
    const key = base32ToBytes(setup.secret);
    expect((await c.post('/api/auth/two-factor/confirm', { code: currentTotp(key) })).status).toBe(200);

    const d = new TestClient(app);
    expect((await json(await d.signIn(user.email, user.password))).twoFactorRequired).toBe(true);
    const wrong = () => {
      const right = currentTotp(key);
      return right === '000000' ? '111111' : '000000';
    };
    for (let i = 0; i < 10; i++) expect((await d.post('/api/auth/two-factor', { code: wrong() })).status).toBe(401);
    // Another process sees the same count.
    const e = new TestClient(otherApp);
    await e.signIn(user.email, user.password);
    const limited = await e.post('/api/auth/two-factor', { code: currentTotp(key) });
    expect(limited.status).toBe(429);
    expect((await json(limited)).error.code).toBe('too_many_attempts');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await e.get('/api/me')).status).toBe(401);
  });
});

describe('invitation accept limits', () => {
  it('counts failed accepts per address in the database, across processes, with Retry-After', async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}-${uniqueSlug('x')}`;
    const bogus = () => 'a'.repeat(52);
    for (let i = 0; i < 20; i++) {
      const on = i % 2 === 0 ? app : otherApp;
      const res = await on.request('http://localhost:3000/api/invitations/accept', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', 'x-forwarded-for': address },
        body: JSON.stringify({ token: bogus(), name: '张三', password: 'a-long-password-1' }),
      });
      expect(res.status).toBe(404);
    }
    const limited = await app.request('http://localhost:3000/api/invitations/accept', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', 'x-forwarded-for': address },
      body: JSON.stringify({ token: bogus(), name: '张三', password: 'a-long-password-1' }),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('client address', () => {
  const probe = (hops: number) => {
    const h = new Hono();
    h.get('/ip', (c) => c.text(clientAddress(c, hops)));
    return async (xff?: string) => (await h.request('http://localhost/ip', { headers: xff === undefined ? {} : { 'x-forwarded-for': xff } })).text();
  };

  it('takes the entry that many trusted hops from the right, so a forged leftmost entry changes nothing', async () => {
    const oneHop = probe(1);
    expect(await oneHop('198.51.100.7')).toBe('198.51.100.7');
    expect(await oneHop('6.6.6.6, 198.51.100.7')).toBe('198.51.100.7');
    expect(await oneHop('1.1.1.1, 2.2.2.2, 198.51.100.7')).toBe('198.51.100.7');
    const twoHops = probe(2);
    expect(await twoHops('6.6.6.6, 198.51.100.7, 10.0.0.2')).toBe('198.51.100.7');
    // Without a trusted proxy the header is ignored: the socket's peer counts.
    expect(await probe(0)('6.6.6.6')).toBe('unknown');
  });

  it('blocks a forging client by its real address even when it varies the leftmost entry', async () => {
    const strict = apiDeps(db, { trustProxy: true }, { maxFailuresPerAddress: 3 });
    const strictApp = buildApp(strict.deps);
    const real = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const attempt = (spoof: string, email: string, password: string) =>
      strictApp.request('http://localhost:3000/api/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', 'x-forwarded-for': `${spoof}, ${real}` },
        body: JSON.stringify({ email, password }),
      });
    for (let i = 0; i < 3; i++) expect((await attempt(`10.9.9.${i}`, `${uniqueSlug('ghost')}@example.test`, 'x')).status).toBe(401);
    expect((await attempt('10.9.9.99', 'hr@demo-retail.demo', 'lianxu-demo')).status).toBe(429);
    await strict.close();
  });

  it('reads the hop count from TRUST_PROXY_HOPS (or TRUST_PROXY=1) and refuses nonsense', () => {
    expect(trustedProxyHopsFromEnv({})).toBe(0);
    expect(trustedProxyHopsFromEnv({ TRUST_PROXY: '1' })).toBe(1);
    expect(trustedProxyHopsFromEnv({ TRUST_PROXY_HOPS: '2', TRUST_PROXY: '1' })).toBe(2);
    expect(() => trustedProxyHopsFromEnv({ TRUST_PROXY_HOPS: 'many' })).toThrow(/TRUST_PROXY_HOPS/);
  });
});
