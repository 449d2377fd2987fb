import { filingOf } from '../filing/bureau.gateway';
import { filingSheet } from '../filing/filing-file.gateway';
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type SelectQueryBuilder, type Updateable } from 'kysely';
import { inOneRoundTrip, withTenant, type BusinessClock, type Database, type EmployeesTable, type FilingTaskRow, type GatewayKind, type Hukou, type TaskStatus } from '@lianxu/db';
import { LIFECYCLE_SIGNALS, LIFECYCLE_WORKFLOW_TYPES, lifecycleWorkflowIds, type FilingTaskInput, type TaskPlan } from '@lianxu/workflows';
import type { PolicyLibraryService } from '../policy/policy-library.service';
import { idNumberProblem, maskIdNumber, normalizeIdNumber, type IdNumberProblem } from './identifiers';
import { addDays, addMonths, daysBetween, enrollmentDeadlines, lastContributionMonth, monthOf, shanghaiDate } from './lifecycle-rules';
import type { PersonalDataVault } from './personal-data.vault';
import { conflict, FieldProblems, invalidField, notFound, PeopleError, type LocalizedText } from './people.errors';
import { activeCustomFields } from '../custom-fields/custom-fields.service';
import { checkCustomFieldValues, filterValue, visibleValues, type CustomFieldValue, type CustomFieldValues } from '../custom-fields/custom-field.values';
import type { CustomFieldDefinition } from '../custom-fields/custom-field.definition';
import type { ImportRow } from './employee-workbook';

/** Channel the dispatcher LISTENs on; the payload is the tenant id. */
export const OUTBOX_NOTIFY_CHANNEL = 'lianxu_outbox';
/** Audit actions written by hand (the trigger writes the row changes). */
export const AUDIT_ID_NUMBER_REVEALED = 'id_number.revealed';
export const AUDIT_EMPLOYEES_EXPORTED = 'employees.exported';
export const AUDIT_FILING_SHEET_EXPORTED = 'filing_sheet.exported';

const DEFAULT_WARN_DAY = 25;
const DEFAULT_CUTOFF_DAY = 25;
/** A hire may be entered ahead of the first day, but not absurdly far. */
const MAX_DAYS_AHEAD = 90;
const EARLIEST_DATE = '2000-01-01';
/** Exclusive upper bound of a monthly wage: 1,000,000 yuan, far above any contribution cap. */
const WAGE_CEILING_FEN = 100_000_000n;
const UNIQUE_VIOLATION = '23505';

/** Whether the policy library knows a city (a GB/T 2260 code); only such cities can be filed in. */
/**
 * The cities of the policy library. Asked before a transaction opens, never inside one: the first
 * answer may need the library read through another pooled connection, and transactions that each
 * hold one while waiting for a second exhaust the pool (every hire of a burst did, on a cold cache).
 */
export interface PolicyCities {
  knows(cityCode: string): Promise<boolean>;
  /** Resolves once the cities are loaded (after which `knows` reads nothing). */
  ready(): Promise<void>;
}

/** The policy library service as a PolicyCities (shipped files plus consultants' revisions). */
export function policyCitiesFrom(policies: Pick<PolicyLibraryService, 'library'>, refreshMs = 5_000): PolicyCities {
  // Loaded once up front and refreshed in the background, so that once loaded an answer needs no
  // database read at all.
  let codes: Set<string> | null = null;
  let loadedAt = 0;
  let loading: Promise<Set<string>> | null = null;
  const load = () =>
    (loading ??= policies
      .library()
      .then((library) => {
        codes = new Set(library.cities.map((c) => c.code));
        loadedAt = Date.now();
        return codes;
      })
      .finally(() => {
        loading = null;
      }));
  void load().catch(() => undefined);
  return {
    async ready() {
      if (!codes) await load();
    },
    async knows(cityCode) {
      if (!codes) return (await load()).has(cityCode);
      if (Date.now() - loadedAt > refreshMs) void load().catch(() => undefined);
      return codes.has(cityCode);
    },
  };
}

export interface PeopleTenant {
  id: string;
  slug: string;
}
export interface PeopleActor {
  id: string;
}

export interface HireInput {
  entityId?: string | null;
  name: string;
  idNumber: string;
  mobile: string;
  hukou: string;
  workCity: string;
  hireDate: string;
  /** Yuan as a decimal string, at most 2 decimals: "8500.00". */
  monthlyWage: string;
  /** Values of the tenant's custom fields by key, checked against their definitions. */
  customFields?: Record<string, unknown>;
}
export interface TerminationInput {
  lastWorkingDay: string;
  reason: string;
}
export interface TransferInput {
  workCity: string;
  effectiveDate: string;
}
export interface WageChangeInput {
  monthlyWage: string;
  effectiveFrom: string;
}
export interface ResubmitCorrections {
  name?: string;
  idNumber?: string;
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
  /** The instant the legal deadline passes (enrollments), ISO. */
  deadline: string | null;
  /** The last day of the legal deadline (Asia/Shanghai). */
  deadlineDate: string | null;
  /** Whole days from today to the last day; negative when overdue. Null for closed tasks and stops. */
  daysLeft: number | null;
  receiptNo: string | null;
  rejection: { code: string; message: string } | null;
  approvedBy: string | null;
  employeeId: string;
  employeeName: string;
  createdAt: string;
}

export interface EnrollmentView {
  status: TaskStatus;
  deadline: string | null;
  deadlineDate: string | null;
  bureauReceipt: string | null;
  taskId: string;
  workflowId: string;
  month: string;
  cityCode: string;
}

export interface EmployeeSummary {
  id: string;
  entityId: string;
  name: string;
  /** Masked: 138****5678. */
  mobile: string;
  idNumberMasked: string;
  hukou: Hukou;
  workCity: string;
  hireDate: string;
  terminationDate: string | null;
  status: 'active' | 'terminated';
  /** Yuan, two decimals. */
  monthlyWage: string;
  /** Values of the tenant's live custom fields (a deleted field's values are kept but not shown). */
  customFields: CustomFieldValues;
}

export interface EmployeeView extends EmployeeSummary {
  wageHistory: { effectiveFrom: string; monthlyWage: string }[];
  coverage: { cityCode: string; startMonth: string; endMonth: string | null }[];
  enrollment: EnrollmentView | null;
  tasks: TaskView[];
  createdAt: string;
}

/** The answer of a recorded (idempotent) write: replayed answers are the first one, unchanged. */
export interface RecordedAnswer<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export interface EmployeeListQuery {
  page?: number;
  pageSize?: number;
  /** A name prefix, or a full 18-character ID number (found through the blind index). */
  q?: string;
  status?: 'active' | 'terminated';
  city?: string;
  /** `cf.<key>=value` filters by custom field key: the raw text, read with the field's type. */
  customFields?: Record<string, string>;
  /** `hireDate`, `-hireDate` (default: newest first), `name`, `-name`, `cf.<key>`, `-cf.<key>`. */
  sort?: string;
}

/** What an Excel import did: employees whose custom fields changed, and employees hired. */
export interface ImportResult {
  updated: number;
  unchanged: number;
  hired: number;
  rows: { row: number; employeeId: string; action: 'updated' | 'unchanged' | 'hired' }[];
}

