import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { randomUUID } from 'node:crypto';
import { inOneRoundTrip, type Database, type FilingTaskRow, type GatewayKind, type HeldBackFilingKind, type Localized, type TaskStatus } from '@lianxu/db';
import { LIFECYCLE_WORKFLOW_TYPES, lifecycleWorkflowIds } from '@lianxu/workflows';
import type { Kysely } from 'kysely';
import type { FilingOutcome } from '@lianxu/workflows';
import type { EnrollmentFiling, StopFiling } from '../filing/index';
import { resolveTaskNotices } from '../notifications/index';
import { addDays, daysBetween, enrollmentDeadlines, monthOf, notFound, shanghaiDate, startOfShanghaiDay, stopDeadlineDate } from '../shared/index';
import { outboxStartRow } from './outbox.dispatcher';

// Filing tasks: created here (with the outbox row that starts their workflow, in the caller's
// transaction), advanced by the lifecycle activities. The coverage module is their only writer.

type Trx = Kysely<Database>;

const DEFAULT_WARN_DAY = 25;
const DEFAULT_CUTOFF_DAY = 25;

export interface TaskTenant {
  id: string;
  slug: string;
}

export interface TaskView {
  id: string;
  kind: 'enrollment' | 'stop';
  status: TaskStatus;
  open: boolean;
  /** Enrollment: first covered month; stop: last covered month. */
  month: string;
  cityCode: string;
  gateway: GatewayKind;
  workflowId: string;
  /** The instant the deadline passes, ISO (enrollments: the legal 30 days; stops: the cut-off day). */
  deadline: string | null;
  /** The last day of the legal deadline (Asia/Shanghai). */
  deadlineDate: string | null;
  /** Whole days from today to the last day; negative when overdue. Null for closed tasks. */
  daysLeft: number | null;
  receiptNo: string | null;
  /** Why the filing was refused: the bureau's own words (Chinese), or Lianxu's refusal in both languages (`messageEn`). */
  rejection: { code: string; message: string; messageEn?: string } | null;
  approvedBy: string | null;
  /** Held back during a dual run in shadow mode: the old system filed it with the bureau, Lianxu did not send it (why, zh/en). */
  heldBack: Localized | null;
  /** HR filed this online task by hand at the counter: the counter's receipt and day, who recorded it and when; the workflow then closes the task. */
  filedByHand: { receiptNo: string; filedOn: string; by: string | null; at: string } | null;
  employeeId: string;
  employeeName: string;
  createdAt: string;
}

export interface EnrollmentView {
  status: TaskStatus;
  deadline: string | null;
  deadlineDate: string | null;
  bureauReceipt: string | null;
  /** Filed by the old system during a dual run in shadow mode (why, zh/en); null when Lianxu filed or files it. */
  heldBack: Localized | null;
  taskId: string;
  workflowId: string;
  month: string;
  cityCode: string;
}

export interface TaskSettings {
  warnDay: number;
  approvalRequired: boolean;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * A task as HR sees it. An enrollment's deadline is stored (30 days from the hire); a stop's is the
 * city's cut-off day in the month after its last contribution month (`cutoffDay`, default 25).
 */
export function taskView(row: FilingTaskRow, employeeName: string, today: string, cutoffDay = DEFAULT_CUTOFF_DAY): TaskView {
  const stopDeadline = !row.deadline_at && row.kind === 'stop' ? stopDeadlineDate(row.month, cutoffDay) : null;
  const deadlineDate = row.deadline_at ? addDays(shanghaiDate(row.deadline_at), -1) : stopDeadline;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    open: row.open,
    month: row.month,
    cityCode: row.city_code,
    gateway: row.gateway,
    workflowId: row.workflow_id,
    deadline: iso(row.deadline_at ?? (stopDeadline ? startOfShanghaiDay(addDays(stopDeadline, 1)) : null)),
    deadlineDate,
    daysLeft: deadlineDate && row.open ? daysBetween(today, deadlineDate) : null,
    receiptNo: row.receipt_no,
    rejection: row.rejection,
    approvedBy: row.approved_by,
    heldBack: isHeldBackFilingId(row.filing_id) ? HELD_BACK_REASON : null,
    filedByHand: row.hand_receipt_no && row.hand_filed_on && row.hand_recorded_at
      ? { receiptNo: row.hand_receipt_no, filedOn: row.hand_filed_on, by: row.hand_filed_by, at: row.hand_recorded_at.toISOString() }
      : null,
    employeeId: row.employee_id,
    employeeName,
    createdAt: row.created_at.toISOString(),
  };
}

