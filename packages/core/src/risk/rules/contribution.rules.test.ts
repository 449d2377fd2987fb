import { describe, expect, it } from 'vitest';
import { contributionDueDate } from '../../close/index';
import { contributionDiffersRule, contributionNotReceivedRule } from './contribution.rules';
import { DEFAULT_RISK_SETTINGS, evaluateCoreRules, type ContributionFacts, type EmployeeRiskFacts, type RiskPolicy, type RiskRuleContext } from './index';

// The contribution rules over the monthly close's facts: billed but not received (no payment
// voucher after the due date), and received but different from expected (the close's open
// differences), each with the money at stake to the fen.

// The only policy question the contribution rules ask is a month's due date (the close's convention).
const noPolicy = new Proxy({}, {
  get: (_t, name) => (name === 'dueDate' ? contributionDueDate : () => { throw new Error('the contribution rules ask no other policy question'); }),
}) as RiskPolicy;
const ctx = (today: string): RiskRuleContext => ({ today, settings: DEFAULT_RISK_SETTINGS, policy: noPolicy });
const facts = (contributions: ContributionFacts | undefined): EmployeeRiskFacts => ({
  employeeId: 'e1', cityCode: '110100', hukou: 'local', hireDate: '2025-07-07', terminationDate: null, cutoffDay: 25, wageFen: 1_000_000,
  wages: [], periods: [], tasks: [], ...(contributions ? { contributions } : {}),
});
const none: ContributionFacts = { unpaid: [], differences: [] };

describe('contributions billed but not received', () => {
  const unpaid = facts({ ...none, unpaid: [{ cityCode: '110100', month: '2026-02', fen: 360_000, lines: 5 }] });

  it('waits for the month to be due (the tenant\'s cut-off day, 25), then reports the arrears with the 第86条 late fee and the fine range', () => {
    expect(contributionNotReceivedRule.evaluate(unpaid, ctx('2026-02-25'))).toEqual([]);
    const [f, ...rest] = contributionNotReceivedRule.evaluate(unpaid, ctx('2026-03-10'));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'contribution_not_received', subject: '110100:2026-02', severity: 'critical', since: '2026-02-26', action: { kind: 'check_bureau' }, details: { billedFen: 360_000, lines: 5 } });
    // Due 2026-02-25, 13 days late on 2026-03-10 (26, 27, 28 Feb and 1..10 Mar): 360,000 fen × 13 × 0.05% = 2,340 fen.
    expect(f!.money).toEqual({ owedFen: 360_000, lateFeeFen: 2_340, fineMinFen: 360_000, fineMaxFen: 1_080_000, overpaidFen: 0 });
    expect(f!.employeeLoss!['zh-CN']).toContain('断缴');
  });

  it('says nothing when the close holds nothing unpaid, or was not read', () => {
    expect(contributionNotReceivedRule.evaluate(facts(none), ctx('2026-03-10'))).toEqual([]);
    expect(contributionNotReceivedRule.evaluate(facts(undefined), ctx('2026-03-10'))).toEqual([]);
  });
});

describe('contributions received but different from expected', () => {
  const d = (month: string, insurance: string, cls: ContributionFacts['differences'][number]['class'], amountFen: number, cityCode = '110100') => ({ cityCode, month, insurance, class: cls, amountFen });

  it('reports a month billed short (the employee missing from the bill, a wrong base) as owed with its late fee', () => {
    const f = facts({ ...none, differences: [d('2026-01', 'pension', 'headcount', -240_000), d('2026-01', 'medical', 'base', -10_000)] });
    const [x, ...rest] = contributionDiffersRule.evaluate(f, ctx('2026-03-10'));
    expect(rest).toEqual([]);
    expect(x).toMatchObject({ ruleId: 'contribution_differs', subject: '110100:2026-01', severity: 'critical', since: '2026-01-01', action: { kind: 'back_payment' },
      details: { classes: ['base', 'headcount'], shortFen: 250_000, overFen: 0 } });
    expect(x!.money.owedFen).toBe(250_000);
    // Due 2026-01-25, 44 days late on 2026-03-10 (6 in January, 28 in February, 10 in March): 250,000 × 44 × 0.05% = 5,500 fen.
    expect(x!.money.lateFeeFen).toBe(5_500);
    expect(x!.employeeLoss!.en).toMatch(/not on the bill/);
    expect(x!.message['zh-CN']).toContain('少缴 2500.00 元');
  });

  it('names an insurance the bill lacks while the others are billed: that insurance is not covered for the month', () => {
    // Medical and maternity lines missing, pension billed as expected (no difference for it).
    const f = facts({ ...none, differences: [d('2026-01', 'maternity', 'headcount', -8_000), d('2026-01', 'medical', 'headcount', -98_000)] });
    const [x, ...rest] = contributionDiffersRule.evaluate(f, ctx('2026-02-10'));
    expect(rest).toEqual([]);
    expect(x).toMatchObject({ details: { classes: ['headcount'], missingInsurances: ['medical', 'maternity'], shortFen: 106_000 }, action: { kind: 'back_payment' } });
    expect(x!.message['zh-CN']).toContain('账单缺少该员工的医疗保险、生育保险');
    expect(x!.message.en).toContain('the bill has no medical insurance and maternity insurance line for the employee');
    expect(x!.employeeLoss).toEqual({
      'zh-CN': '账单上没有该员工的医疗保险、生育保险，该月医疗保险、生育保险可能断缴',
      en: 'the employee is not on the bill for medical insurance and maternity insurance, so the month may be a gap in that coverage',
    });
  });

  it('reports billed over and employee sides not deducted as money the company paid, a warning', () => {
    const f = facts({ ...none, differences: [d('2026-02', 'medical', 'duplicate', 60_000), d('2026-02', 'pension', 'missing_deduction', 80_000), d('2026-02', 'unemployment', 'missing_deduction', -500)] });
    const [x] = contributionDiffersRule.evaluate(f, ctx('2026-03-10'));
    expect(x).toMatchObject({ severity: 'warning', action: { kind: 'review' }, details: { overFen: 60_000, notDeductedFen: 80_000, overDeductedFen: 500 } });
    expect(x!.money).toEqual({ owedFen: 0, lateFeeFen: 0, fineMinFen: 0, fineMaxFen: 0, overpaidFen: 140_000 });
  });

  it('gives one finding per city and month, and leaves one-fen rounding to the close', () => {
    const f = facts({ ...none, differences: [d('2026-01', 'pension', 'rate', 500), d('2026-02', 'pension', 'rate', 500), d('2026-02', 'pension', 'rate', 700, '310100'), d('2026-02', 'medical', 'rounding', 1)] });
    expect(contributionDiffersRule.evaluate(f, ctx('2026-03-10')).map((x) => x.subject)).toEqual(['110100:2026-01', '110100:2026-02', '310100:2026-02']);
    expect(contributionDiffersRule.evaluate(facts({ ...none, differences: [d('2026-02', 'medical', 'rounding', 1)] }), ctx('2026-03-10'))).toEqual([]);
  });

  it('run with the core rules', () => {
    const f = facts({ unpaid: [{ cityCode: '110100', month: '2026-02', fen: 100, lines: 1 }], differences: [d('2026-02', 'pension', 'rate', 500)] });
    expect(evaluateCoreRules(f, ctx('2026-03-10'), [contributionNotReceivedRule, contributionDiffersRule]).map((x) => x.ruleId)).toEqual(['contribution_not_received', 'contribution_differs']);
  });
});
