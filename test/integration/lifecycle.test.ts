import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { addDays, dualRunView, HELD_BACK_REASON, monthOf, switchDualRunMode } from '@lianxu/core';
import { appDb, eventually, lifecycleTenantSpec, provisionForTest, startLifecycleStack, testIdNumber, uniqueSlug } from '@lianxu/testing';
import { heldBackOf, shadowDualRunOf } from './dual-run-mode.fixture';

// Hire, leave and move city on real parts: PostgreSQL, the Temporal dev server, a worker running
// the lifecycle activities, the outbox dispatcher, and a bureau-sim HTTP server.

const db = appDb(10);
let stack: Awaited<ReturnType<typeof startLifecycleStack>>;
const tenant = { id: '', slug: uniqueSlug('life') };
// A company that files by hand through the government portal (filing-file gateway).
const byHand = { id: '', slug: uniqueSlug('byhand') };
// A company in its dual run after a data migration (shadow: the old system files; live: Lianxu does).
const dual = { id: '', slug: uniqueSlug('life-dual') };
let actor: { id: string };
let seq = 1000;
// E-mail as an SMTP server would receive it (SMTP_URL configured).
const mails: { to: string; subject: string }[] = [];

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  tenant.id = await provisionForTest(db, lifecycleTenantSpec(tenant.slug, { seed: 4242 }));
  const hr = await db.selectFrom('users').select('id').where('email', '=', `hr@${tenant.slug}.test`).executeTakeFirstOrThrow();
  actor = { id: hr.id };
  byHand.id = await provisionForTest(db, lifecycleTenantSpec(byHand.slug, { seed: 4343, gateway: 'filing-file' }));
  dual.id = await provisionForTest(db, lifecycleTenantSpec(dual.slug, { seed: 4444 }));
  stack = await startLifecycleStack(db, { tenantIds: [tenant.id, byHand.id, dual.id], lifecycle: { email: { name: 'test-smtp', send: async (to, subject) => void mails.push({ to, subject }) } } });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await db.destroy();
});

