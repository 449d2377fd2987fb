import { baseAboveCapRule, baseBelowFloorRule, baseNotAdjustedRule, provisionalFiguresRule } from './base.rules';
import { contributionDiffersRule, contributionNotReceivedRule } from './contribution.rules';
import { coverageGapRule, enrollmentNotConfirmedRule } from './coverage.rules';
import { coverageAfterLeaveRule, stopNotConfirmedRule, stopNotFiledRule } from './stop.rules';
import type { EmployeeRiskFacts, RiskFindingDraft, RiskRule, RiskRuleContext } from './risk-rule.types';
import { fundFilingOverdueRule } from './fund.rules';

export * from './risk-rule.types';
export { createRiskPolicy } from '../risk.policy';

/**
 * Core's risk rules, in the order findings are listed. The contribution rules read
 * `EmployeeRiskFacts.contributions`, the monthly close's bills and open differences, gathered per
 * page by risk-contribution.facts.ts.
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
  contributionNotReceivedRule,
  contributionDiffersRule,
  fundFilingOverdueRule,
];

/** Every core rule over one employee. Pure. */
export function evaluateCoreRules(facts: EmployeeRiskFacts, ctx: RiskRuleContext, rules: readonly RiskRule[] = CORE_RISK_RULES): RiskFindingDraft[] {
  const out: RiskFindingDraft[] = [];
  for (const rule of rules) for (const d of rule.evaluate(facts, ctx)) out.push(d);
  return out;
}

export { contributionDiffersRule, contributionNotReceivedRule, fundFilingOverdueRule };
export { baseAboveCapRule, baseBelowFloorRule, baseNotAdjustedRule, coverageAfterLeaveRule, coverageGapRule, enrollmentNotConfirmedRule, provisionalFiguresRule, stopNotConfirmedRule, stopNotFiledRule };
