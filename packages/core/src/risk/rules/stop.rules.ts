import { overpaidMoney } from './money';
import { addDays, addMonths, monthsBetween } from './months';
import { currentMonthOf, lastEmployedMonth, wageIn } from './facts';
import { NO_MONEY, type EmployeeRiskFacts, type RiskFindingDraft, type RiskRule } from './risk-rule.types';

// Leaver rules: a stop (减员) not filed or not confirmed after the last working day, and coverage
// still paid for months after the last covered month (an overpayment).

const FILED = new Set(['pending_approval', 'submitting', 'submitted', 'confirmed']);

/** Cities where a leaver still has coverage reaching past the last covered month. */
function openAfterLeave(f: EmployeeRiskFacts, today: string) {
  if (!f.terminationDate || today <= f.terminationDate) return [];
  const last = lastEmployedMonth(f, today);
  return f.periods.filter((p) => p.endMonth === null || p.endMonth > last).map((p) => ({ period: p, lastCovered: last }));
}

const FILE_STOP = { kind: 'file_stop' as const, label: { 'zh-CN': '办理减员', en: 'File the stop' } };

export const stopNotFiledRule: RiskRule = {
  id: 'stop_not_filed',
  title: { 'zh-CN': '离职未减员', en: 'Stop not filed after a leave' },
  evaluate(f, ctx) {
    return openAfterLeave(f, ctx.today)
      .filter(({ period }) => !f.tasks.some((t) => t.kind === 'stop' && t.cityCode === period.cityCode && FILED.has(t.status)))
      .map(({ period, lastCovered }) => ({
        ruleId: this.id,
        subject: period.cityCode,
        severity: 'critical',
        since: addDays(f.terminationDate!, 1),
        message: {
          'zh-CN': `员工已于 ${f.terminationDate} 离职，尚未办理减员（应缴至 ${lastCovered}）`,
          en: `the employee left on ${f.terminationDate} and no stop has been filed (covered through ${lastCovered})`,
        },
        employeeLoss: { 'zh-CN': '新单位无法为其办理增员，新工作的参保可能因此中断', en: 'a new employer cannot enroll the employee, so the new coverage may be interrupted' },
        action: FILE_STOP,
        money: NO_MONEY,
        details: { lastCoveredMonth: lastCovered },
      }) satisfies RiskFindingDraft);
  },
};

export const stopNotConfirmedRule: RiskRule = {
  id: 'stop_not_confirmed',
  title: { 'zh-CN': '减员未确认', en: 'Stop not confirmed' },
  evaluate(f, ctx) {
    const out: RiskFindingDraft[] = [];
    for (const { period, lastCovered } of openAfterLeave(f, ctx.today)) {
      const stops = f.tasks.filter((t) => t.kind === 'stop' && t.cityCode === period.cityCode && t.status !== 'cancelled');
      if (stops.length === 0 || stops.some((t) => t.status === 'confirmed')) continue;
      const latest = stops.reduce((a, b) => (b.month > a.month ? b : a));
      out.push({
        ruleId: this.id,
        subject: period.cityCode,
        severity: latest.status === 'rejected' ? 'critical' : 'warning',
        since: addDays(f.terminationDate!, 1),
        message: {
          'zh-CN': latest.status === 'rejected' ? `减员（缴至 ${latest.month}）被经办机构退回` : `减员（缴至 ${latest.month}）已提交，经办机构尚未确认`,
          en: latest.status === 'rejected' ? `the stop (covered through ${latest.month}) was rejected by the bureau` : `the stop (covered through ${latest.month}) is filed but not yet confirmed by the bureau`,
        },
        employeeLoss: null,
        action: latest.status === 'rejected' ? FILE_STOP : { kind: 'check_bureau', label: { 'zh-CN': '查询经办机构回执', en: "Check the bureau's receipt" } },
        money: NO_MONEY,
        details: { status: latest.status, lastCoveredMonth: lastCovered },
      });
    }
    return out;
  },
};

/** Coverage still open (or ending late) after the last covered month: each month paid for a leaver is overpaid. */
export const coverageAfterLeaveRule: RiskRule = {
  id: 'coverage_after_leave',
  title: { 'zh-CN': '离职后仍在缴费', en: 'Coverage still open after the last working month' },
  evaluate(f, ctx) {
    const current = currentMonthOf(ctx.today);
    const out: RiskFindingDraft[] = [];
    for (const { period, lastCovered } of openAfterLeave(f, ctx.today)) {
      const from = addMonths(lastCovered, 1) > period.startMonth ? addMonths(lastCovered, 1) : period.startMonth;
      const to = period.endMonth !== null && period.endMonth < current ? period.endMonth : current;
      const months = monthsBetween(from, to);
      if (months.length === 0) continue;
      const fens = months.map((m) => ctx.policy.monthlyTotalFen(period.cityCode, m, wageIn(f, m), f.hukou) ?? 0);
      out.push({
        ruleId: this.id,
        subject: period.cityCode,
        severity: 'critical',
        since: `${from}-01`,
        message: {
          'zh-CN': `离职后 ${from}${to === from ? '' : ` 至 ${to}`} 共 ${months.length} 个月仍在参保缴费`,
          en: `coverage is still paid for ${months.length} month${months.length === 1 ? '' : 's'} after the leave (${from}${to === from ? '' : ` to ${to}`})`,
        },
        employeeLoss: null,
        action: FILE_STOP,
        money: overpaidMoney(fens.reduce((a, b) => a + b, 0)),
        details: { from, to, months: months.length, lastCoveredMonth: lastCovered, moneyKnown: fens.every((x) => x > 0) },
      });
    }
    return out;
  },
};