async function hire(overrides: Partial<{ hireDate: string; workCity: string; idNumber: string }> = {}) {
  const answer = await stack.people.hire(tenant, actor, {
    name: '测试员工',
    idNumber: overrides.idNumber ?? testIdNumber(seq++),
    mobile: '13912345678',
    hukou: 'local',
    workCity: overrides.workCity ?? '310100',
    hireDate: overrides.hireDate ?? today(),
    monthlyWage: '12000.00',
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

const tasksOf = (employeeId: string) =>
  withTenant(db, tenant.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenant.id).where('employee_id', '=', employeeId).orderBy('created_at').execute());
const coverageOf = (employeeId: string) =>
  withTenant(db, tenant.id, (trx) => trx.selectFrom('coverage_periods').select(['city_code', 'start_month', 'end_month']).where('tenant_id', '=', tenant.id).where('employee_id', '=', employeeId).orderBy('start_month').execute());
const settled = async (employeeId: string, kind: 'enrollment' | 'stop', count = 1) => {
  const tasks = (await tasksOf(employeeId)).filter((t) => t.kind === kind);
  return tasks.length >= count && tasks.every((t) => !t.open) ? tasks : undefined;
};

describe('enrollment on hire', () => {
  it('is confirmed by the bureau and opens coverage from the hire month', async () => {
    const e = await hire();
    const [task] = await eventually(() => settled(e.id, 'enrollment'), 30_000, 'enrollment confirmed');
    expect(task!.status).toBe('confirmed');
    expect(task!.receipt_no).toMatch(/^ZY/);
    expect(task!.workflow_id).toBe(`enroll:${tenant.slug}:${e.id}:${task!.event_id}`);
    expect(Number(task!.base_fen)).toBeGreaterThan(0);
    expect(await coverageOf(e.id)).toEqual([{ city_code: '310100', start_month: monthOf(e.hireDate), end_month: null }]);
    const filings = stack.bureau.state.listFilings().filter((f) => f.kind === 'enrollment' && (f.payload as { idNumber: string }).idNumber === testIdNumber(seq - 1));
    expect(filings).toHaveLength(1);
    const view = await stack.people.get(tenant, e.id);
    expect(view.enrollment?.status).toBe('confirmed');
  }, 40_000);
});

describe('stop on termination', () => {
  it.each([
    ['24th: ends with the previous month', 24, -1],
    ['26th: ends with this month', 26, 0],
  ])('leaving on the %s', async (_name, day, delta) => {
    const e = await hire();
    await eventually(() => settled(e.id, 'enrollment'), 30_000, 'enrollment confirmed');
    // A last working day in the next month, on the 24th or the 26th (cut-off day 25).
    const next = new Date(Date.UTC(Number(today().slice(0, 4)), Number(today().slice(5, 7)), day)).toISOString().slice(0, 10);
    const answer = await stack.people.terminate(tenant, actor, e.id, { lastWorkingDay: next, reason: '个人原因' });
    expect(answer.status).toBe(200);
    const [stop] = await eventually(() => settled(e.id, 'stop'), 30_000, 'stop confirmed');
    const expected = delta === 0 ? monthOf(next) : monthOf(today());
    expect(stop!.month).toBe(expected);
    expect(stop!.status).toBe('confirmed');
    expect(await coverageOf(e.id)).toEqual([{ city_code: '310100', start_month: monthOf(e.hireDate), end_month: expected }]);
    // The employee is told by SMS what their coverage ends with.
    const sms = await withTenant(db, tenant.id, (trx) => trx.selectFrom('notifications').select(['body', 'status', 'provider']).where('tenant_id', '=', tenant.id).where('recipient_employee_id', '=', e.id).where('channel', '=', 'sms').execute());
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ status: 'sent', provider: 'outbox' });
    expect(sms[0]!.body).toContain(expected);
  }, 60_000);
});

describe('transfer to another city', () => {
  it('stops the old city the month before and enrolls the new city from the effective month: no month uncovered', async () => {
    const e = await hire();
    await eventually(() => settled(e.id, 'enrollment'), 30_000, 'enrollment confirmed');
    const effective = new Date(Date.UTC(Number(today().slice(0, 4)), Number(today().slice(5, 7)), 1)).toISOString().slice(0, 10);
    const answer = await stack.people.transfer(tenant, actor, e.id, { workCity: '440300', effectiveDate: effective });
    expect(answer.status).toBe(200);
    await eventually(() => settled(e.id, 'stop'), 30_000, 'stop in the old city');
    await eventually(() => settled(e.id, 'enrollment', 2), 30_000, 'enrollment in the new city');
    const periods = await coverageOf(e.id);
    expect(periods).toEqual([
      { city_code: '310100', start_month: monthOf(e.hireDate), end_month: monthOf(today()) },
      { city_code: '440300', start_month: monthOf(effective), end_month: null },
    ]);
  }, 60_000);
});

