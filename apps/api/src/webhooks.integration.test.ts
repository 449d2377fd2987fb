import { beforeAll, describe, expect, it } from 'vitest';
import { peopleApiFixture, TEST_ORIGIN, type TestClient } from '@lianxu/testing';

// Webhook endpoint routes: tenant admins (or a key with webhooks:manage) only, each tenant its own.
const people = peopleApiFixture();
const { app, slugA, slugB, json } = people;
let adminA: TestClient;
let hrA: TestClient;
beforeAll(() => ({ adminA, hrA } = people.clients));

describe('webhook routes', () => {
  it('register, list, rotate, test and log an endpoint; bad input names the field; other roles and tenants are kept out', async () => {
    const bad = await adminA.post(`/api/t/${slugA}/webhooks`, { url: 'http://127.0.0.1:9/x', events: ['employee.fired'] });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields)).toEqual(['events.0']);
    const badUrl = await adminA.post(`/api/t/${slugA}/webhooks`, { url: 'ftp://x', events: ['employee.hired'] });
    expect(badUrl.status).toBe(400);
    expect(Object.keys((await json(badUrl)).error.fields)).toEqual(['url']);
    expect((await hrA.post(`/api/t/${slugA}/webhooks`, { url: 'http://127.0.0.1:9/x', events: ['employee.hired'] })).status).toBe(403);

    const created = await adminA.post(`/api/t/${slugA}/webhooks`, { url: 'http://127.0.0.1:9/x', events: ['employee.hired', 'deadline.warned'] });
    expect(created.status).toBe(201);
    const endpoint = await json(created);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const listed = await json(await adminA.get(`/api/t/${slugA}/webhooks`));
    expect(listed.items.map((e: any) => e.id)).toContain(endpoint.id);
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret);

    const rotated = await json(await adminA.post(`/api/t/${slugA}/webhooks/${endpoint.id}/rotate-secret`));
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.rotating).toBe(true);
    expect((await adminA.post(`/api/t/${slugA}/webhooks/${endpoint.id}/test`)).status).toBe(202);
    const log = await json(await adminA.get(`/api/t/${slugA}/webhooks/${endpoint.id}/deliveries`));
    expect(log.items[0]).toMatchObject({ eventType: 'webhook.test', status: 'pending' });

    // Another tenant's admin sees nothing of it.
    const adminB = await people.signedIn(`admin@${slugB}.test`);
    expect((await json(await adminB.get(`/api/t/${slugB}/webhooks`))).items).toEqual([]);
    expect((await adminB.get(`/api/t/${slugB}/webhooks/${endpoint.id}/deliveries`)).status).toBe(404);
    expect((await adminB.request('PATCH', `/api/t/${slugB}/webhooks/${endpoint.id}`, { enabled: false })).status).toBe(404);
    expect((await adminB.get(`/api/t/${slugA}/webhooks`)).status).toBe(404);

    // A key with webhooks:manage may manage them; one without is told the scope it lacks.
    const key = await json(await adminA.post(`/api/t/${slugA}/api-keys`, { name: 'ops', scopes: ['webhooks:manage'], expiresInDays: 7 }));
    const readOnly = await json(await adminA.post(`/api/t/${slugA}/api-keys`, { name: 'ro', scopes: ['employees:read'], expiresInDays: 7 }));
    const get = (token: string) => app.request(`${TEST_ORIGIN}/api/t/${slugA}/webhooks`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(key.token)).status).toBe(200);
    const refused = await get(readOnly.token);
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.fields).toEqual({ scope: 'webhooks:manage' });

    expect((await adminA.delete(`/api/t/${slugA}/webhooks/${endpoint.id}`)).status).toBe(204);
  });
});
