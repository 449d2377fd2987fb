import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { peopleApiFixture, uniqueSlug, type TestClient } from '@lianxu/testing';

// The people API against the run's real PostgreSQL: who may do what (notifications, roles,
// isolation between tenants) and the OpenAPI document (tenants, clients and helpers:
// peopleApiFixture in @lianxu/testing).
const people = peopleApiFixture();
const { db, app, demoApp, slugA, demo, hireBody, signedIn, json } = people;
let tenantA = '';
let hrA: TestClient;
let adminA: TestClient;
let employeeA: TestClient;
beforeAll(() => {
  tenantA = people.tenants.A;
  ({ hrA, adminA, employeeA } = people.clients);
});

describe('notifications', () => {
  it('shows each user their own inbox, marks read, and shows tenant admins the SMS outbox with masked mobiles', async () => {
    const hrUser = (await json(await hrA.get('/api/me'))).user;
    const adminUser = (await json(await adminA.get('/api/me'))).user;
    const ids = await withTenant(db, tenantA, async (trx) => {
      const rows = await trx
        .insertInto('notifications')
        .values([
          { tenant_id: tenantA, dedupe_key: uniqueSlug('n'), channel: 'in_app', recipient_user_id: hrUser.id, kind: 'enrollment.warn', subject: '增员即将到期', body: '请尽快处理' },
          { tenant_id: tenantA, dedupe_key: uniqueSlug('n'), channel: 'in_app', recipient_user_id: adminUser.id, kind: 'enrollment.escalated', subject: '增员已逾期', body: '法定期限已过' },
          { tenant_id: tenantA, dedupe_key: uniqueSlug('n'), channel: 'sms', recipient_address: '13912345678', kind: 'enrollment.warn', subject: 'SMS', body: '【连续】增员即将到期', provider: 'outbox' },
        ])
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    });
    const inbox = await json(await hrA.get(`/api/t/${slugA}/notifications`));
    expect(inbox.items.map((n: any) => n.subject)).toEqual(['增员即将到期']);
    expect(inbox.unread).toBe(1);
    // Another user's notification is not found, even in the same tenant.
    expect((await hrA.post(`/api/t/${slugA}/notifications/${ids[1]}/read`)).status).toBe(404);
    expect((await hrA.post(`/api/t/${slugA}/notifications/${ids[0]}/read`)).status).toBe(204);
    expect((await json(await hrA.get(`/api/t/${slugA}/notifications`))).unread).toBe(0);

    expect((await hrA.get(`/api/t/${slugA}/sms-outbox`)).status).toBe(403);
    const sms = await json(await adminA.get(`/api/t/${slugA}/sms-outbox`));
    expect(sms.items).toEqual([expect.objectContaining({ recipient: '139****5678', body: '【连续】增员即将到期', status: 'pending' })]);
  });
});

describe('roles', () => {
  it('keeps the employee role out and the consultant read-only', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody()));
    for (const [method, path] of [
      ['GET', `/api/t/${slugA}/employees`],
      ['GET', `/api/t/${slugA}/employees/${e.id}`],
      ['POST', `/api/t/${slugA}/employees`],
      ['POST', `/api/t/${slugA}/employees/${e.id}/termination`],
      ['GET', `/api/t/${slugA}/tasks`],
      ['GET', `/api/t/${slugA}/employees/export.xlsx`],
      ['GET', `/api/t/${slugA}/sms-outbox`],
    ] as const) {
      const res = await employeeA.request(method, path, method === 'POST' ? {} : undefined);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    // Everyone reads their own inbox, employees included (notices are filtered by recipient).
    const inbox = await employeeA.get(`/api/t/${slugA}/notifications`);
    expect(inbox.status).toBe(200);
    expect((await json(inbox)).items).toEqual([]);

    // The demo consultant is granted demo-manufacturing, which has two entities: the hire names one.
    const mfgHr = await signedIn('hr@demo-manufacturing.demo');
    const { items: entities } = await json(await mfgHr.get('/api/t/demo-manufacturing/entities'));
    const shanghai = entities.find((en: any) => en.registrations.some((r: any) => r.cityCode === '310100' && r.agency === 'social_insurance'));
    const hired = await mfgHr.post('/api/t/demo-manufacturing/employees', hireBody({ entityId: shanghai.id }));
    expect(hired.status).toBe(201);
    const r = await json(hired);
    const consultant = await signedIn('consultant@lianxu.demo', demoApp);
    expect((await consultant.get(`/api/t/demo-manufacturing/employees/${r.id}`)).status).toBe(200);
    expect((await consultant.get('/api/t/demo-manufacturing/tasks')).status).toBe(200);
    expect((await consultant.post(`/api/t/demo-manufacturing/employees/${r.id}/reveal-id-number`)).status).toBe(403);
    expect((await consultant.post('/api/t/demo-manufacturing/employees', hireBody({ entityId: shanghai.id }))).status).toBe(403);
    expect((await consultant.post(`/api/t/demo-manufacturing/employees/${r.id}/termination`, { lastWorkingDay: '2026-03-31', reason: 'x' })).status).toBe(403);
    // The Hangzhou entity is not registered in Shanghai: refused on workCity, saying why.
    const hangzhou = entities.find((en: any) => en.id !== shanghai.id);
    const wrongEntity = await mfgHr.post('/api/t/demo-manufacturing/employees', hireBody({ entityId: hangzhou.id }));
    expect(wrongEntity.status).toBe(400);
    expect((await json(wrongEntity)).error.fields.workCity).toMatch(/registration/);
  });
});

