import { describe, expect, it } from 'vitest';
import { checkRiskFindings } from './plugin-risk-findings';

const finding = { ruleId: 'r', employeeId: null, severity: 'warning', message: { 'zh-CN': '甲', en: 'a' } };

describe('checkRiskFindings (a plugin riskRules answer)', () => {
  it('accepts findings without money, and with non-negative integer money and a known action', () => {
    expect(checkRiskFindings([finding])).toBeNull();
    expect(checkRiskFindings([{ ...finding, moneyAtStake: { owedFen: 12_345, lateFeeFen: 0 }, action: 'adjust_base', employeeLoss: { 'zh-CN': '损失', en: 'loss' } }])).toBeNull();
  });

  it('refuses negative, fractional or unknown money, an unknown action and a non-list', () => {
    expect(checkRiskFindings({})).toMatch(/list/);
    expect(checkRiskFindings([{ ...finding, moneyAtStake: { owedFen: -1 } }])).toMatch(/findings\[0\]\.moneyAtStake\.owedFen/);
    expect(checkRiskFindings([finding, { ...finding, moneyAtStake: { lateFeeFen: 1.5 } }])).toMatch(/findings\[1\]\.moneyAtStake\.lateFeeFen/);
    expect(checkRiskFindings([{ ...finding, moneyAtStake: { owedFen: '100' } }])).toMatch(/non-negative integer/);
    expect(checkRiskFindings([{ ...finding, moneyAtStake: { yuan: 1 } }])).toMatch(/not a money field/);
    expect(checkRiskFindings([{ ...finding, moneyAtStake: { fineMinFen: 10, fineMaxFen: 5 } }])).toMatch(/fineMinFen/);
    expect(checkRiskFindings([{ ...finding, action: 'call_the_boss' }])).toMatch(/action/);
  });
});
