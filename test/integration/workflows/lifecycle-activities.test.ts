import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { createBusinessClock, withTenant } from '@lianxu/db';
import {
  BureauUnavailableError,
  switchDualRunMode,
  createHttpBureauGateway,
  createLifecycleActivities,
  createPeopleService,
  createPolicyLibraryService,
  policyCitiesFrom,
} from '@lianxu/core';
import type { FilingOutcome, FilingTaskInput } from '@lianxu/workflows';
import { appDb, lifecycleTenantSpec, provisionForTest, startBureauSim, testIdNumber, testVault, uniqueSlug } from '@lianxu/testing';
import { heldBackOf, shadowDualRunOf } from '../dual-run-mode.fixture';

// The lifecycle activities on their own, in MockActivityEnvironment (activity context, heartbeats,
// cancellation) with their real dependencies: PostgreSQL of the test run and a bureau-sim server.
// No workflow and no Temporal server: each test calls the activities as a workflow would.

const db = appDb(4);
const tenant = { id: '', slug: uniqueSlug('acts') };
// A company that files by hand (Excel sheet through the government portal: filing-file gateway).
const byHand = { id: '', slug: uniqueSlug('acts-hand') };
let byHandActor: { id: string };
// A company in its dual run after a data migration: who files with the bureau depends on the run's mode.
const dual = { id: '', slug: uniqueSlug('acts-dual') };
let dualActor: { id: string };
let actor: { id: string };
let bureau: Awaited<ReturnType<typeof startBureauSim>>;
let activities: ReturnType<typeof createLifecycleActivities>;
let people: ReturnType<typeof createPeopleService>;
let seq = 7100;

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  tenant.id = await provisionForTest(db, lifecycleTenantSpec(tenant.slug, { seed: 7171 }));
  actor = await db.selectFrom('users').select('id').where('email', '=', `hr@${tenant.slug}.test`).executeTakeFirstOrThrow();
  byHand.id = await provisionForTest(db, lifecycleTenantSpec(byHand.slug, { seed: 7272, gateway: 'filing-file' }));
  byHandActor = await db.selectFrom('users').select('id').where('email', '=', `hr@${byHand.slug}.test`).executeTakeFirstOrThrow();
  // The bureau decides at once, so a filing's status is known on the first look.
  bureau = await startBureauSim({ processingDelayMs: [0, 0] });
  const policies = createPolicyLibraryService({ db });
  people = createPeopleService({ db, vault: testVault(), clock: createBusinessClock(), policyCities: policyCitiesFrom(policies) });
  activities = createLifecycleActivities({
    db,
    vault: testVault(),
    bureau: createHttpBureauGateway({ baseUrl: bureau.url, timeoutMs: 3000 }),
    policy: () => policies.library(),
    pollMs: { first: 20, max: 100 },
  });
}, 60_000);
afterAll(async () => {
  await bureau?.close();
  await db.destroy();
});

/** Hires someone (the people module writes the enrollment task, as the API would) and returns the task. */
async function hired(idNumber = testIdNumber(seq++), at: { id: string; slug: string } = tenant, hireDate = today()): Promise<FilingTaskInput & { idNumber: string }> {
  const answer = await people.hire(at, at === tenant ? actor : at === byHand ? byHandActor : dualActor, { name: '活动测试', idNumber, mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate, monthlyWage: '12000.00' });
  expect(answer.status).toBe(201);
  const task = await withTenant(db, at.id, (trx) =>
    trx.selectFrom('filing_tasks').select('id').where('tenant_id', '=', at.id).where('employee_id', '=', answer.body.id).where('kind', '=', 'enrollment').executeTakeFirstOrThrow());
  return { tenantId: at.id, taskId: task.id, idNumber };
}

const taskRow = (taskId: string, tenantId = tenant.id) =>
  withTenant(db, tenantId, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantId).where('id', '=', taskId).executeTakeFirstOrThrow());
const noticesOf = (input: FilingTaskInput) =>
  withTenant(db, input.tenantId, (trx) =>
    trx.selectFrom('notifications').select(['kind', 'channel', 'body', 'recipient_user_id']).where('tenant_id', '=', input.tenantId).where('task_id', '=', input.taskId).orderBy('kind').orderBy('channel').execute());
const filingsOf = (idNumber: string) => bureau.state.listFilings().filter((f) => (f.payload as { idNumber: string }).idNumber === idNumber);

