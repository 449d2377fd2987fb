import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp, createAuthService } from '@lianxu/auth';
import { apiDeps, appDb, capturingLogger, provisionDemoTenants, TestClient, uniqueSlug } from '@lianxu/testing';
import { buildApp } from './app';

const json = (res: Response): Promise<any> => res.json();
const db = appDb();
// Outside demo mode unless a test says otherwise; the test client's address is trusted for rate limits.
const prod = apiDeps(db, { trustProxy: true });
const app = buildApp(prod.deps);
const demo = apiDeps(db, { trustProxy: true }, { demoMode: true });
const demoApp = buildApp(demo.deps);

beforeAll(async () => {
  await provisionDemoTenants(db);
});
afterAll(async () => {
  await prod.close();
  await demo.close();
  await db.destroy();
});

async function newUser(password = 'correct horse battery') {
  const email = `${uniqueSlug('user')}@example.test`;
  await createAuthService(db).ensureUser({ email, name: '测试用户', password });
  return { email, password };
}

describe('sign-in', () => {
  it('answers a wrong password and an unknown email with the same 401 and message', async () => {
    const c = new TestClient(app);
    const wrong = await c.signIn('hr@demo-manufacturing.demo', 'not-the-password');
    const unknown = await c.signIn('nobody@demo-manufacturing.demo', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await json(wrong)).toEqual(await json(unknown));
  });

  it('signs in, sets a hardened cookie, and /api/me shows memberships', async () => {
    const c = new TestClient(app);
    const res = await c.signIn('hr@demo-manufacturing.demo');
    expect(res.status).toBe(200);
    expect((await json(res)).twoFactorRequired).toBe(false);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lianxu_session=[a-z2-7]{24}\.[a-z2-7]{32};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure'); // localhost
    const me = await json(await c.get('/api/me'));
    expect(me.user.email).toBe('hr@demo-manufacturing.demo');
    expect(me.memberships.map((m: any) => [m.slug, m.role])).toEqual([['demo-manufacturing', 'hr']]);
    expect(me.grants).toEqual([]);
  });

  it('sets Secure on the cookie outside localhost', async () => {
    const host = 'https://lianxu.example.cn';
    const secureApp = buildApp({ ...prod.deps, allowedOrigins: [host] });
    const c = new TestClient(secureApp, { origin: host, base: host });
    const res = await c.signIn('hr@demo-retail.demo');
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });

  it('limits failed sign-ins per account: 429 after 10 in 15 minutes, even with the right password', async () => {
    const user = await newUser();
    const c = new TestClient(app);
    for (let i = 0; i < 10; i++) expect((await c.signIn(user.email, `wrong-${i}`)).status).toBe(401);
    const limited = await c.signIn(user.email, user.password);
    expect(limited.status).toBe(429);
    expect((await json(limited)).error.code).toBe('too_many_attempts');
    // Another account from another address is unaffected.
    expect((await new TestClient(app).signIn('hr@demo-retail.demo')).status).toBe(200);
  });

  it('limits failed sign-ins per address', async () => {
    const strict = apiDeps(db, { trustProxy: true }, { maxFailuresPerAddress: 3 });
    const c = new TestClient(buildApp(strict.deps));
    for (let i = 0; i < 3; i++) expect((await c.signIn(`${uniqueSlug('ghost')}@example.test`, 'x')).status).toBe(401);
    expect((await c.signIn('hr@demo-retail.demo')).status).toBe(429);
    await strict.close();
  });

  it('rejects tampered, expired and idle tokens', async () => {
    const c = new TestClient(app);
    await c.signIn('hr@demo-retail.demo');
    const good = c.cookie!;
    const [id, secret] = good.replace('lianxu_session=', '').split('.') as [string, string];
    const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
    for (const cookie of [`lianxu_session=${id}.${flipped}`, `lianxu_session=${id}`, 'lianxu_session=garbage', `lianxu_session=${id}.${secret}.x`]) {
      const res = await app.request('http://localhost:3000/api/me', { headers: { cookie } });
      expect(res.status).toBe(401);
    }
    expect((await c.get('/api/me')).status).toBe(200);

    // The same session seen from the future: past the inactivity timeout, then past the absolute expiry.
    for (const aheadMs of [6 * 24 * 3600_000, 31 * 24 * 3600_000]) {
      const later = apiDeps(db, {}, {});
      const future = buildApp({ ...later.deps, auth: createAuthService(db, {}, () => new Date(Date.now() + aheadMs)) });
      const res = await future.request('http://localhost:3000/api/me', { headers: { cookie: good } });
      expect(res.status).toBe(401);
      await later.close();
    }
  });

  it('sign-out ends the session; sign-out-everywhere ends all of them', async () => {
    const a = new TestClient(app);
    const b = new TestClient(app);
    const user = await newUser();
    await a.signIn(user.email, user.password);
    await b.signIn(user.email, user.password);
    const bCookie = b.cookie!;
    expect((await b.post('/api/auth/sign-out')).status).toBe(204);
    expect((await app.request('http://localhost:3000/api/me', { headers: { cookie: bCookie } })).status).toBe(401);
    expect((await a.get('/api/me')).status).toBe(200);

    const c = new TestClient(app);
    await c.signIn(user.email, user.password);
    const aCookie = a.cookie!;
    expect((await json(await c.get('/api/auth/sessions'))).items).toHaveLength(2);
    expect((await c.post('/api/auth/sign-out-everywhere')).status).toBe(204);
    expect((await app.request('http://localhost:3000/api/me', { headers: { cookie: aCookie } })).status).toBe(401);
  });

  it('refuses a cross-origin POST with a JSON body (403), before any handler runs', async () => {
    const c = new TestClient(app, { origin: 'https://evil.example' });
    const res = await c.signIn('hr@demo-retail.demo');
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('forbidden_origin');
    const victim = new TestClient(app);
    await victim.signIn('hr@demo-retail.demo');
    const forged = await app.request('http://localhost:3000/api/auth/sign-out-everywhere', {
      method: 'POST', headers: { cookie: victim.cookie!, 'content-type': 'application/json' }, body: '{}',
    });
    expect(forged.status).toBe(403);
    expect((await victim.get('/api/me')).status).toBe(200);
  });

  it('validates input: a missing or malformed email is 400 naming the field', async () => {
    const c = new TestClient(app);
    const res = await c.post('/api/auth/sign-in', { email: 'not-an-email', password: '' });
    expect(res.status).toBe(400);
    expect(Object.keys((await json(res)).error.fields).sort()).toEqual(['email', 'password']);
  });
});

