import { describe, expect, it } from 'vitest';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { contributionDueDate } from '../../close/index';
import { createRiskPolicy } from '../risk.policy';
import {
  baseAboveCapRule,
  baseBelowFloorRule,
  baseNotAdjustedRule,
  coverageAfterLeaveRule,
  coverageGapRule,
  DEFAULT_RISK_SETTINGS,
  enrollmentNotConfirmedRule,
  evaluateCoreRules,
  provisionalFiguresRule,
  stopNotConfirmedRule,
  stopNotFiledRule,
  type EmployeeRiskFacts,
  type RiskPolicy,
  type RiskRuleContext,
} from './index';

// A policy with round figures: the month costs 40% of the base; the floor is 5,000 yuan and the
// cap 30,000 yuan; a policy year runs July–June, and from 2026-07 the floor is 6,000 yuan.
const fakePolicy: RiskPolicy = {
  monthlyTotalFen: (_c, _m, fen) => Math.round(fen * 0.4),
  allowedBase: (_c, month, fen) => {
    const year = month >= '2026-07' ? 2026 : month >= '2025-07' ? 2025 : 2024;
    const floor = year === 2026 ? 600_000 : 500_000;
    return { baseFen: Math.min(3_000_000, Math.max(floor, fen)), policyYear: year, firstMonth: `${year}-07` };
  },
  dueDate: contributionDueDate,
  provisional: (city) => (city === '310100' ? { provisional: true, from: [2024], policyYear: 2025 } : { provisional: false, from: [], policyYear: 2025 }),
  annualBase: (_c, _m, wages) => {
    const v = Object.values(wages);
    return v.length ? Math.min(3_000_000, Math.max(600_000, Math.round(v.reduce((a, b) => a + b, 0) / v.length))) : null;
  },
};

const ctx = (today: string, over: Partial<RiskRuleContext> = {}): RiskRuleContext => ({ today, settings: DEFAULT_RISK_SETTINGS, policy: fakePolicy, ...over });

/** A healthy employee: hired 2025-07-07 in Beijing at 10,000 yuan, enrolled and covered since. */
const healthy = (over: Partial<EmployeeRiskFacts> = {}): EmployeeRiskFacts => ({
  employeeId: 'e1',
  cityCode: '110100',
  hukou: 'local',
  hireDate: '2025-07-07',
  terminationDate: null,
  cutoffDay: 25,
  wageFen: 1_000_000,
  wages: [{ from: '2025-07-07', fen: 1_000_000 }],
  periods: [{ cityCode: '110100', startMonth: '2025-07', endMonth: null }],
  tasks: [{ kind: 'enrollment', status: 'confirmed', cityCode: '110100', month: '2025-07', baseFen: 1_000_000 }],
  ...over,
});