describe('lifecycle activities (MockActivityEnvironment, real PostgreSQL and bureau-sim)', () => {
  it('plans an enrollment whose start date is ahead to be filed on that day (00:00 China time), and one starting today at once', async () => {
    const env = new MockActivityEnvironment();
    const ahead = new Date(Date.parse(`${today()}T00:00:00Z`) + 9 * 86_400_000).toISOString().slice(0, 10);
    const later = await hired(testIdNumber(seq++), tenant, ahead);
    expect(await env.run(activities.loadTask, later)).toMatchObject({ kind: 'enrollment', status: 'submitting', fileFrom: Date.parse(`${ahead}T00:00:00+08:00`) });
    const now = await hired();
    expect(await env.run(activities.loadTask, now)).not.toHaveProperty('fileFrom');
  });

  it('files an enrollment: the bureau holds one filing under the key <task>:1, the task is confirmed and coverage opened; a retry files nothing twice', async () => {
    const input = await hired();
    const env = new MockActivityEnvironment();
    const outcome = await env.run(activities.submitFiling, input);
    // Decided at once, so recorded by the filing step itself (the workflow skips settleFiling).
    expect(outcome).toMatchObject({ status: 'confirmed', settled: true, receiptNo: expect.any(String) });
    const filings = filingsOf(input.idNumber);
    expect(filings).toHaveLength(1);
    expect(filings[0]).toMatchObject({ kind: 'enrollment', city: '310100', idempotencyKey: `${input.taskId}:1`, status: 'confirmed' });
    expect(await taskRow(input.taskId)).toMatchObject({ status: 'confirmed', open: false, receipt_no: (outcome as { receiptNo: string }).receiptNo, filing_id: filings[0]!.filingId });
    const coverage = await withTenant(db, tenant.id, (trx) => trx.selectFrom('coverage_periods').selectAll().where('tenant_id', '=', tenant.id).where('opened_by', '=', input.taskId).execute());
    expect(coverage).toHaveLength(1);

    // The activity retried (a lost completion): same key, same receipt, still one filing and one coverage period.
    const again = await new MockActivityEnvironment().run(activities.submitFiling, input);
    expect(again).toMatchObject({ status: 'confirmed', receiptNo: (outcome as { receiptNo: string }).receiptNo });
    expect(filingsOf(input.idNumber)).toHaveLength(1);
    await new MockActivityEnvironment().run(activities.settleFiling, { ...input, outcome: again as FilingOutcome });
    expect(await withTenant(db, tenant.id, (trx) => trx.selectFrom('coverage_periods').select('id').where('tenant_id', '=', tenant.id).where('opened_by', '=', input.taskId).execute())).toHaveLength(1);
  });

  it('a bureau outage is a retryable failure: nothing filed, nothing recorded, and the next attempt files', async () => {
    const input = await hired();
    bureau.state.setFaults({ outageUntil: new Date(Date.now() + 60_000).toISOString() });
    try {
      const failure = await new MockActivityEnvironment().run(activities.submitFiling, input).then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(BureauUnavailableError);
      // Not an ApplicationFailure marked non-retryable: the workflow's retry policy files again.
      expect(failure instanceof ApplicationFailure && failure.nonRetryable).toBe(false);
      expect(filingsOf(input.idNumber)).toEqual([]);
      expect(await taskRow(input.taskId)).toMatchObject({ status: 'submitting', open: true, filing_id: null });
    } finally {
      bureau.state.setFaults({ outageUntil: null });
    }
    expect(await new MockActivityEnvironment().run(activities.submitFiling, input)).toMatchObject({ status: 'confirmed' });
    expect(filingsOf(input.idNumber)).toHaveLength(1);
  });

  it('records a rejection (task rejected with the reason, HR told in the app), and a resubmission is a new attempt with a new key', async () => {
    const idNumber = testIdNumber(seq++);
    bureau.state.setNameMismatch([idNumber]);
    const input = await hired(idNumber);
    try {
      const outcome = await new MockActivityEnvironment().run(activities.submitFiling, input);
      expect(outcome).toMatchObject({ status: 'rejected', settled: true, rejection: { code: 'name_id_mismatch' } });
    } finally {
      bureau.state.setNameMismatch([]);
    }
    const rejected = await taskRow(input.taskId);
    expect(rejected).toMatchObject({ status: 'rejected', open: true, attempt: 1 });
    expect(JSON.parse(JSON.stringify(rejected.rejection))).toMatchObject({ code: 'name_id_mismatch' });
    expect(await noticesOf(input)).toEqual([expect.objectContaining({ kind: 'filing_rejected', channel: 'in_app', body: expect.stringContaining('姓名与公民身份号码不一致') })]);

    await new MockActivityEnvironment().run(activities.prepareResubmit, input);
    expect(await taskRow(input.taskId)).toMatchObject({ status: 'submitting', attempt: 2, rejection: null });
    expect(await new MockActivityEnvironment().run(activities.submitFiling, input)).toMatchObject({ status: 'confirmed' });
    expect(filingsOf(idNumber).map((f) => [f.idempotencyKey, f.status])).toEqual([[`${input.taskId}:1`, 'rejected'], [`${input.taskId}:2`, 'confirmed']]);
  });

  it('waits for a slow bureau with heartbeats, and stops when cancelled', async () => {
    const slow = await startBureauSim({ processingDelayMs: [60_000, 60_000] });
    try {
      const policies = createPolicyLibraryService({ db });
      const slowActivities = createLifecycleActivities({
        db, vault: testVault(), bureau: createHttpBureauGateway({ baseUrl: slow.url, timeoutMs: 3000 }), policy: () => policies.library(), pollMs: { first: 20, max: 40 },
      });
      const input = await hired();
      expect(await new MockActivityEnvironment().run(slowActivities.submitFiling, input)).toMatchObject({ status: 'pending' });
      expect(await taskRow(input.taskId)).toMatchObject({ status: 'submitted', filing_id: expect.any(String) });
      const env = new MockActivityEnvironment();
      let beats = 0;
      env.on('heartbeat', () => {
        if (++beats === 3) env.cancel();
      });
      const failure = await env.run(slowActivities.awaitFilingDecision, input).then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(CancelledFailure);
      expect(beats).toBe(3);
    } finally {
      await slow.close();
    }
  });

  it('files by hand (filing-file gateway): nothing goes to the bureau, the task waits as submitted, and the receipt HR enters confirms it', async () => {
    const input = await hired(testIdNumber(seq++), byHand);
    const outcome = await new MockActivityEnvironment().run(activities.submitFiling, input);
    expect(outcome).toEqual({ status: 'pending', filingId: `file:${input.taskId}:1` });
    expect(filingsOf(input.idNumber)).toEqual([]);
    expect(await taskRow(input.taskId, byHand.id)).toMatchObject({ status: 'submitted', open: true, filing_id: `file:${input.taskId}:1` });
    // A retried filing step makes no second sheet.
    expect(await new MockActivityEnvironment().run(activities.submitFiling, input)).toEqual({ status: 'pending', filingId: `file:${input.taskId}:1` });

    const receipt = await new MockActivityEnvironment().run(activities.recordManualReceipt, { ...input, receiptNo: 'SH-HAND-0001' });
    expect(receipt).toEqual({ status: 'confirmed', filingId: `file:${input.taskId}:1`, receiptNo: 'SH-HAND-0001' });
    await new MockActivityEnvironment().run(activities.settleFiling, { ...input, outcome: receipt as FilingOutcome });
    expect(await taskRow(input.taskId, byHand.id)).toMatchObject({ status: 'confirmed', open: false, receipt_no: 'SH-HAND-0001' });
  });

  it('warns HR and escalates to the tenant admins once each (retries write nothing twice), and not at all once confirmed', async () => {
    // Not yet filed (the bureau was down, say): the timers fire, each twice as a retry would.
    const input = await hired();
    for (let i = 0; i < 2; i++) {
      await new MockActivityEnvironment().run(activities.warnDeadline, input);
      await new MockActivityEnvironment().run(activities.escalateDeadline, input);
    }
    const row = await taskRow(input.taskId);
    expect(row.warned_at).toBeInstanceOf(Date);
    expect(row.escalated_at).toBeInstanceOf(Date);
    const hr = actor.id;
    const admin = (await db.selectFrom('users').select('id').where('email', '=', `admin@${tenant.slug}.test`).executeTakeFirstOrThrow()).id;
    const notices = await noticesOf(input);
    expect(notices.map((n) => [n.kind, n.channel, n.recipient_user_id])).toEqual([
      ['deadline_escalation', 'in_app', admin],
      ['deadline_escalation', 'sms', admin],
      ['deadline_warning', 'in_app', hr],
      ['deadline_warning', 'sms', hr],
    ]);
    expect(notices.find((n) => n.kind === 'deadline_warning')!.body).toContain('法定期限');
    expect(notices.find((n) => n.kind === 'deadline_escalation')!.body).toContain('《社会保险法》第八十四条');

    // Confirmed in time: the timers may still fire (a race with the confirmation), but tell no one.
    const onTime = await hired();
    expect(await new MockActivityEnvironment().run(activities.submitFiling, onTime)).toMatchObject({ status: 'confirmed' });
    await new MockActivityEnvironment().run(activities.warnDeadline, onTime);
    await new MockActivityEnvironment().run(activities.escalateDeadline, onTime);
    expect(await noticesOf(onTime)).toEqual([]);
    expect(await taskRow(onTime.taskId)).toMatchObject({ warned_at: null, escalated_at: null });
  });

  it('marks read the warnings about a filing once it is confirmed (no unread 尚未确认 after the receipt), and only those', async () => {
    const input = await hired(testIdNumber(seq++), byHand);
    await new MockActivityEnvironment().run(activities.submitFiling, input);
    await new MockActivityEnvironment().run(activities.warnDeadline, input);
    const unread = () =>
      withTenant(db, byHand.id, (trx) =>
        trx.selectFrom('notifications').select(['kind', 'channel']).where('tenant_id', '=', byHand.id).where('task_id', '=', input.taskId).where('read_at', 'is', null).orderBy('kind').orderBy('channel').execute());
    expect(await unread()).toEqual([{ kind: 'deadline_warning', channel: 'in_app' }, { kind: 'deadline_warning', channel: 'sms' }]);
    const receipt = await new MockActivityEnvironment().run(activities.recordManualReceipt, { ...input, receiptNo: 'SH-HAND-0002' });
    await new MockActivityEnvironment().run(activities.settleFiling, { ...input, outcome: receipt as FilingOutcome });
    // The inbox entry is resolved; the SMS record is a sent message, not something to read.
    expect(await unread()).toEqual([{ kind: 'deadline_warning', channel: 'sms' }]);
  });
});

