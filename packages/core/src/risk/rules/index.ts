import { baseAboveCapRule, baseBelowFloorRule, baseNotAdjustedRule, provisionalFiguresRule } from './base.rules';
import { coverageGapRule, enrollmentNotConfirmedRule } from './coverage.rules';
import { coverageAfterLeaveRule, stopNotConfirmedRule, stopNotFiledRule } from './stop.rules';
import type { EmployeeRiskFacts, RiskFindingDraft, RiskRule, RiskRuleContext } from './risk-rule.types';

export * from './risk-rule.types';
export { createRiskPolicy } from '../risk.policy';

/**
 * Core's risk rules, in the order findings are listed. The seam for the monthly close: a rule
 * `contribution_not_received` (billed but not received, or received but different) joins this list
 * once bills and deductions exist; it needs a fact (the employee's billed and deducted lines per
 * month) that `EmployeeRiskFacts` gains then, gathered by the scan's facts query.
 */
export const CORE_RISK_RULES: readonly RiskRule[] = [
  enrollmentNotConfirmedRule,
  coverageGapRule,
  stopNotFiledRule,
  stopNotConfirmedRule,
  coverageAfterLeaveRule,
  baseBelowFloorRule,
  baseAboveCapRule,
  baseNotAdjustedRule,
  provisionalFiguresRule,
];

/** Every core rule over one employee. Pure. */
export function evaluateCoreRules(facts: EmployeeRiskFacts, ctx: RiskRuleContext, rules: readonly RiskRule[] = CORE_RISK_RULES): RiskFindingDraft[] {
  return rules.flatMap((rule) => rule.evaluate(facts, ctx));
}

export { baseAboveCapRule, baseBelowFloorRule, baseNotAdjustedRule, coverageAfterLeaveRule, coverageGapRule, enrollmentNotConfirmedRule, provisionalFiguresRule, stopNotConfirmedRule, stopNotFiledRule };
