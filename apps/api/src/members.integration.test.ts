import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailProvider } from '@lianxu/core';
import { apiDeps, appDb, lifecycleTenantSpec, provisionForTest, TestClient, uniqueSlug } from '@lianxu/testing';
import { buildApp } from './app';

// Users and roles of a tenant on the run's real PostgreSQL: an admin invites by e-mail, the link
// works once and only its hash is stored, the invitee signs in and reaches the tenant with the role;
// expired and revoked links are refused; HR gets 403, another tenant's admin 404; the last tenant
// admin stays one; every change is in platform_audit.

const json = (res: Response): Promise<any> => res.json();
const db = appDb();
// No SMTP: the API answers with the link (an explicit undefined ignores SMTP_URL in the environment).
const plain = apiDeps(db, { trustProxy: true, email: undefined });
const app = buildApp(plain.deps);
const sent: { to: string; subject: string; body: string }[] = [];
const fakeEmail: EmailProvider = { name: 'fake', send: async (to, subject, body) => void sent.push({ to, subject, body }) };
const mailing = apiDeps(db, { trustProxy: true, email: fakeEmail });
const mailingApp = buildApp(mailing.deps);
// The same API eight days later: a week-old link has expired.
const later = apiDeps(db, { trustProxy: true, email: undefined, now: () => new Date(Date.now() + 8 * 24 * 3600_000) });
const laterApp = buildApp(later.deps);

const A = uniqueSlug('mem-a');
const B = uniqueSlug('mem-b');
let tenantA = '';
let adminA: TestClient;
let hrA: TestClient;
let adminB: TestClient;

async function signedIn(email: string, password?: string, on = app): Promise<TestClient> {
  const c = new TestClient(on);
  expect((await c.signIn(email, password)).status, email).toBe(200);
  return c;
}
const patch = (c: TestClient, path: string, body: unknown) => c.request('PATCH', path, body);
const tokenOf = (link: string) => link.split('/invite/')[1]!;

async function invite(email: string, role = 'hr', by = adminA): Promise<{ id: string; token: string }> {
  const res = await by.post(`/api/t/${A}/invitations`, { email, role });
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  expect(body.emailed).toBe(false);
  expect(body.link).toMatch(/^http:\/\/[^/]+\/invite\/[a-z2-7]{52}$/);
  return { id: body.invitation.id, token: tokenOf(body.link) };
}

beforeAll(async () => {
  tenantA = await provisionForTest(db, lifecycleTenantSpec(A));
  await provisionForTest(db, lifecycleTenantSpec(B));
  adminA = await signedIn(`admin@${A}.test`);
  hrA = await signedIn(`hr@${A}.test`);
  adminB = await signedIn(`admin@${B}.test`);
});
afterAll(async () => {
  await Promise.all([plain.close(), mailing.close(), later.close()]);
  await db.destroy();
});