export interface NotificationView {
  id: string;
  kind: string;
  subject: string;
  body: string;
  taskId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface SmsView {
  id: string;
  kind: string;
  /** Masked mobile. */
  recipient: string | null;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  provider: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface EntityView {
  id: string;
  name: string;
  creditCode: string;
  registrations: { cityCode: string; agency: string; registrationNo: string; gateway: GatewayKind }[];
}

export interface PeopleServiceDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  clock: BusinessClock;
  policyCities: PolicyCities;
}

// ---------- pure helpers ----------

const ID_PROBLEMS: Record<IdNumberProblem, [string, string]> = {
  shape: ['身份证号应为 18 位：17 位数字加 1 位数字或 X', 'must be 18 characters: 17 digits, then a digit or X'],
  region: ['身份证号前两位不是有效的省级行政区划代码', 'the first two digits are not a province code (GB/T 2260)'],
  birth_date: ['身份证号中的出生日期无效', 'the birth date in it is not a real date in the past'],
  check_digit: ['身份证号校验码不正确（GB 11643）', 'the check digit is wrong (GB 11643)'],
};

function isRealDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Yuan decimal string to integer fen, or null if not of the form 1234 or 1234.5 or 1234.56. */
export function parseYuan(value: unknown): bigint | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

export function fenToYuan(fen: bigint | string | number): string {
  const v = BigInt(fen);
  const sign = v < 0n ? '-' : '';
  const abs = v < 0n ? -v : v;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '*'.repeat(mobile.length);
}

function normalizeMobile(value: string): string {
  return value.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
}

const NAME = /^[\p{L}\p{M}][\p{L}\p{M} ·.'-]*$/u;

function checkName(problems: FieldProblems, field: string, value: unknown): string {
  const name = typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
  if (!name) problems.add(field, '请填写姓名', 'is required');
  else if ([...name].length > 50) problems.add(field, '姓名最多 50 个字', 'at most 50 characters');
  else if (!NAME.test(name)) problems.add(field, '姓名只能包含文字、空格和 · . \' -', "may contain only letters, spaces and · . ' -");
  return name;
}

function checkIdNumber(problems: FieldProblems, field: string, value: unknown, today: string): string {
  const id = typeof value === 'string' ? normalizeIdNumber(value) : '';
  if (!id) {
    problems.add(field, '请填写身份证号', 'is required');
    return id;
  }
  const problem = idNumberProblem(id, today);
  if (problem) problems.add(field, ...ID_PROBLEMS[problem]);
  return id;
}

function checkDate(problems: FieldProblems, field: string, value: unknown, latest: string): string {
  if (!isRealDate(value)) {
    problems.add(field, '日期应为真实存在的 YYYY-MM-DD', 'must be a real date, YYYY-MM-DD');
    return '';
  }
  if (value < EARLIEST_DATE) problems.add(field, '日期不能早于 2000-01-01', 'must not be before 2000-01-01');
  else if (value > latest) problems.add(field, `日期不能晚于今天之后 ${MAX_DAYS_AHEAD} 天（${latest}）`, `must not be more than ${MAX_DAYS_AHEAD} days ahead (${latest})`);
  return value;
}

function checkWage(problems: FieldProblems, field: string, value: unknown): bigint {
  const fen = parseYuan(value);
  if (fen === null) {
    problems.add(field, '月工资应为以元为单位的数字字符串，最多两位小数，例如 "8500.00"', 'must be yuan as a decimal string with at most 2 decimals, e.g. "8500.00"');
    return 0n;
  }
  if (fen <= 0n) problems.add(field, '月工资必须大于 0', 'must be more than 0');
  else if (fen >= WAGE_CEILING_FEN) problems.add(field, '月工资必须低于 1,000,000 元', 'must be below 1,000,000 yuan');
  return fen;
}

function checkCityShape(problems: FieldProblems, field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^\d{6}$/.test(value)) {
    problems.add(field, '工作城市应为 6 位行政区划代码（GB/T 2260），例如 310100', 'must be a 6-digit GB/T 2260 city code, e.g. 310100');
    return '';
  }
  return value;
}

/** `cf.<key>=text` filters as one containment document, or null without filters; problems named `cf.<key>`. */
function customFieldFilter(problems: FieldProblems, fields: readonly CustomFieldDefinition[], filters: Record<string, string> | undefined): Record<string, CustomFieldValue> | null {
  const entries = Object.entries(filters ?? {});
  if (!entries.length) return null;
  const out: Record<string, CustomFieldValue> = {};
  for (const [key, text] of entries) {
    const d = fields.find((f) => f.key === key);
    if (!d) {
      problems.add(`cf.${key}`, '没有这个自定义字段', 'no such custom field');
      continue;
    }
    const v = filterValue(d, text);
    if ('problem' in v) problems.add(`cf.${key}`, v.problem['zh-CN'], v.problem.en);
    else out[key] = v.value;
  }
  return out;
}

/**
 * Adds the custom field filters to an employees query. A searchable field is looked up in the
 * shared index custom_field_search (b-tree equality, which row-level security lets PostgreSQL use);
 * any other field is a containment test on the row (`custom_fields @> {...}`), checked row by row.
 */
function whereCustomFields<Q extends SelectQueryBuilder<Database, 'employees', any>>(q: Q, tenantId: string, fields: readonly CustomFieldDefinition[], containment: Record<string, CustomFieldValue> | null): Q {
  if (!containment) return q;
  const rest: Record<string, CustomFieldValue> = {};
  for (const [key, value] of Object.entries(containment)) {
    const field = fields.find((f) => f.key === key);
    if (!field?.searchable) {
      rest[key] = value;
      continue;
    }
    const text = searchText(Array.isArray(value) ? value[0]! : value);
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('custom_field_search').select('employee_id').where('tenant_id', '=', tenantId).where('field_key', '=', key).where('value', '=', text),
    ) as Q;
  }
  if (Object.keys(rest).length) q = q.where((eb) => eb('custom_fields', '@>', eb.cast<Record<string, unknown>>(eb.val(JSON.stringify(rest)), 'jsonb'))) as Q;
  return q;
}

/** A value as custom_field_search holds it: strings as they are, numbers and booleans as JSON text. */
function searchText(value: string | number | boolean): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

type ListOrder = { by: 'hire_date' | 'name'; dir: 'asc' | 'desc' } | { by: 'cf'; key: string; dir: 'asc' | 'desc' };

function sortOf(problems: FieldProblems, fields: readonly CustomFieldDefinition[], sort: string | undefined): ListOrder {
  const text = (sort ?? '-hireDate').trim();
  const dir = text.startsWith('-') ? 'desc' : 'asc';
  const what = text.replace(/^[-+]/, '');
  if (what === 'hireDate') return { by: 'hire_date', dir };
  if (what === 'name') return { by: 'name', dir };
  if (what.startsWith('cf.')) {
    const key = what.slice(3);
    if (fields.some((f) => f.key === key)) return { by: 'cf', key, dir };
    problems.add('sort', `没有自定义字段 ${key}`, `no custom field ${key}`);
  } else {
    problems.add('sort', '排序应为 hireDate、name 或 cf.<字段键>，前加 - 表示倒序', 'must be hireDate, name or cf.<field key>, with a leading - for descending');
  }
  return { by: 'hire_date', dir: 'desc' };
}

/** A hukou cell of an import: local / non-local, or 本地 / 外地. */
function hukouOf(text: string | undefined): string {
  const t = (text ?? '').trim().toLowerCase();
  if (t === '本地' || t === '本地户籍') return 'local';
  if (t === '外地' || t === '外地户籍' || t === 'nonlocal') return 'non-local';
  return t;
}

/** JSON with sorted keys: equal bodies give equal text whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function requestHash(operation: string, body: unknown): string {
  return createHash('sha256').update(canonical({ operation, body })).digest('hex');
}

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === UNIQUE_VIOLATION && (!constraint || e.constraint === constraint);
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function taskView(row: FilingTaskRow, employeeName: string, today: string): TaskView {
  const deadlineDate = row.deadline_at ? addDays(shanghaiDate(row.deadline_at), -1) : null;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    open: row.open,
    month: row.month,
    cityCode: row.city_code,
    gateway: row.gateway,
    workflowId: row.workflow_id,
    deadline: iso(row.deadline_at),
    deadlineDate,
    daysLeft: deadlineDate && row.open ? daysBetween(today, deadlineDate) : null,
    receiptNo: row.receipt_no,
    rejection: row.rejection,
    approvedBy: row.approved_by,
    employeeId: row.employee_id,
    employeeName,
    createdAt: row.created_at.toISOString(),
  };
}

const ANSWER_NOT_STORED = conflict(
  'idempotency_in_progress',
  '使用此幂等键的请求仍在处理中，请稍后重试',
  'A request with this Idempotency-Key is still being processed; try again shortly',
  'Idempotency-Key',
);

/**
 * The people module: employees, their employment events (each recorded once per idempotency key),
 * the filing tasks those events cause, and the outbox rows that start and signal the lifecycle
 * workflows, all in one transaction per event. The only writer of employees, wage_history,
 * employment_events and, at creation, filing_tasks and outbox.
 */
