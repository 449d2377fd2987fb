import { INSURANCE_NAMES, insuranceList } from '../../shared/index';
import { arrearsMoney, dueDateIn } from './money';
import { addDays } from './months';
import type { ContributionFacts, EmployeeRiskFacts, RiskFindingDraft, RiskMoney, RiskRule, RiskRuleContext } from './risk-rule.types';

// Contribution rules over the monthly close's data (issue #15, item 1, fifth point):
// - billed but not received: the bureau's bill charges the employee for a month and no tax
//   e-voucher (税务电子缴款凭证号) shows the payment was received, after the month's due date:
//   the month is in arrears (第86条 late fee runs) and the employee's coverage for it is broken;
// - received but different from expected: the close's three-way match left a difference open for
//   the employee's month (billed or deducted differs from the expected line). A one-fen rounding
//   drift is left to the close; everything else is money at stake until HR resolves it there.

const yuan = (fen: number) => (fen / 100).toFixed(2);
const key = (cityCode: string, month: string) => `${cityCode}:${month}`;

export const contributionNotReceivedRule: RiskRule = {
  id: 'contribution_not_received',
  title: { 'zh-CN': '已出账未缴款', en: 'Contributions billed but not received' },
  evaluate(f: EmployeeRiskFacts, ctx: RiskRuleContext): RiskFindingDraft[] {
    return (f.contributions?.unpaid ?? [])
      .filter((u) => u.fen > 0 && ctx.today > dueDateIn(f, ctx, u.cityCode, u.month))
      .map((u) => ({
        ruleId: this.id,
        subject: key(u.cityCode, u.month),
        severity: 'critical',
        since: addDays(dueDateIn(f, ctx, u.cityCode, u.month), 1),
        message: {
          'zh-CN': `${u.month} 社保账单应缴 ${yuan(u.fen)} 元，逾期仍无缴款凭证`,
          en: `the ${u.month} bill charges ${yuan(u.fen)} yuan and no payment voucher shows it was received after the due date`,
        },
        employeeLoss: {
          'zh-CN': '该月未到账即为断缴：医保可能进入等待期，购房、落户等连续缴费资格可能重新计算',
          en: 'an unpaid month is a gap: medical cover may restart with a waiting period and continuous-contribution qualifications (home purchase, residence) may reset',
        },
        action: { kind: 'check_bureau', label: { 'zh-CN': '核实缴款并补缴', en: 'Check the payment and pay it' } },
        money: arrearsMoney([{ month: u.month, fen: u.fen }], f, ctx, u.cityCode),
        details: { month: u.month, billedFen: u.fen, lines: u.lines },
      }) satisfies RiskFindingDraft);
  },
};

interface MonthDiff {
  cityCode: string;
  month: string;
  /** Billed less than expected (a line missing from the bill, a base or rate too low): still owed. */
  shortFen: number;
  /** Billed more than expected (a leaver still billed, a duplicate line, a base too high). */
  overFen: number;
  /** The employee side payroll did not withhold (expected minus deducted, when positive). */
  notDeductedFen: number;
  /** Withheld beyond the expected employee side: owed back to the employee. */
  overDeductedFen: number;
  classes: Set<string>;
  /** Insurances expected for the month whose line the bill lacks (all of them: the employee is not on the bill). */
  missingFromBill: Set<string>;
}

function byMonth(f: EmployeeRiskFacts): MonthDiff[] {
  const out = new Map<string, MonthDiff>();
  for (const d of f.contributions?.differences ?? []) {
    if (d.class === 'rounding' || d.amountFen === 0) continue;
    const k = key(d.cityCode, d.month);
    let m = out.get(k);
    if (!m) out.set(k, (m = { cityCode: d.cityCode, month: d.month, shortFen: 0, overFen: 0, notDeductedFen: 0, overDeductedFen: 0, classes: new Set(), missingFromBill: new Set() }));
    m.classes.add(d.class);
    if (d.class === 'missing_deduction') {
      if (d.amountFen > 0) m.notDeductedFen += d.amountFen;
      else m.overDeductedFen -= d.amountFen;
    } else if (d.amountFen < 0) {
      m.shortFen -= d.amountFen;
      if (d.class === 'headcount') m.missingFromBill.add(d.insurance);
    } else {
      m.overFen += d.amountFen;
    }
  }
  return [...out.values()].sort((a, b) => a.month.localeCompare(b.month) || a.cityCode.localeCompare(b.cityCode));
}