describe('invitations', () => {
  it('invite → accept → the new user signs in and reaches the tenant with the role; the link works once', async () => {
    const email = `new-hr-${uniqueSlug('x')}@example.com`;
    const { id, token } = await invite(email.toUpperCase(), 'hr');

    const pending = await json(await adminA.get(`/api/t/${A}/invitations`));
    expect(pending.items).toContainEqual(expect.objectContaining({ id, email, role: 'hr', invitedBy: `admin@${A}.test` }));

    const anon = new TestClient(app);
    const preview = await anon.get(`/api/invitations/${token}`);
    expect(preview.status).toBe(200);
    expect(await json(preview)).toMatchObject({ tenantSlug: A, email, role: 'hr', hasAccount: false });

    // A new account needs a name and a long enough password; nothing is written on refusal.
    const bad = await anon.post('/api/invitations/accept', { token, password: 'short' });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields).sort()).toEqual(['name', 'password']);

    const accepted = await anon.post('/api/invitations/accept', { token, name: '新 人事', password: 'a-long-password-1' });
    expect(accepted.status).toBe(200);
    expect(await json(accepted)).toMatchObject({ tenantSlug: A, role: 'hr', email, signedIn: true, twoFactorRequired: false });
    expect((await anon.get(`/api/t/${A}/employees`)).status).toBe(200);
    expect((await anon.get(`/api/t/${A}/members`)).status).toBe(403); // HR, not admin

    // Signing in afresh works with the chosen password.
    const again = await signedIn(email, 'a-long-password-1');
    expect((await again.get(`/api/t/${A}/employees`)).status).toBe(200);

    // Once only.
    const second = await new TestClient(app).post('/api/invitations/accept', { token, name: 'x', password: 'another-password-2' });
    expect(second.status).toBe(404);
    expect((await json(second)).error.code).toBe('invitation_invalid');
    expect((await new TestClient(app).get(`/api/invitations/${token}`)).status).toBe(404);

    const members = await json(await adminA.get(`/api/t/${A}/members`));
    expect(members.items).toContainEqual(expect.objectContaining({ email, name: '新 人事', role: 'hr' }));
    expect((await json(await adminA.get(`/api/t/${A}/invitations`))).items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it('stores only the SHA-256 of the token, never the token', async () => {
    const { id, token } = await invite(`hash-${uniqueSlug('x')}@example.com`, 'employee');
    const row = await db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(Buffer.from(row.token_hash).equals(createHash('sha256').update(token).digest())).toBe(true);
    const leaks = await sql<{ n: number }>`select count(*)::int as n from invitations where row_to_json(invitations)::text like ${'%' + token + '%'}`.execute(db);
    expect(leaks.rows[0]!.n).toBe(0);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(7 * 24 * 3600_000);
  });

  it('an existing account joins with its own password, not another', async () => {
    // B's HR joins A as employee.
    const { token } = await invite(`hr@${B}.test`, 'employee');
    expect(await json(await new TestClient(app).get(`/api/invitations/${token}`))).toMatchObject({ hasAccount: true });
    const wrong = await new TestClient(app).post('/api/invitations/accept', { token, password: 'not-their-password' });
    expect(wrong.status).toBe(401);
    expect((await json(wrong)).error.fields).toHaveProperty('password');
    const c = new TestClient(app);
    const ok = await c.post('/api/invitations/accept', { token, password: 'lianxu-demo' });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ tenantSlug: A, role: 'employee', signedIn: true });
    const member = await db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('role').where('users.email', '=', `hr@${B}.test`).where('tenant_id', '=', tenantA).executeTakeFirst();
    expect(member?.role).toBe('employee');
    // Already a member: a new invitation is refused.
    const dup = await adminA.post(`/api/t/${A}/invitations`, { email: `hr@${B}.test`, role: 'hr' });
    expect(dup.status).toBe(409);
    expect((await json(dup)).error.code).toBe('already_member');
  });

  it('refuses expired and revoked links', async () => {
    const expired = await invite(`late-${uniqueSlug('x')}@example.com`);
    expect((await new TestClient(laterApp).get(`/api/invitations/${expired.token}`)).status).toBe(404);
    const lateAccept = await new TestClient(laterApp).post('/api/invitations/accept', { token: expired.token, name: 'Late', password: 'a-long-password-1' });
    expect(lateAccept.status).toBe(404);

    const revoked = await invite(`revoked-${uniqueSlug('x')}@example.com`);
    expect((await adminA.delete(`/api/t/${A}/invitations/${revoked.id}`)).status).toBe(204);
    expect((await adminA.delete(`/api/t/${A}/invitations/${revoked.id}`)).status).toBe(404);
    const res = await new TestClient(app).post('/api/invitations/accept', { token: revoked.token, name: 'Gone', password: 'a-long-password-1' });
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('invitation_invalid');

    // A newer invitation to the same e-mail replaces the older link.
    const email = `twice-${uniqueSlug('x')}@example.com`;
    const first = await invite(email);
    const second = await invite(email, 'employee');
    expect((await new TestClient(app).get(`/api/invitations/${first.token}`)).status).toBe(404);
    expect(await json(await new TestClient(app).get(`/api/invitations/${second.token}`))).toMatchObject({ role: 'employee' });

    // Garbage tokens are simply unknown.
    expect((await new TestClient(app).get('/api/invitations/not-a-token')).status).toBe(404);
    expect((await new TestClient(app).post('/api/invitations/accept', { token: '<script>', password: 'x' })).status).toBe(404);
  });

  it('e-mails the link when an e-mail provider is configured and does not answer with it', async () => {
    const admin = await signedIn(`admin@${A}.test`, undefined, mailingApp);
    const email = `mailed-${uniqueSlug('x')}@example.com`;
    const res = await admin.post(`/api/t/${A}/invitations`, { email, role: 'employee' });
    const body = await json(res);
    expect(res.status).toBe(201);
    expect(body).toMatchObject({ emailed: true, link: null });
    const mail = sent.find((m) => m.to === email)!;
    expect(mail.body).toMatch(/\/invite\/[a-z2-7]{52}/);
    const token = mail.body.match(/\/invite\/([a-z2-7]{52})/)![1]!;
    expect(await json(await new TestClient(app).get(`/api/invitations/${token}`))).toMatchObject({ email, role: 'employee' });
  });

  it('refuses bad input naming the field, and a foreign origin', async () => {
    for (const body of [{ email: 'not-an-email', role: 'hr' }, { email: 'a@b.test', role: 'owner' }, { role: 'hr' }, { email: 'a@b.test', role: 'hr', extra: 1 }]) {
      const res = await adminA.post(`/api/t/${A}/invitations`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json(res)).error.code).toBe('validation_failed');
    }
    const fields = (await json(await adminA.post(`/api/t/${A}/invitations`, { email: 'x', role: 'boss' }))).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['email', 'role']);
    const foreign = await new TestClient(app, { origin: 'https://evil.example' }).post('/api/invitations/accept', { token: 'a'.repeat(52), password: 'x' });
    expect(foreign.status).toBe(403);
    expect((await json(foreign)).error.code).toBe('forbidden_origin');
  });
});