describe('deadlines come from the hire date', () => {
  it('with the bureau down, a hire 26 days ago warns HR at once and one 31 days ago escalates at once', async () => {
    stack.bureau.state.setFaults({ outageUntil: new Date(Date.now() + 60_000).toISOString() });
    try {
      const warned = await hire({ hireDate: addDays(today(), -26) });
      const late = await hire({ hireDate: addDays(today(), -31), workCity: '110100' });
      const noticesOf = (employeeId: string, kind: string) =>
        withTenant(db, tenant.id, (trx) =>
          trx.selectFrom('notifications').innerJoin('filing_tasks', (j) => j.onRef('filing_tasks.tenant_id', '=', 'notifications.tenant_id').onRef('filing_tasks.id', '=', 'notifications.task_id'))
            .select(['notifications.channel', 'notifications.body', 'notifications.kind']).where('notifications.tenant_id', '=', tenant.id)
            .where('filing_tasks.employee_id', '=', employeeId).where('notifications.kind', '=', kind).execute());
      const warning = await eventually(async () => {
        const rows = await noticesOf(warned.id, 'deadline_warning');
        return rows.length >= 3 ? rows : undefined;
      }, 20_000, 'day-25 warning');
      expect(warning.map((n) => n.channel).sort()).toEqual(['email', 'in_app', 'sms']);
      expect(await noticesOf(warned.id, 'deadline_escalation')).toEqual([]);
      const escalation = await eventually(async () => {
        const rows = await noticesOf(late.id, 'deadline_escalation');
        return rows.length >= 3 ? rows : undefined;
      }, 20_000, 'deadline escalation');
      expect(escalation[0]!.body).toContain('第八十四条');
      expect(escalation[0]!.body).toContain('万分之五');
      expect(escalation[0]!.body).toMatch(/应缴约 [\d.]+ 元/);
      // With SMTP configured, the tenant admin gets it by e-mail too; HR got the warning.
      expect(mails).toContainEqual({ to: `admin@${tenant.slug}.test`, subject: expect.stringContaining('超过法定期限') });
      expect(mails).toContainEqual({ to: `hr@${tenant.slug}.test`, subject: expect.stringContaining('尚未确认') });
      const [task] = await tasksOf(late.id);
      expect(task!.open).toBe(true);
      expect(task!.escalated_at).not.toBeNull();
    } finally {
      stack.bureau.state.setFaults({ outageUntil: null });
    }
  }, 60_000);
});

describe('filing by hand (filing-file gateway)', () => {
  it('produces the city sheet for HR, waits for the receipt HR enters, then confirms', async () => {
    const hr = await db.selectFrom('users').select('id').where('email', '=', `hr@${byHand.slug}.test`).executeTakeFirstOrThrow();
    const idNumber = testIdNumber(seq++);
    const hired = await stack.people.hire(byHand, { id: hr.id }, { name: '钱七', idNumber, mobile: '13912345678', hukou: 'non-local', workCity: '440300', hireDate: today(), monthlyWage: '8000.00' });
    const task = await eventually(async () => {
      const t = await withTenant(db, byHand.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', byHand.id).where('employee_id', '=', hired.body.id).executeTakeFirst());
      return t?.status === 'submitted' ? t : undefined;
    }, 20_000, 'sheet ready');
    // Nothing went to the bureau's HTTP interface: this company files through the portal by hand.
    expect(stack.bureau.state.listFilings().filter((f) => (f.payload as { idNumber: string }).idNumber === idNumber)).toEqual([]);
    const sheet = await stack.people.filingSheet(byHand, { id: hr.id }, task.id);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.content as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]).toContain('公民身份号码（社会保障号码）');
    expect(rows[1]).toContain(idNumber);
    expect(rows[1]).toContain('外地户籍');
    // Hired this month: nothing to back-pay (the 补缴 columns say so).
    expect(rows[0]).toContain('是否补缴');
    expect(rows[1]).toContain('否');
    const audit = await withTenant(db, byHand.id, (trx) => trx.selectFrom('audit_log').select(['action', 'actor_id']).where('tenant_id', '=', byHand.id).where('action', '=', 'filing_sheet.exported').execute());
    expect(audit).toEqual([{ action: 'filing_sheet.exported', actor_id: hr.id }]);
    await stack.people.enterReceipt(byHand, { id: hr.id }, task.id, 'SZ2026-000123');
    const done = await eventually(async () => {
      const t = await withTenant(db, byHand.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', byHand.id).where('id', '=', task.id).executeTakeFirst());
      return t?.status === 'confirmed' ? t : undefined;
    }, 20_000, 'confirmed by the receipt');
    expect(done.receipt_no).toBe('SZ2026-000123');
    const coverage = await withTenant(db, byHand.id, (trx) => trx.selectFrom('coverage_periods').select(['city_code', 'start_month']).where('tenant_id', '=', byHand.id).where('employee_id', '=', hired.body.id).execute());
    expect(coverage).toEqual([{ city_code: '440300', start_month: monthOf(today()) }]);
  }, 60_000);
});

