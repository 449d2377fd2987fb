import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { peopleApiFixture, uniqueSlug, type TestClient } from '@lianxu/testing';

// The people API against the run's real PostgreSQL: terminations, transfers and wage changes, each
// recorded once with its filing tasks and outbox rows, and the filing tasks HR works through
// (tenants, clients and helpers: peopleApiFixture in @lianxu/testing).
const people = peopleApiFixture();
const { db, slugA, slugB, usedIds, newIdNumber, wrongCheckDigit, hireBody, counts, json } = people;
let tenantA = '';
let tenantB = '';
let hrA: TestClient;
let hrB: TestClient;
beforeAll(() => {
  ({ A: tenantA, B: tenantB } = people.tenants);
  ({ hrA, hrB } = people.clients);
});

describe('termination', () => {
  it('ends contributions by the cut-off day: the 24th with the month before, the 26th with this month', async () => {
    const a = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05', name: '周一' })));
    const b = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05', name: '周二' })));
    const ra = await hrA.post(`/api/t/${slugA}/employees/${a.id}/termination`, { lastWorkingDay: '2026-03-24', reason: '合同到期' });
    const rb = await hrA.post(`/api/t/${slugA}/employees/${b.id}/termination`, { lastWorkingDay: '2026-03-26', reason: '合同到期' });
    expect(ra.status).toBe(200);
    expect(rb.status).toBe(200);
    const ea = await json(ra);
    expect(ea).toMatchObject({ status: 'terminated', terminationDate: '2026-03-24' });
    const stopA = ea.tasks.find((t: any) => t.kind === 'stop');
    const stopB = (await json(rb)).tasks.find((t: any) => t.kind === 'stop');
    expect(stopA).toMatchObject({ month: '2026-02', cityCode: '310100', status: 'submitting' });
    expect(stopB).toMatchObject({ month: '2026-03', cityCode: '310100' });
    expect(stopA.workflowId).toMatch(new RegExp(`^stop:${slugA}:${a.id}:`));
    const outbox = await withTenant(db, tenantA, (trx) => trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantA).where('workflow_id', '=', stopA.workflowId).execute());
    expect(outbox).toEqual([expect.objectContaining({ kind: 'start', workflow_type: 'stopWorkflow', args: [{ tenantId: tenantA, taskId: stopA.id, plan: { kind: 'stop', status: 'submitting', open: true, gateway: 'bureau-sim', warnAt: null, deadlineAt: null } }] })]);

    // A second termination is a conflict, not a second stop.
    const again = await hrA.post(`/api/t/${slugA}/employees/${a.id}/termination`, { lastWorkingDay: '2026-03-25', reason: '重复' });
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('already_terminated');
  });

  it('follows the city\'s own cut-off day, and never ends before the first covered month', async () => {
    // Hangzhou's cut-off is the 15th in tenant A.
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ workCity: '330100', hireDate: '2026-01-05' })));
    const r = await json(await hrA.post(`/api/t/${slugA}/employees/${e.id}/termination`, { lastWorkingDay: '2026-03-16', reason: '离职' }));
    expect(r.tasks.find((t: any) => t.kind === 'stop').month).toBe('2026-03');
    const short = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-03-02' })));
    const s = await json(await hrA.post(`/api/t/${slugA}/employees/${short.id}/termination`, { lastWorkingDay: '2026-03-05', reason: '试用期' }));
    expect(s.tasks.find((t: any) => t.kind === 'stop').month).toBe('2026-03');
  });

  it('tells an enrollment still waiting for approval to cancel', async () => {
    const e = await json(await hrB.post(`/api/t/${slugB}/employees`, hireBody({ hireDate: '2026-03-02' })));
    const r = await hrB.post(`/api/t/${slugB}/employees/${e.id}/termination`, { lastWorkingDay: '2026-03-06', reason: '未到岗' });
    expect(r.status).toBe(200);
    const signals = await withTenant(db, tenantB, (trx) =>
      trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantB).where('workflow_id', '=', e.enrollment.workflowId).where('kind', '=', 'signal').execute(),
    );
    expect(signals).toEqual([expect.objectContaining({ signal_name: 'cancel', args: [] })]);
  });

  it('does not cancel an enrollment that is already being filed', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody()));
    await hrA.post(`/api/t/${slugA}/employees/${e.id}/termination`, { lastWorkingDay: '2026-03-09', reason: '离职' });
    const signals = await withTenant(db, tenantA, (trx) => trx.selectFrom('outbox').select('id').where('tenant_id', '=', tenantA).where('workflow_id', '=', e.enrollment.workflowId).where('kind', '=', 'signal').execute());
    expect(signals).toEqual([]);
  });

  it('replays a termination sent twice with one key', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05' })));
    const key = uniqueSlug('term');
    const body = { lastWorkingDay: '2026-03-20', reason: '离职' };
    const first = await hrA.request('POST', `/api/t/${slugA}/employees/${e.id}/termination`, body, { 'idempotency-key': key });
    const second = await hrA.request('POST', `/api/t/${slugA}/employees/${e.id}/termination`, body, { 'idempotency-key': key });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(second)).tasks.filter((t: any) => t.kind === 'stop')).toHaveLength(1);
  });
});