describe('members', () => {
  it('HR gets 403 and another tenant\'s admin 404 on every route', async () => {
    const someone = (await json(await adminA.get(`/api/t/${A}/members`))).items[0].userId;
    const inv = await invite(`iso-${uniqueSlug('x')}@example.com`);
    const calls: [string, string, unknown?][] = [
      ['GET', `/api/t/${A}/members`],
      ['PATCH', `/api/t/${A}/members/${someone}`, { role: 'hr' }],
      ['DELETE', `/api/t/${A}/members/${someone}`],
      ['GET', `/api/t/${A}/invitations`],
      ['POST', `/api/t/${A}/invitations`, { email: 'x@example.com', role: 'hr' }],
      ['DELETE', `/api/t/${A}/invitations/${inv.id}`],
    ];
    for (const [method, path, body] of calls) {
      expect((await hrA.request(method, path, body)).status, `HR ${method} ${path}`).toBe(403);
      expect((await adminB.request(method, path, body)).status, `B admin ${method} ${path}`).toBe(404);
    }
    // B's admin cannot reach A's invitation through B either.
    expect((await adminB.delete(`/api/t/${B}/invitations/${inv.id}`)).status).toBe(404);
    expect((await adminB.request('PATCH', `/api/t/${B}/members/${someone}`, { role: 'hr' })).status).toBe(404);
    expect(await json(await new TestClient(app).get(`/api/invitations/${inv.token}`))).toMatchObject({ tenantSlug: A });
  });

  it('changes a role, removes a member, keeps the last tenant admin, and audits every change', async () => {
    const email = `rotate-${uniqueSlug('x')}@example.com`;
    const { token } = await invite(email, 'employee');
    const user = new TestClient(app);
    expect((await user.post('/api/invitations/accept', { token, name: 'Rotate', password: 'a-long-password-1' })).status).toBe(200);
    const members = (await json(await adminA.get(`/api/t/${A}/members`))).items as { userId: string; email: string; role: string }[];
    const userId = members.find((m) => m.email === email)!.userId;
    const admins = members.filter((m) => m.role === 'tenant_admin');
    expect(admins).toHaveLength(1);
    const adminId = admins[0]!.userId;

    // The last admin can neither step down nor be removed.
    const stepDown = await patch(adminA, `/api/t/${A}/members/${adminId}`, { role: 'hr' });
    expect(stepDown.status).toBe(409);
    expect((await json(stepDown)).error.code).toBe('last_admin');
    expect((await adminA.delete(`/api/t/${A}/members/${adminId}`)).status).toBe(409);

    const promoted = await patch(adminA, `/api/t/${A}/members/${userId}`, { role: 'tenant_admin' });
    expect(promoted.status).toBe(200);
    expect(await json(promoted)).toMatchObject({ userId, role: 'tenant_admin' });
    expect((await user.get(`/api/t/${A}/members`)).status).toBe(200); // the role counts at once
    // Not even an admin who is not the last one removes themself: another admin does.
    const self = await user.delete(`/api/t/${A}/members/${userId}`);
    expect(self.status).toBe(409);
    expect((await json(self)).error.code).toBe('self_removal');
    expect((await user.get(`/api/t/${A}/members`)).status).toBe(200);

    expect((await patch(adminA, `/api/t/${A}/members/${userId}`, { role: 'boss' })).status).toBe(400);
    expect((await patch(adminA, `/api/t/${A}/members/not-a-uuid`, { role: 'hr' })).status).toBe(400);
    expect((await patch(adminA, `/api/t/${A}/members/00000000-0000-4000-8000-000000000000`, { role: 'hr' })).status).toBe(404);

    // Now two admins: the new one may be demoted and removed, and loses access.
    expect((await patch(adminA, `/api/t/${A}/members/${userId}`, { role: 'employee' })).status).toBe(200);
    expect((await adminA.delete(`/api/t/${A}/members/${userId}`)).status).toBe(204);
    expect((await user.get(`/api/t/${A}/employees`)).status).toBe(404);
    expect((await adminA.delete(`/api/t/${A}/members/${userId}`)).status).toBe(404);

    const audit = await db
      .selectFrom('platform_audit')
      .select(['action', 'details', 'actor'])
      .where('tenant_id', '=', tenantA)
      .where('action', 'in', ['invitation.created', 'invitation.accepted', 'membership.role_changed', 'membership.removed'])
      .orderBy('id')
      .execute();
    const forUser = audit.filter((r) => (r.details as { userId?: string }).userId === userId).map((r) => [r.action, r.details]);
    expect(forUser).toEqual([
      ['membership.role_changed', { userId, from: 'employee', to: 'tenant_admin' }],
      ['membership.role_changed', { userId, from: 'tenant_admin', to: 'employee' }],
      ['membership.removed', { userId, role: 'employee' }],
    ]);
    expect(audit.some((r) => r.action === 'invitation.created' && (r.details as { email?: string }).email === email)).toBe(true);
    expect(audit.some((r) => r.action === 'invitation.accepted' && r.actor === email)).toBe(true);
    const revoked = await db.selectFrom('platform_audit').select('action').where('tenant_id', '=', tenantA).where('action', '=', 'invitation.revoked').execute();
    expect(revoked.length).toBeGreaterThan(0);
  });
});
