import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import type { EmployeeRiskFacts, TaskKindFact, TaskStatusFact } from './rules/risk-rule.types';

// The facts of a page of employees, set-based: the page's employees, then at once the range
// queries keyed by their id range (coverage periods, filing tasks, wages, the housing fund's open
// filings, and the close's rows
// through `extra`), whatever the page size: two round trips a page. A scan walks the tenant page
// by page so its memory stays flat as the company grows.

export const FACTS_PAGE_SIZE = 5_000;

/**
 * The page of employees after `afterId` with their facts. `extra`, when given, is asked for the
 * same id range together with the range queries (the close's rows: risk-contribution.facts.ts),
 * and gets the page once it is built.
 */
export async function loadFactsPage(
  trx: Kysely<Database>,
  tenantId: string,
  afterId: string | null,
  limit = FACTS_PAGE_SIZE,
  extra?: (lo: string, hi: string) => Promise<(page: EmployeeRiskFacts[]) => void>,
): Promise<EmployeeRiskFacts[]> {
  const employees = await trx
    .selectFrom('employees as e')
    .leftJoin('tenant_cities as c', (j) => j.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.city_code', '=', 'e.work_city'))
    .select(['e.id', 'e.work_city', 'e.hukou', 'e.hire_date', 'e.termination_date', 'e.monthly_wage_fen', 'c.cutoff_day'])
    .where('e.tenant_id', '=', tenantId)
    .$if(afterId !== null, (q) => q.where('e.id', '>', afterId!))
    .orderBy('e.id')
    .limit(limit)
    .execute();
  if (employees.length === 0) return [];
  const lo = employees[0]!.id;
  const hi = employees[employees.length - 1]!.id;
  const [periods, tasks, wages, fund, attach] = await Promise.all([
    trx
      .selectFrom('coverage_periods')
      .select(['employee_id', 'city_code', 'start_month', 'end_month'])
      .where('tenant_id', '=', tenantId)
      .where('employee_id', '>=', lo)
      .where('employee_id', '<=', hi)
      .execute(),
    trx
      .selectFrom('filing_tasks')
      .select(['employee_id', 'kind', 'status', 'city_code', 'month', 'base_fen'])
      .where('tenant_id', '=', tenantId)
      .where('employee_id', '>=', lo)
      .where('employee_id', '<=', hi)
      // In the order filed: a base corrected within the same month is the later task (rules/facts.ts currentBase).
      .orderBy('employee_id')
      .orderBy('created_at')
      .execute(),
    trx
      .selectFrom('wage_history')
      .select(['employee_id', 'effective_from', 'monthly_wage_fen'])
      .where('tenant_id', '=', tenantId)
      .where('employee_id', '>=', lo)
      .where('employee_id', '<=', hi)
      .orderBy('employee_id')
      .orderBy('effective_from')
      .execute(),
    trx
      .selectFrom('fund_filings')
      .select(['employee_id', 'kind', 'city_code', 'month', 'due_date'])
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'to_file')
      .where('employee_id', '>=', lo)
      .where('employee_id', '<=', hi)
      .execute(),
    extra ? extra(lo, hi) : null,
  ]);
  const byId = new Map<string, EmployeeRiskFacts>();
  const out = employees.map((e) => {
    const facts: EmployeeRiskFacts = {
      employeeId: e.id,
      cityCode: e.work_city,
      hukou: e.hukou,
      hireDate: e.hire_date,
      terminationDate: e.termination_date,
      cutoffDay: e.cutoff_day ?? 25,
      wageFen: Number(e.monthly_wage_fen),
      wages: [],
      periods: [],
      tasks: [],
      fundFilings: [],
    };
    byId.set(e.id, facts);
    return facts;
  });
  for (const p of periods) byId.get(p.employee_id)?.periods.push({ cityCode: p.city_code, startMonth: p.start_month, endMonth: p.end_month });
  for (const t of tasks) {
    byId.get(t.employee_id)?.tasks.push({ kind: t.kind as TaskKindFact, status: t.status as TaskStatusFact, cityCode: t.city_code, month: t.month, baseFen: t.base_fen === null ? null : Number(t.base_fen) });
  }
  for (const x of fund) byId.get(x.employee_id)?.fundFilings!.push({ kind: x.kind, cityCode: x.city_code, month: x.month, dueDate: x.due_date });
  for (const w of wages) byId.get(w.employee_id)?.wages.push({ from: w.effective_from, fen: Number(w.monthly_wage_fen) });
  attach?.(out);
  return out;
}