describe('two-factor sign-in', () => {
  it('enables TOTP after one confirmed code, then requires it; a wrong code is refused', async () => {
    const user = await newUser();
    const c = new TestClient(app);
    await c.signIn(user.email, user.password);
    const setup = await json(await c.post('/api/auth/two-factor/setup'));
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/Lianxu:/);
    const key = new Uint8Array(Buffer.from(base32ToHex(setup.secret), 'hex'));
    expect((await c.post('/api/auth/two-factor/confirm', { code: '000000' === currentTotp(key) ? '111111' : '000000' })).status).toBe(400);
    const confirmed = await c.post('/api/auth/two-factor/confirm', { code: currentTotp(key) });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = await json(confirmed);
    expect(recoveryCodes).toHaveLength(8);

    const d = new TestClient(app);
    const signIn = await json(await d.signIn(user.email, user.password));
    expect(signIn.twoFactorRequired).toBe(true);
    expect((await json(await d.get('/api/me'))).error.code).toBe('two_factor_required');
    const wrong = await d.post('/api/auth/two-factor', { code: '123456' === currentTotp(key) ? '654321' : '123456' });
    expect(wrong.status).toBe(401);
    // The code used for confirmation cannot be replayed; a recovery code works once.
    expect((await d.post('/api/auth/two-factor', { code: recoveryCodes[0] })).status).toBe(200);
    expect((await d.get('/api/me')).status).toBe(200);
    const e = new TestClient(app);
    await e.signIn(user.email, user.password);
    expect((await e.post('/api/auth/two-factor', { code: recoveryCodes[0] })).status).toBe(401);
  });
});

