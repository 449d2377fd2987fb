export {
  CONTINUITY_PURPOSES,
  continuityFileSchema,
  continuityRuleSchema,
  type ContinuityFile,
  type ContinuityPurpose,
  type ContinuityRequirement,
  type ContinuityRule,
  type ContinuityRuleVersion,
  type WaitingPeriodSpec,
} from './continuity.schema';
export {
  addMonthsToMonth,
  ContinuityInputError,
  countQualifying,
  evaluateContinuity,
  qualifyingMonthKeys,
  versionOn,
  waitingPeriodMonths,
  type Assumption,
  type BreakImpact,
  type ContinuityEvaluation,
  type ContinuityHistory,
  type ContinuityStatus,
  type CoverageMonth,
  type EvaluateOptions,
} from './continuity.evaluator';
export { createContinuityRuleSet, DEFAULT_CONTINUITY_RULES_FILE, getContinuityRules, NATIONAL_CITY_CODE, parseContinuityRules, type ContinuityRuleSet } from './continuity.loader';
export { pensionShortfallFen } from './continuity.gap-cost';
export { CONTINUITY_USAGE, parseMonthList, runContinuityCli, type ContinuityCliIo } from './continuity.cli';
