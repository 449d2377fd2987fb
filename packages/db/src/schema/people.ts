import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, UpdatedAt, Defaulted } from './columns';

// People and their lifecycle: entities, employees, wages, events, filing tasks, coverage, outbox, notifications (0004-people).

export interface TenantSettingsTable {
  tenant_id: string;
  warn_day: Defaulted<number>;
  approval_required: Defaulted<boolean>;
  updated_at: UpdatedAt;
}

export interface DataKeysTable {
  tenant_id: string;
  key_id: string;
  wrapped_key: Buffer;
  master_key_id: string;
  created_at: CreatedAt;
}

export interface EntitiesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  credit_code: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type Agency = 'social_insurance' | 'medical_insurance' | 'housing_fund';
export type GatewayKind = 'bureau-sim' | 'filing-file';

export interface EntityRegistrationsTable {
  tenant_id: string;
  entity_id: string;
  city_code: string;
  agency: Agency;
  registration_no: string;
  gateway: GatewayKind;
}

export type Hukou = 'local' | 'non-local';
export type EmployeeStatus = 'active' | 'terminated';

export interface EmployeesTable {
  tenant_id: string;
  id: Generated<string>;
  entity_id: string;
  name: string;
  mobile: string;
  id_number_cipher: Buffer;
  id_number_key_id: string;
  id_number_index: Buffer;
  id_number_masked: string;
  hukou: Hukou;
  work_city: string;
  /** YYYY-MM-DD (the date parser keeps dates as strings). */
  hire_date: string;
  termination_date: string | null;
  /** Integer fen, as a string (int8). */
  monthly_wage_fen: ColumnType<string, string | number | bigint, string | number | bigint>;
  status: Defaulted<EmployeeStatus>;
  custom_fields: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** Generated demo history (0024-demo-data), never a real person. */
  demo: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type EmployeeRow = Selectable<EmployeesTable>;

export interface WageHistoryTable {
  tenant_id: string;
  employee_id: string;
  effective_from: string;
  monthly_wage_fen: ColumnType<string, string | number | bigint, string | number | bigint>;
  event_id: string;
}

export type EventKind = 'hire' | 'terminate' | 'transfer' | 'wage_change';

export interface EmploymentEventsTable {
  tenant_id: string;
  id: Generated<string>;
  employee_id: string;
  kind: EventKind;
  effective_date: string;
  recorded_at: ColumnType<Date, Date | undefined, never>;
  actor_id: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  response_status: number | null;
  response_body: ColumnType<unknown, string | null | undefined, string | null>;
}

export type TaskKind = 'enrollment' | 'stop';
export type TaskStatus = 'pending_approval' | 'submitting' | 'submitted' | 'confirmed' | 'rejected' | 'cancelled';

export interface FilingTasksTable {
  tenant_id: string;
  id: Generated<string>;
  employee_id: string;
  event_id: string;
  kind: TaskKind;
  city_code: string;
  gateway: GatewayKind;
  workflow_id: string;
  status: TaskStatus;
  open: Defaulted<boolean>;
  /** Enrollment: first covered month; stop: last covered month (YYYY-MM). */
  month: string;
  base_fen: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  deadline_at: Date | null;
  warn_at: Date | null;
  attempt: Defaulted<number>;
  filing_id: string | null;
  receipt_no: string | null;
  rejection: ColumnType<{ code: string; message: string } | null, string | null | undefined, string | null>;
  warned_at: Date | null;
  escalated_at: Date | null;
  approved_by: string | null;
  /** An online task HR filed by hand at the counter (0035): the counter's receipt, the day, who and when it was recorded. */
  hand_receipt_no: string | null;
  hand_filed_on: ColumnType<string | null, string | null | undefined, string | null>;
  hand_filed_by: string | null;
  hand_recorded_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  closed_at: Date | null;
}
export type FilingTaskRow = Selectable<FilingTasksTable>;

/** 住房公积金 filings HR owes the city's fund centre (0030): 缴存登记 (open) or 封存 (seal), by hand. */
export type FundFilingKind = 'open' | 'seal';
export interface FundFilingsTable {
  tenant_id: string;
  id: Generated<string>;
  employee_id: string;
  event_id: string;
  kind: FundFilingKind;
  city_code: string;
  /** Open: the first month paid to the fund; seal: the last (YYYY-MM). */
  month: string;
  /** The last day of the legal 30 days (YYYY-MM-DD). */
  due_date: ColumnType<string, string, string>;
  status: Defaulted<'to_file' | 'filed'>;
  receipt_no: string | null;
  filed_on: ColumnType<string | null, string | null | undefined, string | null>;
  filed_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type FundFilingRow = Selectable<FundFilingsTable>;

export interface CoveragePeriodsTable {
  tenant_id: string;
  id: Generated<string>;
  employee_id: string;
  city_code: string;
  start_month: string;
  end_month: string | null;
  opened_by: string;
  closed_by: string | null;
  created_at: CreatedAt;
}

export interface OutboxTable {
  tenant_id: string;
  id: Generated<string>;
  /** plugin_event: an extension point's event (employeeHired) for the enabled plugins, not a workflow. */
  kind: 'start' | 'signal' | 'plugin_event' | 'webhook';
  workflow_type: string | null;
  workflow_id: string;
  signal_name: string | null;
  args: ColumnType<unknown[], string | undefined, string>;
  created_at: CreatedAt;
  dispatched_at: Date | null;
  attempts: Defaulted<number>;
  last_error: string | null;
  /** A failed plugin event is not tried again before this time. */
  not_before: Date | null;
}

export type NotificationChannel = 'in_app' | 'sms' | 'email';

export interface NotificationsTable {
  tenant_id: string;
  id: Generated<string>;
  dedupe_key: string;
  channel: NotificationChannel;
  recipient_user_id: string | null;
  recipient_employee_id: string | null;
  recipient_address: string | null;
  kind: string;
  subject: string;
  body: string;
  /** The notice in English, where it was written in both languages (null: say it from its filing, or as sent). */
  subject_en: ColumnType<string | null, string | null | undefined, string | null>;
  body_en: ColumnType<string | null, string | null | undefined, string | null>;
  task_id: string | null;
  status: Defaulted<'pending' | 'sent' | 'failed'>;
  provider: string | null;
  attempts: Defaulted<number>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
  read_at: Date | null;
}
