import { addDays } from './months';
import { NO_MONEY, type RiskFindingDraft, type RiskRule } from './risk-rule.types';

// The housing fund's own deadline: a filing HR owes the city's fund centre (coverage/fund-filings.ts)
// still without the centre's receipt after its 30 days (住房公积金管理条例 第15条). For a hire's
// 缴存登记 the same regulation's 第37条 sets the exposure: ordered to file within a time limit, and
// a fine of 10,000 to 50,000 yuan if that passes too.

const FINE_MIN_FEN = 1_000_000;
const FINE_MAX_FEN = 5_000_000;

const FILE_WITH_CENTRE = { kind: 'review' as const, label: { 'zh-CN': '到公积金中心办理并录入回执', en: 'File with the fund centre and record its receipt' } };

export const fundFilingOverdueRule: RiskRule = {
  id: 'fund_filing_overdue',
  title: { 'zh-CN': '公积金登记逾期', en: 'Housing-fund filing overdue' },
  evaluate(f, ctx) {
    const out: RiskFindingDraft[] = [];
    for (const x of f.fundFilings ?? []) {
      if (x.dueDate >= ctx.today) continue;
      const open = x.kind === 'open';
      out.push({
        ruleId: this.id,
        subject: `${x.kind}:${x.cityCode}`,
        severity: open ? 'critical' : 'warning',
        since: addDays(x.dueDate, 1),
        message: open
          ? { 'zh-CN': `公积金缴存登记（自 ${x.month} 起缴存）应于 ${x.dueDate} 前在公积金中心办理，尚未录入回执`, en: `the housing-fund registration (paying from ${x.month}) was due at the fund centre by ${x.dueDate} and has no receipt yet` }
          : { 'zh-CN': `公积金封存（缴存至 ${x.month}）应于 ${x.dueDate} 前在公积金中心办理，尚未录入回执`, en: `sealing the housing-fund account (paid through ${x.month}) was due at the fund centre by ${x.dueDate} and has no receipt yet` },
        employeeLoss: open
          ? { 'zh-CN': '公积金没有缴存，影响其公积金贷款和提取', en: 'no housing fund is paid in, which affects the employee’s housing-fund loan and withdrawals' }
          : { 'zh-CN': '账户未封存，新单位无法为其转入公积金账户', en: 'while the account is not sealed, a new employer cannot take it over' },
        action: FILE_WITH_CENTRE,
        money: open ? { ...NO_MONEY, fineMinFen: FINE_MIN_FEN, fineMaxFen: FINE_MAX_FEN } : NO_MONEY,
        details: { dueDate: x.dueDate, month: x.month },
      });
    }
    return out;
  },
};
