import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import pg from 'pg';
import { createAuthService, listenForAuthChanges, SessionCache, type AuthChangeListener } from '@lianxu/auth';
import { apiDeps, appDb, eventually, lifecycleTenantSpec, ownerDb, provisionForTest, TestClient, uniqueSlug } from '@lianxu/testing';
import { buildApp } from './app';

// The API server reuses validated sessions for a few seconds (SessionCache) while it hears the
// database's change announcements. These tests make changes the way other processes do (another
// auth service, plain SQL as an operator would) and check that this app stops admitting at once
// or within moments, never after the cache's time to live.

const db = appDb();
const owner = ownerDb();
const slug = uniqueSlug('cache');
const listenerName = `lianxu-auth-listener-${slug}`;
const cache = new SessionCache<unknown>({ ttlMs: 60_000 });
let listener: AuthChangeListener;
const base = apiDeps(db, { trustProxy: true }, { demoMode: true });
const app = buildApp({ ...base.deps, auth: createAuthService(db, { demoMode: true }, undefined, { sessionCache: cache }) });
// Another process: its own auth service, no cache.
const elsewhere = createAuthService(db, { demoMode: true });
const home = `/api/t/${slug}/home`;
const hr = `hr@${slug}.test`;
const admin = `admin@${slug}.test`;
let tenantId: string;
let consultantEmail: string;

/** Waits (briefly) until the app answers `status`; a change is announced on commit, so this is milliseconds. */
const answers = (client: TestClient, status: number) => eventually(async () => ((await client.get(home)).status === status ? true : undefined), 3_000, `GET ${home} -> ${status}`);

beforeAll(async () => {
  tenantId = await provisionForTest(db, lifecycleTenantSpec(slug));
  consultantEmail = `${slug}@consultants.test`;
  await elsewhere.ensureUser({ email: consultantEmail, name: '顾问', platformRole: 'consultant', password: 'lianxu-demo' });
  listener = await listenForAuthChanges(inject('appUrl'), cache, { retryMs: 100, applicationName: listenerName });
  expect(cache.live).toBe(true);
});
afterAll(async () => {
  await listener.close();
  await base.close();
  await owner.destroy();
  await db.destroy();
});

async function signedIn(email: string): Promise<TestClient> {
  const client = new TestClient(app);
  expect((await client.signIn(email)).status).toBe(200);
  expect((await client.get(home)).status).toBe(200);
  return client;
}

const userId = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

describe('session cache', () => {
  it('answers a repeated tenant request from the cache, still checking the token\'s secret', async () => {
    const client = await signedIn(hr);
    // Other test files change tenants and users meanwhile, and each change empties entries; retry.
    await eventually(async () => ((await client.get(home)).status === 200 && cache.size > 0) || undefined, 3_000, 'a cached session');
    // The same session id with another secret is refused even though its row is cached.
    const [id] = client.cookie!.split('=')[1]!.split('.');
    const forged = new TestClient(app);
    forged.cookie = `lianxu_session=${id}.${'a'.repeat(32)}`;
    expect((await forged.get(home)).status).toBe(404);
    expect((await client.get(home)).status).toBe(200);
  });

  it('signing out here refuses the session at once', async () => {
    const client = await signedIn(hr);
    const cookie = client.cookie;
    expect((await client.post('/api/auth/sign-out')).status).toBe(204);
    const replay = new TestClient(app);
    replay.cookie = cookie;
    expect((await replay.get(home)).status).toBe(404);
  });

  it('a sign-out everywhere made by another process is heard', async () => {
    const client = await signedIn(hr);
    await elsewhere.signOutEverywhere(await userId(hr));
    await answers(client, 404);
  });

  it('sessions deleted and roles changed in plain SQL are heard', async () => {
    const a = await signedIn(admin);
    const b = await signedIn(hr);
    await owner.updateTable('memberships').set({ role: 'employee' }).where('user_id', '=', await userId(hr)).where('tenant_id', '=', tenantId).execute();
    await eventually(async () => ((await (await b.get(home)).json()) as { role: string }).role === 'employee' || undefined, 3_000, 'role change heard');
    await owner.deleteFrom('memberships').where('user_id', '=', await userId(hr)).where('tenant_id', '=', tenantId).execute();
    await answers(b, 404);
    await owner.deleteFrom('sessions').where('user_id', '=', await userId(admin)).execute();
    await answers(a, 404);
    await owner.insertInto('memberships').values({ user_id: await userId(hr), tenant_id: tenantId, role: 'hr' }).execute();
    expect((await (await signedIn(hr)).get(home)).status).toBe(200);
  });

  it('a consultant\'s grant revoked by another process closes the tenant; a revocation here closes it at once', async () => {
    const granted = await elsewhere.grantConsultant({ tenantId, consultantEmail, grantedBy: { id: null, label: 'test' } });
    expect(granted.ok).toBe(true);
    const consultant = await signedIn(consultantEmail);
    await elsewhere.revokeGrant({ tenantId, grantId: (granted as { grantId: string }).grantId, revokedBy: { id: null, label: 'test' } });
    await answers(consultant, 404);

    const again = await elsewhere.grantConsultant({ tenantId, consultantEmail, grantedBy: { id: null, label: 'test' } });
    await answers(consultant, 200);
    const adminClient = await signedIn(admin);
    expect((await adminClient.delete(`/api/t/${slug}/grants/${(again as { grantId: string }).grantId}`)).status).toBe(204);
    expect((await consultant.get(home)).status).toBe(404);
  });

  it('switches itself off when its listener is lost, and back on once reconnected', async () => {
    const client = await signedIn(hr);
    const superuser = new pg.Client({ connectionString: inject('superuserUrl') });
    await superuser.connect();
    try {
      const { rowCount } = await superuser.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [listenerName]);
      expect(rowCount).toBe(1);
    } finally {
      await superuser.end();
    }
    await eventually(async () => (cache.live ? undefined : true), 3_000, 'cache off');
    // Meanwhile every request asks the database.
    expect((await client.get(home)).status).toBe(200);
    await eventually(async () => (cache.live ? true : undefined), 5_000, 'cache back on');
    await elsewhere.signOutEverywhere(await userId(hr));
    await answers(client, 404);
  });
});