export function createPeopleService({ db, vault, clock, policyCities }: PeopleServiceDeps) {
  type Trx = Kysely<Database>;

  async function settingsOf(trx: Trx, tenantId: string) {
    return settingsFrom(await trx.selectFrom('tenant_settings').select(['warn_day', 'approval_required']).where('tenant_id', '=', tenantId).executeTakeFirst());
  }

  function settingsFrom(row: { warn_day: number; approval_required: boolean } | undefined) {
    return { warnDay: row?.warn_day ?? DEFAULT_WARN_DAY, approvalRequired: row?.approval_required ?? false };
  }

  async function cutoffDayOf(trx: Trx, tenantId: string, cityCode: string): Promise<number> {
    const row = await trx.selectFrom('tenant_cities').select('cutoff_day').where('tenant_id', '=', tenantId).where('city_code', '=', cityCode).executeTakeFirst();
    return row?.cutoff_day ?? DEFAULT_CUTOFF_DAY;
  }

  /** The social-insurance gateway of an entity in a city, or null when it is not registered there. */
  async function registrationGateway(trx: Trx, tenantId: string, entityId: string, cityCode: string): Promise<GatewayKind | null> {
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

  /** 400 on workCity unless the policy library knows the city and the entity files there. */
  /** The entity's gateway in the city, or a 400 on `field` (the city was checked against the policy library before the transaction). */
  async function checkFilingCity(trx: Trx, tenantId: string, entityId: string, cityCode: string, field: string): Promise<GatewayKind> {
    const gateway = await registrationGateway(trx, tenantId, entityId, cityCode);
    if (!gateway) throw notRegistered(field, cityCode);
    return gateway;
  }

  /** A 400 on `field` unless the policy library has the city; asked before any transaction opens (see PolicyCities). */
  async function checkPolicyCity(problems: FieldProblems, field: string, cityCode: string): Promise<void> {
    if (problems.has(field) || (await policyCities.knows(cityCode))) return;
    problems.add(field, `政策库中没有城市 ${cityCode}，无法计算基数和申报`, `city ${cityCode} is not in the policy library, so nothing can be computed or filed there`);
  }
  const notRegistered = (field: string, cityCode: string) =>
    invalidField(field, `该用工主体未在城市 ${cityCode} 办理社保登记`, `the employing entity has no social insurance registration in city ${cityCode}`);

  /** The outbox row that starts a task's workflow; `plan` (the task as just written) saves the workflow reading it back. */
  async function writeStart(trx: Trx, tenantId: string, workflowType: string, workflowId: string, taskId: string, plan?: TaskPlan): Promise<void> {
    await startRow(trx, tenantId, workflowType, workflowId, taskId, plan).execute();
  }

  function startRow(trx: Trx, tenantId: string, workflowType: string, workflowId: string, taskId: string, plan?: TaskPlan) {
    const args: FilingTaskInput[] = [plan ? { tenantId, taskId, plan } : { tenantId, taskId }];
    return trx.insertInto('outbox').values({ tenant_id: tenantId, kind: 'start', workflow_type: workflowType, workflow_id: workflowId, args: JSON.stringify(args) });
  }

  async function writeSignal(trx: Trx, tenantId: string, workflowId: string, signalName: string, args: unknown[]): Promise<void> {
    await trx.insertInto('outbox').values({ tenant_id: tenantId, kind: 'signal', workflow_id: workflowId, signal_name: signalName, args: JSON.stringify(args) }).execute();
  }

  /** The NOTIFY that wakes the dispatcher; delivered only if the transaction commits. */
  function outboxNotice(trx: Trx, tenantId: string) {
    return trx.selectNoFrom((eb) => eb.fn<void>('pg_notify', [eb.val(OUTBOX_NOTIFY_CHANNEL), eb.val(tenantId)]).as('notified'));
  }

  /** Wakes the dispatcher; delivered only if the transaction commits. */
  async function notifyOutbox(trx: Trx, tenantId: string): Promise<void> {
    await outboxNotice(trx, tenantId).execute();
  }

  async function insertEnrollmentTask(
    trx: Trx,
    tenant: PeopleTenant,
    p: { employeeId: string; eventId: string; cityCode: string; gateway: GatewayKind; fromDate: string },
  ): Promise<string> {
    const taskId = randomUUID();
    await inOneRoundTrip(trx, enrollmentTaskRows(trx, tenant, { ...p, taskId }, await settingsOf(trx, tenant.id)));
    return taskId;
  }

  /** The enrollment task and the outbox row that starts its workflow (with the plan, as written), to run in order. */
  function enrollmentTaskRows(
    trx: Trx,
    tenant: PeopleTenant,
    p: { taskId: string; employeeId: string; eventId: string; cityCode: string; gateway: GatewayKind; fromDate: string },
    settings: { warnDay: number; approvalRequired: boolean },
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
    const start = startRow(trx, tenant.id, LIFECYCLE_WORKFLOW_TYPES.enrollment, workflowId, p.taskId, {
      kind: 'enrollment',
      status,
      open: true,
      gateway: p.gateway,
      warnAt: warnAt.getTime(),
      deadlineAt: deadlineAt.getTime(),
    });
    return [task, start] as const;
  }

  async function insertStopTask(
    trx: Trx,
    tenant: PeopleTenant,
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
    await writeStart(trx, tenant.id, LIFECYCLE_WORKFLOW_TYPES.stop, workflowId, task.id, { kind: 'stop', status: 'submitting', open: true, gateway: p.gateway, warnAt: null, deadlineAt: null });
    return task.id;
  }

  /** The latest enrollment task of the employee in a city (the one coverage there started from). */
  async function latestEnrollment(trx: Trx, tenantId: string, employeeId: string, cityCode?: string) {
    let q = trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).where('kind', '=', 'enrollment');
    if (cityCode) q = q.where('city_code', '=', cityCode);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  }

  /** First covered month in the current city: the open coverage period, else the enrollment's month. */
  async function firstCoveredMonth(trx: Trx, tenantId: string, employee: { id: string; work_city: string; hire_date: string }): Promise<string> {
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

  async function employeeRow(trx: Trx, tenantId: string, employeeId: string, forUpdate = false) {
    let q = trx.selectFrom('employees').selectAll().where('tenant_id', '=', tenantId).where('id', '=', employeeId);
    if (forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('employee');
    return row;
  }

  async function taskRow(trx: Trx, tenantId: string, taskId: string) {
    const row = await trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantId).where('id', '=', taskId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('task');
    return row;
  }

  function summaryOf(e: Awaited<ReturnType<typeof employeeRow>>, fields: readonly CustomFieldDefinition[]): EmployeeSummary {
    return {
      id: e.id,
      entityId: e.entity_id,
      name: e.name,
      mobile: maskMobile(e.mobile),
      idNumberMasked: e.id_number_masked,
      hukou: e.hukou,
      workCity: e.work_city,
      hireDate: e.hire_date,
      terminationDate: e.termination_date,
      status: e.status,
      monthlyWage: fenToYuan(e.monthly_wage_fen),
      customFields: visibleValues(fields, e.custom_fields),
    };
  }

  /**
   * The employee as the API shows it. `known` skips reads whose answer the caller already has: a
   * hire just wrote the only wage row, there is no coverage yet, and the field definitions were
   * loaded for validation (three round trips fewer on the busiest write).
   */
  async function viewOf(
    trx: Trx,
    tenantId: string,
    employeeId: string,
    known: {
      fields?: CustomFieldDefinition[];
      /** A hire just written: its rows as returned, its only wage, no coverage yet. */
      newHire?: { hireDate: string; wageFen: bigint; employee: Awaited<ReturnType<typeof employeeRow>>; tasks: FilingTaskRow[] };
    } = {},
  ): Promise<EmployeeView> {
    const e = known.newHire?.employee ?? (await employeeRow(trx, tenantId, employeeId));
    const wages = known.newHire
      ? [{ effective_from: known.newHire.hireDate, monthly_wage_fen: known.newHire.wageFen.toString() }]
      : await trx.selectFrom('wage_history').select(['effective_from', 'monthly_wage_fen']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).orderBy('effective_from').execute();
    const coverage = known.newHire
      ? []
      : await trx.selectFrom('coverage_periods').select(['city_code', 'start_month', 'end_month']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).orderBy('start_month').orderBy('created_at').execute();
    const tasks = known.newHire?.tasks ?? (await trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).orderBy('created_at').orderBy('kind').execute());
    const fields = known.fields ?? (await activeCustomFields(trx, tenantId));
    const today = clock.today();
    const views = tasks.map((t) => taskView(t, e.name, today));
    const enrollment = [...views].reverse().find((t) => t.kind === 'enrollment');
    return {
      ...summaryOf(e, fields),
      wageHistory: wages.map((w) => ({ effectiveFrom: w.effective_from, monthlyWage: fenToYuan(w.monthly_wage_fen) })),
      coverage: coverage.map((c) => ({ cityCode: c.city_code, startMonth: c.start_month, endMonth: c.end_month })),
      enrollment: enrollment
        ? {
            status: enrollment.status,
            deadline: enrollment.deadline,
            deadlineDate: enrollment.deadlineDate,
            bureauReceipt: enrollment.receiptNo,
            taskId: enrollment.id,
            workflowId: enrollment.workflowId,
            month: enrollment.month,
            cityCode: enrollment.cityCode,
          }
        : null,
      tasks: views,
      createdAt: e.created_at.toISOString(),
    };
  }

  interface EventContext {
    idempotencyKey: string | null;
    requestHash: string | null;
  }

  /**
   * Runs one recorded write in one tenant transaction. With an idempotency key, a repeat of the
   * same body returns the stored first answer and another body is 409. Two identical requests at
   * the same moment queue on a transaction-level advisory lock on the key; should one still slip
   * past (the unique key on employment_events), the loser reads the winner's answer.
   */
  async function recordOnce<T>(
    tenant: PeopleTenant,
    actor: PeopleActor,
    operation: string,
    hashBody: unknown,
    idempotencyKey: string | undefined,
    /** `quiet`: the event wrote no outbox row, so the dispatcher need not wake. */
    work: (trx: Trx, ctx: EventContext) => Promise<{ status: number; body: T; eventId: string; quiet?: boolean }>,
  ): Promise<RecordedAnswer<T>> {
    const key = idempotencyKey ?? null;
    if (key !== null && (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))) {
      throw invalidField('Idempotency-Key', '幂等键应为 1 至 255 个可见 ASCII 字符', 'must be 1 to 255 visible ASCII characters');
    }
    const hash = key !== null ? requestHash(operation, hashBody) : null;
    const attempt = () =>
      withTenant(
        db,
        tenant.id,
        async (trx): Promise<RecordedAnswer<T>> => {
          if (key !== null) {
            // The lock, then the read (which runs after it is held): one round trip.
            const [, [prior]] = await inOneRoundTrip(trx, [
              trx.selectNoFrom((eb) => eb.fn<void>('pg_advisory_xact_lock', [eb.fn('hashtextextended', [eb.val(`lianxu-idem/${tenant.id}/${key}`), eb.lit(0)])]).as('locked')),
              trx
                .selectFrom('employment_events')
                .select(['request_hash', 'response_status', 'response_body'])
                .where('tenant_id', '=', tenant.id)
                .where('idempotency_key', '=', key),
            ] as const);
            if (prior) {
              if (prior.request_hash !== hash) {
                throw conflict(
                  'idempotency_key_reused',
                  '此幂等键已用于另一个不同的请求',
                  'This Idempotency-Key was already used for a different request',
                  'Idempotency-Key',
                );
              }
              if (prior.response_status === null) throw ANSWER_NOT_STORED;
              return { status: prior.response_status, body: prior.response_body as T, replayed: true };
            }
          }
          const result = await work(trx, { idempotencyKey: key, requestHash: hash });
          const answer = trx
            .updateTable('employment_events')
            .set({ response_status: result.status, response_body: JSON.stringify(result.body) })
            .where('tenant_id', '=', tenant.id)
            .where('id', '=', result.eventId);
          if (result.quiet) await answer.execute();
          else await inOneRoundTrip(trx, [answer, outboxNotice(trx, tenant.id)] as const);
          return { status: result.status, body: result.body, replayed: false };
        },
        { actorId: actor.id },
      );
    try {
      return await attempt();
    } catch (error) {
      if (key !== null && isUniqueViolation(error, 'employment_events_idempotency_key')) return attempt();
      throw error;
    }
  }

  async function insertEvent(
    trx: Trx,
    tenantId: string,
    actor: PeopleActor,
    ctx: EventContext,
    p: { employeeId: string; kind: 'hire' | 'terminate' | 'transfer' | 'wage_change'; effectiveDate: string; details: Record<string, unknown> },
  ): Promise<string> {
    const id = randomUUID();
    await eventRow(trx, tenantId, actor, ctx, { ...p, id }).execute();
    return id;
  }

  function eventRow(
    trx: Trx,
    tenantId: string,
    actor: PeopleActor,
    ctx: EventContext,
    p: { id: string; employeeId: string; kind: 'hire' | 'terminate' | 'transfer' | 'wage_change'; effectiveDate: string; details: Record<string, unknown> },
  ) {
    return trx.insertInto('employment_events').values({
      id: p.id,
      tenant_id: tenantId,
      employee_id: p.employeeId,
      kind: p.kind,
      effective_date: p.effectiveDate,
      actor_id: actor.id,
      idempotency_key: ctx.idempotencyKey,
      request_hash: ctx.requestHash,
      details: JSON.stringify(p.details),
    });
  }

  /** 409 naming idNumber when another active employee of the tenant has this ID number. */
  async function refuseDuplicatePerson(trx: Trx, tenantId: string, index: Buffer, exceptEmployeeId?: string): Promise<void> {
    let q = trx.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('id_number_index', '=', index).where('status', '=', 'active');
    if (exceptEmployeeId) q = q.where('id', '<>', exceptEmployeeId);
    if (await q.executeTakeFirst()) throw duplicatePerson();
  }

  const duplicatePerson = () =>
    conflict('employee_exists', '已有一名使用此身份证号的在职员工', 'An active employee with this ID number already exists', 'idNumber');

  function mapUnique(error: unknown): never {
    if (isUniqueViolation(error, 'employees_active_person')) throw duplicatePerson();
    throw error;
  }

  interface CheckedHire {
    name: string;
    idNumber: string;
    index: Buffer;
    mobile: string;
    hukou: Hukou;
    workCity: string;
    hireDate: string;
    wageFen: bigint;
    entityInput: string | null;
    customFields: CustomFieldValues;
  }

  /** Every check of a hire that needs no transaction; problems are added under the request's field names. */
  function checkHire(problems: FieldProblems, input: HireInput, today: string, fields: readonly CustomFieldDefinition[], tenantId: string): CheckedHire {
    const name = checkName(problems, 'name', input.name);
    const idNumber = checkIdNumber(problems, 'idNumber', input.idNumber, today);
    const mobile = typeof input.mobile === 'string' ? normalizeMobile(input.mobile) : '';
    if (!/^1[3-9]\d{9}$/.test(mobile)) problems.add('mobile', '手机号应为 11 位中国大陆手机号', 'must be an 11-digit mainland China mobile number');
    if (input.hukou !== 'local' && input.hukou !== 'non-local') problems.add('hukou', '户籍类型应为 local（本地）或 non-local（外地）', 'must be local or non-local');
    const workCity = checkCityShape(problems, 'workCity', input.workCity);
    const hireDate = checkDate(problems, 'hireDate', input.hireDate, addDays(today, MAX_DAYS_AHEAD));
    const wageFen = checkWage(problems, 'monthlyWage', input.monthlyWage);
    const entityInput = input.entityId ?? null;
    if (entityInput !== null && (typeof entityInput !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(entityInput))) {
      problems.add('entityId', '用工主体编号无效', 'must be the id of one of the tenant\'s employing entities');
    }
    const custom = checkCustomFieldValues(fields, input.customFields, { partial: false });
    for (const [f, m] of Object.entries(custom.problems)) problems.add(f, m['zh-CN'], m.en);
    const customFields: CustomFieldValues = {};
    for (const [k, v] of Object.entries(custom.values)) if (v !== null) customFields[k] = v;
    return {
      name,
      idNumber,
      index: problems.has('idNumber') ? Buffer.alloc(0) : vault.blindIndex(tenantId, idNumber),
      mobile,
      hukou: input.hukou as Hukou,
      workCity,
      hireDate,
      wageFen,
      entityInput,
      customFields,
    };
  }

  /**
   * The transactional part of a hire: what it depends on (entities, the city's registrations, an
   * active employee with this ID number, the tenant's settings) read in one round trip, then the
   * employee, the event, the wage, the enrollment task and its outbox row written in another.
   */
  async function hireIn(trx: Trx, tenant: PeopleTenant, actor: PeopleActor, ctx: EventContext, h: CheckedHire) {
    const [entities, registrations, sameIdNumber, settingsRows] = await inOneRoundTrip(trx, [
      trx.selectFrom('entities').select('id').where('tenant_id', '=', tenant.id),
      trx.selectFrom('entity_registrations').select(['entity_id', 'gateway'])
        .where('tenant_id', '=', tenant.id).where('city_code', '=', h.workCity).where('agency', '=', 'social_insurance'),
      trx.selectFrom('employees').select('id').where('tenant_id', '=', tenant.id).where('id_number_index', '=', h.index).where('status', '=', 'active').limit(1),
      trx.selectFrom('tenant_settings').select(['warn_day', 'approval_required']).where('tenant_id', '=', tenant.id),
    ] as const);
    let entityId: string;
    if (h.entityInput !== null) {
      if (!entities.some((e) => e.id === h.entityInput)) throw invalidField('entityId', '没有这个用工主体', 'no such employing entity in this tenant');
      entityId = h.entityInput;
    } else if (entities.length === 1) {
      entityId = entities[0]!.id;
    } else {
      throw invalidField('entityId', `本租户有 ${entities.length} 个用工主体，请选择一个`, `required: this tenant has ${entities.length} employing entities`);
    }
    const gateway = registrations.find((r) => r.entity_id === entityId)?.gateway;
    if (!gateway) throw notRegistered('workCity', h.workCity);
    if (sameIdNumber.length) throw duplicatePerson();
    const settings = settingsFrom(settingsRows[0]);

    const sealed = await vault.encrypt(trx, tenant.id, h.idNumber);
    const employeeId = randomUUID();
    const eventId = randomUUID();
    const [task, start] = enrollmentTaskRows(trx, tenant, { taskId: randomUUID(), employeeId, eventId, cityCode: h.workCity, gateway, fromDate: h.hireDate }, settings);
    const [[employee], , , tasks] = await inOneRoundTrip(trx, [
      trx.insertInto('employees').values({
        id: employeeId,
        tenant_id: tenant.id,
        entity_id: entityId,
        name: h.name,
        mobile: h.mobile,
        id_number_cipher: sealed.cipher,
        id_number_key_id: sealed.keyId,
        id_number_index: h.index,
        id_number_masked: maskIdNumber(h.idNumber),
        hukou: h.hukou,
        work_city: h.workCity,
        hire_date: h.hireDate,
        monthly_wage_fen: h.wageFen.toString(),
        custom_fields: JSON.stringify(h.customFields),
      }).returningAll(),
      eventRow(trx, tenant.id, actor, ctx, {
        id: eventId,
        employeeId,
        kind: 'hire',
        effectiveDate: h.hireDate,
        details: { entityId, workCity: h.workCity, hukou: h.hukou, monthlyWageFen: h.wageFen.toString() },
      }),
      trx.insertInto('wage_history').values({ tenant_id: tenant.id, employee_id: employeeId, effective_from: h.hireDate, monthly_wage_fen: h.wageFen.toString(), event_id: eventId }),
      task,
      start,
    ] as const);
    return { employee: employee!, tasks, eventId };
  }

  function throwProblems(found: Record<string, LocalizedText>): void {
    const problems = new FieldProblems();
    for (const [f, m] of Object.entries(found)) problems.add(f, m['zh-CN'], m.en);
    problems.throwIfAny();
  }

  /** Merges checked values into the employee's stored ones (null removes); returns whether anything changed. */
  async function writeCustomFields(trx: Trx, tenantId: string, e: { id: string; custom_fields: Record<string, unknown> }, values: Record<string, CustomFieldValue | null>): Promise<boolean> {
    const next: Record<string, unknown> = { ...(e.custom_fields ?? {}) };
    for (const [k, v] of Object.entries(values)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    if (canonical(next) === canonical(e.custom_fields ?? {})) return false;
    await trx.updateTable('employees').set({ custom_fields: JSON.stringify(next), updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', e.id).execute();
    return true;
  }

  return {
    /** The tenant's employing entities and where each is registered (for the hire form). */
    async listEntities(tenant: PeopleTenant): Promise<EntityView[]> {
      return withTenant(db, tenant.id, async (trx) => {
        const entities = await trx.selectFrom('entities').select(['id', 'name', 'credit_code']).where('tenant_id', '=', tenant.id).orderBy('name').execute();
        const regs = await trx.selectFrom('entity_registrations').selectAll().where('tenant_id', '=', tenant.id).orderBy('city_code').orderBy('agency').execute();
        return entities.map((e) => ({
          id: e.id,
          name: e.name,
          creditCode: e.credit_code,
          registrations: regs.filter((r) => r.entity_id === e.id).map((r) => ({ cityCode: r.city_code, agency: r.agency, registrationNo: r.registration_no, gateway: r.gateway })),
        }));
      });
    },

    /**
     * Hires: validates everything (a 400 naming each bad field, custom fields as
     * `customFields.<key>`, nothing written), then in one transaction writes the employee, the hire
     * event, the first wage, the enrollment task and the outbox row that starts its workflow.
     * Answers 201 with the employee.
     */
    async hire(tenant: PeopleTenant, actor: PeopleActor, input: HireInput, idempotencyKey?: string): Promise<RecordedAnswer<EmployeeView>> {
      const today = clock.today();
      const fields = await withTenant(db, tenant.id, (trx) => activeCustomFields(trx, tenant.id));
      const problems = new FieldProblems();
      const checked = checkHire(problems, input, today, fields, tenant.id);
      await checkPolicyCity(problems, 'workCity', checked.workCity);
      problems.throwIfAny();
      // The request hash carries the blind index, never the ID number (a plain hash of an
      // 18-digit number with a known structure could be reversed by trying them all).
      const hashBody = { ...input, idNumber: checked.index.toString('hex') };

      try {
        return await recordOnce(tenant, actor, 'hire', hashBody, idempotencyKey, async (trx, ctx) => {
          const { employee, tasks, eventId } = await hireIn(trx, tenant, actor, ctx, checked);
          // The answer is built from what was just written: no read-back.
          return { status: 201, body: await viewOf(trx, tenant.id, employee.id, { fields, newHire: { hireDate: checked.hireDate, wageFen: BigInt(checked.wageFen), employee, tasks } }), eventId };
        });
      } catch (error) {
        return mapUnique(error);
      }
    },

    /**
     * Changes some custom field values of an employee: absent keys stay, null removes a value. A
     * 400 names each bad one as `customFields.<key>`; values of deleted fields are kept untouched.
     */
    async updateCustomFields(tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: unknown): Promise<EmployeeView> {
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          const fields = await activeCustomFields(trx, tenant.id);
          const checked = checkCustomFieldValues(fields, input, { partial: true });
          throwProblems(checked.problems);
          const e = await employeeRow(trx, tenant.id, employeeId, true);
          await writeCustomFields(trx, tenant.id, e, checked.values);
          return viewOf(trx, tenant.id, e.id);
        },
        { actorId: actor.id },
      );
    },

    /**
     * An Excel import (rows read by readEmployeeWorkbook): a row whose full ID number finds an
     * employee through the blind index (or, in an exported file with masked numbers, whose
     * employee ID column does) updates that employee's custom fields; any other row is a hire
     * through the normal hire path. Every row is checked first; one bad cell refuses the whole
     * file with a 400 naming `rows[<row>].<column header>`, and nothing is written.
     */
    async importEmployees(tenant: PeopleTenant, actor: PeopleActor, rows: ImportRow[], headers: Record<string, string>): Promise<ImportResult> {
      const today = clock.today();
      const column = (field: string) => {
        if (field.startsWith('customFields.')) return headers[`cf.${field.slice('customFields.'.length)}`] ?? field;
        return headers[field] ?? field;
      };
      const at = (row: number, field: string) => `rows[${row}].${column(field)}`;
      // Rows are checked inside the transaction: the policy library must not need reading there.
      await policyCities.ready();
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          const fields = await activeCustomFields(trx, tenant.id);
          const entities = await trx.selectFrom('entities').select(['id', 'name']).where('tenant_id', '=', tenant.id).execute();
          const problems = new FieldProblems();
          const add = (row: number, fieldProblems: Record<string, LocalizedText>) => {
            for (const [f, m] of Object.entries(fieldProblems)) problems.add(at(row, f), m['zh-CN'], m.en);
          };
          type Planned = { row: number; kind: 'update'; employee: Awaited<ReturnType<typeof employeeRow>>; values: Record<string, CustomFieldValue | null> } | { row: number; kind: 'hire'; checked: CheckedHire };
          const planned: Planned[] = [];
          const seenIndexes = new Map<string, number>();
          const seenEmployees = new Map<string, number>();
          for (const r of rows) {
            const idText = normalizeIdNumber(r.core.idNumber ?? '');
            const fullId = /^\d{17}[\dX]$/.test(idText) && !idNumberProblem(idText, today);
            let employee: Awaited<ReturnType<typeof employeeRow>> | undefined;
            if (fullId) {
              const index = vault.blindIndex(tenant.id, idText);
              const key = index.toString('hex');
              if (seenIndexes.has(key)) {
                problems.add(at(r.row, 'idNumber'), `与第 ${seenIndexes.get(key)} 行是同一个身份证号`, `the same ID number as row ${seenIndexes.get(key)}`);
                continue;
              }
              seenIndexes.set(key, r.row);
              employee = await trx
                .selectFrom('employees')
                .selectAll()
                .where('tenant_id', '=', tenant.id)
                .where('id_number_index', '=', index)
                .orderBy(sql`status = 'active'`, 'desc')
                .orderBy('hire_date', 'desc')
                .executeTakeFirst();
            } else if (r.core.employeeId) {
              if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(r.core.employeeId)) {
                problems.add(at(r.row, 'employeeId'), '员工编号无效', 'is not an employee ID');
                continue;
              }
              employee = await trx.selectFrom('employees').selectAll().where('tenant_id', '=', tenant.id).where('id', '=', r.core.employeeId).executeTakeFirst();
              if (!employee) {
                problems.add(at(r.row, 'employeeId'), '没有这名员工', 'no such employee in this tenant');
                continue;
              }
              // An exported row edited in place: its masked number must still be this employee's.
              if (r.core.idNumber && r.core.idNumber !== employee.id_number_masked) {
                problems.add(at(r.row, 'idNumber'), '身份证号与员工编号对应的员工不符', 'does not belong to the employee with this employee ID');
                continue;
              }
            }
            if (employee) {
              if (seenEmployees.has(employee.id)) {
                problems.add(at(r.row, fullId ? 'idNumber' : 'employeeId'), `与第 ${seenEmployees.get(employee.id)} 行是同一名员工`, `the same employee as row ${seenEmployees.get(employee.id)}`);
                continue;
              }
              seenEmployees.set(employee.id, r.row);
              const checked = checkCustomFieldValues(fields, r.customFields, { partial: true });
              add(r.row, checked.problems);
              planned.push({ row: r.row, kind: 'update', employee, values: checked.values });
              continue;
            }
            if (!fullId) {
              problems.add(
                at(r.row, 'idNumber'),
                '找不到这名员工：更新已有员工需要完整的身份证号或员工编号，新员工需要完整的身份证号',
                'finds no employee: an existing employee needs the full ID number or the employee ID, a new one the full ID number',
              );
              continue;
            }
            // A new employee: the hire path, with the entity named by its name in the sheet.
            const rowProblems = new FieldProblems();
            const entity = r.core.entityName ? entities.find((e) => e.name === r.core.entityName) : undefined;
            if (r.core.entityName && !entity) rowProblems.add('entityName', '没有这个用工主体', 'no employing entity of this name');
            const input: HireInput = {
              entityId: entity?.id ?? null,
              name: r.core.name ?? '',
              idNumber: idText,
              mobile: r.core.mobile ?? '',
              hukou: hukouOf(r.core.hukou),
              workCity: r.core.workCity ?? '',
              hireDate: r.core.hireDate ?? '',
              monthlyWage: r.core.monthlyWage ?? '',
              customFields: r.customFields,
            };
            const checked = checkHire(rowProblems, input, today, fields, tenant.id);
            // The library is loaded before this transaction opened, so this reads nothing.
            await checkPolicyCity(rowProblems, 'workCity', checked.workCity);
            try {
              rowProblems.throwIfAny();
            } catch (error) {
              add(r.row, (error as PeopleError).fields ?? {});
              continue;
            }
            planned.push({ row: r.row, kind: 'hire', checked });
          }
          problems.throwIfAny();

          const result: ImportResult = { updated: 0, unchanged: 0, hired: 0, rows: [] };
          for (const p of planned) {
            if (p.kind === 'update') {
              const changed = await writeCustomFields(trx, tenant.id, p.employee, p.values);
              result[changed ? 'updated' : 'unchanged'] += 1;
              result.rows.push({ row: p.row, employeeId: p.employee.id, action: changed ? 'updated' : 'unchanged' });
              continue;
            }
            try {
              const { employee } = await hireIn(trx, tenant, actor, { idempotencyKey: null, requestHash: null }, p.checked);
              result.hired += 1;
              result.rows.push({ row: p.row, employeeId: employee.id, action: 'hired' });
            } catch (error) {
              // A refusal found in the database (entity, city, a person already employed): named at its row.
              if (error instanceof PeopleError && error.fields) {
                add(p.row, error.fields);
                continue;
              }
              throw error;
            }
          }
          // Any refusal rolls back every row written above: nothing is half-imported.
          problems.throwIfAny();
          if (result.hired) await notifyOutbox(trx, tenant.id);
          return result;
        },
        { actorId: actor.id },
      ).catch(mapUnique);
    },

    /**
     * Terminates: the stop task's month follows the city's cut-off day; an enrollment not yet
     * filed (awaiting approval, or rejected) is told to cancel, so no coverage is opened and left open.
     */
    async terminate(tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: TerminationInput, idempotencyKey?: string): Promise<RecordedAnswer<EmployeeView>> {
      const today = clock.today();
      const problems = new FieldProblems();
      const lastWorkingDay = checkDate(problems, 'lastWorkingDay', input.lastWorkingDay, addDays(today, MAX_DAYS_AHEAD));
      const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
      if (!reason) problems.add('reason', '请填写离职原因', 'is required');
      else if ([...reason].length > 500) problems.add('reason', '离职原因最多 500 个字', 'at most 500 characters');
      else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(reason)) problems.add('reason', '离职原因含有控制字符', 'contains control characters');
      problems.throwIfAny();

      return recordOnce(tenant, actor, 'terminate', { employeeId, ...input }, idempotencyKey, async (trx, ctx) => {
        const e = await employeeRow(trx, tenant.id, employeeId, true);
        if (e.status === 'terminated') {
          throw conflict('already_terminated', `该员工已于 ${e.termination_date} 离职`, `The employee already left on ${e.termination_date}`);
        }
        if (lastWorkingDay < e.hire_date) {
          throw invalidField('lastWorkingDay', `最后工作日不能早于入职日期 ${e.hire_date}`, `must not be before the hire date ${e.hire_date}`);
        }
        const cutoff = await cutoffDayOf(trx, tenant.id, e.work_city);
        const coveredFrom = await firstCoveredMonth(trx, tenant.id, e);
        const month = lastContributionMonth(lastWorkingDay, cutoff, coveredFrom);
        const enrollment = await latestEnrollment(trx, tenant.id, e.id, e.work_city);
        const gateway = (await registrationGateway(trx, tenant.id, e.entity_id, e.work_city)) ?? enrollment?.gateway ?? 'bureau-sim';

        await trx.updateTable('employees').set({ status: 'terminated', termination_date: lastWorkingDay, updated_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', e.id).execute();
        const eventId = await insertEvent(trx, tenant.id, actor, ctx, {
          employeeId: e.id,
          kind: 'terminate',
          effectiveDate: lastWorkingDay,
          details: { reason, cityCode: e.work_city, cutoffDay: cutoff, lastContributionMonth: month },
        });
        await insertStopTask(trx, tenant, { employeeId: e.id, eventId, cityCode: e.work_city, gateway, month });
        if (enrollment && enrollment.open && (enrollment.status === 'pending_approval' || enrollment.status === 'rejected')) {
          await writeSignal(trx, tenant.id, enrollment.workflow_id, LIFECYCLE_SIGNALS.cancel, []);
        }
        return { status: 200, body: await viewOf(trx, tenant.id, e.id), eventId };
      });
    },

    /**
     * Moves an employee to another city: a stop in the old city ending the month before the
     * effective month and an enrollment in the new one from the effective month, so no month is
     * left uncovered.
     */
    async transfer(tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: TransferInput, idempotencyKey?: string): Promise<RecordedAnswer<EmployeeView>> {
      const today = clock.today();
      const problems = new FieldProblems();
      const workCity = checkCityShape(problems, 'workCity', input.workCity);
      const effectiveDate = checkDate(problems, 'effectiveDate', input.effectiveDate, addDays(today, MAX_DAYS_AHEAD));
      await checkPolicyCity(problems, 'workCity', workCity);
      problems.throwIfAny();

      return recordOnce(tenant, actor, 'transfer', { employeeId, ...input }, idempotencyKey, async (trx, ctx) => {
        const e = await employeeRow(trx, tenant.id, employeeId, true);
        if (e.status === 'terminated') throw conflict('employee_terminated', '该员工已离职，不能调动', 'The employee has left and cannot be transferred');
        if (workCity === e.work_city) throw invalidField('workCity', '新的工作城市与当前城市相同', 'is the current work city');
        if (effectiveDate < e.hire_date) {
          throw invalidField('effectiveDate', `调动生效日期不能早于入职日期 ${e.hire_date}`, `must not be before the hire date ${e.hire_date}`);
        }
        const newGateway = await checkFilingCity(trx, tenant.id, e.entity_id, workCity, 'workCity');
        const oldCity = e.work_city;
        const coveredFrom = await firstCoveredMonth(trx, tenant.id, e);
        const monthBefore = addMonths(monthOf(effectiveDate), -1);
        const stopMonth = monthBefore < coveredFrom ? coveredFrom : monthBefore;
        const oldEnrollment = await latestEnrollment(trx, tenant.id, e.id, oldCity);
        const oldGateway = (await registrationGateway(trx, tenant.id, e.entity_id, oldCity)) ?? oldEnrollment?.gateway ?? 'bureau-sim';

        const eventId = await insertEvent(trx, tenant.id, actor, ctx, {
          employeeId: e.id,
          kind: 'transfer',
          effectiveDate,
          details: { fromCity: oldCity, toCity: workCity, stopMonth, startMonth: monthOf(effectiveDate) },
        });
        await insertStopTask(trx, tenant, { employeeId: e.id, eventId, cityCode: oldCity, gateway: oldGateway, month: stopMonth });
        await insertEnrollmentTask(trx, tenant, { employeeId: e.id, eventId, cityCode: workCity, gateway: newGateway, fromDate: effectiveDate });
        await trx.updateTable('employees').set({ work_city: workCity, updated_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', e.id).execute();
        return { status: 200, body: await viewOf(trx, tenant.id, e.id), eventId };
      });
    },

    /** Records a wage change (history plus event); the employee's wage is the latest one. No workflow. */
    async changeWage(tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: WageChangeInput, idempotencyKey?: string): Promise<RecordedAnswer<EmployeeView>> {
      const today = clock.today();
      const problems = new FieldProblems();
      const wageFen = checkWage(problems, 'monthlyWage', input.monthlyWage);
      const effectiveFrom = checkDate(problems, 'effectiveFrom', input.effectiveFrom, addDays(today, MAX_DAYS_AHEAD));
      problems.throwIfAny();

      return recordOnce(tenant, actor, 'wage_change', { employeeId, ...input }, idempotencyKey, async (trx, ctx) => {
        const e = await employeeRow(trx, tenant.id, employeeId, true);
        if (e.status === 'terminated') throw conflict('employee_terminated', '该员工已离职，不能调整工资', 'The employee has left; the wage cannot change');
        if (effectiveFrom < e.hire_date) {
          throw invalidField('effectiveFrom', `生效日期不能早于入职日期 ${e.hire_date}`, `must not be before the hire date ${e.hire_date}`);
        }
        const same = await trx.selectFrom('wage_history').select('effective_from').where('tenant_id', '=', tenant.id).where('employee_id', '=', e.id).where('effective_from', '=', effectiveFrom).executeTakeFirst();
        if (same) throw conflict('wage_change_exists', `已有从 ${effectiveFrom} 起的工资记录`, `A wage from ${effectiveFrom} is already recorded`, 'effectiveFrom');
        const eventId = await insertEvent(trx, tenant.id, actor, ctx, {
          employeeId: e.id,
          kind: 'wage_change',
          effectiveDate: effectiveFrom,
          details: { monthlyWageFen: wageFen.toString(), previousWageFen: e.monthly_wage_fen },
        });
        await trx.insertInto('wage_history').values({ tenant_id: tenant.id, employee_id: e.id, effective_from: effectiveFrom, monthly_wage_fen: wageFen.toString(), event_id: eventId }).execute();
        // A back-dated correction does not override a later change: the wage is the latest one.
        const latest = await trx.selectFrom('wage_history').select('monthly_wage_fen').where('tenant_id', '=', tenant.id).where('employee_id', '=', e.id).orderBy('effective_from', 'desc').executeTakeFirstOrThrow();
        await trx.updateTable('employees').set({ monthly_wage_fen: latest.monthly_wage_fen, updated_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', e.id).execute();
        return { status: 200, body: await viewOf(trx, tenant.id, e.id), eventId, quiet: true };
      });
    },

    /** The tenant's live custom fields in display order (for the Excel columns). */
    async customFieldDefinitions(tenant: PeopleTenant): Promise<CustomFieldDefinition[]> {
      return withTenant(db, tenant.id, (trx) => activeCustomFields(trx, tenant.id));
    },

    async get(tenant: PeopleTenant, employeeId: string): Promise<EmployeeView> {
      return withTenant(db, tenant.id, (trx) => viewOf(trx, tenant.id, employeeId));
    },

    /** One page of employees, newest hire first. */
    async list(tenant: PeopleTenant, query: EmployeeListQuery = {}): Promise<{ items: EmployeeSummary[]; page: number; pageSize: number; total: number }> {
      const page = Math.max(1, Math.floor(query.page ?? 1));
      const pageSize = Math.min(100, Math.max(1, Math.floor(query.pageSize ?? 20)));
      return withTenant(db, tenant.id, async (trx) => {
        const fields = await activeCustomFields(trx, tenant.id);
        const problems = new FieldProblems();
        const containment = customFieldFilter(problems, fields, query.customFields);
        const order = sortOf(problems, fields, query.sort);
        problems.throwIfAny();
        let q = trx.selectFrom('employees').where('tenant_id', '=', tenant.id);
        const text = query.q?.trim() ?? '';
        if (text) {
          const asId = normalizeIdNumber(text);
          if (/^\d{17}[\dX]$/.test(asId)) q = q.where('id_number_index', '=', vault.blindIndex(tenant.id, asId));
          else q = q.where('name', 'like', `${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
        }
        if (query.status) q = q.where('status', '=', query.status);
        if (query.city) q = q.where('work_city', '=', query.city);
        // Sorted by hire date with a searchable filter: the page is walked in the search index's
        // (field, value, hire_date desc, id) order and joined to the employees, so page 1 reads 20
        // index entries however many employees the tenant has. The count uses every filter.
        const driving = order.by === 'hire_date' ? Object.keys(containment ?? {}).find((k) => fields.find((f) => f.key === k)?.searchable) : undefined;
        const rest = driving ? Object.fromEntries(Object.entries(containment!).filter(([k]) => k !== driving)) : containment;
        const counted = whereCustomFields(q, tenant.id, fields, containment);
        q = whereCustomFields(q, tenant.id, fields, rest);
        const offset = (page - 1) * pageSize;
        const pageRows = () => {
          if (driving) {
            const v = containment![driving]!;
            return trx
              .selectFrom('custom_field_search as s')
              .innerJoin(q.selectAll().as('e'), (j) => j.onRef('e.id', '=', 's.employee_id'))
              .selectAll('e')
              .where('s.tenant_id', '=', tenant.id)
              .where('s.field_key', '=', driving)
              .where('s.value', '=', searchText(Array.isArray(v) ? v[0]! : v))
              .orderBy('s.hire_date', order.dir)
              .orderBy('s.employee_id', order.dir === 'desc' ? 'asc' : 'desc')
              .limit(pageSize)
              .offset(offset)
              .execute();
          }
          let rowsQuery = q.selectAll();
          if (order.by === 'cf') {
            const key = order.key;
            rowsQuery = rowsQuery.orderBy((eb) => eb.ref('custom_fields', '->').key(key as never), (ob) => (order.dir === 'asc' ? ob.asc() : ob.desc()).nullsLast()).orderBy('hire_date', 'desc').orderBy('id');
          } else if (order.by === 'name') {
            rowsQuery = rowsQuery.orderBy('name', order.dir).orderBy('id');
          } else {
            // (hire_date desc, id) and its reverse both walk the index employees_by_hire_date.
            rowsQuery = rowsQuery.orderBy('hire_date', order.dir).orderBy('id', order.dir === 'desc' ? 'asc' : 'desc');
          }
          return rowsQuery.limit(pageSize).offset(offset).execute();
        };
        const rows = await pageRows();
        const count = await counted.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
        return { items: rows.map((r) => summaryOf(r, fields)), page, pageSize, total: Number(count.n) };
      });
    },

    /** Every employee matching the filters, for the Excel export (masked identifiers only); audited. */
    async exportRows(tenant: PeopleTenant, actor: PeopleActor, query: Omit<EmployeeListQuery, 'page' | 'pageSize' | 'sort'> = {}): Promise<{ rows: (EmployeeSummary & { entityName: string })[]; fields: CustomFieldDefinition[] }> {
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          const fields = await activeCustomFields(trx, tenant.id);
          const problems = new FieldProblems();
          const containment = customFieldFilter(problems, fields, query.customFields);
          problems.throwIfAny();
          let q = trx.selectFrom('employees as e').innerJoin('entities as en', (j) => j.onRef('en.tenant_id', '=', 'e.tenant_id').onRef('en.id', '=', 'e.entity_id')).where('e.tenant_id', '=', tenant.id);
          if (query.status) q = q.where('e.status', '=', query.status);
          if (query.city) q = q.where('e.work_city', '=', query.city);
          if (containment) q = q.where('e.id', 'in', whereCustomFields(trx.selectFrom('employees').select('id').where('tenant_id', '=', tenant.id), tenant.id, fields, containment));
          const rows = await q.selectAll('e').select('en.name as entity_name').orderBy('e.hire_date', 'desc').orderBy('e.id').execute();
          await trx
            .insertInto('audit_log')
            .values({
              tenant_id: tenant.id,
              actor_id: actor.id,
              table_name: 'employees',
              operation: 'export',
              row_key: JSON.stringify({ rows: rows.length, status: query.status ?? null, city: query.city ?? null }),
              changed_columns: [],
              action: AUDIT_EMPLOYEES_EXPORTED,
            })
            .execute();
          return { rows: rows.map((r) => ({ ...summaryOf(r, fields), entityName: r.entity_name })), fields };
        },
        { actorId: actor.id },
      );
    },

    /** The full ID number, for one person with a reason to see it; the reveal is on record. */
    async revealIdNumber(tenant: PeopleTenant, actor: PeopleActor, employeeId: string): Promise<{ idNumber: string }> {
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          const e = await employeeRow(trx, tenant.id, employeeId);
          const idNumber = await vault.decrypt(trx, tenant.id, e.id_number_cipher, e.id_number_key_id);
          await trx
            .insertInto('audit_log')
            .values({
              tenant_id: tenant.id,
              actor_id: actor.id,
              table_name: 'employees',
              operation: 'reveal',
              row_key: JSON.stringify({ id: e.id }),
              changed_columns: [],
              action: AUDIT_ID_NUMBER_REVEALED,
            })
            .execute();
          return { idNumber };
        },
        { actorId: actor.id },
      );
    },

    /** Filing tasks with the employee's name, the nearest deadline first. */
    async listTasks(tenant: PeopleTenant, query: { open?: boolean; employeeId?: string } = {}): Promise<TaskView[]> {
      return withTenant(db, tenant.id, async (trx) => {
        let q = trx
          .selectFrom('filing_tasks as t')
          .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 't.tenant_id').onRef('e.id', '=', 't.employee_id'))
          .selectAll('t')
          .select('e.name as employee_name')
          .where('t.tenant_id', '=', tenant.id);
        if (query.open !== undefined) q = q.where('t.open', '=', query.open);
        if (query.employeeId) q = q.where('t.employee_id', '=', query.employeeId);
        const rows = await q.orderBy(sql`t.deadline_at asc nulls last`).orderBy('t.created_at', 'desc').limit(500).execute();
        const today = clock.today();
        return rows.map(({ employee_name, ...t }) => taskView(t as FilingTaskRow, employee_name, today));
      });
    },

    /** HR approves an enrollment waiting for approval; the workflow is told through the outbox. */
    async approve(tenant: PeopleTenant, actor: PeopleActor, taskId: string): Promise<TaskView> {
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          const t = await taskRow(trx, tenant.id, taskId);
          if (t.status !== 'pending_approval' || !t.open) {
            throw conflict('task_not_pending_approval', '该任务不在待审批状态', 'The task is not waiting for approval');
          }
          if (t.approved_by) throw conflict('task_already_approved', '该任务已经批准，正在处理', 'The task was already approved and is being processed');
          await trx.updateTable('filing_tasks').set({ approved_by: actor.id, updated_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', t.id).execute();
          await writeSignal(trx, tenant.id, t.workflow_id, LIFECYCLE_SIGNALS.approve, [{ userId: actor.id }]);
          await notifyOutbox(trx, tenant.id);
          const e = await employeeRow(trx, tenant.id, t.employee_id);
          return taskView({ ...t, approved_by: actor.id }, e.name, clock.today());
        },
        { actorId: actor.id },
      );
    },

    /** HR enters the bureau's receipt of a filing made by hand (filing-file gateway). */
    async enterReceipt(tenant: PeopleTenant, actor: PeopleActor, taskId: string, receiptNo: string): Promise<TaskView> {
      const receipt = typeof receiptNo === 'string' ? receiptNo.trim() : '';
      if (!/^[A-Za-z0-9][A-Za-z0-9/_-]{0,63}$/.test(receipt)) {
        throw invalidField('receiptNo', '回执号应为 1 至 64 个字母、数字或 / _ -', 'must be 1 to 64 letters, digits or / _ -');
      }
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          const t = await taskRow(trx, tenant.id, taskId);
          if (t.gateway !== 'filing-file') {
            throw conflict('task_not_manual', '该任务由系统直接向经办机构申报，无需录入回执', 'This task is filed with the bureau directly; there is no receipt to enter');
          }
          if (t.status !== 'submitted' || !t.open) {
            throw conflict('task_not_submitted', '只有已提交、等待回执的任务可以录入回执', 'Only a submitted task waiting for its receipt takes a receipt number');
          }
          await writeSignal(trx, tenant.id, t.workflow_id, LIFECYCLE_SIGNALS.receiptEntered, [{ receiptNo: receipt }]);
          await notifyOutbox(trx, tenant.id);
          const e = await employeeRow(trx, tenant.id, t.employee_id);
          return taskView(t, e.name, clock.today());
        },
        { actorId: actor.id },
      );
    },

    /** After a rejection HR corrects the employee's data; the workflow files again. */
    async resubmit(tenant: PeopleTenant, actor: PeopleActor, taskId: string, corrections: ResubmitCorrections = {}): Promise<TaskView> {
      const today = clock.today();
      const problems = new FieldProblems();
      const name = corrections.name !== undefined ? checkName(problems, 'name', corrections.name) : undefined;
      const idNumber = corrections.idNumber !== undefined ? checkIdNumber(problems, 'idNumber', corrections.idNumber, today) : undefined;
      problems.throwIfAny();
      try {
        return await withTenant(
          db,
          tenant.id,
          async (trx) => {
            const t = await taskRow(trx, tenant.id, taskId);
            if (t.status !== 'rejected' || !t.open) throw conflict('task_not_rejected', '只有被退回的任务可以重新提交', 'Only a rejected task can be resubmitted');
            const e = await employeeRow(trx, tenant.id, t.employee_id, true);
            const changes: Updateable<EmployeesTable> = {};
            if (name !== undefined && name !== e.name) changes.name = name;
            if (idNumber !== undefined) {
              const index = vault.blindIndex(tenant.id, idNumber);
              if (!index.equals(e.id_number_index)) {
                if (e.status === 'active') await refuseDuplicatePerson(trx, tenant.id, index, e.id);
                const sealed = await vault.encrypt(trx, tenant.id, idNumber);
                Object.assign(changes, { id_number_cipher: sealed.cipher, id_number_key_id: sealed.keyId, id_number_index: index, id_number_masked: maskIdNumber(idNumber) });
              }
            }
            if (Object.keys(changes).length) {
              await trx.updateTable('employees').set({ ...changes, updated_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', e.id).execute();
            }
            await writeSignal(trx, tenant.id, t.workflow_id, LIFECYCLE_SIGNALS.resubmit, []);
            await notifyOutbox(trx, tenant.id);
            return taskView(t, changes.name ?? e.name, today);
          },
          { actorId: actor.id },
        );
      } catch (error) {
        return mapUnique(error);
      }
    },

    /** The user's in-app inbox in this tenant (personal notices and notices to their role), newest first. */
    async listNotifications(tenant: PeopleTenant, userId: string, options: { unreadOnly?: boolean; limit?: number } = {}): Promise<{ items: NotificationView[]; unread: number }> {
      return withTenant(db, tenant.id, async (trx) => {
        const base = trx.selectFrom('notifications').where('tenant_id', '=', tenant.id).where('channel', '=', 'in_app').where('recipient_user_id', '=', userId);
        let q = base.selectAll();
        if (options.unreadOnly) q = q.where('read_at', 'is', null);
        const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(Math.min(200, Math.max(1, options.limit ?? 50))).execute();
        const unread = await base.where('read_at', 'is', null).select(sql<string>`count(*)::text`.as('n')).executeTakeFirstOrThrow();
        return {
          items: rows.map((n) => ({ id: n.id, kind: n.kind, subject: n.subject, body: n.body, taskId: n.task_id, createdAt: n.created_at.toISOString(), readAt: iso(n.read_at) })),
          unread: Number(unread.n),
        };
      });
    },

    /** Marks one of the user's own notifications read (404 for anyone else's). */
    async markRead(tenant: PeopleTenant, userId: string, notificationId: string): Promise<void> {
      await withTenant(
        db,
        tenant.id,
        async (trx) => {
          const row = await trx
            .selectFrom('notifications')
            .select(['id', 'read_at'])
            .where('tenant_id', '=', tenant.id)
            .where('id', '=', notificationId)
            .where('channel', '=', 'in_app')
            .where('recipient_user_id', '=', userId)
            .executeTakeFirst();
          if (!row) throw notFound('notification');
          if (!row.read_at) await trx.updateTable('notifications').set({ read_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', row.id).execute();
        },
        { actorId: userId },
      );
    },

    /** SMS written by the default provider (nothing is really sent), for tenant admins; mobiles masked. */
    async listSmsOutbox(tenant: PeopleTenant, options: { limit?: number } = {}): Promise<SmsView[]> {
      return withTenant(db, tenant.id, async (trx) => {
        const rows = await trx
          .selectFrom('notifications')
          .selectAll()
          .where('tenant_id', '=', tenant.id)
          .where('channel', '=', 'sms')
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(Math.min(500, Math.max(1, options.limit ?? 200)))
          .execute();
        return rows.map((n) => ({
          id: n.id,
          kind: n.kind,
          recipient: n.recipient_address ? maskMobile(n.recipient_address) : null,
          body: n.body,
          status: n.status,
          provider: n.provider,
          attempts: n.attempts,
          lastError: n.last_error,
          createdAt: n.created_at.toISOString(),
          sentAt: iso(n.sent_at),
        }));
      });
    },

    /**
     * The city's enrollment or stop sheet for a filing made by hand (filing-file gateway): the
     * spreadsheet HR uploads to the government portal. It holds the full ID number, so handing it
     * out is an export on record.
     */
    async filingSheet(tenant: PeopleTenant, actor: PeopleActor, taskId: string): Promise<{ fileName: string; content: Buffer }> {
      const filing = await withTenant(
        db,
        tenant.id,
        async (trx) => {
          const t = await taskRow(trx, tenant.id, taskId);
          const e = await employeeRow(trx, tenant.id, t.employee_id);
          const entity = await trx.selectFrom('entities').select('credit_code').where('tenant_id', '=', tenant.id).where('id', '=', e.entity_id).executeTakeFirstOrThrow();
          const reg = await trx.selectFrom('entity_registrations').select('registration_no')
            .where('tenant_id', '=', tenant.id).where('entity_id', '=', e.entity_id).where('city_code', '=', t.city_code).where('agency', '=', 'social_insurance').executeTakeFirst();
          const idNumber = await vault.decrypt(trx, tenant.id, e.id_number_cipher, e.id_number_key_id);
          await trx.insertInto('audit_log').values({
            tenant_id: tenant.id, actor_id: actor.id, table_name: 'filing_tasks', operation: 'export',
            row_key: JSON.stringify({ id: t.id }), changed_columns: [], action: AUDIT_FILING_SHEET_EXPORTED,
          }).execute();
          const source = { task: t, employee: e, employerCode: entity.credit_code, registrationNo: reg?.registration_no ?? '', idNumber, baseFen: Number(t.base_fen ?? e.monthly_wage_fen) };
          return { ...filingOf(source), month: t.month, city: t.city_code };
        },
        { actorId: actor.id },
      );
      const content = filing.kind === 'enrollment' ? await filingSheet('enrollment', [filing.body]) : await filingSheet('stop', [filing.body]);
      return { fileName: `${filing.kind === 'enrollment' ? 'zengyuan' : 'jianyuan'}-${filing.city}-${filing.month}-${taskId.slice(0, 8)}.xlsx`, content };
    },
  };
}
export type PeopleService = ReturnType<typeof createPeopleService>;

