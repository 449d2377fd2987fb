import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database } from '@lianxu/plugin-sdk';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** numeric columns arrive as exact decimal strings ("7.50"). */
type Hours = ColumnType<string, string, string>;

export interface ShiftSpec {
  name: string;
  /** HH:MM */
  start: string;
  end: string;
  hours: number;
}

export interface ShiftPatternsTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  name: string;
  shifts: ColumnType<ShiftSpec[], string, string>;
  preset: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ShiftSchedulesTable {
  tenant_id: string;
  id: Generated<string>;
  employee_id: string;
  pattern_id: string;
  /** 班组 */
  team: string | null;
  valid_from: string;
  valid_to: string | null;
  created_at: CreatedAt;
}

export type AttendanceSource = 'api' | 'csv' | 'xlsx';

export interface AttendanceImportsTable {
  tenant_id: string;
  id: Generated<string>;
  source: AttendanceSource;
  file_name: string | null;
  rows: number;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AttendanceTable {
  tenant_id: string;
  employee_id: string;
  work_date: string;
  regular_hours: Hours;
  overtime_hours: Hours;
  shift: string | null;
  source: AttendanceSource;
  import_id: string | null;
  updated_at: UpdatedAt;
}

/** Overtime per employee and month, recomputed from attendance in the transaction that changes it. */
export interface OvertimeMonthlyTable {
  tenant_id: string;
  employee_id: string;
  month: string;
  regular_hours: Hours;
  overtime_hours: Hours;
  days: number;
  updated_at: UpdatedAt;
}

/** One attendance record posted through the API, by the attendance system's record id. */
export interface AttendanceRecordsTable {
  tenant_id: string;
  record_id: string;
  /** SHA-256 (hex) of the record's canonical body. */
  body_sha256: string;
  employee_id: string;
  work_date: string;
  import_id: string;
  created_at: CreatedAt;
}

export interface ShiftTables {
  shift_patterns: ShiftPatternsTable;
  shift_schedules: ShiftSchedulesTable;
  attendance_imports: AttendanceImportsTable;
  attendance: AttendanceTable;
  overtime_monthly: OvertimeMonthlyTable;
  attendance_records: AttendanceRecordsTable;
}

/** Core's tables (read only, except through core's services) and the plugin's own. */
export type ShiftsDb = Database & ShiftTables;
export type ShiftsTrx = Kysely<ShiftsDb>;
