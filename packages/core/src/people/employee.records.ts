import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inOneRoundTrip, withTenant, type BusinessClock, type Database, type EmployeeRow, type FilingTaskRow, type FundFilingRow } from '@lianxu/db';
import { activeCustomFields, visibleValues, type CustomFieldDefinition, type CustomFieldValue } from '../custom-fields/index';
import { coverageOfEmployee, enrollmentViewOf, fundFilingsOfEmployee, fundFilingView, outboxNotice, taskView, tasksOfEmployee } from '../coverage/index';
import { canonicalJson, conflict, fenToYuan, FieldProblems, invalidField, maskMobile, notFound, type LocalizedText } from '../shared/index';
import type { EmployeeSummary, EmployeeView, PeopleActor, PeopleTenant, RecordedAnswer } from './people.types';

// Reading and writing employee rows and their employment events: shared by the people module's use cases.

type Trx = Kysely<Database>;

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === UNIQUE_VIOLATION && (!constraint || e.constraint === constraint);
}

export const duplicatePerson = () =>
  conflict('employee_exists', '已有一名使用此身份证号的在职员工', 'An active employee with this ID number already exists', 'idNumber');

/** Turns the unique key on active people into the 409 naming idNumber. */
export function mapUnique(error: unknown): never {
  if (isUniqueViolation(error, 'employees_active_person')) throw duplicatePerson();
  throw error;
}

/** 409 naming idNumber when another active employee of the tenant has this ID number. */
export async function refuseDuplicatePerson(trx: Trx, tenantId: string, index: Buffer, exceptEmployeeId?: string): Promise<void> {
  let q = trx.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('id_number_index', '=', index).where('status', '=', 'active');
  if (exceptEmployeeId) q = q.where('id', '<>', exceptEmployeeId);
  if (await q.executeTakeFirst()) throw duplicatePerson();
}

export function throwProblems(found: Record<string, LocalizedText>): void {
  const problems = new FieldProblems();
  for (const [f, m] of Object.entries(found)) problems.add(f, m['zh-CN'], m.en);
  problems.throwIfAny();
}

