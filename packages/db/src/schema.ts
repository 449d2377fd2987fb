import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  industry: string;
  config_hash: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type Tenant = Selectable<TenantsTable>;
export type NewTenant = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;

export interface TenantCitiesTable {
  tenant_id: string;
  city_code: string;
  city_name: string;
  /** Leaving on or before this day ends contributions with the previous month. Default 25. */
  cutoff_day: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}
export type TenantCity = Selectable<TenantCitiesTable>;

export type PlatformRole = 'consultant' | 'platform_admin';
export type TenantRole = 'tenant_admin' | 'hr' | 'employee';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  platform_role: PlatformRole | null;
  totp_key: Buffer | null;
  totp_pending_key: Buffer | null;
  totp_last_step: string | null;
  mobile: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}
export type User = Selectable<UsersTable>;

export interface SessionsTable {
  id: string;
  user_id: string;
  secret_hash: Buffer;
  two_factor_verified: Generated<boolean>;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_used_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
  user_agent: string | null;
}
export type SessionRow = Selectable<SessionsTable>;

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: Buffer;
  used_at: Date | null;
}

export interface MembershipsTable {
  user_id: string;
  tenant_id: string;
  role: TenantRole;
  created_at: CreatedAt;
}

/** An invitation to join a tenant; only SHA-256 of its one-time secret is stored. */
export interface InvitationsTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  role: TenantRole;
  token_hash: Buffer;
  invited_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
}
export type InvitationRow = Selectable<InvitationsTable>;

export interface ConsultantGrantsTable {
  id: Generated<string>;
  consultant_id: string;
  tenant_id: string;
  granted_by: string;
  granted_at: CreatedAt;
  revoked_by: string | null;
  revoked_at: Date | null;
}

export interface SignInFailuresTable {
  key: string;
  at: ColumnType<Date, Date | undefined, never>;
}

export interface PlatformAuditTable {
  id: Generated<string>;
  at: CreatedAt;
  actor_id: string | null;
  actor: string;
  action: string;
  tenant_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface AuditLogTable {
  tenant_id: string;
  id: Generated<string>;
  at: CreatedAt;
  actor_id: string | null;
  table_name: string;
  operation: string;
  row_key: ColumnType<Record<string, unknown>, string, never>;
  changed_columns: ColumnType<string[], string[], never>;
  action: string | null;
}

/** A consultant's revision of one city's policy year (platform data, insert-only). */
export interface PolicyRecordsTable {
  /** `${city_code}-${year}-r${revision}`, e.g. '440300-2025-r2' */
  id: string;
  city_code: string;
  year: number;
  revision: number;
  /** The raw record, same shape as packages/policy/data/*.yaml. */
  record: ColumnType<unknown, string, never>;
  /** Source register entries added with this revision. */
  sources: ColumnType<PolicySourceEntry[], string | undefined, never>;
  note: string;
  created_by: string | null;
  created_at: CreatedAt;
}
export interface PolicySourceEntry {
  id: string;
  grade: string | null;
  title: string;
  url: string | null;
}
export type PolicyRecordRow = Selectable<PolicyRecordsTable>;
export type NewPolicyRecordRow = Insertable<PolicyRecordsTable>;

// ---- people and lifecycle (0004-people) ----

type Defaulted<T> = ColumnType<T, T | undefined, T>;

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
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  closed_at: Date | null;
}
export type FilingTaskRow = Selectable<FilingTasksTable>;

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
  task_id: string | null;
  status: Defaulted<'pending' | 'sent' | 'failed'>;
  provider: string | null;
  attempts: Defaulted<number>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
  read_at: Date | null;
}

// ---- plugins (0005-plugins) ----

/** A tenant's choice for one installed plugin; disabling keeps the row and the plugin's data. */
export interface TenantPluginsTable {
  tenant_id: string;
  plugin_id: string;
  enabled: boolean;
  /** The tenant's options for the plugin (validated by the plugin's options schema on write). */
  options: ColumnType<Record<string, unknown>, string | undefined, string>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by: string | null;
}
export type TenantPluginRow = Selectable<TenantPluginsTable>;

// ---- custom fields (0006-custom-fields) ----

export type CustomFieldType = 'text' | 'number' | 'date' | 'single_select' | 'multi_select' | 'yes_no' | 'pattern_text';

/** A tenant's custom field; its values live in employees.custom_fields under `key`. */
export interface CustomFieldDefinitionsTable {
  tenant_id: string;
  key: string;
  type: CustomFieldType;
  labels: ColumnType<{ 'zh-CN': string; en: string }, string, string>;
  required: Defaulted<boolean>;
  options: ColumnType<Record<string, unknown>, string | undefined, string>;
  show_in: ColumnType<{ form: boolean; list: boolean; export: boolean }, string | undefined, string>;
  searchable: Defaulted<boolean>;
  position: Defaulted<number>;
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  updated_by: string | null;
}
export type CustomFieldDefinitionRow = Selectable<CustomFieldDefinitionsTable>;

