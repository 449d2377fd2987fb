import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_SETTINGS, fundFilingOverdueRule, type EmployeeRiskFacts, type RiskPolicy } from './index';

// The housing fund's deadline (住房公积金管理条例 第15条, 30 days) and the 第37条 fine exposure of a
// hire's 缴存登记 not made.

const policy = {} as RiskPolicy;
const facts = (fundFilings: EmployeeRiskFacts['fundFilings']): EmployeeRiskFacts => ({
  employeeId: 'e1', cityCode: '110100', hukou: 'local', hireDate: '2025-07-07', terminationDate: null, cutoffDay: 25, wageFen: 1_000_000,
  wages: [], periods: [], tasks: [], ...(fundFilings ? { fundFilings } : {}),
});
const run = (f: EmployeeRiskFacts, today: string) => fundFilingOverdueRule.evaluate(f, { today, settings: DEFAULT_RISK_SETTINGS, policy });

describe('fund_filing_overdue', () => {
  const open = { kind: 'open' as const, cityCode: '110100', month: '2025-07', dueDate: '2025-08-06' };

  it('says nothing up to and on the due date, nor when the filings were not read', () => {
    expect(run(facts([open]), '2025-08-06')).toEqual([]);
    expect(run(facts(undefined), '2026-01-01')).toEqual([]);
  });

  it('finds a 缴存登记 the day after its due date, critical, with the 第37条 fine range of 10,000 to 50,000 yuan', () => {
    const [f] = run(facts([open]), '2025-08-07');
    expect(f).toMatchObject({
      ruleId: 'fund_filing_overdue', subject: 'open:110100', severity: 'critical', since: '2025-08-07',
      money: { owedFen: 0, lateFeeFen: 0, fineMinFen: 1_000_000, fineMaxFen: 5_000_000, overpaidFen: 0 },
      action: { kind: 'review' }, details: { dueDate: '2025-08-06', month: '2025-07' },
    });
    expect(f!.message['zh-CN']).toContain('2025-08-06');
  });

  it('finds a 封存 not made as a warning without a fine, one finding per filing', () => {
    const seal = { kind: 'seal' as const, cityCode: '310100', month: '2025-09', dueDate: '2025-10-20' };
    const found = run(facts([open, seal]), '2025-11-01');
    expect(found.map((f) => [f.subject, f.severity, f.money.fineMaxFen])).toEqual([['open:110100', 'critical', 5_000_000], ['seal:310100', 'warning', 0]]);
  });
});
