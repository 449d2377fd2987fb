import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { PEOPLE_API_TODAY as TODAY, peopleApiFixture, uniqueSlug, type TestClient } from '@lianxu/testing';

// The people API against the run's real PostgreSQL: hires recorded once with their filing task and
// outbox row, nothing written on bad input, reading and exporting employees, and no ID number in the
// logs or stored rows (tenants, clients and helpers: peopleApiFixture in @lianxu/testing).
const people = peopleApiFixture();
const { db, deps, demoDeps, app, slugA, slugB, usedIds, newIdNumber, wrongCheckDigit, hireBody, signedIn, counts, json } = people;
let tenantA = '';
let tenantB = '';
let hrA: TestClient;
let employeeA: TestClient;
let hrB: TestClient;
beforeAll(() => {
  ({ A: tenantA, B: tenantB } = people.tenants);
  ({ hrA, employeeA, hrB } = people.clients);
});

describe('hire', () => {
  it('answers 201 with the masked ID number only, and starts an enrollment through the outbox', async () => {
    const body = hireBody();
    const res = await hrA.post(`/api/t/${slugA}/employees`, body);
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(body.idNumber);
    const e = JSON.parse(text);
    expect(e.idNumberMasked).toBe(`${body.idNumber.slice(0, 3)}***********${body.idNumber.slice(-4)}`);
    expect(e.mobile).toBe('138****5678');
    expect(e).toMatchObject({ name: '张伟', hukou: 'non-local', workCity: '310100', hireDate: '2026-03-02', status: 'active', monthlyWage: '8500.00', terminationDate: null });
    expect(e.wageHistory).toEqual([{ effectiveFrom: '2026-03-02', monthlyWage: '8500.00' }]);

    const shown = await json(await hrA.get(`/api/t/${slugA}/employees/${e.id}`));
    expect(shown.enrollment).toMatchObject({ status: 'submitting', deadlineDate: '2026-04-01', deadline: '2026-04-01T16:00:00.000Z', bureauReceipt: null, month: '2026-03', cityCode: '310100' });
    expect(shown.enrollment.workflowId).toMatch(new RegExp(`^enroll:${slugA}:${e.id}:[0-9a-f-]{36}$`));
    expect(shown.tasks).toHaveLength(1);
    expect(shown.tasks[0]).toMatchObject({ kind: 'enrollment', daysLeft: 22, gateway: 'bureau-sim', employeeName: '张伟' });
    expect(shown.coverage).toEqual([]);

    const rows = await withTenant(db, tenantA, async (trx) => ({
      employee: await trx.selectFrom('employees').selectAll().where('tenant_id', '=', tenantA).where('id', '=', e.id).executeTakeFirstOrThrow(),
      events: await trx.selectFrom('employment_events').selectAll().where('tenant_id', '=', tenantA).where('employee_id', '=', e.id).execute(),
      tasks: await trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantA).where('employee_id', '=', e.id).execute(),
      outbox: await trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantA).where('workflow_id', 'like', `%:${e.id}:%`).execute(),
    }));
    expect(rows.employee.monthly_wage_fen).toBe('850000');
    expect(rows.employee.id_number_key_id).toBe('dk1');
    expect(rows.employee.id_number_cipher.toString('latin1')).not.toContain(body.idNumber);
    expect(rows.events).toHaveLength(1);
    expect(rows.events[0]).toMatchObject({ kind: 'hire', effective_date: '2026-03-02', response_status: 201 });
    expect(JSON.stringify(rows.events[0]!.details)).not.toContain(body.idNumber);
    expect(rows.tasks).toHaveLength(1);
    const task = rows.tasks[0]!;
    expect(task).toMatchObject({ kind: 'enrollment', status: 'submitting', month: '2026-03', city_code: '310100', gateway: 'bureau-sim', event_id: rows.events[0]!.id });
    expect(task.workflow_id).toBe(`enroll:${slugA}:${e.id}:${rows.events[0]!.id}`);
    expect(task.warn_at!.toISOString()).toBe('2026-03-26T16:00:00.000Z');
    expect(rows.outbox).toHaveLength(1);
    expect(rows.outbox[0]).toMatchObject({ kind: 'start', workflow_type: 'enrollmentWorkflow', workflow_id: task.workflow_id, args: [{ tenantId: tenantA, taskId: task.id, plan: expect.objectContaining({ kind: 'enrollment', open: true, warnAt: task.warn_at!.getTime(), deadlineAt: task.deadline_at!.getTime() }) }] });
  });

  it('waits for approval when the tenant requires it, and takes the entity without asking when there is one', async () => {
    const res = await hrB.post(`/api/t/${slugB}/employees`, hireBody({ hireDate: '2026-03-01' }));
    expect(res.status).toBe(201);
    const e = await json(res);
    expect(e.enrollment).toMatchObject({ status: 'pending_approval', deadlineDate: '2026-03-31' });
    const task = await withTenant(db, tenantB, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantB).where('employee_id', '=', e.id).executeTakeFirstOrThrow());
    // warnDay 20 of tenant B: warned at the start of day hireDate + 20.
    expect(task.warn_at!.toISOString()).toBe('2026-03-20T16:00:00.000Z');
    expect(task.gateway).toBe('filing-file');
  });

  it('makes one employee, one event, one task and one outbox row for the same request twice with one Idempotency-Key', async () => {
    const body = hireBody({ name: '李娜' });
    const key = `hire-${uniqueSlug('k')}`;
    const before = await counts(tenantA);
    const first = await hrA.request('POST', `/api/t/${slugA}/employees`, body, { 'idempotency-key': key });
    const second = await hrA.request('POST', `/api/t/${slugA}/employees`, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(second)).toEqual(await json(first));
    const after = await counts(tenantA);
    expect(after.employees - before.employees).toBe(1);
    expect(after.employment_events - before.employment_events).toBe(1);
    expect(after.filing_tasks - before.filing_tasks).toBe(1);
    // The workflow start and the employeeHired plugin event.
    expect(after.outbox - before.outbox).toBe(2);

    // The same key with another body is refused, and writes nothing.
    const other = await hrA.request('POST', `/api/t/${slugA}/employees`, { ...body, monthlyWage: '9000.00' }, { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect((await json(other)).error).toMatchObject({ code: 'idempotency_key_reused', fields: { 'Idempotency-Key': expect.any(String) } });
    expect(await counts(tenantA)).toEqual(after);
  });

  it('answers two identical requests sent at the same moment with the first answer, writing once', async () => {
    const body = hireBody({ name: '王芳' });
    const key = `hire-${uniqueSlug('race')}`;
    const before = await counts(tenantA);
    const responses = await Promise.all([0, 1, 2].map(() => hrA.request('POST', `/api/t/${slugA}/employees`, body, { 'idempotency-key': key })));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
    const bodies = await Promise.all(responses.map(json));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    const after = await counts(tenantA);
    for (const table of ['employees', 'employment_events', 'filing_tasks', 'wage_history'] as const) expect(after[table] - before[table], table).toBe(1);
    expect(after.outbox - before.outbox, 'outbox: the workflow start and the employeeHired plugin event').toBe(2);
  });

  it('refuses a second active employee with the same ID number (409 on idNumber), also when sent at once', async () => {
    const body = hireBody({ name: '赵磊' });
    expect((await hrA.post(`/api/t/${slugA}/employees`, body)).status).toBe(201);
    const again = await hrA.post(`/api/t/${slugA}/employees`, { ...body, idNumber: body.idNumber.toLowerCase() });
    expect(again.status).toBe(409);
    expect(Object.keys((await json(again)).error.fields)).toEqual(['idNumber']);

    const racing = hireBody({ name: '钱多' });
    const results = await Promise.all([0, 1].map(() => hrA.post(`/api/t/${slugA}/employees`, racing)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});

describe('bad input: 400 naming the field, nothing written', () => {
  const cases: [string, () => Record<string, unknown>, string, RegExp?][] = [
    ['a wrong ID check digit', () => hireBody({ idNumber: wrongCheckDigit(newIdNumber()) }), 'idNumber', /check digit/],
    ['an ID number of the wrong shape', () => hireBody({ idNumber: '12345' }), 'idNumber', /18 characters/],
    ['a city not in the policy library', () => hireBody({ workCity: '320100' }), 'workCity', /policy library/],
    ['a city where the entity is not registered', () => hireBody({ workCity: '440300' }), 'workCity', /registration/],
    ['a city code that is not 6 digits', () => hireBody({ workCity: 'shanghai' }), 'workCity', /6-digit/],
    ['a wage of zero', () => hireBody({ monthlyWage: '0' }), 'monthlyWage', /more than 0/],
    ['a wage of 0.00', () => hireBody({ monthlyWage: '0.00' }), 'monthlyWage', /more than 0/],
    ['a wage with three decimals', () => hireBody({ monthlyWage: '8500.123' }), 'monthlyWage', /2 decimals/],
    ['a negative wage', () => hireBody({ monthlyWage: '-100' }), 'monthlyWage'],
    ['an absurd wage', () => hireBody({ monthlyWage: '5000000' }), 'monthlyWage', /below/],
    ['a wage as a number', () => hireBody({ monthlyWage: 8500 }), 'monthlyWage'],
    ['a hire date more than 90 days ahead', () => hireBody({ hireDate: '2026-06-09' }), 'hireDate', /90 days/],
    ['a hire date that does not exist', () => hireBody({ hireDate: '2026-02-30' }), 'hireDate', /real date/],
    ['a hire date before 2000', () => hireBody({ hireDate: '1999-12-31' }), 'hireDate', /2000/],
    ['a short mobile', () => hireBody({ mobile: '1381234' }), 'mobile', /11-digit/],
    ['an unknown hukou', () => hireBody({ hukou: 'rural' }), 'hukou'],
    ['markup in the name', () => hireBody({ name: '<script>alert(1)</script>' }), 'name', /letters/],
    ['an empty name', () => hireBody({ name: '   ' }), 'name', /required/],
    ['a missing ID number', () => { const { idNumber: _, ...rest } = hireBody(); return rest; }, 'idNumber'],
    ['an entity of no one', () => hireBody({ entityId: '00000000-0000-4000-8000-000000000000' }), 'entityId', /no such/],
    ['an unknown field', () => hireBody({ salary: '1' }), 'salary'],
  ];
  for (const [what, body, field, message] of cases) {
    it(`refuses ${what}`, async () => {
      const before = await counts(tenantA);
      const res = await hrA.post(`/api/t/${slugA}/employees`, body());
      expect(res.status).toBe(400);
      const error = (await json(res)).error;
      expect(error.code).toBe('validation_failed');
      expect(Object.keys(error.fields ?? {})).toContain(field);
      if (message) expect(error.fields[field]).toMatch(message);
      expect(await counts(tenantA)).toEqual(before);
    });
  }

  it('answers in Chinese by default', async () => {
    const res = await app.request(`http://localhost:3000/api/t/${slugA}/employees`, {
      method: 'POST',
      headers: { cookie: hrA.cookie!, origin: 'http://localhost:3000', 'content-type': 'application/json', 'x-forwarded-for': hrA.address },
      body: JSON.stringify(hireBody({ idNumber: wrongCheckDigit(newIdNumber()) })),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error.fields.idNumber).toContain('校验码');
  });

  it('refuses malformed JSON and a missing entity where the tenant has several', async () => {
    const before = await counts(tenantA);
    const broken = await app.request(`http://localhost:3000/api/t/${slugA}/employees`, {
      method: 'POST',
      headers: { cookie: hrA.cookie!, origin: 'http://localhost:3000', 'content-type': 'application/json', 'x-forwarded-for': hrA.address },
      body: '{"name": ',
    });
    expect(broken.status).toBe(400);
    expect(await counts(tenantA)).toEqual(before);

    const hrDemo = await signedIn('hr@demo-manufacturing.demo');
    const missing = await hrDemo.post('/api/t/demo-manufacturing/employees', hireBody());
    expect(missing.status).toBe(400);
    expect((await json(missing)).error.fields.entityId).toMatch(/2 employing entities/);
  });

  it('refuses a termination before the hire date and writes nothing', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-02-01' })));
    const before = await counts(tenantA);
    const res = await hrA.post(`/api/t/${slugA}/employees/${e.id}/termination`, { lastWorkingDay: '2026-01-31', reason: '试用期未通过' });
    expect(res.status).toBe(400);
    expect((await json(res)).error.fields.lastWorkingDay).toMatch(/hire date 2026-02-01/);
    expect(await counts(tenantA)).toEqual(before);
    expect((await json(await hrA.get(`/api/t/${slugA}/employees/${e.id}`))).status).toBe('active');

    for (const bad of [{ lastWorkingDay: '2026-13-01', reason: 'x' }, { lastWorkingDay: '2026-03-20', reason: '' }, { lastWorkingDay: '2026-03-20' }]) {
      const r = await hrA.post(`/api/t/${slugA}/employees/${e.id}/termination`, bad);
      expect(r.status).toBe(400);
    }
    expect(await counts(tenantA)).toEqual(before);
  });
});

describe('reading employees', () => {
  it('pages, finds by any part of the name, by the last four ID characters and by full ID number, and filters by status and city', async () => {
    // Names are letters only: a marker of random Chinese characters no other test uses.
    const marker = [...Array(4)].map(() => String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x5000))).join('');
    const body = hireBody({ name: `${marker}甲`, workCity: '330100' });
    await hrA.post(`/api/t/${slugA}/employees`, body);
    await hrA.post(`/api/t/${slugA}/employees`, hireBody({ name: `${marker}乙` }));
    const byName = await json(await hrA.get(`/api/t/${slugA}/employees?q=${encodeURIComponent(marker)}`));
    expect(byName.total).toBe(2);
    // Each row carries its latest enrollment's status, read in the list's own query (no request per row).
    for (const item of byName.items) {
      const one = await json(await hrA.get(`/api/t/${slugA}/employees/${item.id}`));
      expect(item.enrollmentStatus).toBe(one.enrollment.status);
    }
    const byId = await json(await hrA.get(`/api/t/${slugA}/employees?q=${body.idNumber.toLowerCase()}`));
    expect(byId.items.map((i: any) => i.name)).toEqual([`${marker}甲`]);
    expect(JSON.stringify(byId)).not.toContain(body.idNumber);
    // A given name (the part after the family name) and the last four ID characters the list shows.
    const byGivenName = await json(await hrA.get(`/api/t/${slugA}/employees?q=${encodeURIComponent(`${marker.slice(1)}甲`)}`));
    expect(byGivenName.items.map((i: any) => i.name)).toEqual([`${marker}甲`]);
    const last4 = body.idNumber.slice(-4).toLowerCase();
    const byLast4 = await json(await hrA.get(`/api/t/${slugA}/employees?q=${last4}&pageSize=100`));
    expect(byLast4.items.map((i: any) => i.name)).toContain(`${marker}甲`);
    expect(byLast4.items.every((i: any) => i.idNumberMasked.endsWith(body.idNumber.slice(-4)))).toBe(true);
    const inHangzhou = await json(await hrA.get(`/api/t/${slugA}/employees?q=${encodeURIComponent(marker)}&city=330100`));
    expect(inHangzhou.items.map((i: any) => i.name)).toEqual([`${marker}甲`]);
    const page = await json(await hrA.get(`/api/t/${slugA}/employees?pageSize=2&page=2&status=active`));
    expect(page).toMatchObject({ page: 2, pageSize: 2 });
    expect(page.items.length).toBeLessThanOrEqual(2);
    expect(page.items.every((i: any) => i.status === 'active')).toBe(true);
    expect((await hrA.get(`/api/t/${slugA}/employees?pageSize=1000`)).status).toBe(400);
    expect((await hrA.get(`/api/t/${slugA}/employees?q=${encodeURIComponent('%')}`)).status).toBe(200);
  });

  it('lists the tenant\'s entities with their registrations', async () => {
    const { items } = await json(await hrA.get(`/api/t/${slugA}/entities`));
    expect(items).toHaveLength(1);
    expect(items[0].registrations.map((r: any) => r.cityCode)).toEqual(['310100', '320100', '330100']);
  });

  it('reveals the full ID number to HR, on record, and to no consultant or employee', async () => {
    const body = hireBody();
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, body));
    const res = await hrA.post(`/api/t/${slugA}/employees/${e.id}/reveal-id-number`);
    expect(res.status).toBe(200);
    expect((await json(res)).idNumber).toBe(body.idNumber);
    const hrUser = await json(await hrA.get('/api/me'));
    const audit = await withTenant(db, tenantA, (trx) =>
      trx.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantA).where('action', '=', 'id_number.revealed').where(sql<boolean>`row_key->>'id' = ${e.id}`).execute(),
    );
    expect(audit).toEqual([expect.objectContaining({ actor_id: hrUser.user.id, table_name: 'employees' })]);
    expect((await employeeA.post(`/api/t/${slugA}/employees/${e.id}/reveal-id-number`)).status).toBe(403);
  });

  it('exports an xlsx whose rows carry masked ID numbers only, and records the export', async () => {
    const body = hireBody({ name: '导出测试' });
    await hrA.post(`/api/t/${slugA}/employees`, body);
    const res = await hrA.get(`/api/t/${slugA}/employees/export.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(`employees-${slugA}-${TODAY}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]![1]).toContain('ID');
    const mine = rows.find((r) => r[0] === '导出测试')!;
    expect(mine[1]).toBe(`${body.idNumber.slice(0, 3)}***********${body.idNumber.slice(-4)}`);
    const all = rows.flat().join('|');
    for (const id of usedIds) expect(all).not.toContain(id);
    expect(rows.slice(1).every((r) => /^\d{3}\*{11}[\dX]{4}$/.test(r[1]!))).toBe(true);
    const audit = await withTenant(db, tenantA, (trx) => trx.selectFrom('audit_log').select('id').where('tenant_id', '=', tenantA).where('action', '=', 'employees.exported').execute());
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });
});

