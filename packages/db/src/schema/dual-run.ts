import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted } from './columns';

// The dual run after a promotion (0026-dual-run).

export type DualRunStatus = 'running' | 'retirement_offered' | 'retired';
export type DualRunMode = 'shadow' | 'live';
export type DualRunDifferenceClass = 'timing' | 'configuration' | 'data' | 'defect';
export type DualRunDifferenceKind = 'roster' | 'coverage' | 'contribution' | 'total';
export type DualRunDifferenceStatus = 'open' | 'explained' | 'gone';

export interface DualRunsTable {
  tenant_id: string;
  run_id: string;
  status: Defaulted<DualRunStatus>;
  mode: Defaulted<DualRunMode>;
  /** YYYY-MM-DD: the first business day compared. */
  start_day: string;
  days_total: Defaulted<number>;
  clean_days_required: Defaulted<number>;
  /** numeric as a string: the share of detail lines that may differ. */
  tolerance: ColumnType<string, string | number | undefined, string | number>;
  pay_day: Defaulted<number>;
  subject_salt: string;
  source_cipher: Buffer | null;
  source_key_id: string | null;
  source_disconnected_at: Date | null;
  clean_streak: Defaulted<number>;
  last_day: string | null;
  mode_signed_off_by: string | null;
  mode_signed_off_at: Date | null;
  archive: ColumnType<unknown, string | null | undefined, string | null>;
  retired_by: string | null;
  retired_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, string | undefined, string>;
}

export interface DualRunDaysTable {
  tenant_id: string;
  run_id: string;
  day: string;
  day_number: number;
  late: Defaulted<boolean>;
  attempts: Defaulted<number>;
  completed: Defaulted<boolean>;
  last_error: string | null;
  mode: string;
  lines_compared: Defaulted<number>;
  lines_different: Defaulted<number>;
  source_rows: Defaulted<number>;
  source_rows_read: Defaulted<number>;
  totals: ColumnType<Record<string, { legacy: string; lianxu: string }>, string | undefined, string>;
  totals_match: boolean | null;
  within_tolerance: boolean | null;
  clean: boolean | null;
  new_differences: Defaulted<number>;
  completed_at: Date | null;
}

export interface DualRunDifferencesTable {
  tenant_id: string;
  run_id: string;
  id: Generated<string>;
  kind: DualRunDifferenceKind;
  subject: string;
  item: string;
  label: string;
  employee_id: string | null;
  legacy_value: string | null;
  lianxu_value: string | null;
  class: DualRunDifferenceClass;
  auto_class: DualRunDifferenceClass;
  status: Defaulted<DualRunDifferenceStatus>;
  first_seen_day: string;
  last_seen_day: string;
  assignee_user_id: string | null;
  note: string | null;
  updated_at: ColumnType<Date, string | undefined, string>;
}

/** A lifecycle filing held back while a dual run was in shadow mode (0034): the old system files it. */
export type HeldBackFilingKind = 'enrollment' | 'stop' | 'base_change';
export interface HeldBackFilingsTable {
  tenant_id: string;
  idempotency_key: string;
  run_id: string;
  kind: HeldBackFilingKind;
  employee_id: string;
  task_id: string | null;
  city_code: string;
  month: string;
  base_fen: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  created_at: CreatedAt;
}