describe('transfer', () => {
  it('stops in the old city the month before and enrolls in the new city from the effective month', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05' })));
    const before = await counts(tenantA);
    const res = await hrA.post(`/api/t/${slugA}/employees/${e.id}/transfer`, { workCity: '330100', effectiveDate: '2026-04-01' });
    expect(res.status).toBe(200);
    const moved = await json(res);
    expect(moved.workCity).toBe('330100');
    const stop = moved.tasks.find((t: any) => t.kind === 'stop');
    const enrollments = moved.tasks.filter((t: any) => t.kind === 'enrollment');
    expect(stop).toMatchObject({ cityCode: '310100', month: '2026-03' });
    expect(enrollments.map((t: any) => [t.cityCode, t.month])).toEqual([['310100', '2026-01'], ['330100', '2026-04']]);
    expect(moved.enrollment).toMatchObject({ cityCode: '330100', month: '2026-04', deadlineDate: '2026-05-01', status: 'submitting' });
    // No month between is uncovered: the old city pays through March, the new one from April.
    expect(stop.month < moved.enrollment.month).toBe(true);
    const after = await counts(tenantA);
    expect(after.outbox - before.outbox).toBe(2);
    expect(after.filing_tasks - before.filing_tasks).toBe(2);
    expect(after.employment_events - before.employment_events).toBe(1);
  });

  it('refuses the same city, a city not in the library, and a date before the hire date, writing nothing', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-02-02' })));
    const before = await counts(tenantA);
    for (const [body, field] of [
      [{ workCity: '310100', effectiveDate: '2026-04-01' }, 'workCity'],
      [{ workCity: '320100', effectiveDate: '2026-04-01' }, 'workCity'],
      [{ workCity: '330100', effectiveDate: '2026-01-01' }, 'effectiveDate'],
      [{ workCity: '330100', effectiveDate: 'soon' }, 'effectiveDate'],
    ] as const) {
      for (const path of ['transfer', 'transfer/preview']) {
        const r = await hrA.post(`/api/t/${slugA}/employees/${e.id}/${path}`, body);
        expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
        expect(Object.keys((await json(r)).error.fields)).toContain(field);
      }
    }
    expect(await counts(tenantA)).toEqual(before);
  });

  it('previews a transfer with the months, deadlines, per-insurance amounts and SMS the commit would give, writing nothing', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05' })));
    const before = await counts(tenantA);
    const res = await hrA.post(`/api/t/${slugA}/employees/${e.id}/transfer/preview`, { workCity: '330100', effectiveDate: '2026-04-01' });
    expect(res.status).toBe(200);
    const p = await json(res);
    expect(p.from).toMatchObject({ cityCode: '310100', lastContributionMonth: '2026-03', stopDeadline: expect.stringMatching(/^2026-04-\d{2}$/) });
    expect(p.to).toMatchObject({ cityCode: '330100', firstContributionMonth: '2026-04', enrollmentDeadline: '2026-05-01' });
    expect(p.insurances.length).toBeGreaterThan(0);
    if (p.costChange) expect(p.costChange.employer).toMatch(/^-?\d+\.\d{2}$/);
    else expect(p.from.monthlyCost.unavailable ?? p.to.monthlyCost.unavailable).not.toBeNull();
    expect(p.sms.text).toContain('缴纳至 2026-03，自 2026-04 起在新工作城市续缴');
    expect(await counts(tenantA)).toEqual(before);
  });
});

describe('wage change', () => {
  it('adds to the wage history and changes the wage, without a workflow', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05' })));
    const before = await counts(tenantA);
    const res = await hrA.post(`/api/t/${slugA}/employees/${e.id}/wage`, { monthlyWage: '9200.5', effectiveFrom: '2026-04-01' });
    expect(res.status).toBe(200);
    const changed = await json(res);
    expect(changed.monthlyWage).toBe('9200.50');
    expect(changed.wageHistory).toEqual([{ effectiveFrom: '2026-01-05', monthlyWage: '8500.00' }, { effectiveFrom: '2026-04-01', monthlyWage: '9200.50' }]);
    const after = await counts(tenantA);
    expect(after.outbox).toBe(before.outbox);
    expect(after.employment_events - before.employment_events).toBe(1);
    const bad = await hrA.post(`/api/t/${slugA}/employees/${e.id}/wage`, { monthlyWage: '0', effectiveFrom: '2025-12-01' });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields).sort()).toEqual(['monthlyWage']);
    const early = await hrA.post(`/api/t/${slugA}/employees/${e.id}/wage`, { monthlyWage: '100', effectiveFrom: '2025-12-01' });
    expect((await json(early)).error.fields.effectiveFrom).toMatch(/hire date/);
  });

  it('takes the wage as people type it: 8,500 and ８５００ are 8500.00; 8,50 is refused by field', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05', monthlyWage: '8,500' })));
    expect(e.monthlyWage).toBe('8500.00');
    const full = await hrA.post(`/api/t/${slugA}/employees/${e.id}/wage`, { monthlyWage: '９,２００', effectiveFrom: '2026-04-01' });
    expect((await json(full)).monthlyWage).toBe('9200.00');
    const bad = await hrA.post(`/api/t/${slugA}/employees/${e.id}/wage`, { monthlyWage: '8,50', effectiveFrom: '2026-05-01' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.fields.monthlyWage).toMatch(/8,500\.00/);
  });
});