describe('personal data stays out of logs and audit rows', () => {
  it('never writes an ID number sent in this file (refused ones too) to the logs, the audit log, events, the outbox, filing tasks or notifications', async () => {
    expect(usedIds.length).toBeGreaterThan(20);
    const logs = [...deps.logLines, ...demoDeps.logLines].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    const texts = await Promise.all(
      [tenantA, tenantB].map((t) =>
        withTenant(db, t, async (trx) => {
          const audit = await sql<{ t: string }>`select a::text as t from audit_log a where tenant_id = ${t}`.execute(trx);
          const events = await sql<{ t: string }>`select e::text as t from employment_events e where tenant_id = ${t}`.execute(trx);
          const outbox = await sql<{ t: string }>`select o::text as t from outbox o where tenant_id = ${t}`.execute(trx);
          const tasks = await sql<{ t: string }>`select f::text as t from filing_tasks f where tenant_id = ${t}`.execute(trx);
          const notices = await sql<{ t: string }>`select n::text as t from notifications n where tenant_id = ${t}`.execute(trx);
          return [...audit.rows, ...events.rows, ...outbox.rows, ...tasks.rows, ...notices.rows].map((r) => r.t).join('\n');
        }),
      ),
    );
    const stored = texts.join('\n');
    expect(stored).toContain('id_number.revealed');
    for (const id of usedIds) {
      expect(logs).not.toContain(id);
      expect(stored).not.toContain(id);
      expect(stored.toUpperCase()).not.toContain(id.toUpperCase());
    }
  });
});