describe('core risk rules', () => {
  it('find nothing for an employee with nothing wrong', () => {
    expect(evaluateCoreRules(healthy(), ctx('2026-03-10'))).toEqual([]);
  });

  describe('enrollment not confirmed by the warning day', () => {
    const hire = { hireDate: '2026-03-02', wages: [{ from: '2026-03-02', fen: 1_000_000 }], periods: [] };
    const pending = (status: 'submitted' | 'rejected') => healthy({ ...hire, tasks: [{ kind: 'enrollment', status, cityCode: '110100', month: '2026-03', baseFen: null }] });

    it('is silent before the warning day and reports from it', () => {
      expect(enrollmentNotConfirmedRule.evaluate(pending('submitted'), ctx('2026-03-26'))).toEqual([]);
      const [f] = enrollmentNotConfirmedRule.evaluate(pending('submitted'), ctx('2026-03-27'));
      expect(f).toMatchObject({ ruleId: 'enrollment_not_confirmed', subject: '110100', severity: 'warning', since: '2026-03-27', action: { kind: 'check_bureau' } });
      expect(f!.money.owedFen).toBe(400_000);
    });

    it('is critical past the 30-day deadline and counts the late fee from the due date (第86条)', () => {
      const [f] = enrollmentNotConfirmedRule.evaluate(pending('rejected'), ctx('2026-04-10'));
      expect(f).toMatchObject({ severity: 'critical', action: { kind: 'start_enrollment' } });
      // March and April owed; March due 2026-03-25 (the tenant's cut-off day), 16 days late on
      // 2026-04-10: 400,000 × 16 × 0.05% = 3,200 fen; April not due yet.
      expect(f!.money.owedFen).toBe(800_000);
      expect(f!.money.lateFeeFen).toBe(3_200);
      expect(f!.money.fineMaxFen).toBe(2_400_000);
    });

    it('follows the tenant warning day', () => {
      expect(enrollmentNotConfirmedRule.evaluate(pending('submitted'), ctx('2026-03-14', { settings: { ...DEFAULT_RISK_SETTINGS, warningDay: 10 } }))).toHaveLength(1);
    });
  });

  describe('coverage gap', () => {
    const withBreak = healthy({
      periods: [
        { cityCode: '110100', startMonth: '2025-07', endMonth: '2025-09' },
        { cityCode: '110100', startMonth: '2026-01', endMonth: null },
      ],
    });

    it('reports employed months without coverage as one gap with the owed money', () => {
      const [f, ...rest] = coverageGapRule.evaluate(withBreak, ctx('2026-03-10'));
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ ruleId: 'coverage_gap', subject: '2025-10', severity: 'critical', since: '2025-10-01', details: { from: '2025-10', to: '2025-12', months: 3 } });
      expect(f!.money.owedFen).toBe(1_200_000);
      expect(f!.money.lateFeeFen).toBeGreaterThan(0);
      expect(f!.employeeLoss!.en).toMatch(/waiting period/);
    });

    it('grades a gap within the threshold a warning', () => {
      const short = healthy({ periods: [{ cityCode: '110100', startMonth: '2025-07', endMonth: '2025-09' }, { cityCode: '110100', startMonth: '2025-11', endMonth: null }] });
      expect(coverageGapRule.evaluate(short, ctx('2026-03-10'))[0]).toMatchObject({ severity: 'warning', details: { months: 1 } });
      expect(coverageGapRule.evaluate(short, ctx('2026-03-10', { settings: { ...DEFAULT_RISK_SETTINGS, gapThresholdMonths: 0 } }))[0]!.severity).toBe('critical');
    });

    it('leaves months of a pending enrollment to the enrollment rule', () => {
      const f = healthy({ hireDate: '2026-02-10', periods: [], tasks: [{ kind: 'enrollment', status: 'submitted', cityCode: '110100', month: '2026-02', baseFen: null }] });
      expect(coverageGapRule.evaluate(f, ctx('2026-03-20'))).toEqual([]);
    });

    it('counts months the close holds a back-payment line for (in the work city) as paid late, not a gap', () => {
      const backPaid = (months: string[], cityCode = '110100') => ({ ...withBreak, contributions: { unpaid: [], differences: [], backPaid: months.map((month) => ({ cityCode, month })) } });
      expect(coverageGapRule.evaluate(backPaid(['2025-10', '2025-11', '2025-12']), ctx('2026-03-10'))).toEqual([]);
      expect(coverageGapRule.evaluate(backPaid(['2025-10']), ctx('2026-03-10'))[0]).toMatchObject({ details: { from: '2025-11', to: '2025-12', months: 2 } });
      expect(coverageGapRule.evaluate(backPaid(['2025-10', '2025-11', '2025-12'], '310100'), ctx('2026-03-10'))[0]).toMatchObject({ details: { months: 3 } });
    });

    it('counts coverage in another city (a transfer) as covered', () => {
      const moved = healthy({ periods: [{ cityCode: '110100', startMonth: '2025-07', endMonth: '2025-10' }, { cityCode: '310100', startMonth: '2025-11', endMonth: null }] });
      expect(coverageGapRule.evaluate(moved, ctx('2026-03-10'))).toEqual([]);
    });
  });

  describe('leavers', () => {
    // Left 2026-01-20 (before the cut-off day 25): covered through 2025-12.
    const leaver = (over: Partial<EmployeeRiskFacts> = {}) => healthy({ terminationDate: '2026-01-20', ...over });

    it('report a stop not filed and the overpaid months while coverage stays open', () => {
      const f = leaver();
      const [notFiled] = stopNotFiledRule.evaluate(f, ctx('2026-03-10'));
      expect(notFiled).toMatchObject({ ruleId: 'stop_not_filed', subject: '110100', since: '2026-01-21', action: { kind: 'file_stop' } });
      const [after] = coverageAfterLeaveRule.evaluate(f, ctx('2026-03-10'));
      expect(after).toMatchObject({ ruleId: 'coverage_after_leave', since: '2026-01-01', details: { from: '2026-01', to: '2026-03', months: 3 } });
      expect(after!.money.overpaidFen).toBe(1_200_000);
      expect(stopNotConfirmedRule.evaluate(f, ctx('2026-03-10'))).toEqual([]);
    });

    it('report a filed stop the bureau has not confirmed instead of a missing one', () => {
      const f = leaver({ tasks: [...healthy().tasks, { kind: 'stop', status: 'submitted', cityCode: '110100', month: '2025-12', baseFen: null }] });
      expect(stopNotFiledRule.evaluate(f, ctx('2026-03-10'))).toEqual([]);
      expect(stopNotConfirmedRule.evaluate(f, ctx('2026-03-10'))[0]).toMatchObject({ severity: 'warning', action: { kind: 'check_bureau' } });
    });

    it('find nothing once the coverage ended with the last covered month', () => {
      const f = leaver({
        periods: [{ cityCode: '110100', startMonth: '2025-07', endMonth: '2025-12' }],
        tasks: [...healthy().tasks, { kind: 'stop', status: 'confirmed', cityCode: '110100', month: '2025-12', baseFen: null }],
      });
      expect(evaluateCoreRules(f, ctx('2026-03-10'))).toEqual([]);
    });

    it('wait for the last working day to pass', () => {
      expect(stopNotFiledRule.evaluate(healthy({ terminationDate: '2026-03-20' }), ctx('2026-03-20'))).toEqual([]);
    });
  });

  describe('contribution base', () => {
    it('reports a base below the floor with the shortfall owed per month', () => {
      const f = healthy({ tasks: [{ kind: 'enrollment', status: 'confirmed', cityCode: '110100', month: '2026-01', baseFen: 400_000 }], periods: [{ cityCode: '110100', startMonth: '2026-01', endMonth: null }], hireDate: '2026-01-05' });
      const [below] = baseBelowFloorRule.evaluate(f, ctx('2026-03-10'));
      // Jan–Mar, 1,000 yuan short each month at 40%.
      expect(below).toMatchObject({ ruleId: 'base_below_floor', since: '2026-01-01', details: { floorFen: 500_000 } });
      expect(below!.money.owedFen).toBe(3 * 40_000);
      expect(baseAboveCapRule.evaluate(f, ctx('2026-03-10'))).toEqual([]);
    });

    it('takes a base corrected within the same month (the later filing) as the base in force', () => {
      const typo = { kind: 'enrollment' as const, status: 'confirmed' as const, cityCode: '110100', month: '2026-01', baseFen: 150_000 };
      const fixed = { ...typo, baseFen: 1_000_000 };
      const f = (tasks: EmployeeRiskFacts['tasks']) => healthy({ tasks, periods: [{ cityCode: '110100', startMonth: '2026-01', endMonth: null }], hireDate: '2026-01-05' });
      expect(baseBelowFloorRule.evaluate(f([typo, fixed]), ctx('2026-01-20'))).toEqual([]);
      // The other order: the typo filed after the right base is what the bureau now holds.
      expect(baseBelowFloorRule.evaluate(f([fixed, typo]), ctx('2026-01-20'))).toHaveLength(1);
    });

    it('reports a base above the cap as overpaid', () => {
      const f = healthy({ tasks: [{ kind: 'enrollment', status: 'confirmed', cityCode: '110100', month: '2025-07', baseFen: 3_500_000 }] });
      const [above] = baseAboveCapRule.evaluate(f, ctx('2025-08-10'));
      expect(above).toMatchObject({ ruleId: 'base_above_cap', since: '2025-07-01' });
      expect(above!.money.overpaidFen).toBe(2 * 200_000);
    });

    it('reports a base not adjusted after the new policy year took effect', () => {
      const f = healthy({ wages: [{ from: '2025-07-07', fen: 1_000_000 }, { from: '2025-10-01', fen: 1_200_000 }] });
      expect(baseNotAdjustedRule.evaluate(f, ctx('2026-06-10'))).toEqual([]);
      const [n] = baseNotAdjustedRule.evaluate(f, ctx('2026-08-10'));
      // 2025 average over the months employed: (3 × 10,000 + 3 × 12,000) / 6 = 11,000 yuan.
      expect(n).toMatchObject({ ruleId: 'base_not_adjusted', since: '2026-07-01', details: { expectedBaseFen: 1_100_000, policyYear: 2026 } });
      expect(n!.money.owedFen).toBe(2 * 40_000);
    });

    it('does not report a base already equal to the new annual base', () => {
      const f = healthy();
      expect(baseNotAdjustedRule.evaluate(f, ctx('2026-08-10'))).toEqual([]);
    });
  });

  it('lists an employee whose figures are provisional', () => {
    const f = healthy({ cityCode: '310100', periods: [{ cityCode: '310100', startMonth: '2025-07', endMonth: null }] });
    expect(provisionalFiguresRule.evaluate(f, ctx('2026-03-10'))[0]).toMatchObject({ ruleId: 'provisional_figures', severity: 'info', details: { carriedFrom: [2024] } });
    expect(provisionalFiguresRule.evaluate(healthy(), ctx('2026-03-10'))).toEqual([]);
  });
});

describe('risk policy over the shipped policy library', () => {
  const policy = createRiskPolicy(getDefaultPolicyLibrary());

  it('clamps a base to the city floor and answers a month total', () => {
    const allowed = policy.allowedBase('110100', '2024-09', 100_000, 'local');
    expect(allowed).not.toBeNull();
    expect(allowed!.baseFen).toBeGreaterThan(100_000);
    expect(policy.monthlyTotalFen('110100', '2024-09', 1_000_000, 'local')).toBeGreaterThan(0);
  });

  it('says null rather than guessing for a city it does not know', () => {
    expect(policy.monthlyTotalFen('999999', '2024-09', 1_000_000, 'local')).toBeNull();
    expect(policy.allowedBase('999999', '2024-09', 1_000_000, 'local')).toBeNull();
  });
});