/** The employee page's enrollment block: the latest enrollment task. */
export function enrollmentViewOf(views: TaskView[]): EnrollmentView | null {
  const e = [...views].reverse().find((t) => t.kind === 'enrollment');
  return e
    ? { status: e.status, deadline: e.deadline, deadlineDate: e.deadlineDate, bureauReceipt: e.receiptNo, heldBack: e.heldBack, taskId: e.id, workflowId: e.workflowId, month: e.month, cityCode: e.cityCode }
    : null;
}

export function taskSettingsFrom(row: { warn_day: number; approval_required: boolean } | undefined): TaskSettings {
  return { warnDay: row?.warn_day ?? DEFAULT_WARN_DAY, approvalRequired: row?.approval_required ?? false };
}

/** The tenant's settings row, to read in the caller's round trip. */
export const taskSettingsQuery = (trx: Trx, tenantId: string) => trx.selectFrom('tenant_settings').select(['warn_day', 'approval_required']).where('tenant_id', '=', tenantId);

export async function cutoffDayOf(trx: Trx, tenantId: string, cityCode: string): Promise<number> {
  const row = await trx.selectFrom('tenant_cities').select('cutoff_day').where('tenant_id', '=', tenantId).where('city_code', '=', cityCode).executeTakeFirst();
  return row?.cutoff_day ?? DEFAULT_CUTOFF_DAY;
}

/** The social-insurance gateway of an entity in a city, or null when it is not registered there. */
export async function registrationGateway(trx: Trx, tenantId: string, entityId: string, cityCode: string): Promise<GatewayKind | null> {
  const row = await trx
    .selectFrom('entity_registrations')
    .select('gateway')
    .where('tenant_id', '=', tenantId)
    .where('entity_id', '=', entityId)
    .where('city_code', '=', cityCode)
    .where('agency', '=', 'social_insurance')
    .executeTakeFirst();
  return row?.gateway ?? null;
}

/** The enrollment task and the outbox row that starts its workflow (with the plan, as written), to run in order. */
export function enrollmentTaskRows(
  trx: Trx,
  tenant: TaskTenant,
  p: { taskId: string; employeeId: string; eventId: string; cityCode: string; gateway: GatewayKind; fromDate: string },
  settings: TaskSettings,
) {
  const { warnAt, deadlineAt } = enrollmentDeadlines(p.fromDate, settings.warnDay);
  const workflowId = lifecycleWorkflowIds.enrollment(tenant.slug, p.employeeId, p.eventId);
  const status = settings.approvalRequired ? 'pending_approval' : 'submitting';
  const task = trx
    .insertInto('filing_tasks')
    .values({
      id: p.taskId,
      tenant_id: tenant.id,
      employee_id: p.employeeId,
      event_id: p.eventId,
      kind: 'enrollment',
      city_code: p.cityCode,
      gateway: p.gateway,
      workflow_id: workflowId,
      status,
      month: monthOf(p.fromDate),
      warn_at: warnAt,
      deadline_at: deadlineAt,
    })
    .returningAll();
  const start = outboxStartRow(trx, tenant.id, LIFECYCLE_WORKFLOW_TYPES.enrollment, workflowId, p.taskId, {
    kind: 'enrollment',
    status,
    open: true,
    gateway: p.gateway,
    warnAt: warnAt.getTime(),
    deadlineAt: deadlineAt.getTime(),
  });
  return [task, start] as const;
}

export async function insertEnrollmentTask(
  trx: Trx,
  tenant: TaskTenant,
  p: { employeeId: string; eventId: string; cityCode: string; gateway: GatewayKind; fromDate: string },
): Promise<string> {
  const taskId = randomUUID();
  const settings = taskSettingsFrom(await taskSettingsQuery(trx, tenant.id).executeTakeFirst());
  await inOneRoundTrip(trx, enrollmentTaskRows(trx, tenant, { ...p, taskId }, settings));
  return taskId;
}