describe('tasks', () => {
  it('lists open tasks with the employee\'s name and days left, nearest deadline first', async () => {
    const { items } = await json(await hrA.get(`/api/t/${slugA}/tasks?open=true`));
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((t: any) => t.open)).toBe(true);
    const withDeadline = items.filter((t: any) => t.deadline);
    expect(withDeadline.map((t: any) => t.deadline)).toEqual([...withDeadline.map((t: any) => t.deadline)].sort());
    const hire0302 = items.find((t: any) => t.kind === 'enrollment' && t.month === '2026-03' && t.deadlineDate === '2026-04-01');
    expect(hire0302).toMatchObject({ daysLeft: 22, employeeName: expect.any(String) });
  });

  it('approves a pending enrollment once, through the outbox', async () => {
    const e = await json(await hrB.post(`/api/t/${slugB}/employees`, hireBody()));
    const res = await hrB.post(`/api/t/${slugB}/tasks/${e.enrollment.taskId}/approve`);
    expect(res.status).toBe(200);
    expect((await hrB.post(`/api/t/${slugB}/tasks/${e.enrollment.taskId}/approve`)).status).toBe(409);
    const signals = await withTenant(db, tenantB, (trx) => trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantB).where('workflow_id', '=', e.enrollment.workflowId).where('kind', '=', 'signal').execute());
    expect(signals).toEqual([expect.objectContaining({ signal_name: 'approve', args: [{ userId: expect.any(String) }] })]);
    // An enrollment that needs no approval cannot be approved.
    const a = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody()));
    expect((await hrA.post(`/api/t/${slugA}/tasks/${a.enrollment.taskId}/approve`)).status).toBe(409);
  });

  it('takes a receipt only for a submitted filing-file task', async () => {
    const e = await json(await hrB.post(`/api/t/${slugB}/employees`, hireBody()));
    const taskId = e.enrollment.taskId;
    expect((await hrB.post(`/api/t/${slugB}/tasks/${taskId}/receipt`, { receiptNo: 'SH-2026-1' })).status).toBe(409);
    await withTenant(db, tenantB, (trx) => trx.updateTable('filing_tasks').set({ status: 'submitted' }).where('tenant_id', '=', tenantB).where('id', '=', taskId).execute());
    expect((await hrB.post(`/api/t/${slugB}/tasks/${taskId}/receipt`, { receiptNo: '<b>' })).status).toBe(400);
    expect((await hrB.post(`/api/t/${slugB}/tasks/${taskId}/receipt`, { receiptNo: 'SH-2026-000123' })).status).toBe(200);
    const signals = await withTenant(db, tenantB, (trx) => trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantB).where('workflow_id', '=', e.enrollment.workflowId).where('signal_name', '=', 'receiptEntered').execute());
    expect(signals.map((s) => s.args)).toEqual([[{ receiptNo: 'SH-2026-000123' }]]);
    // A bureau-sim task never takes a receipt by hand.
    const a = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody()));
    expect((await hrA.post(`/api/t/${slugA}/tasks/${a.enrollment.taskId}/receipt`, { receiptNo: 'X1' })).status).toBe(409);
  });

  it('resubmits a rejected task with the corrected ID number', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody()));
    const taskId = e.enrollment.taskId;
    expect((await hrA.post(`/api/t/${slugA}/tasks/${taskId}/resubmit`, {})).status).toBe(409);
    await withTenant(db, tenantA, (trx) =>
      trx.updateTable('filing_tasks').set({ status: 'rejected', rejection: JSON.stringify({ code: 'id_mismatch', message: 'ID does not match the name' }) }).where('tenant_id', '=', tenantA).where('id', '=', taskId).execute(),
    );
    const bad = await hrA.post(`/api/t/${slugA}/tasks/${taskId}/resubmit`, { idNumber: wrongCheckDigit(newIdNumber()) });
    expect(bad.status).toBe(400);
    const corrected = newIdNumber();
    usedIds.push(corrected);
    const res = await hrA.post(`/api/t/${slugA}/tasks/${taskId}/resubmit`, { idNumber: corrected, name: '张伟伟' });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain(corrected);
    const after = await json(await hrA.get(`/api/t/${slugA}/employees/${e.id}`));
    expect(after.name).toBe('张伟伟');
    expect(after.idNumberMasked.slice(-4)).toBe(corrected.slice(-4));
    const signals = await withTenant(db, tenantA, (trx) => trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantA).where('workflow_id', '=', e.enrollment.workflowId).where('signal_name', '=', 'resubmit').execute());
    expect(signals).toHaveLength(1);
  });
});
