import type { Localized } from '@lianxu/plugin-sdk';

// The shapes every risk rule shares. A rule is a pure function of one employee's facts and the
// scan's context; the scan service gathers the facts set-based and stores what the rules return.

export type TaskKindFact = 'enrollment' | 'stop';
export type TaskStatusFact = 'pending_approval' | 'submitting' | 'submitted' | 'confirmed' | 'rejected' | 'cancelled';

export interface EmployeeRiskFacts {
  employeeId: string;
  /** The city the employee works in (where coverage is owed). */
  cityCode: string;
  hukou: 'local' | 'non-local';
  /** YYYY-MM-DD. */
  hireDate: string;
  /** Last working day, YYYY-MM-DD; null while employed. */
  terminationDate: string | null;
  /** The work city's cut-off day: leaving on or before it ends contributions with the previous month. */
  cutoffDay: number;
  /** Current monthly wage in fen. */
  wageFen: number;
  /** Wage history, ascending by `from` (YYYY-MM-DD). */
  wages: { from: string; fen: number }[];
  /** Coverage periods (months YYYY-MM; `endMonth` null while open). */
  periods: { cityCode: string; startMonth: string; endMonth: string | null }[];
  /** Filing tasks in the order filed: enrollment month = first covered month, stop month = last covered month. */
  tasks: { kind: TaskKindFact; status: TaskStatusFact; cityCode: string; month: string; baseFen: number | null }[];
  /** The housing fund's filings still to file with the fund centre (absent: not read, the rule stays silent). */
  fundFilings?: { kind: 'open' | 'seal'; cityCode: string; month: string; dueDate: string }[];
  /** What the monthly close holds for the employee (absent: the close was not read, its rules stay silent). */
  contributions?: ContributionFacts;
}

/** The employee's contributions as the monthly close sees them (risk/risk-contribution.facts.ts). */
export interface ContributionFacts {
  /** Per city × bill month: billed amounts (employer + employee, fen) of lines without a payment voucher. */
  unpaid: { cityCode: string; month: string; fen: number; lines: number }[];
  /** The close's differences still open: billed minus expected, or expected minus deducted (missing_deduction), in fen. */
  differences: { cityCode: string; month: string; insurance: string; class: 'rounding' | 'headcount' | 'base' | 'rate' | 'duplicate' | 'missing_deduction'; amountFen: number }[];
  /** Months (per city) the close holds a 补缴 back-payment line for: paid late, no longer a gap (absent: none). */
  backPaid?: { cityCode: string; month: string }[];
}

export interface RiskSettings {
  /** A break between coverage periods longer than this many months is reported; a shorter gap while employed is a warning. */
  gapThresholdMonths: number;
  /** Days after the hire by which the enrollment should be confirmed. */
  warningDay: number;
}

export const DEFAULT_RISK_SETTINGS: RiskSettings = { gapThresholdMonths: 1, warningDay: 25 };

/** Money at stake by kind, integer fen. */
export interface RiskMoney {
  /** Contributions owed and unpaid (arrears). */
  owedFen: number;
  /** 社会保险法 第86条 late fee to date on the arrears. */
  lateFeeFen: number;
  /** 第84条/第86条 fine range on the arrears. */
  fineMinFen: number;
  fineMaxFen: number;
  /** Paid for nothing (coverage kept after a leave, a base above the cap). */
  overpaidFen: number;
}

export const NO_MONEY: RiskMoney = { owedFen: 0, lateFeeFen: 0, fineMinFen: 0, fineMaxFen: 0, overpaidFen: 0 };

/** What the money at stake shows as one figure: what is owed, its late fee and what is overpaid (the fine range is shown apart). */
export function atStakeFen(m: RiskMoney): number {
  return m.owedFen + m.lateFeeFen + m.overpaidFen;
}

export type SuggestedActionKind = 'start_enrollment' | 'file_stop' | 'adjust_base' | 'back_payment' | 'check_bureau' | 'review';

export interface SuggestedAction {
  kind: SuggestedActionKind;
  label: Localized;
}

export type RiskSeverity = 'info' | 'warning' | 'critical';

/** One finding as a rule reports it (before it is stored). */
export interface RiskFindingDraft {
  ruleId: string;
  /** What within the rule the finding is about (a city, a month); '' when there is one. */
  subject: string;
  severity: RiskSeverity;
  /** YYYY-MM-DD since when the problem exists. */
  since: string;
  message: Localized;
  employeeLoss: Localized | null;
  action: SuggestedAction | null;
  money: RiskMoney;
  details: Record<string, unknown>;
}

/** What a rule needs beyond the employee's facts: the date, the tenant's thresholds, the policy figures. */
export interface RiskRuleContext {
  /** Business date YYYY-MM-DD the scan runs for. */
  today: string;
  settings: RiskSettings;
  policy: RiskPolicy;
  /** The tenant's cut-off day per city (tenant_cities), for the due date of a month's contributions; absent, the employee's work city's `cutoffDay`. */
  cutoffDays?: Readonly<Record<string, number>>;
}

/** The policy questions rules ask (see risk.policy.ts); memoized, pure. */
export interface RiskPolicy {
  /** Employer + employee contribution of one month for a base/wage, or null when the policy cannot say it completely. */
  monthlyTotalFen(cityCode: string, month: string, wageFen: number, hukou: 'local' | 'non-local'): number | null;
  /** The pension base the policy allows for `baseFen` in `month` (clamped to floor and cap), with the policy year; null when unknown. */
  allowedBase(cityCode: string, month: string, baseFen: number, hukou: 'local' | 'non-local'): { baseFen: number; policyYear: number; firstMonth: string } | null;
  /** Whether this month's quote uses figures carried forward from an earlier year, and from which. */
  provisional(cityCode: string, month: string, hukou: 'local' | 'non-local'): { provisional: boolean; from: number[]; policyYear: number } | null;
  /** The due date of `month`'s contributions in the city for a tenant whose cut-off day there is `tenantCutoffDay` (close's contributionDueDate). */
  dueDate(cityCode: string, month: string, tenantCutoffDay: number | null): string;
  /** The base after the annual adjustment for the policy year containing `month`, or null when it cannot be computed. */
  annualBase(cityCode: string, month: string, wagesByMonth: Record<string, number>): number | null;
}

/** A core risk rule: pure; one employee's facts in, that employee's findings out. */
export interface RiskRule {
  id: string;
  title: Localized;
  evaluate(facts: EmployeeRiskFacts, ctx: RiskRuleContext): RiskFindingDraft[];
}
