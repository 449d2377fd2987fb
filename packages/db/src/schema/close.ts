import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, UpdatedAt, Defaulted, Fen, FenOrNull } from './columns';

// The monthly close (0012-close).

// The monthly close (0012-close). Amounts are integer fen as strings (int8).
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
  /** When HR was last reminded that the city's payment window closes (0022). */
  reminded_at: Date | null;
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

/** The city's Excel bill as this tenant's bureau writes it: field -> column header (0022). */
export interface CloseBillMappingsTable {
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
