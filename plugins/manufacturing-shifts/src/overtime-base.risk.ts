import type { PluginHost, RiskFinding } from '@lianxu/plugin-sdk';
import { explainBase, type ShiftOptions } from './contribution-base';
import type { ShiftsTrx } from './shifts.tables';

/**
 * Risk rule: under wage_plus_overtime_avg, an employee whose base in force (the last confirmed
 * enrollment's) is not what last year's wage plus overtime gives, so the contributions differ
 * (compared through the policy quote: two bases clamped to the same floor or cap cost the same and
 * are not reported).
 */
export const RISK_OVERTIME_BASE = 'overtime_base_not_reflected';

export async function overtimeBaseNotReflected(host: PluginHost, tenantId: string, options: ShiftOptions, today: string): Promise<RiskFinding[]> {
  if (options.baseRule !== 'wage_plus_overtime_avg') return [];
  const year = Number(today.slice(0, 4)) - 1;
  const month = today.slice(0, 7);
  const candidates = await host.withTenant(tenantId, (trx: ShiftsTrx) =>
    trx
      .selectFrom('employees as e')
      .innerJoin('filing_tasks as f', (j) => j.onRef('f.tenant_id', '=', 'e.tenant_id').onRef('f.employee_id', '=', 'e.id'))
      .select(['e.id', 'e.name', 'e.hukou', 'e.monthly_wage_fen', 'f.city_code', 'f.base_fen', 'f.month'])
      .where('e.tenant_id', '=', tenantId)
      .where('e.status', '=', 'active')
      .where('f.kind', '=', 'enrollment')
      .where('f.status', '=', 'confirmed')
      .where('f.base_fen', 'is not', null)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('overtime_monthly as o').select('o.employee_id').whereRef('o.tenant_id', '=', 'e.tenant_id').whereRef('o.employee_id', '=', 'e.id').where('o.month', 'like', `${year}-%`)),
      )
      .orderBy('e.id')
      .orderBy('f.month', 'desc')
      .execute(),
  );
  const latest = new Map<string, (typeof candidates)[number]>();
  for (const c of candidates) if (!latest.has(c.id)) latest.set(c.id, c);
  const out: RiskFinding[] = [];
  for (const c of latest.values()) {
    const filed = Number(c.base_fen);
    const expected = await explainBase(host, tenantId, options, { employeeId: c.id, month, wageFen: Number(c.monthly_wage_fen) });
    if (expected.baseFen === filed) continue;
    const [now, should] = await Promise.all([
      host.policy.quote({ city: c.city_code, month, wageFen: filed, hukou: c.hukou }),
      host.policy.quote({ city: c.city_code, month, wageFen: expected.baseFen, hukou: c.hukou }),
    ]);
    const diff = should.employerFen + should.employeeFen - (now.employerFen + now.employeeFen);
    if (diff === 0) continue;
    // The money at stake: each month of this year the base was in force (from January, or the
    // month enrolled if later, to this month), priced for that month by the policy engine (a policy
    // year turning in July prices its months with its own figures). A base too low leaves
    // contributions owed; too high, contributions paid for nothing.
    const months = monthsFrom(c.month > `${year + 1}-01` ? c.month : `${year + 1}-01`, month);
    let totalFen = 0;
    for (const m of months) {
      if (m === month) {
        totalFen += diff;
        continue;
      }
      const [was, ought] = await Promise.all([
        host.policy.quote({ city: c.city_code, month: m, wageFen: filed, hukou: c.hukou }),
        host.policy.quote({ city: c.city_code, month: m, wageFen: expected.baseFen, hukou: c.hukou }),
      ]);
      totalFen += ought.employerFen + ought.employeeFen - (was.employerFen + was.employeeFen);
    }
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    out.push({
      ruleId: RISK_OVERTIME_BASE,
      employeeId: c.id,
      severity: 'warning',
      message: {
        'zh-CN': `${c.name} 的缴费基数 ${yuan(filed)} 元未计入加班工资：按 ${year} 年含加班的月均工资应为 ${yuan(expected.baseFen)} 元，每月相差 ${yuan(Math.abs(diff))} 元`,
        en: `${c.name}'s base of ${yuan(filed)} yuan leaves out overtime pay: ${year}'s average wage with overtime gives ${yuan(expected.baseFen)} yuan, ${yuan(Math.abs(diff))} yuan a month apart`,
      },
      moneyAtStake: totalFen > 0 ? { owedFen: totalFen } : { overpaidFen: -totalFen },
      action: 'adjust_base',
      ...(totalFen > 0 ? { employeeLoss: { 'zh-CN': '少缴部分会减少个人账户积累和将来的养老金', en: 'the shortfall lowers the personal account and the future pension' } } : {}),
      details: { subject: String(year + 1), since: `${year + 1}-01-01`, baseFen: filed, expectedBaseFen: expected.baseFen, monthlyDifferenceFen: diff, months: months.length, differenceFen: totalFen },
    });
  }
  return out;
}

/** The months from `from` to `to` (YYYY-MM, both included). */
function monthsFrom(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 240; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > to) break;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}
