import { arrearsMoney, overpaidMoney, scaleFen } from './money';
import { monthsBetween } from './months';
import { coveringPeriod, currentBase, currentMonthOf, wagesOfYear } from './facts';
import type { EmployeeRiskFacts, RiskFindingDraft, RiskRule, RiskRuleContext } from './risk-rule.types';

// Base rules: the contribution base in force against the city's floor and cap for this month, and
// whether it was adjusted once a new policy year took effect. Amounts scale the month's total
// linearly with the base (fixed add-ons such as Beijing's 3 yuan are the same on both sides).

const ADJUST = { kind: 'adjust_base' as const, label: { 'zh-CN': '调整缴费基数', en: 'Adjust the contribution base' } };
const yuan = (fen: number) => (fen / 100).toFixed(2);

interface BaseState {
  cityCode: string;
  baseFen: number;
  filedMonth: string;
  allowed: { baseFen: number; policyYear: number; firstMonth: string };
  /** The first month the base in force applies to under this year's figures. */
  from: string;
  /** The months from `from` to this month (built only when a finding needs them). */
  readonly affected: string[];
}

// The three base rules ask the same question of the same facts: answered once per employee and
// scan (the facts object and the context identify both).
const states = new WeakMap<EmployeeRiskFacts, { ctx: RiskRuleContext; state: BaseState | null }>();

function baseState(f: EmployeeRiskFacts, ctx: RiskRuleContext): BaseState | null {
  const known = states.get(f);
  if (known && known.ctx === ctx) return known.state;
  const state = computeBaseState(f, ctx);
  states.set(f, { ctx, state });
  return state;
}

function computeBaseState(f: EmployeeRiskFacts, ctx: RiskRuleContext): BaseState | null {
  const current = currentMonthOf(ctx.today);
  if (f.terminationDate && f.terminationDate.slice(0, 7) < current) return null;
  const period = coveringPeriod(f, current);
  if (!period) return null;
  const base = currentBase(f, period.cityCode);
  if (!base) return null;
  const allowed = ctx.policy.allowedBase(period.cityCode, current, base.baseFen, f.hukou);
  if (!allowed) return null;
  const from = [base.month, allowed.firstMonth, period.startMonth].sort().at(-1)!;
  let affected: string[] | undefined;
  return {
    cityCode: period.cityCode, baseFen: base.baseFen, filedMonth: base.month, allowed, from,
    get affected() {
      return (affected ??= monthsBetween(from, current));
    },
  };
}

function perMonth(f: EmployeeRiskFacts, ctx: RiskRuleContext, s: BaseState, referenceBase: number, diff: number) {
  return s.affected.map((month) => {
    const total = ctx.policy.monthlyTotalFen(s.cityCode, month, referenceBase, f.hukou) ?? 0;
    return { month, fen: scaleFen(total, Math.abs(diff), referenceBase) };
  });
}

export const baseBelowFloorRule: RiskRule = {
  id: 'base_below_floor',
  title: { 'zh-CN': '缴费基数低于下限', en: 'Contribution base below the floor' },
  evaluate(f, ctx) {
    const s = baseState(f, ctx);
    if (!s || s.allowed.baseFen <= s.baseFen) return [];
    const months = perMonth(f, ctx, s, s.allowed.baseFen, s.allowed.baseFen - s.baseFen);
    return [{
      ruleId: this.id,
      subject: s.cityCode,
      severity: 'critical',
      since: `${s.from}-01`,
      message: { 'zh-CN': `缴费基数 ${yuan(s.baseFen)} 元低于 ${s.allowed.policyYear} 年度下限 ${yuan(s.allowed.baseFen)} 元`, en: `the base ${yuan(s.baseFen)} yuan is below the ${s.allowed.policyYear} floor of ${yuan(s.allowed.baseFen)} yuan` },
      employeeLoss: { 'zh-CN': '少缴部分会减少个人账户积累和将来的养老金', en: 'the shortfall lowers the personal account and the future pension' },
      action: ADJUST,
      money: arrearsMoney(months, f, ctx, s.cityCode),
      details: { baseFen: s.baseFen, floorFen: s.allowed.baseFen, policyYear: s.allowed.policyYear, months: s.affected.length },
    } satisfies RiskFindingDraft];
  },
};