describe('isolation between tenants', () => {
  it('answers 404 to demo-manufacturing HR on demo-retail\'s employees, tasks and notifications, and on A\'s employee under B', async () => {
    const retailHr = await signedIn('hr@demo-retail.demo');
    const r = await json(await retailHr.post('/api/t/demo-retail/employees', hireBody({ workCity: '110100' })));
    const retailTask = r.enrollment.taskId;
    const mfgHr = await signedIn('hr@demo-manufacturing.demo');
    for (const path of ['/employees', `/employees/${r.id}`, '/tasks', '/notifications', '/entities', '/employees/export.xlsx']) {
      const res = await mfgHr.get(`/api/t/demo-retail${path}`);
      expect(res.status, path).toBe(404);
    }
    for (const [path, body] of [
      ['/employees', hireBody()],
      [`/employees/${r.id}/termination`, { lastWorkingDay: '2026-03-20', reason: 'x' }],
      [`/employees/${r.id}/reveal-id-number`, {}],
      [`/tasks/${retailTask}/approve`, {}],
    ] as const) {
      expect((await mfgHr.post(`/api/t/demo-retail${path}`, body)).status, path).toBe(404);
    }
    // A's ids under B's own path: not found, never B's business.
    expect((await mfgHr.get(`/api/t/demo-manufacturing/employees/${r.id}`)).status).toBe(404);
    expect((await mfgHr.post(`/api/t/demo-manufacturing/employees/${r.id}/termination`, { lastWorkingDay: '2026-03-20', reason: 'x' })).status).toBe(404);
    expect((await mfgHr.post(`/api/t/demo-manufacturing/employees/${r.id}/reveal-id-number`)).status).toBe(404);
    expect((await mfgHr.post(`/api/t/demo-manufacturing/tasks/${retailTask}/approve`)).status).toBe(404);
    expect((await mfgHr.get('/api/t/demo-manufacturing/tasks')).status).toBe(200);
    const mfgTasks = await json(await mfgHr.get('/api/t/demo-manufacturing/tasks'));
    expect(mfgTasks.items.some((t: any) => t.id === retailTask)).toBe(false);

    // And at the database level: inside B's transaction, A's rows do not exist even unfiltered.
    const seen = await withTenant(db, demo['demo-manufacturing']!, async (trx) => ({
      employees: await trx.selectFrom('employees').select('id').where('id', '=', r.id).execute(),
      events: await trx.selectFrom('employment_events').select('id').where('employee_id', '=', r.id).execute(),
      tasks: await trx.selectFrom('filing_tasks').select('id').where('employee_id', '=', r.id).execute(),
      outbox: await trx.selectFrom('outbox').select('id').where('workflow_id', '=', r.enrollment.workflowId).execute(),
      notifications: await trx.selectFrom('notifications').select('id').where('tenant_id', '=', demo['demo-retail']!).execute(),
    }));
    expect(seen).toEqual({ employees: [], events: [], tasks: [], outbox: [], notifications: [] });
    const updated = await withTenant(db, demo['demo-manufacturing']!, (trx) => trx.updateTable('employees').set({ name: 'x' }).where('id', '=', r.id).executeTakeFirst());
    expect(updated.numUpdatedRows).toBe(0n);
  });
});

describe('OpenAPI', () => {
  it('documents the people, task and notification routes', async () => {
    const doc = await json(await app.request('http://localhost:3000/api/openapi.json'));
    for (const path of [
      '/api/t/{tenant}/employees',
      '/api/t/{tenant}/employees/{id}',
      '/api/t/{tenant}/employees/{id}/termination',
      '/api/t/{tenant}/employees/{id}/transfer',
      '/api/t/{tenant}/employees/{id}/wage',
      '/api/t/{tenant}/employees/{id}/reveal-id-number',
      '/api/t/{tenant}/employees/export.xlsx',
      '/api/t/{tenant}/tasks',
      '/api/t/{tenant}/tasks/{id}/approve',
      '/api/t/{tenant}/tasks/{id}/receipt',
      '/api/t/{tenant}/tasks/{id}/resubmit',
      '/api/t/{tenant}/notifications',
      '/api/t/{tenant}/notifications/{id}/read',
      '/api/t/{tenant}/sms-outbox',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/t/{tenant}/employees'].post.responses['201']).toBeDefined();
    expect(doc.components.schemas.HireRequest.properties.hukou.enum).toEqual(['local', 'non-local']);
  });
});