export async function employeeRow(trx: Trx, tenantId: string, employeeId: string, forUpdate = false): Promise<EmployeeRow> {
  let q = trx.selectFrom('employees').selectAll().where('tenant_id', '=', tenantId).where('id', '=', employeeId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('employee');
  return row;
}

export function summaryOf(e: EmployeeRow, fields: readonly CustomFieldDefinition[]): EmployeeSummary {
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

/** What the caller already knows, so viewOf skips reading it. */
export interface KnownView {
  fields?: CustomFieldDefinition[];
  /** A hire just written: its rows as returned, its only wage, no coverage yet. */
  newHire?: { hireDate: string; wageFen: bigint; employee: EmployeeRow; tasks: FilingTaskRow[]; fundFilings: FundFilingRow[] };
}

/**
 * The employee as the API shows it. `known` skips reads whose answer the caller already has: a
 * hire just wrote the only wage row, there is no coverage yet, and the field definitions were
 * loaded for validation (three round trips fewer on the busiest write).
 */
export async function viewOf(trx: Trx, clock: BusinessClock, tenantId: string, employeeId: string, known: KnownView = {}): Promise<EmployeeView> {
  const e = known.newHire?.employee ?? (await employeeRow(trx, tenantId, employeeId));
  const wages = known.newHire
    ? [{ effective_from: known.newHire.hireDate, monthly_wage_fen: known.newHire.wageFen.toString() }]
    : await trx.selectFrom('wage_history').select(['effective_from', 'monthly_wage_fen']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).orderBy('effective_from').execute();
  const coverage = known.newHire ? [] : await coverageOfEmployee(trx, tenantId, employeeId);
  const tasks = known.newHire?.tasks ?? (await tasksOfEmployee(trx, tenantId, employeeId));
  const fund = known.newHire?.fundFilings ?? (await fundFilingsOfEmployee(trx, tenantId, employeeId));
  const fields = known.fields ?? (await activeCustomFields(trx, tenantId));
  const today = clock.today();
  // A stop's deadline is its city's cut-off day: read only when there is a stop to show.
  const stopCities = [...new Set(tasks.filter((t) => t.kind === 'stop').map((t) => t.city_code))];
  const cutoffs = stopCities.length
    ? new Map((await trx.selectFrom('tenant_cities').select(['city_code', 'cutoff_day']).where('tenant_id', '=', tenantId).where('city_code', 'in', stopCities).execute()).map((c) => [c.city_code, c.cutoff_day]))
    : new Map<string, number>();
  const views = tasks.map((t) => taskView(t, e.name, today, cutoffs.get(t.city_code)));
  return {
    ...summaryOf(e, fields),
    wageHistory: wages.map((w) => ({ effectiveFrom: w.effective_from, monthlyWage: fenToYuan(w.monthly_wage_fen) })),
    coverage: coverage.map((c) => ({ cityCode: c.city_code, startMonth: c.start_month, endMonth: c.end_month })),
    enrollment: enrollmentViewOf(views),
    tasks: views,
    housingFund: fund.map((f) => fundFilingView(f, e.name, today)),
    createdAt: e.created_at.toISOString(),
  };
}

/** Merges checked values into the employee's stored ones (null removes); returns whether anything changed. */
export async function writeCustomFields(trx: Trx, tenantId: string, e: { id: string; custom_fields: Record<string, unknown> }, values: Record<string, CustomFieldValue | null>): Promise<boolean> {
  const next: Record<string, unknown> = { ...(e.custom_fields ?? {}) };
  for (const [k, v] of Object.entries(values)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  if (canonicalJson(next) === canonicalJson(e.custom_fields ?? {})) return false;
  await trx.updateTable('employees').set({ custom_fields: JSON.stringify(next), updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', e.id).execute();
  return true;
}

/** Writes by hand the audit row of a read that shows personal data (an export, a reveal): no trigger sees a read. */
export async function auditEmployeesRead(trx: Kysely<Database>, tenantId: string, actorId: string, read: { operation: 'export' | 'reveal'; rowKey: unknown; action: string }): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: tenantId,
      actor_id: actorId,
      table_name: 'employees',
      operation: read.operation,
      row_key: JSON.stringify(read.rowKey),
      changed_columns: [],
      action: read.action,
    })
    .execute();
}

// Employment events, each recorded once per idempotency key with its answer.

export interface EventContext {
  idempotencyKey: string | null;
  requestHash: string | null;
}

export type EventKind = 'hire' | 'terminate' | 'transfer' | 'wage_change';

const ANSWER_NOT_STORED = conflict(
  'idempotency_in_progress',
  '使用此幂等键的请求仍在处理中，请稍后重试',
  'A request with this Idempotency-Key is still being processed; try again shortly',
  'Idempotency-Key',
);

function requestHash(operation: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ operation, body })).digest('hex');
}

/**
 * Runs one recorded write in one tenant transaction. With an idempotency key, a repeat of the
 * same body returns the stored first answer and another body is 409. Two identical requests at
 * the same moment queue on a transaction-level advisory lock on the key; should one still slip
 * past (the unique key on employment_events), the loser reads the winner's answer.
 */
export async function recordOnce<T>(
  db: Kysely<Database>,
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
              throw conflict('idempotency_key_reused', '此幂等键已用于另一个不同的请求', 'This Idempotency-Key was already used for a different request', 'Idempotency-Key');
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

export function eventRow(
  trx: Trx,
  tenantId: string,
  actor: PeopleActor,
  ctx: EventContext,
  p: { id: string; employeeId: string; kind: EventKind; effectiveDate: string; details: Record<string, unknown> },
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

export async function insertEvent(
  trx: Trx,
  tenantId: string,
  actor: PeopleActor,
  ctx: EventContext,
  p: { employeeId: string; kind: EventKind; effectiveDate: string; details: Record<string, unknown> },
): Promise<string> {
  const id = randomUUID();
  await eventRow(trx, tenantId, actor, ctx, { ...p, id }).execute();
  return id;
}