export async function insertStopTask(
  trx: Trx,
  tenant: TaskTenant,
  p: { employeeId: string; eventId: string; cityCode: string; gateway: GatewayKind; month: string },
): Promise<string> {
  const workflowId = lifecycleWorkflowIds.stop(tenant.slug, p.employeeId, p.eventId);
  const task = await trx
    .insertInto('filing_tasks')
    .values({
      tenant_id: tenant.id,
      employee_id: p.employeeId,
      event_id: p.eventId,
      kind: 'stop',
      city_code: p.cityCode,
      gateway: p.gateway,
      workflow_id: workflowId,
      status: 'submitting',
      month: p.month,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await outboxStartRow(trx, tenant.id, LIFECYCLE_WORKFLOW_TYPES.stop, workflowId, task.id, { kind: 'stop', status: 'submitting', open: true, gateway: p.gateway, warnAt: null, deadlineAt: null }).execute();
  return task.id;
}

/** The latest enrollment task of the employee in a city (the one coverage there started from). */
export async function latestEnrollment(trx: Trx, tenantId: string, employeeId: string, cityCode?: string) {
  let q = trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).where('kind', '=', 'enrollment');
  if (cityCode) q = q.where('city_code', '=', cityCode);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

/** First covered month in the current city: the open coverage period, else the enrollment's month. */
export async function firstCoveredMonth(trx: Trx, tenantId: string, employee: { id: string; work_city: string; hire_date: string }): Promise<string> {
  const period = await trx
    .selectFrom('coverage_periods')
    .select('start_month')
    .where('tenant_id', '=', tenantId)
    .where('employee_id', '=', employee.id)
    .where('city_code', '=', employee.work_city)
    .where('end_month', 'is', null)
    .orderBy('start_month', 'desc')
    .executeTakeFirst();
  if (period) return period.start_month;
  const enrollment = await latestEnrollment(trx, tenantId, employee.id, employee.work_city);
  return enrollment?.month ?? monthOf(employee.hire_date);
}

/** A task locked for a change (404 when the tenant has no such task). */
export async function lockedTask(trx: Trx, tenantId: string, taskId: string): Promise<FilingTaskRow> {
  const row = await trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantId).where('id', '=', taskId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('task');
  return row;
}

/** Every task of an employee, oldest first, and their coverage periods (for the employee page). */
export async function tasksOfEmployee(trx: Trx, tenantId: string, employeeId: string) {
  return trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).orderBy('created_at').orderBy('kind').execute();
}

export async function coverageOfEmployee(trx: Trx, tenantId: string, employeeId: string) {
  return trx.selectFrom('coverage_periods').select(['city_code', 'start_month', 'end_month']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).orderBy('start_month').orderBy('created_at').execute();
}

/**
 * Records an enrollment's contribution base, computed once before its filing by the contributions
 * module (`createFilingBase`), in the filing's transaction. A base once recorded is kept: a retried
 * or resubmitted filing reads it.
 */
export async function recordFilingBase(trx: Trx, task: Pick<FilingTaskRow, 'tenant_id' | 'id'>, baseFen: number, at: Date = new Date()): Promise<void> {
  await trx.updateTable('filing_tasks').set({ base_fen: baseFen, updated_at: at })
    .where('tenant_id', '=', task.tenant_id).where('id', '=', task.id).where('base_fen', 'is', null).execute();
}

/** Lianxu's own refusal of a filing whose employing entity has no social-insurance registration in the city. */
export function notRegisteredRejection(cityCode: string): { code: 'not_registered'; message: string; messageEn: string } {
  const city = getDefaultPolicyLibrary().engine.cities.find((c) => c.code === cityCode);
  return {
    code: 'not_registered',
    message: `用人单位在${city?.zh ?? cityCode}没有社保登记，请先在单位配置中登记社保账户`,
    messageEn: `The employing entity has no social-insurance registration in ${city?.en ?? cityCode}; register it in the company settings first`,
  };
}

// Who files with the bureau during a dual run (issue #16, item 5). While a tenant has a dual run in
// shadow mode (running or offering retirement), the old system still files: Lianxu computes each
// lifecycle filing as usual (the base, the filing itself) but does not send it, and records it here
// as held back, filed by the old system. In live mode, without a dual run or after retirement, filings
// go to the bureau as always. The decision is taken per filing when it would be sent: a filing held
// back stays held back (never sent later, so switching to live files no duplicate), and one sent in
// live mode stays sent after a fall back to shadow.

/** The filing id recorded for a held-back filing: what the task shows instead of the bureau's id. */
export const HELD_BACK_PREFIX = 'legacy:';
export const heldBackFilingId = (idempotencyKey: string) => `${HELD_BACK_PREFIX}${idempotencyKey}`;
export const isHeldBackFilingId = (filingId: string | null | undefined): boolean => typeof filingId === 'string' && filingId.startsWith(HELD_BACK_PREFIX);

/** What a held-back filing says, on the task and on the employee. */
export const HELD_BACK_REASON: Localized = {
  'zh-CN': '并行运行处于影子模式：由原系统向社保经办机构申报，连续已计算此申报但未报送',
  en: 'Dual run in shadow mode: the old system files with the bureau; Lianxu computed this filing but did not send it',
};

/** The tenant's dual run in shadow mode (not retired), if any: its filings are held back. */
export async function shadowDualRun(trx: Kysely<Database>, tenantId: string): Promise<{ runId: string } | null> {
  const row = await trx.selectFrom('dual_runs').select('run_id').where('tenant_id', '=', tenantId).where('mode', '=', 'shadow')
    .where('status', 'in', ['running', 'retirement_offered']).orderBy('created_at').limit(1).executeTakeFirst();
  return row ? { runId: row.run_id } : null;
}

export interface HeldBackFiling {
  tenantId: string;
  runId: string;
  idempotencyKey: string;
  kind: HeldBackFilingKind;
  employeeId: string;
  taskId: string | null;
  cityCode: string;
  month: string;
  /** Enrollment and base change: the base Lianxu would have filed, fen. */
  baseFen: number | null;
}

/** Records a filing as held back (once per idempotency key), in the caller's transaction. */
export async function recordHeldBackFiling(trx: Kysely<Database>, f: HeldBackFiling): Promise<void> {
  await trx.insertInto('held_back_filings').values({
    tenant_id: f.tenantId, idempotency_key: f.idempotencyKey, run_id: f.runId, kind: f.kind, employee_id: f.employeeId, task_id: f.taskId,
    city_code: f.cityCode, month: f.month, base_fen: f.baseFen,
  }).onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing()).execute();
}

