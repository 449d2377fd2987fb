import { api, path } from '../../api';
import { request, type ResponseOf, type Schema } from '../../api/types';

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

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The query's own parameters plus one cf.<key> per custom field filter. */
function listParams({ customFields, ...rest }: EmployeeQuery): Record<string, string | number | undefined> {
  const params: Record<string, string | number | undefined> = { ...rest };
  for (const [key, value] of Object.entries(customFields ?? {})) params[`cf.${key}`] = value;
  return params;
}

export function listEmployees(slug: string, q: EmployeeQuery): Promise<EmployeePage> {
  return api(tenantPath(slug, 'employees') + query(listParams(q)));
}

/** The Excel export (masked identifiers; the API audits it): a plain link, the cookie authenticates. */
export function employeesExportHref(slug: string, filters: Pick<EmployeeQuery, 'status' | 'city' | 'customFields'>): string {
  return tenantPath(slug, 'employees', 'export.xlsx') + query(listParams(filters));
}

export function getEmployee(slug: string, id: string): Promise<Employee> {
  return api(tenantPath(slug, 'employees', id));
}

export function listEntities(slug: string): Promise<{ items: Entity[] }> {
  return api(tenantPath(slug, 'entities'));
}

/** 201 with the employee; a replay of the same key and body answers with the first answer. */
export function hireEmployee(slug: string, body: HireRequest, idempotencyKey: string): Promise<Employee> {
  return api(tenantPath(slug, 'employees'), { body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** Audited on the server: call only when the user asks to see the number. */
export function revealIdNumber(slug: string, id: string): Promise<{ idNumber: string }> {
  return api(tenantPath(slug, 'employees', id, 'reveal-id-number'), { method: 'POST' });
}

export function terminateEmployee(slug: string, id: string, body: Schema<'TerminationRequest'>, idempotencyKey: string): Promise<Employee> {
  return api(tenantPath(slug, 'employees', id, 'termination'), { body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export type TerminationPreview = Schema<'TerminationPreview'>;

/** Writes nothing: what a termination would file (month, deadline, cost) and the SMS it would send. */
export function previewTermination(slug: string, id: string, body: Schema<'TerminationRequest'>): Promise<TerminationPreview> {
  return api(tenantPath(slug, 'employees', id, 'termination', 'preview'), { body });
}

export function transferEmployee(slug: string, id: string, body: Schema<'TransferRequest'>, idempotencyKey: string): Promise<Employee> {
  return api(tenantPath(slug, 'employees', id, 'transfer'), { body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function changeWage(slug: string, id: string, body: Schema<'WageChangeRequest'>, idempotencyKey: string): Promise<Employee> {
  return api(tenantPath(slug, 'employees', id, 'wage'), { body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function listTasks(slug: string, filter: { open?: boolean } = {}): Promise<{ items: FilingTask[] }> {
  return api(tenantPath(slug, 'tasks') + query({ open: filter.open === undefined ? undefined : String(filter.open) }));
}

export function approveTask(slug: string, id: string): Promise<FilingTask> {
  return api(tenantPath(slug, 'tasks', id, 'approve'), { method: 'POST' });
}

export function enterReceipt(slug: string, id: string, receiptNo: string): Promise<FilingTask> {
  const body: Schema<'ReceiptRequest'> = { receiptNo };
  return api(tenantPath(slug, 'tasks', id, 'receipt'), { body });
}

export function listFundFilings(slug: string): Promise<{ toFile: FundFiling[]; filed: FundFiling[] }> {
  return api(tenantPath(slug, 'fund-filings'));
}

/** The fund centre's receipt of a filing made on its portal; 400 names receiptNo or filedOn, 409 another receipt already recorded. */
export function recordFundFiling(slug: string, id: string, body: Schema<'FundFiled'>): Promise<FundFiling> {
  return api(tenantPath(slug, 'fund-filings', id, 'filed'), { body });
}

/** Both corrections optional: only what is given is changed before filing again. */
export function resubmitTask(slug: string, id: string, corrections: Schema<'ResubmitRequest'>): Promise<FilingTask> {
  return api(tenantPath(slug, 'tasks', id, 'resubmit'), { body: corrections });
}

export function listNotifications(slug: string, filter: { unread?: boolean } = {}): Promise<{ items: Notification[]; unread: number }> {
  return api(tenantPath(slug, 'notifications') + query({ unread: filter.unread ? 'true' : undefined }));
}

export function markNotificationRead(slug: string, id: string): Promise<unknown> {
  return api(tenantPath(slug, 'notifications', id, 'read'), { method: 'POST' });
}

export function listSmsOutbox(slug: string): Promise<{ items: SmsMessage[] }> {
  return api(tenantPath(slug, 'sms-outbox'));
}

/** The city's 增员/减员 sheet of a task, to file on the government portal by hand: a plain link, the cookie authenticates. */
export function filingSheetHref(slug: string, taskId: string): string {
  return tenantPath(slug, 'tasks', taskId, 'filing-sheet.xlsx');
}

export type TransferPreview = Schema<'TransferPreview'>;

/** What a transfer would file and say; files nothing. */
export function previewTransfer(slug: string, id: string, body: Schema<'TransferRequest'>): Promise<TransferPreview> {
  return api(tenantPath(slug, 'employees', id, 'transfer', 'preview'), { body });
}

export type EmployeeContributions = ResponseOf<'/api/t/{tenant}/employees/{id}/contributions', 'get'>;

/** The employee's contribution lines per month and insurance (the last 24 months by default). */
export function getEmployeeContributions(slug: string, id: string) {
  return request('get', '/api/t/{tenant}/employees/{id}/contributions', { params: { tenant: slug, id } });
}
