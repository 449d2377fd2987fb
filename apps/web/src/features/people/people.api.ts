import { path } from '../../api';
import { request, urlOf, type QueryOf, type ResponseOf, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts): employees, entities, tasks, inbox, SMS outbox.

export type FilingTask = Schema<'FilingTask'>;
/** The housing fund's own filings with the cities' fund centres (缴存登记, 封存). */
export type FundFiling = Schema<'FundFiling'>;
export type TaskStatus = FilingTask['status'];
export type TaskKind = FilingTask['kind'];
export type Gateway = FilingTask['gateway'];
/** A row of the employee list (with its enrollment status). */
export type EmployeeListItem = Schema<'EmployeeListItem'>;
/** What the list and the employee page share. */
export type EmployeeSummary = Omit<EmployeeListItem, 'enrollmentStatus'>;
export type Employee = Schema<'Employee'>;
export type Hukou = Employee['hukou'];
export type EmployeeStatus = Employee['status'];
export type CoveragePeriod = Employee['coverage'][number];
export type Enrollment = NonNullable<Employee['enrollment']>;
export type EmployeePage = Schema<'EmployeePage'>;

export const EMPLOYEE_STATUSES: readonly EmployeeStatus[] = ['active', 'terminated'];

export type EmployeeQuery = {
  page?: number;
  pageSize?: number;
  q?: string;
  status?: EmployeeStatus;
  city?: string;
  /** hireDate, name or cf.<key>; a leading - sorts descending (the API's default is -hireDate). */
  sort?: string;
  /** Custom field filters by key, sent as cf.<key>=value. */
  customFields?: Record<string, string>;
};

export type Entity = Schema<'Entity'>;
export type HireRequest = Schema<'HireRequest'>;
export type Notification = Schema<'Notification'>;
export type SmsMessage = Schema<'SmsOutboxMessage'>;

const tenantPath = (slug: string, ...segments: string[]) => path('/api/t', slug, ...segments);

type ListQuery = QueryOf<'/api/t/{tenant}/employees', 'get'>;

/** The query's own parameters plus one cf.<key> per custom field filter (blank ones left out). */
function listParams({ customFields, ...rest }: EmployeeQuery): ListQuery {
  const params: ListQuery & Record<string, string | number | undefined> = {};
  for (const [name, value] of Object.entries({ ...rest })) if (value !== undefined && value !== '') params[name] = value;
  for (const [key, value] of Object.entries(customFields ?? {})) if (value !== '') params[`cf.${key}`] = value;
  return params;
}

export function listEmployees(slug: string, q: EmployeeQuery) {
  return request('get', '/api/t/{tenant}/employees', { params: { tenant: slug }, query: listParams(q) });
}

/** The Excel export (masked identifiers; the API audits it): a plain link, the cookie authenticates. */
export function employeesExportHref(slug: string, filters: Pick<EmployeeQuery, 'status' | 'city' | 'customFields'>): string {
  return urlOf('/api/t/{tenant}/employees/export.xlsx', { tenant: slug }, listParams(filters));
}

export function getEmployee(slug: string, id: string) {
  return request('get', '/api/t/{tenant}/employees/{id}', { params: { tenant: slug, id } });
}

export function listEntities(slug: string) {
  return request('get', '/api/t/{tenant}/entities', { params: { tenant: slug } });
}