describe('lifecycle activities during a dual run: shadow (the old system files) or live (Lianxu files)', () => {
  let runId: string;
  beforeAll(async () => {
    dual.id = await provisionForTest(db, lifecycleTenantSpec(dual.slug, { seed: 7373 }));
    dualActor = await db.selectFrom('users').select('id').where('email', '=', `admin@${dual.slug}.test`).executeTakeFirstOrThrow();
    runId = await shadowDualRunOf(db, dual.id);
  }, 60_000);
  const coverageOpenedBy = (taskId: string) =>
    withTenant(db, dual.id, (trx) => trx.selectFrom('coverage_periods').select(['start_month', 'end_month']).where('tenant_id', '=', dual.id).where('opened_by', '=', taskId).execute());

  it('shadow: the base is computed and recorded, nothing reaches the bureau, the filing is held back and the task closed as filed by the old system; a retry stays so', async () => {
    const input = await hired(testIdNumber(seq++), dual);
    const outcome = await new MockActivityEnvironment().run(activities.submitFiling, input);
    expect(outcome).toEqual({ status: 'confirmed', filingId: `legacy:${input.taskId}:1`, receiptNo: '', settled: true });
    expect(filingsOf(input.idNumber)).toEqual([]);
    const task = await taskRow(input.taskId, dual.id);
    expect(task).toMatchObject({ status: 'confirmed', open: false, receipt_no: null, filing_id: `legacy:${input.taskId}:1` });
    expect(Number(task.base_fen)).toBe(1_200_000);
    expect(await coverageOpenedBy(input.taskId)).toEqual([{ start_month: task.month, end_month: null }]);
    expect(await heldBackOf(db, dual.id)).toEqual([expect.objectContaining({
      run_id: runId, idempotency_key: `${input.taskId}:1`, kind: 'enrollment', task_id: input.taskId, city_code: '310100', month: task.month, base_fen: '1200000',
    })]);
    // A retried step (a lost completion) records nothing twice and still sends nothing.
    expect(await new MockActivityEnvironment().run(activities.submitFiling, input)).toEqual(outcome);
    expect(filingsOf(input.idNumber)).toEqual([]);
    expect(await heldBackOf(db, dual.id)).toHaveLength(1);
  });

  it('live by sign-off: a filing held back before is never sent; the next hire is filed and confirmed; falling back keeps it filed and holds back the next one', async () => {
    const before = await hired(testIdNumber(seq++), dual);
    await new MockActivityEnvironment().run(activities.submitFiling, before);
    await switchDualRunMode({ db }, dual.id, runId, 'live', dualActor.id);
    // Replayed or retried after the switch: still the old system's filing, no duplicate enrollment.
    expect(await new MockActivityEnvironment().run(activities.submitFiling, before)).toMatchObject({ status: 'confirmed', filingId: `legacy:${before.taskId}:1` });
    expect(filingsOf(before.idNumber)).toEqual([]);

    const live = await hired(testIdNumber(seq++), dual);
    const filed = await new MockActivityEnvironment().run(activities.submitFiling, live);
    expect(filed).toMatchObject({ status: 'confirmed', receiptNo: expect.any(String), settled: true });
    expect(filingsOf(live.idNumber)).toEqual([expect.objectContaining({ kind: 'enrollment', idempotencyKey: `${live.taskId}:1`, status: 'confirmed' })]);
    const liveTask = await taskRow(live.taskId, dual.id);
    expect(liveTask.receipt_no).toBe((filed as { receiptNo: string }).receiptNo);

    await switchDualRunMode({ db }, dual.id, runId, 'shadow', dualActor.id);
    // What Lianxu filed while live stays filed (a retry answers the bureau's receipt, files nothing new).
    expect(await new MockActivityEnvironment().run(activities.submitFiling, live)).toMatchObject({ status: 'confirmed', receiptNo: liveTask.receipt_no });
    expect(filingsOf(live.idNumber)).toHaveLength(1);
    expect(await taskRow(live.taskId, dual.id)).toMatchObject({ status: 'confirmed', receipt_no: liveTask.receipt_no, filing_id: liveTask.filing_id });
    expect(await coverageOpenedBy(live.taskId)).toHaveLength(1);
    const next = await hired(testIdNumber(seq++), dual);
    expect(await new MockActivityEnvironment().run(activities.submitFiling, next)).toMatchObject({ filingId: `legacy:${next.taskId}:1` });
    expect(filingsOf(next.idNumber)).toEqual([]);
    expect((await heldBackOf(db, dual.id)).map((h) => h.task_id)).not.toContain(live.taskId);
  });

  it('a stop in shadow mode is held back and closes the coverage; once the run is retired filings go to the bureau again', async () => {
    const input = await hired(testIdNumber(seq++), dual);
    await new MockActivityEnvironment().run(activities.submitFiling, input);
    const lastDay = new Date(Date.UTC(Number(today().slice(0, 4)), Number(today().slice(5, 7)), 26)).toISOString().slice(0, 10);
    const employeeId = (await taskRow(input.taskId, dual.id)).employee_id;
    expect((await people.terminate(dual, dualActor, employeeId, { lastWorkingDay: lastDay, reason: '个人原因' })).status).toBe(200);
    const stop = await withTenant(db, dual.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', dual.id).where('employee_id', '=', employeeId).where('kind', '=', 'stop').executeTakeFirstOrThrow());
    const stopped = await new MockActivityEnvironment().run(activities.submitFiling, { tenantId: dual.id, taskId: stop.id });
    expect(stopped).toMatchObject({ status: 'confirmed', filingId: `legacy:${stop.id}:1` });
    expect(filingsOf(input.idNumber)).toEqual([]);
    expect(await coverageOpenedBy(input.taskId)).toEqual([{ start_month: expect.any(String), end_month: stop.month }]);
    expect((await heldBackOf(db, dual.id)).find((h) => h.task_id === stop.id)).toMatchObject({ kind: 'stop', month: stop.month, base_fen: null });

    await withTenant(db, dual.id, (trx) => trx.updateTable('dual_runs').set({ status: 'retired' }).where('tenant_id', '=', dual.id).where('run_id', '=', runId).execute());
    const after = await hired(testIdNumber(seq++), dual);
    expect(await new MockActivityEnvironment().run(activities.submitFiling, after)).toMatchObject({ status: 'confirmed', receiptNo: expect.stringMatching(/\S/) });
    expect(filingsOf(after.idNumber)).toHaveLength(1);
  });
});