describe('who files during a dual run (shadow or live)', () => {
  it('shadow holds a hire back (nothing at the bureau); after the switch to live the next hire is filed and confirmed; falling back keeps it', async () => {
    const admin = await db.selectFrom('users').select('id').where('email', '=', `admin@${dual.slug}.test`).executeTakeFirstOrThrow();
    const runId = await shadowDualRunOf(db, dual.id);
    const hireIn = async () => {
      const idNumber = testIdNumber(seq++);
      const answer = await stack.people.hire(dual, admin, { name: '并行员工', idNumber, mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000.00' });
      expect(answer.status).toBe(201);
      const task = await eventually(async () => {
        const t = await withTenant(db, dual.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', dual.id).where('employee_id', '=', answer.body.id).executeTakeFirst());
        return t && !t.open ? t : undefined;
      }, 30_000, 'enrollment settled');
      return { id: answer.body.id, idNumber, task };
    };
    const atBureau = (idNumber: string) => stack.bureau.state.listFilings().filter((f) => (f.payload as { idNumber: string }).idNumber === idNumber);

    const shadow = await hireIn();
    expect(atBureau(shadow.idNumber)).toEqual([]);
    expect(shadow.task).toMatchObject({ status: 'confirmed', receipt_no: null, filing_id: `legacy:${shadow.task.id}:1` });
    expect(Number(shadow.task.base_fen)).toBe(900_000);
    expect(await heldBackOf(db, dual.id)).toEqual([expect.objectContaining({ run_id: runId, task_id: shadow.task.id, kind: 'enrollment' })]);
    // The employee and the task say so, in both languages.
    const shown = await stack.people.get(dual, shadow.id);
    expect(shown.enrollment).toMatchObject({ status: 'confirmed', bureauReceipt: null, heldBack: HELD_BACK_REASON });
    expect(shown.tasks[0]!.heldBack).toEqual({ 'zh-CN': expect.stringContaining('由原系统'), en: expect.stringContaining('the old system files') });

    await switchDualRunMode({ db }, dual.id, runId, 'live', admin.id);
    const live = await hireIn();
    expect(live.task.status).toBe('confirmed');
    expect(live.task.receipt_no).toMatch(/^ZY/);
    expect((await stack.people.get(dual, live.id)).enrollment).toMatchObject({ status: 'confirmed', bureauReceipt: live.task.receipt_no, heldBack: null });
    expect(atBureau(live.idNumber)).toEqual([expect.objectContaining({ kind: 'enrollment', status: 'confirmed' })]);
    // The filing held back before the switch stays the old system's: never sent afterwards.
    expect(atBureau(shadow.idNumber)).toEqual([]);

    await switchDualRunMode({ db }, dual.id, runId, 'shadow', admin.id);
    const again = await hireIn();
    expect(atBureau(again.idNumber)).toEqual([]);
    expect(again.task.filing_id).toBe(`legacy:${again.task.id}:1`);
    // What Lianxu filed while live is kept as filed, its coverage open.
    expect((await tasksOfIn(live.id))[0]).toMatchObject({ status: 'confirmed', receipt_no: live.task.receipt_no, filing_id: live.task.filing_id });
    expect(atBureau(live.idNumber)).toHaveLength(1);
    expect((await heldBackOf(db, dual.id)).map((h) => h.task_id)).toEqual([shadow.task.id, again.task.id]);
    // The dual run's report counts what was held back for the old system to file.
    expect(await dualRunView(db, dual.id, runId)).toMatchObject({ mode: 'shadow', heldBack: { enrollment: 2, stop: 0, baseChange: 0 } });
  }, 90_000);
});

const tasksOfIn = (employeeId: string) =>
  withTenant(db, dual.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', dual.id).where('employee_id', '=', employeeId).execute());