export const baseAboveCapRule: RiskRule = {
  id: 'base_above_cap',
  title: { 'zh-CN': '缴费基数高于上限', en: 'Contribution base above the cap' },
  evaluate(f, ctx) {
    const s = baseState(f, ctx);
    if (!s || s.allowed.baseFen >= s.baseFen) return [];
    const months = perMonth(f, ctx, s, s.allowed.baseFen, s.baseFen - s.allowed.baseFen);
    return [{
      ruleId: this.id,
      subject: s.cityCode,
      severity: 'warning',
      since: `${s.from}-01`,
      message: { 'zh-CN': `缴费基数 ${yuan(s.baseFen)} 元高于 ${s.allowed.policyYear} 年度上限 ${yuan(s.allowed.baseFen)} 元`, en: `the base ${yuan(s.baseFen)} yuan is above the ${s.allowed.policyYear} cap of ${yuan(s.allowed.baseFen)} yuan` },
      employeeLoss: null,
      action: ADJUST,
      money: overpaidMoney(months.reduce((a, m) => a + m.fen, 0)),
      details: { baseFen: s.baseFen, capFen: s.allowed.baseFen, policyYear: s.allowed.policyYear, months: s.affected.length },
    } satisfies RiskFindingDraft];
  },
};

/** The base was filed in an earlier policy year and differs from the new year's annual base (last year's average wage, clamped). */
export const baseNotAdjustedRule: RiskRule = {
  id: 'base_not_adjusted',
  title: { 'zh-CN': '新年度未调整缴费基数', en: 'Base not adjusted for the new policy year' },
  evaluate(f, ctx) {
    const s = baseState(f, ctx);
    if (!s || s.allowed.baseFen !== s.baseFen) return []; // out of range: the floor/cap rules speak
    // Filed before the current policy year began: the base should have been re-declared since.
    if (s.filedMonth >= s.allowed.firstMonth) return [];
    const current = currentMonthOf(ctx.today);
    const expected = ctx.policy.annualBase(s.cityCode, current, wagesOfYear(f, s.allowed.policyYear - 1));
    if (expected === s.baseFen) return [];
    const diff = expected === null ? 0 : expected - s.baseFen;
    const months = expected === null ? [] : perMonth(f, ctx, s, expected, diff);
    const total = months.reduce((a, m) => a + m.fen, 0);
    return [{
      ruleId: this.id,
      subject: s.cityCode,
      severity: 'warning',
      since: `${s.from}-01`,
      message: expected === null
        ? { 'zh-CN': `缴费基数仍为 ${s.filedMonth} 申报的数额，${s.allowed.policyYear} 年度尚未调整（缺少上年工资记录，无法算出新基数）`, en: `the base is still the one filed in ${s.filedMonth}; it has not been adjusted for ${s.allowed.policyYear} (no wages of last year to compute the new base)` }
        : { 'zh-CN': `缴费基数仍为 ${yuan(s.baseFen)} 元，${s.allowed.policyYear} 年度应为 ${yuan(expected)} 元`, en: `the base is still ${yuan(s.baseFen)} yuan; for ${s.allowed.policyYear} it should be ${yuan(expected)} yuan` },
      employeeLoss: diff > 0 ? { 'zh-CN': '少缴部分会减少个人账户积累和将来的养老金', en: 'the shortfall lowers the personal account and the future pension' } : null,
      action: ADJUST,
      money: diff > 0 ? arrearsMoney(months, f, ctx, s.cityCode) : overpaidMoney(total),
      details: { baseFen: s.baseFen, expectedBaseFen: expected, filedMonth: s.filedMonth, policyYear: s.allowed.policyYear },
    } satisfies RiskFindingDraft];
  },
};

/** The employee's quote this month uses figures carried forward from an earlier policy year (provisional). */
export const provisionalFiguresRule: RiskRule = {
  id: 'provisional_figures',
  title: { 'zh-CN': '使用暂定政策数据', en: 'Provisional policy figures' },
  evaluate(f, ctx) {
    const current = currentMonthOf(ctx.today);
    if (f.terminationDate && f.terminationDate.slice(0, 7) < current) return [];
    const city = coveringPeriod(f, current)?.cityCode ?? f.cityCode;
    const p = ctx.policy.provisional(city, current, f.hukou);
    if (!p?.provisional) return [];
    return [{
      ruleId: this.id,
      subject: city,
      severity: 'info',
      since: `${current}-01`,
      message: {
        'zh-CN': `${p.policyYear} 年度部分缴费数据尚未公布，暂按 ${p.from.join('、')} 年度数据计算，公布后需补差`,
        en: `some ${p.policyYear} figures are not published yet; amounts use the ${p.from.join(', ')} figures and are settled when published`,
      },
      employeeLoss: null,
      action: { kind: 'review', label: { 'zh-CN': '查看政策数据', en: 'Review the policy figures' } },
      money: { owedFen: 0, lateFeeFen: 0, fineMinFen: 0, fineMaxFen: 0, overpaidFen: 0 },
      details: { policyYear: p.policyYear, carriedFrom: p.from },
    } satisfies RiskFindingDraft];
  },
};