describe('tenant isolation at the API', () => {
  it('answers 404 on another tenant for HR, as if it did not exist', async () => {
    const hr = new TestClient(app);
    await hr.signIn('hr@demo-manufacturing.demo');
    const home = await json(await hr.get('/api/t/demo-manufacturing/home'));
    expect([home.tenant.slug, home.role]).toEqual(['demo-manufacturing', 'hr']);
    const other = await hr.get('/api/t/demo-retail/home');
    const missing = await hr.get('/api/t/no-such-tenant/home');
    expect(other.status).toBe(404);
    expect(await json(other)).toEqual(await json(missing));
    expect((await hr.get('/api/t/demo-retail/grants')).status).toBe(404);
    expect((await hr.get('/api/t/demo-manufacturing/grants')).status).toBe(403);
    expect((await new TestClient(app).get('/api/t/demo-manufacturing/home')).status).toBe(404);
  });

  it('lets the consultant reach only granted tenants; a revoked grant closes it; every use is audited', async () => {
    const consultant = new TestClient(demoApp);
    await consultant.signIn('consultant@lianxu.demo');
    expect((await consultant.get('/api/t/demo-manufacturing/home')).status).toBe(200);
    expect((await consultant.get('/api/t/demo-retail/home')).status).toBe(404);
    const tenants = await json(await consultant.get('/api/tenants'));
    // Other test files grant this consultant tenants of their own meanwhile; of the demo tenants, one.
    expect(tenants.items.map((t: any) => t.slug).filter((slug: string) => slug.startsWith('demo-'))).toEqual(['demo-manufacturing']);

    const admin = new TestClient(demoApp);
    await admin.signIn('admin@demo-manufacturing.demo');
    const grants = await json(await admin.get('/api/t/demo-manufacturing/grants'));
    const grant = grants.items.find((g: any) => g.email === 'consultant@lianxu.demo');
    expect((await admin.delete(`/api/t/demo-manufacturing/grants/${grant.id}`)).status).toBe(204);
    expect((await consultant.get('/api/t/demo-manufacturing/home')).status).toBe(404);

    const audit = await db.selectFrom('platform_audit').select(['action', 'actor']).where('action', 'like', 'consultant_grant.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['consultant_grant.used', 'consultant_grant.revoked']));

    // Give it back through the API, as a tenant admin would.
    const regrant = await admin.post('/api/t/demo-manufacturing/grants', { consultantEmail: 'consultant@lianxu.demo' });
    expect(regrant.status).toBe(201);
    expect((await consultant.get('/api/t/demo-manufacturing/home')).status).toBe(200);
    const bad = await admin.post('/api/t/demo-manufacturing/grants', { consultantEmail: 'hr@demo-retail.demo' });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields)).toEqual(['consultantEmail']);
  });

  it('keeps a consultant without a second factor out of every tenant outside demo mode', async () => {
    const consultant = new TestClient(app);
    expect((await consultant.signIn('consultant@lianxu.demo')).status).toBe(200);
    expect((await json(await consultant.get('/api/me'))).twoFactorRequiredForTenants).toBe(true);
    expect((await consultant.get('/api/t/demo-manufacturing/home')).status).toBe(404);
  });
});

describe('logs', () => {
  it('never carry passwords or session secrets', async () => {
    const { logger, lines } = capturingLogger();
    const logged = buildApp({ ...prod.deps, logger });
    const c = new TestClient(logged);
    await c.signIn('hr@demo-retail.demo');
    await c.signIn('hr@demo-retail.demo', 'a-wrong-password-123');
    const secret = c.cookie!.split('.')[1]!;
    const all = lines.join('\n');
    expect(all).toContain('/api/auth/sign-in');
    expect(all).not.toContain('lianxu-demo');
    expect(all).not.toContain('a-wrong-password-123');
    expect(all).not.toContain(secret);
  });
});

function base32ToHex(text: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  let hex = '';
  for (let i = 0; i + 8 <= bits.length; i += 8) hex += parseInt(bits.slice(i, i + 8), 2).toString(16).padStart(2, '0');
  return hex;
}
