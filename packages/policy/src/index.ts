/**
 * @lianxu/policy: regional policy data (effective-dated, sourced) and the contribution calculator.
 * Pure: the only I/O is reading the package's own data files once, at start-up.
 *
 * @example
 * import { calculateContributions, quoteToJson } from '@lianxu/policy';
 * const quote = calculateContributions({ city: '110100', month: '2024-09', wage: '35283', housingFundRate: '0.12' });
 * quote.totals.employerFen; // integer fen
 * quoteToJson(quote);       // the API/CLI body, amounts as yuan strings
 */
export {
  calculateContributions,
  quoteToJson,
  recordSourceIds,
  type ContributionInput,
  type ContributionLine,
  type ContributionQuote,
  type ContributionQuoteJson,
  type ContributionWarning,
  type ContributionWarningCode,
  type MissingInsuranceLine,
  type RateInput,
} from './contribution.calculator';
export {
  createQuoteBuffer,
  QuoteEngine,
  ERR_HF_EMPLOYEE_BELOW_EMPLOYER,
  ERR_HF_EMPLOYEE_RATE,
  ERR_HF_EMPLOYER_RATE,
  ERR_HF_INTEGER_PERCENT,
  ERR_HUKOU_REQUIRED,
  ERR_INJURY_RATE,
  ERR_MONTH_BEFORE_POLICY,
  ERR_UNKNOWN_CITY,
  ERR_WAGE,
  HUKOU_LOCAL,
  HUKOU_NON_LOCAL,
  HUKOU_UNKNOWN,
  NATIONAL_HF_RATE_MAX_MICRO,
  OUT_EMPLOYEE_TOTAL,
  OUT_EMPLOYER_TOTAL,
  OUT_LENGTH,
  OUT_MISSING,
  OUT_PROVISIONAL,
  OUT_STRIDE,
  type CompiledPolicy,
  type MissingLine,
} from './contribution.engine';
export { CONTRIBUTIONS_USAGE, renderTable, runContributionsCli, type CliOutput } from './contributions.cli';
export { planAnnualAdjustment, type AnnualAdjustment, type AnnualAdjustmentInput, type AnnualAdjustmentLine } from './annual-adjustment';
export { localizedOf, PolicyDataError, PolicyInputError, type BilingualMessage, type PolicyErrorCode, type PolicyIssue } from './errors';
export {
  formatFen,
  formatMicro,
  MAX_WAGE_FEN,
  parseMonthKey,
  parseRateToMicro,
  parseYuanToFen,
  RATE_SCALE,
  ROUNDING_RULES,
  roundMicroFen,
  type RoundingRule,
} from './money';
export { createPolicyLibrary, type PolicyLibrary } from './policy.library';
export { insurancePeriod, resolveCity, type CarriedFigure, type ResolvedInsurance } from './policy.resolve';
export { DEFAULT_POLICY_DATA_DIR, getDefaultPolicyLibrary, loadPolicyFile, loadPolicyLibrary, loadSources } from './policy.loader';
export { validatePolicyRecord, validatePolicySet } from './policy.validation';
export {
  GRADES,
  INSURANCE_NAMES_ZH,
  INSURANCES,
  SOCIAL_INSURANCES,
  type CityRef,
  type Figure,
  type Grade,
  type Hukou,
  type Insurance,
  type InsuranceSpec,
  type PolicyRecord,
  type RateSpec,
  type SourceRef,
} from './policy.types';
export {
  daysLate,
  fineExposureFen,
  LATE_FEE_PER_DAY_PER_10K,
  lateFeeFen,
  STATUTE_LATE_FEE,
  STATUTE_UNREGISTERED_FINE,
} from './statutory-exposure';
export { planBackPay, type BackPayInput, type BackPayLine, type BackPayPlan, type PaidLine } from './back-pay';
export * from './continuity/index';
