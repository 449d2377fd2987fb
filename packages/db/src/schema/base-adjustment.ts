import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, UpdatedAt, Defaulted, Fen, FenOrNull } from './columns';

// The annual (July) base adjustment (0022-base-adjustments). Amounts are integer fen as strings (int8).
export type BaseAdjustmentState = 'preview' | 'applied' | 'cancelled';
export type BaseAdjustmentReason = 'average' | 'floor' | 'cap' | 'no_wage_history' | 'not_priced';

export interface BaseAdjustmentsTable {
  tenant_id: string;
  id: Generated<string>;
  city_code: string;
  policy_year: number;
  /** The policy record whose floor and cap the new bases are clamped to. */
  policy_id: string;
  /** First and last month (YYYY-MM) of the policy year. */
  effective_month: string;
  effective_to: string;
  /** The business date the preview was computed as of (YYYY-MM-DD). */
  prepared_on: string;
  state: Defaulted<BaseAdjustmentState>;
  workflow_id: string;
  decided_by: string | null;
  decided_at: Date | null;
  cancel_reason: string | null;
  top_up_lines: Defaulted<number>;
  /** annual: the July adjustment of bases; provisional: figures carried forward settled once published (0033). */
  kind: Defaulted<BaseAdjustmentKind>;
  /** provisional: the revision whose carried figures priced the months (policy_id is the one that published them). */
  settles_policy_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type BaseAdjustmentKind = 'annual' | 'provisional';

/** A provisional settlement's preview (0033): per employee, month and insurance, the amounts on the carried and on the published figures. */
export interface BaseAdjustmentSettlementsTable {
  tenant_id: string;
  adjustment_id: string;
  employee_id: string;
  entity_id: string;
  person_name: string;
  month: string;
  insurance: string;
  base_fen: Fen;
  old_employer_fen: Fen;
  old_employee_fen: Fen;
  new_employer_fen: Fen;
  new_employee_fen: Fen;
}

export interface BaseAdjustmentLinesTable {
  tenant_id: string;
  adjustment_id: string;
  employee_id: string;
  entity_id: string;
  person_name: string;
  /** The declared wage the base came from before (the wage, or last year's declaration). */
  old_wage_fen: FenOrNull;
  old_base_fen: FenOrNull;
  /** Last calendar year's average monthly wage; null without any wage that year. */
  average_wage_fen: FenOrNull;
  months_used: Defaulted<number>;
  new_base_fen: FenOrNull;
  reason: BaseAdjustmentReason;
  /** Monthly cost change (new year's first month against the month before), per side. */
  employer_change_fen: FenOrNull;
  employee_change_fen: FenOrNull;
  /** Filed with the bureau's HTTP interface (0029): the first month of the new base, and the bureau's answer. */
  from_month: string | null;
  filing_id: string | null;
  filing_status: BaseChangeFilingStatus | null;
  receipt_no: string | null;
  rejection: ColumnType<{ code: string; message: string } | null, string | null | undefined, string | null>;
}
export type BaseChangeFilingStatus = 'submitted' | 'confirmed' | 'rejected';

/** The declared wage an employee's contribution base is computed from, for the months of a policy year. */
export interface DeclaredBasesTable {
  tenant_id: string;
  employee_id: string;
  city_code: string;
  effective_month: string;
  effective_to: string;
  declared_wage_fen: Fen;
  adjustment_id: string;
  created_at: CreatedAt;
}
