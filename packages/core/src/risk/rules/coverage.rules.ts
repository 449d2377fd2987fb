import { arrearsMoney } from './money';
import { addDays, addMonths, daysBetween, monthFromIndex, monthIndex, monthsBetween } from './months';
import { currentMonthOf, lastEmployedMonth, pendingEnrollments, wageIn } from './facts';
import type { RiskFindingDraft, RiskRule } from './risk-rule.types';

// Coverage rules: an enrollment not confirmed by the warning day, and months without coverage.

export const LEGAL_ENROLLMENT_DAYS = 30;

const NO_BENEFITS_LOSS = {
  'zh-CN': '未参保期间发生的医疗费用不能由医保报销，工伤不能由工伤保险基金支付',
  en: 'while not enrolled, medical bills are not reimbursed and a work injury is not paid by the injury fund',
};

/** An enrollment (增员) neither confirmed nor cancelled once the warning day after the hire (or transfer) has passed. */
export const enrollmentNotConfirmedRule: RiskRule = {
  id: 'enrollment_not_confirmed',
  title: { 'zh-CN': '增员未在提醒日前确认', en: 'Enrollment not confirmed by the warning day' },
  evaluate(f, ctx) {
    const out: RiskFindingDraft[] = [];
    for (const p of pendingEnrollments(f)) {
      const anchor = f.hireDate > `${p.month}-01` ? f.hireDate : `${p.month}-01`;
      const since = addDays(anchor, ctx.settings.warningDay);
      if (ctx.today < since) continue;
      const last = lastEmployedMonth(f, ctx.today);
      const months = monthsBetween(p.month, last).map((month) => ({ month, fen: ctx.policy.monthlyTotalFen(p.cityCode, month, wageIn(f, month), f.hukou) ?? 0 }));
      const overdue = daysBetween(anchor, ctx.today) > LEGAL_ENROLLMENT_DAYS;
      const filed = p.status === 'submitted' || p.status === 'submitting';
      out.push({
        ruleId: this.id,
        subject: p.cityCode,
        severity: overdue ? 'critical' : 'warning',
        since,
        message: {
          'zh-CN': `${p.month} 起的增员${filed ? '已提交但经办机构尚未确认' : '尚未提交或被退回'}${overdue ? '，已超过 30 日法定期限' : ''}`,
          en: `the enrollment from ${p.month} is ${filed ? 'filed but not yet confirmed by the bureau' : 'not filed or was rejected'}${overdue ? ', past the 30-day legal deadline' : ''}`,
        },
        employeeLoss: NO_BENEFITS_LOSS,
        action: filed
          ? { kind: 'check_bureau', label: { 'zh-CN': '查询经办机构回执', en: "Check the bureau's receipt" } }
          : { kind: 'start_enrollment', label: { 'zh-CN': '办理增员', en: 'Start the enrollment' } },
        money: arrearsMoney(months, f, ctx, p.cityCode),
        details: { month: p.month, status: p.status, legalDeadline: addDays(anchor, LEGAL_ENROLLMENT_DAYS), moneyKnown: months.every((m) => m.fen > 0) },
      });
    }
    return out;
  },
};

/**
 * A coverage gap (断缴): a run of months the employee was employed with no coverage period and no
 * back-payment line in the close, unless an enrollment for it is still under way (reported by the enrollment rule). A run longer than the
 * tenant's threshold is critical (qualifications reset); a shorter one can usually still be paid
 * late (补缴) and is a warning.
 */
export const coverageGapRule: RiskRule = {
  id: 'coverage_gap',
  title: { 'zh-CN': '断缴', en: 'Coverage gap' },
  evaluate(f, ctx) {
    const first = f.hireDate.slice(0, 7);
    const last = lastEmployedMonth(f, ctx.today);
    const pending = pendingEnrollments(f);
    // Month indexes, not strings: a month is explained from the earliest pending enrollment on, and
    // covered within a period; month keys are built only for the months of a gap.
    let explainedFrom = Infinity;
    for (const p of pending) explainedFrom = Math.min(explainedFrom, monthIndex(p.month));
    const spans = f.periods.map((p) => [monthIndex(p.startMonth), p.endMonth === null ? Infinity : monthIndex(p.endMonth)] as const);
    // A month the close holds a back-payment (补缴) line for in the work city is paid late: no longer a gap.
    for (const b of f.contributions?.backPaid ?? []) if (b.cityCode === f.cityCode) spans.push([monthIndex(b.month), monthIndex(b.month)] as const);
    const runs: string[][] = [];
    let run: string[] = [];
    for (let i = monthIndex(first), end = monthIndex(last); i <= end; i++) {
      if (i < explainedFrom && !spans.some(([a, b]) => a <= i && i <= b)) run.push(monthFromIndex(i));
      else if (run.length) (runs.push(run), (run = []));
    }
    if (run.length) runs.push(run);
    // The current month is not a gap yet while the enrollment of a hire made this month is still on time.
    const current = currentMonthOf(ctx.today);
    return runs
      .filter((r) => !(r.length === 1 && r[0] === current && ctx.today < addDays(f.hireDate, ctx.settings.warningDay)))
      .map((r) => {
        const from = r[0]!;
        const to = r[r.length - 1]!;
        const months = r.map((month) => ({ month, fen: ctx.policy.monthlyTotalFen(f.cityCode, month, wageIn(f, month), f.hukou) ?? 0 }));
        const long = r.length > ctx.settings.gapThresholdMonths;
        return {
          ruleId: 'coverage_gap',
          subject: from,
          severity: long ? 'critical' : 'warning',
          since: `${from}-01`,
          message: {
            'zh-CN': `在职期间 ${from}${to === from ? '' : ` 至 ${to}`} 共 ${r.length} 个月没有参保`,
            en: `no coverage for ${r.length} month${r.length === 1 ? '' : 's'} of employment (${from}${to === from ? '' : ` to ${to}`})`,
          },
          employeeLoss: long
            ? {
                'zh-CN': '医保待遇中断，重新参保后可能有等待期；购房、落户、子女入学所需的连续缴费年限可能重新计算',
                en: 'medical benefits stop and may restart only after a waiting period; the continuous contribution record needed to buy a home, register hukou or enrol a child may restart from zero',
              }
            : { 'zh-CN': '断缴月份的医疗费用不能报销，需尽快补缴', en: 'medical bills of the gap months are not reimbursed until the months are paid late' },
          action: { kind: 'back_payment', label: { 'zh-CN': '办理补缴', en: 'Create the back-payment' } },
          money: arrearsMoney(months, f, ctx, f.cityCode),
          details: { from, to, months: r.length, thresholdMonths: ctx.settings.gapThresholdMonths, moneyKnown: months.every((m) => m.fen > 0), nextMonth: addMonths(to, 1) },
        } satisfies RiskFindingDraft;
      });
  },
};