/** 201 with the employee; a replay of the same key and body answers with the first answer. */
export function hireEmployee(slug: string, body: HireRequest, idempotencyKey: string) {
  return request('post', '/api/t/{tenant}/employees', { params: { tenant: slug }, body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export type HirePreview = Schema<'HirePreview'>;

/** Writes nothing: what a hire would file (first month, base, amounts), its deadline and, once passed, the exposure. */
export function previewHire(slug: string, body: HireRequest) {
  return request('post', '/api/t/{tenant}/employees/preview', { params: { tenant: slug }, body });
}

/** Audited on the server: call only when the user asks to see the number. */
export function revealIdNumber(slug: string, id: string) {
  return request('post', '/api/t/{tenant}/employees/{id}/reveal-id-number', { params: { tenant: slug, id } });
}

export function terminateEmployee(slug: string, id: string, body: Schema<'TerminationRequest'>, idempotencyKey: string) {
  return request('post', '/api/t/{tenant}/employees/{id}/termination', { params: { tenant: slug, id }, body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export type TerminationPreview = Schema<'TerminationPreview'>;

/** Writes nothing: what a termination would file (month, deadline, cost) and the SMS it would send. */
export function previewTermination(slug: string, id: string, body: Schema<'TerminationRequest'>) {
  return request('post', '/api/t/{tenant}/employees/{id}/termination/preview', { params: { tenant: slug, id }, body });
}

export function transferEmployee(slug: string, id: string, body: Schema<'TransferRequest'>, idempotencyKey: string) {
  return request('post', '/api/t/{tenant}/employees/{id}/transfer', { params: { tenant: slug, id }, body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function changeWage(slug: string, id: string, body: Schema<'WageChangeRequest'>, idempotencyKey: string) {
  return request('post', '/api/t/{tenant}/employees/{id}/wage', { params: { tenant: slug, id }, body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function listTasks(slug: string, filter: { open?: boolean } = {}) {
  const open = filter.open === undefined ? undefined : filter.open ? 'true' : 'false';
  return request('get', '/api/t/{tenant}/tasks', { params: { tenant: slug }, query: open ? { open } : {} });
}

export function approveTask(slug: string, id: string) {
  return request('post', '/api/t/{tenant}/tasks/{id}/approve', { params: { tenant: slug, id } });
}

export function enterReceipt(slug: string, id: string, receiptNo: string) {
  return request('post', '/api/t/{tenant}/tasks/{id}/receipt', { params: { tenant: slug, id }, body: { receiptNo } });
}

/** An overdue online filing made by hand at the bureau's counter: its receipt and day; 400 names receiptNo or filedOn, 409 when not overdue or another receipt is recorded. */
export function markFiledByHand(slug: string, id: string, body: Schema<'FiledByHand'>) {
  return request('post', '/api/t/{tenant}/tasks/{id}/filed-by-hand', { params: { tenant: slug, id }, body });
}

export function listFundFilings(slug: string) {
  return request('get', '/api/t/{tenant}/fund-filings', { params: { tenant: slug } });
}

/** The fund centre's receipt of a filing made on its portal; 400 names receiptNo or filedOn, 409 another receipt already recorded. */
export function recordFundFiling(slug: string, id: string, body: Schema<'FundFiled'>) {
  return request('post', '/api/t/{tenant}/fund-filings/{id}/filed', { params: { tenant: slug, id }, body });
}

/** Both corrections optional: only what is given is changed before filing again. */
export function resubmitTask(slug: string, id: string, corrections: Schema<'ResubmitRequest'>) {
  return request('post', '/api/t/{tenant}/tasks/{id}/resubmit', { params: { tenant: slug, id }, body: corrections });
}

export function listNotifications(slug: string, filter: { unread?: boolean } = {}) {
  return request('get', '/api/t/{tenant}/notifications', { params: { tenant: slug }, query: filter.unread ? { unread: 'true' } : {} });
}

export function markNotificationRead(slug: string, id: string) {
  return request('post', '/api/t/{tenant}/notifications/{id}/read', { params: { tenant: slug, id } });
}

export function listSmsOutbox(slug: string) {
  return request('get', '/api/t/{tenant}/sms-outbox', { params: { tenant: slug } });
}

/** The city's 增员/减员 sheet of a task, to file on the government portal by hand: a plain link, the cookie authenticates. */
export function filingSheetHref(slug: string, taskId: string): string {
  return tenantPath(slug, 'tasks', taskId, 'filing-sheet.xlsx');
}

export type TransferPreview = Schema<'TransferPreview'>;

/** What a transfer would file and say; files nothing. */
export function previewTransfer(slug: string, id: string, body: Schema<'TransferRequest'>) {
  return request('post', '/api/t/{tenant}/employees/{id}/transfer/preview', { params: { tenant: slug, id }, body });
}

export type EmployeeContributions = ResponseOf<'/api/t/{tenant}/employees/{id}/contributions', 'get'>;

/** The employee's contribution lines per month and insurance (the last 24 months by default). */
export function getEmployeeContributions(slug: string, id: string) {
  return request('get', '/api/t/{tenant}/employees/{id}/contributions', { params: { tenant: slug, id } });
}