// A lifecycle filing during a dual run in shadow mode (above): computed as usual (the
// base recorded on the task, the filing built) but not sent, because the old system files with the
// bureau. The task is closed as filed by the old system (its filing id `legacy:<task>:<attempt>`, no
// bureau receipt), and coverage is opened (enrollment) or closed (stop) as the filing would have done,
// so the dual run compares what Lianxu would have filed with what the old system shows. The
// workflow sees a settled confirmation, so no workflow code changes and recorded histories replay.

/** The outcome the workflow sees for a held-back filing. */
const heldBackOutcome = (filingId: string): FilingOutcome => ({ status: 'confirmed', filingId, receiptNo: '', settled: true });

/**
 * Holds the task's filing back when its tenant has a dual run in shadow mode (or it was held back
 * by an earlier try of this step: it stays held back whatever the mode now, never sent twice).
 * Returns null when the filing is to be sent. Runs in the filing step's transaction, after the base.
 */
export async function holdBackInShadow(
  trx: Kysely<Database>,
  t: FilingTaskRow,
  filing: { kind: 'enrollment'; body: EnrollmentFiling } | { kind: 'stop'; body: StopFiling } | null,
  when: Date,
): Promise<FilingOutcome | null> {
  if (isHeldBackFilingId(t.filing_id)) return heldBackOutcome(t.filing_id!);
  // A filing already made (a hand-made one waiting for its receipt) stays Lianxu's.
  if (!filing || t.filing_id) return null;
  const shadow = await shadowDualRun(trx, t.tenant_id);
  if (!shadow) return null;
  const key = filing.body.idempotencyKey;
  const filingId = heldBackFilingId(key);
  await recordHeldBackFiling(trx, {
    tenantId: t.tenant_id, runId: shadow.runId, idempotencyKey: key, kind: filing.kind, employeeId: t.employee_id, taskId: t.id,
    cityCode: t.city_code, month: t.month, baseFen: filing.kind === 'enrollment' ? filing.body.base : null,
  });
  await trx.updateTable('filing_tasks')
    .set({ status: 'confirmed', filing_id: filingId, receipt_no: null, open: false, closed_at: when, updated_at: when, rejection: null })
    .where('tenant_id', '=', t.tenant_id).where('id', '=', t.id).execute();
  if (t.kind === 'enrollment') {
    await trx.insertInto('coverage_periods').values({ tenant_id: t.tenant_id, employee_id: t.employee_id, city_code: t.city_code, start_month: t.month, opened_by: t.id })
      .onConflict((oc) => oc.columns(['tenant_id', 'opened_by']).doNothing()).execute();
  } else {
    await trx.updateTable('coverage_periods').set({ end_month: t.month, closed_by: t.id })
      .where('tenant_id', '=', t.tenant_id).where('employee_id', '=', t.employee_id).where('city_code', '=', t.city_code).where('end_month', 'is', null).execute();
  }
  await resolveTaskNotices(trx, t.tenant_id, t.id, when).execute();
  return heldBackOutcome(filingId);
}