/** The shared index of searchable custom field values (kept by a trigger on employees). */
export interface CustomFieldSearchTable {
  tenant_id: string;
  field_key: string;
  /** Strings as they are; numbers and true/false as JSON writes them; one row per multi-select choice. */
  value: string;
  employee_id: string;
  /** The employee's hire date (YYYY-MM-DD), for the list's default order. */
  hire_date: string;
}

/** The whole database as Kysely sees it. */
export type IntakeState = 'sent' | 'submitted' | 'confirmed' | 'expired';
export type IntakeIdType = 'resident_id' | 'hmt_residence_permit';
export type IntakeHukouType = 'local-urban' | 'local-rural' | 'non-local-urban' | 'non-local-rural';

/** A candidate intake (入职登记表 link): only the token's hash is stored; ID and bank card numbers sealed. */
export interface CandidateIntakesTable {
  tenant_id: string;
  id: Generated<string>;
  token_hash: Buffer;
  expires_at: Date;
  state: Defaulted<IntakeState>;
  external_id: string | null;
  request_hash: string | null;
  entity_id: string;
  city_code: string;
  /** YYYY-MM-DD. */
  start_date: string;
  monthly_wage_fen: ColumnType<string, string | number | bigint, string | number | bigint>;
  name: string;
  mobile: string;
  id_type: IntakeIdType | null;
  id_number_cipher: Buffer | null;
  id_number_key_id: string | null;
  id_number_index: Buffer | null;
  id_number_masked: string | null;
  sex: 'male' | 'female' | null;
  birth_date: string | null;
  ethnicity: string | null;
  hukou_type: IntakeHukouType | null;
  hukou_address: string | null;
  education: string | null;
  marital_status: 'single' | 'married' | 'divorced' | 'widowed' | null;
  previous_si_account: string | null;
  previous_hf_account: string | null;
  first_insured: boolean | null;
  last_paid_month: string | null;
  bank_name: string | null;
  bank_card_cipher: Buffer | null;
  bank_card_key_id: string | null;
  bank_card_masked: string | null;
  submitted_at: Date | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  employee_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type CandidateIntakeRow = Selectable<CandidateIntakesTable>;

export interface Database {
  tenants: TenantsTable;
  tenant_cities: TenantCitiesTable;
  users: UsersTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  memberships: MembershipsTable;
  consultant_grants: ConsultantGrantsTable;
  invitations: InvitationsTable;
  sign_in_failures: SignInFailuresTable;
  platform_audit: PlatformAuditTable;
  audit_log: AuditLogTable;
  policy_records: PolicyRecordsTable;
  tenant_settings: TenantSettingsTable;
  data_keys: DataKeysTable;
  entities: EntitiesTable;
  entity_registrations: EntityRegistrationsTable;
  employees: EmployeesTable;
  wage_history: WageHistoryTable;
  employment_events: EmploymentEventsTable;
  filing_tasks: FilingTasksTable;
  coverage_periods: CoveragePeriodsTable;
  outbox: OutboxTable;
  notifications: NotificationsTable;
  tenant_plugins: TenantPluginsTable;
  custom_field_definitions: CustomFieldDefinitionsTable;
  custom_field_search: CustomFieldSearchTable;
  api_keys: ApiKeysTable;
  candidate_intakes: CandidateIntakesTable;
  risk_findings: RiskFindingsTable;
  risk_settings: RiskSettingsTable;
  employee_user_links: EmployeeUserLinksTable;
  employee_requests: EmployeeRequestsTable;
  month_closes: MonthClosesTable;
  close_bills: CloseBillsTable;
  close_bill_lines: CloseBillLinesTable;
  close_deductions: CloseDeductionsTable;
  deduction_mappings: DeductionMappingsTable;
  close_differences: CloseDifferencesTable;
  adjustment_lines: AdjustmentLinesTable;
  coverage_statements: CoverageStatementsTable;
  statement_verifications: StatementVerificationsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  migration_runs: MigrationRunsTable;
  migration_mappings: MigrationMappingsTable;
  finance_accounts: FinanceAccountsTable;
}

export type RiskFindingState = 'open' | 'acknowledged' | 'resolved';
export type RiskSeverity = 'info' | 'warning' | 'critical';
type RiskFen = ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
type Json<T> = ColumnType<T, string, string>;

export interface RiskFindingsTable {
  tenant_id: string;
  id: Generated<string>;
  employee_id: string;
  rule_id: string;
  subject: ColumnType<string, string | undefined, string>;
  /** 'core' or 'plugin:<id>'. */
  source: string;
  severity: RiskSeverity;
  /** YYYY-MM-DD. */
  since: string;
  message: Json<{ 'zh-CN': string; en: string }>;
  employee_loss: ColumnType<{ 'zh-CN': string; en: string } | null, string | null | undefined, string | null>;
  suggested_action: ColumnType<{ kind: string; label: { 'zh-CN': string; en: string } } | null, string | null | undefined, string | null>;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  owed_fen: RiskFen;
  late_fee_fen: RiskFen;
  fine_min_fen: RiskFen;
  fine_max_fen: RiskFen;
  overpaid_fen: RiskFen;
  at_stake_fen: RiskFen;
  state: ColumnType<RiskFindingState, RiskFindingState | undefined, RiskFindingState>;
  state_reason: string | null;
  state_by: string | null;
  state_at: Date | null;
  first_seen_at: ColumnType<Date, Date | undefined, Date>;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  last_scan_id: string;
}
export type RiskFindingRow = Selectable<RiskFindingsTable>;

export interface RiskSettingsTable {
  tenant_id: string;
  gap_threshold_months: ColumnType<number, number | undefined, number>;
  warning_day: ColumnType<number, number | undefined, number>;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

// ---- integrations (0016-integrations) ----

/** A tenant API key; only SHA-256 of its secret is stored, `prefix` is shown to tell keys apart. */
export interface ApiKeysTable {
  tenant_id: string;
  id: Generated<string>;
  prefix: string;
  secret_hash: Buffer;
  name: string;
  scopes: ColumnType<string[], string[], string[]>;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
}
export type ApiKeyRow = Selectable<ApiKeysTable>;
/** A tenant's webhook endpoint; its signing secret sealed with the tenant's data key. */
export interface WebhookEndpointsTable {
  tenant_id: string;
  id: Generated<string>;
  url: string;
  description: Defaulted<string>;
  events: ColumnType<string[], string[], string[]>;
  secret_cipher: Buffer;
  secret_key_id: string;
  previous_secret_cipher: Buffer | null;
  previous_secret_key_id: string | null;
  previous_expires_at: Date | null;
  enabled: Defaulted<boolean>;
  disabled_reason: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** One event for one endpoint: pending until delivered, or failed after a day of retries. */
export interface WebhookDeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  subject: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: Defaulted<'pending' | 'delivered' | 'failed'>;
  attempts: Defaulted<number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  created_at: ColumnType<Date, Date | undefined, never>;
  delivered_at: Date | null;
  last_status: number | null;
  last_error: string | null;
}

export interface WebhookAttemptsTable {
  tenant_id: string;
  id: Generated<string>;
  delivery_id: string;
  at: Date;
  status_code: number | null;
  response_ms: number;
  error: string | null;
}

// The monthly close (0012-close). Amounts are integer fen as strings (int8).
type Fen = ColumnType<string, string | number | bigint, string | number | bigint>;
type FenOrNull = ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;
export type CloseState = 'open' | 'locked';
export type DifferenceClass = 'rounding' | 'headcount' | 'base' | 'rate' | 'duplicate' | 'missing_deduction';
export type DifferenceState = 'open' | 'accepted' | 'fixed' | 'adjusted';
export type AdjustmentKind = 'back_payment' | 'refund' | 'top_up';

export interface MonthClosesTable {
  tenant_id: string;
  entity_id: string;
  city_code: string;
  month: string;
  state: Defaulted<CloseState>;
  matched_at: Date | null;
  signed_off_by: string | null;
  signed_off_at: Date | null;
  unlocked_by: string | null;
  unlocked_at: Date | null;
  unlock_reason: string | null;
  workflow_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type MonthCloseRow = Selectable<MonthClosesTable>;

export interface CloseBillsTable {
  tenant_id: string;
  id: Generated<string>;
  entity_id: string;
  city_code: string;
  month: string;
  source: 'gateway' | 'excel';
  line_count: number;
  received_at: CreatedAt;
}

export interface CloseBillLinesTable {
  tenant_id: string;
  bill_id: string;
  line_no: number;
  entity_id: string;
  city_code: string;
  month: string;
  employee_id: string | null;
  person_name: string;
  id_number_masked: string;
  insurance: string;
  period_from: string;
  period_to: string;
  base_fen: Fen;
  employer_fen: Fen;
  employee_fen: Fen;
  interest_fen: Defaulted<string>;
  late_fee_fen: Defaulted<string>;
  collection_type: string;
  voucher_no: string | null;
}

export interface CloseDeductionsTable {
  tenant_id: string;
  entity_id: string;
  city_code: string;
  month: string;
  employee_id: string;
  insurance: string;
  employee_fen: Fen;
  source: 'csv' | 'xlsx' | 'api';
  imported_at: CreatedAt;
}

export interface DeductionMappingsTable {
  tenant_id: string;
  columns: ColumnType<Record<string, string>, string, string>;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface CloseDifferencesTable {
  tenant_id: string;
  id: Generated<string>;
  entity_id: string;
  city_code: string;
  month: string;
  employee_id: string | null;
  person_name: string;
  insurance: string;
  class: DifferenceClass;
  expected_base_fen: FenOrNull;
  expected_employer_fen: FenOrNull;
  expected_employee_fen: FenOrNull;
  billed_base_fen: FenOrNull;
  billed_employer_fen: FenOrNull;
  billed_employee_fen: FenOrNull;
  deducted_fen: FenOrNull;
  amount_fen: Fen;
  state: Defaulted<DifferenceState>;
  resolution_reason: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  adjustment_id: string | null;
  created_at: CreatedAt;
}
export type CloseDifferenceRow = Selectable<CloseDifferencesTable>;

export interface AdjustmentLinesTable {
  tenant_id: string;
  id: Generated<string>;
  entity_id: string;
  city_code: string;
  /** The open month the line is paid in. */
  month: string;
  original_month: string;
  employee_id: string | null;
  person_name: string;
  insurance: string;
  kind: AdjustmentKind;
  employer_fen: Fen;
  employee_fen: Fen;
  due_date: string;
  late_fee_days: number;
  late_fee_fen: Fen;
  reason: string;
  difference_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}
export type AdjustmentLineRow = Selectable<AdjustmentLinesTable>;

// ---- employee self-service (0014-employee-self-service) ----

/** A user who signs in as an employee of the tenant, linked to their employee record by HR. */
export interface EmployeeUserLinksTable {
  tenant_id: string;
  user_id: string;
  employee_id: string;
  linked_by: string | null;
  created_at: CreatedAt;
}

/** A request an employee sends HR: a leave date to plan, or a correction of their record. */
export interface EmployeeRequestsTable {
  tenant_id: string;
  id: Generated<string>;
  employee_id: string;
  kind: 'leave' | 'correction';
  leave_date: string | null;
  message: string;
  status: Defaulted<'open' | 'done'>;
  created_by: string;
  created_at: CreatedAt;
  closed_at: Date | null;
}

// ---- coverage statements (0013-coverage-statements) ----

/** An issued 参保情况说明; the verification code is kept only as its SHA-256. */
export interface CoverageStatementsTable {
  tenant_id: string;
  id: Generated<string>;
  employee_id: string;
  code_hash: Buffer;
  issued_at: ColumnType<Date, Date | undefined, never>;
  issued_by: string | null;
  language: 'zh-CN' | 'en';
  months_counted: number;
  document_sha256: Buffer;
}

/** Platform table for the public check: a code's hash and its issue date, nothing else. */
export interface StatementVerificationsTable {
  code_hash: Buffer;
  /** YYYY-MM-DD (Asia/Shanghai). */
  issued_on: string;
}

// ---- data migration (0017-data-migration) ----

/** One legacy-data migration run; its rows live in its sandbox schema (mig_<id hex>), never here. */
export interface MigrationRunsTable {
  tenant_id: string;
  id: string;
  status: ColumnType<'created' | 'loading' | 'validated' | 'failed', string | undefined, string>;
  mapping_version: number | null;
  manifest: ColumnType<unknown, string | null | undefined, string | null>;
  counts: ColumnType<Record<string, { read: number; accepted: number; quarantined: number }>, string | undefined, string>;
  loaded_files: ColumnType<string[], string[] | undefined, string[]>;
  failure: ColumnType<unknown, string | null | undefined, string | null>;
  report: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, string | undefined, string>;
}

/** A saved, versioned mapping from legacy headers to Lianxu fields: {file: {field: header}}. */
export interface MigrationMappingsTable {
  tenant_id: string;
  version: number;
  mapping: ColumnType<Record<string, Record<string, string>>, string, string>;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
}

// ---- finance accounts (0018-finance-accounts) ----

/** A tenant's code and name for one account role of the finance vouchers (its chart of accounts, mapped once). */
export interface FinanceAccountsTable {
  tenant_id: string;
  /** The role, e.g. 'payable.socialInsurance' (core's VOUCHER_ACCOUNTS). */
  account: string;
  code: string;
  name: string;
  updated_at: UpdatedAt;
}
