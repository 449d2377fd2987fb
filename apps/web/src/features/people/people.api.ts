import { api, path } from '../../api';

// Types mirror apps/api/src/routes/people.schemas.ts (employees, entities, tasks, inbox, SMS outbox).

export type Hukou = 'local' | 'non-local';
export type EmployeeStatus = 'active' | 'terminated';
export type TaskStatus = 'pending_approval' | 'submitting' | 'submitted' | 'confirmed' | 'rejected' | 'cancelled';
export type TaskKind = 'enrollment' | 'stop';
export type Gateway = 'bureau-sim' | 'filing-file';

export const EMPLOYEE_STATUSES: readonly EmployeeStatus[] = ['active', 'terminated'];

export type FilingTask = {
  id: string;
  kind: TaskKind;
  status: TaskStatus;
  open: boolean;
  /** Enrollment: first covered month; stop: last covered month (YYYY-MM). */
  month: string;
  cityCode: string;
  gateway: Gateway;
  workflowId: string;
  /** The instant the legal deadline passes (ISO); null for stops. */
  deadline: string | null;
  /** The last day of the legal deadline (Asia/Shanghai). */
  deadlineDate: string | null;
  daysLeft: number | null;
  receiptNo: string | null;
  rejection: { code: string; message: string } | null;
  approvedBy: string | null;
  employeeId: string;
  employeeName: string;
  createdAt: string;
};

export type EmployeeSummary = {
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
  status: EmployeeStatus;
  /** Yuan, two decimals. */
  monthlyWage: string;
  /** Values of the tenant's custom fields by key (absent keys: no value). */
  customFields?: Record<string, unknown>;
};

export type CoveragePeriod = { cityCode: string; startMonth: string; endMonth: string | null };

export type Enrollment = {
  status: TaskStatus;
  deadline: string | null;
  deadlineDate: string | null;
  bureauReceipt: string | null;
  taskId: string;
  workflowId: string;
  month: string;
  cityCode: string;
};

export type Employee = EmployeeSummary & {
  wageHistory: { effectiveFrom: string; monthlyWage: string }[];
  coverage: CoveragePeriod[];
  enrollment: Enrollment | null;
  tasks: FilingTask[];
  createdAt: string;
};

export type EmployeePage = { items: EmployeeSummary[]; page: number; pageSize: number; total: number; pluginColumns?: import('./plugin-sections').PluginListColumn[] };

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

export type Entity = {
  id: string;
  name: string;
  creditCode: string;
  registrations: { cityCode: string; agency: string; registrationNo: string; gateway: Gateway }[];
};

export type HireRequest = {
  entityId?: string;
  name: string;
  idNumber: string;
  mobile: string;
  hukou: Hukou;
  workCity: string;
  hireDate: string;
  monthlyWage: string;
  /** Values by custom field key; the API names a bad one as customFields.<key>. */
  customFields?: Record<string, unknown>;
};

export type Notification = {
  id: string;
  kind: string;
  subject: string;
  body: string;
  taskId: string | null;
  createdAt: string;
  readAt: string | null;
};

export type SmsMessage = {
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
};

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

export function terminateEmployee(slug: string, id: string, body: { lastWorkingDay: string; reason: string }, idempotencyKey: string): Promise<Employee> {
  return api(tenantPath(slug, 'employees', id, 'termination'), { body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function transferEmployee(slug: string, id: string, body: { workCity: string; effectiveDate: string }, idempotencyKey: string): Promise<Employee> {
  return api(tenantPath(slug, 'employees', id, 'transfer'), { body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function changeWage(slug: string, id: string, body: { monthlyWage: string; effectiveFrom: string }, idempotencyKey: string): Promise<Employee> {
  return api(tenantPath(slug, 'employees', id, 'wage'), { body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function listTasks(slug: string, filter: { open?: boolean } = {}): Promise<{ items: FilingTask[] }> {
  return api(tenantPath(slug, 'tasks') + query({ open: filter.open === undefined ? undefined : String(filter.open) }));
}

export function approveTask(slug: string, id: string): Promise<FilingTask> {
  return api(tenantPath(slug, 'tasks', id, 'approve'), { method: 'POST' });
}

export function enterReceipt(slug: string, id: string, receiptNo: string): Promise<FilingTask> {
  return api(tenantPath(slug, 'tasks', id, 'receipt'), { body: { receiptNo } });
}

/** Both corrections optional: only what is given is changed before filing again. */
export function resubmitTask(slug: string, id: string, corrections: { name?: string; idNumber?: string }): Promise<FilingTask> {
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
