import type { ColumnType, Generated, Selectable } from 'kysely';
import type { RiskFen, Json } from './columns';

// Risk findings and settings (0011-risk).

export type RiskFindingState = 'open' | 'acknowledged' | 'resolved';
export type RiskSeverity = 'info' | 'warning' | 'critical';

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