function describe(m: MonthDiff): { zh: string; en: string } {
  const zh: string[] = [];
  const en: string[] = [];
  if (m.missingFromBill.size) {
    const names = insuranceList(m.missingFromBill);
    zh.push(`账单缺少该员工的${names['zh-CN']}`);
    en.push(`the bill has no ${names.en} line for the employee`);
  }
  if (m.shortFen) { zh.push(`少缴 ${yuan(m.shortFen)} 元`); en.push(`${yuan(m.shortFen)} yuan billed short`); }
  if (m.overFen) { zh.push(`多缴 ${yuan(m.overFen)} 元`); en.push(`${yuan(m.overFen)} yuan billed over`); }
  if (m.notDeductedFen) { zh.push(`工资未代扣个人部分 ${yuan(m.notDeductedFen)} 元`); en.push(`${yuan(m.notDeductedFen)} yuan of the employee side not deducted by payroll`); }
  if (m.overDeductedFen) { zh.push(`工资多扣个人部分 ${yuan(m.overDeductedFen)} 元`); en.push(`${yuan(m.overDeductedFen)} yuan deducted beyond the employee side`); }
  return { zh: zh.join('，'), en: en.join('; ') };
}

export const contributionDiffersRule: RiskRule = {
  id: 'contribution_differs',
  title: { 'zh-CN': '缴费与应缴不符', en: 'Contributions different from expected' },
  evaluate(f: EmployeeRiskFacts, ctx: RiskRuleContext): RiskFindingDraft[] {
    return byMonth(f).map((m) => {
      const owed = arrearsMoney([{ month: m.month, fen: m.shortFen }], f, ctx, m.cityCode);
      // Paid over, or paid on the employee's behalf without withholding it: the company's money
      // until the bureau refunds it or payroll recovers it.
      const money: RiskMoney = { ...owed, overpaidFen: m.overFen + m.notDeductedFen };
      const text = describe(m);
      const missing = insuranceList(m.missingFromBill);
      return {
        ruleId: this.id,
        subject: key(m.cityCode, m.month),
        severity: m.shortFen > 0 ? 'critical' : 'warning',
        since: `${m.month}-01`,
        message: { 'zh-CN': `${m.month} 月结差异未处理：${text.zh}`, en: `${m.month} close difference not resolved: ${text.en}` },
        // Coverage per insurance: a line the bill lacks is that insurance not paid for the month.
        employeeLoss: m.missingFromBill.size
          ? { 'zh-CN': `账单上没有该员工的${missing['zh-CN']}，该月${missing['zh-CN']}可能断缴`, en: `the employee is not on the bill for ${missing.en}, so the month may be a gap in that coverage` }
          : null,
        action: m.shortFen > 0
          ? { kind: 'back_payment', label: { 'zh-CN': '在月结中生成补缴调整', en: 'Create the back-payment line in the close' } }
          : { kind: 'review', label: { 'zh-CN': '在月结中处理差异', en: 'Resolve the difference in the close' } },
        money,
        details: { month: m.month, classes: [...m.classes].sort(), missingInsurances: Object.keys(INSURANCE_NAMES).filter((i) => m.missingFromBill.has(i)), shortFen: m.shortFen, overFen: m.overFen, notDeductedFen: m.notDeductedFen, overDeductedFen: m.overDeductedFen },
      } satisfies RiskFindingDraft;
    });
  },
};
