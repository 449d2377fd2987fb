import { sql } from 'kysely';
import type { PluginHost } from '@lianxu/plugin-sdk';
import type { BranchesTrx } from './branches.tables';

export interface BranchSummary {
  branchId: string;
  name: string;
  cityCode: string;
  /** Active employees assigned to the branch. */
  headcount: number;
  /** Of them, with a coverage period open this month. */
  covered: number;
  uncovered: number;
  /** This month's expected social-insurance cost under the branch city's policy (integer fen). */
  cost: {
    month: string;
    employerFen: number;
    employeeFen: number;
    totalFen: number;
    /** A carried-forward (provisional) policy year was used for some line. */
    provisional: boolean;
    /** Employees whose cost could not be computed, with the reason. */
    unpriced: { employeeId: string; reason: string }[];
    /**
     * The policy data missing for the branch's city and month (insurance and policy year), once
     * each: the page names it (缺少上海 2026 年度养老保险数据) instead of a total.
     */
    missing: { insurance: string; year: number }[];
    /** The oldest policy year carried forward into this month, when provisional. */
    carriedFrom: number | null;
  };
  openTasks: { total: number; enrollment: number; stop: number };
}

/**
 * Per-branch views: headcount, coverage, this month's expected cost (the branch's city decides the
 * policy; each employee's own wage and hukou) and open filing tasks. One branch, or all of them.
 */
export async function branchSummaries(host: PluginHost, tenantId: string, branchId?: string): Promise<BranchSummary[]> {
  const month = host.clock.today().slice(0, 7);
  const { branches, people, tasks } = await host.withTenant(tenantId, async (trx: BranchesTrx) => {
    let bq = trx.selectFrom('branches').select(['id', 'name', 'city_code']).where('tenant_id', '=', tenantId);
    if (branchId) bq = bq.where('id', '=', branchId);
    const branches = await bq.orderBy('city_code').orderBy('name').execute();
    const ids = branches.map((b) => b.id);
    if (!ids.length) return { branches, people: [], tasks: [] };
    const people = await trx
      .selectFrom('branch_assignments as a')
      .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'a.tenant_id').onRef('e.id', '=', 'a.employee_id'))
      .select((eb) => [
        'a.branch_id',
        'e.id',
        'e.monthly_wage_fen',
        'e.hukou',
        eb
          .exists(
            eb
              .selectFrom('coverage_periods as c')
              .select('c.id')
              .whereRef('c.tenant_id', '=', 'e.tenant_id')
              .whereRef('c.employee_id', '=', 'e.id')
              .where('c.start_month', '<=', month)
              .where((w) => w.or([w('c.end_month', 'is', null), w('c.end_month', '>=', month)])),
          )
          .as('covered'),
      ])
      .where('a.tenant_id', '=', tenantId)
      .where('a.branch_id', 'in', ids)
      .where('e.status', '=', 'active')
      .execute();
    const tasks = await trx
      .selectFrom('branch_assignments as a')
      .innerJoin('filing_tasks as f', (j) => j.onRef('f.tenant_id', '=', 'a.tenant_id').onRef('f.employee_id', '=', 'a.employee_id'))
      .select(['a.branch_id', 'f.kind', sql<number>`count(*)::int`.as('n')])
      .where('a.tenant_id', '=', tenantId)
      .where('a.branch_id', 'in', ids)
      .where('f.open', '=', true)
      .groupBy(['a.branch_id', 'f.kind'])
      .execute();
    return { branches, people, tasks };
  });

  const summaries: BranchSummary[] = [];
  for (const b of branches) {
    const staff = people.filter((p) => p.branch_id === b.id);
    const cost: BranchSummary['cost'] = { month, employerFen: 0, employeeFen: 0, totalFen: 0, provisional: false, unpriced: [], missing: [], carriedFrom: null };
    const year = Number(month.slice(0, 4));
    const noteMissing = (insurance: string, at: number) => {
      if (!cost.missing.some((m) => m.insurance === insurance && m.year === at)) cost.missing.push({ insurance, year: at });
    };
    for (const p of staff) {
      try {
        const quote = await host.policy.quote({ city: b.city_code, month, wageFen: Number(p.monthly_wage_fen), hukou: p.hukou });
        // A partial quote is not a cost: the person is listed as unpriced, naming what is missing.
        if (!quote.complete) {
          cost.unpriced.push({ employeeId: p.id, reason: `no figures for ${quote.missing.join(', ')} in ${b.city_code} ${month}` });
          for (const insurance of quote.missing) noteMissing(insurance, quote.policyYear);
          continue;
        }
        cost.employerFen += quote.employerFen;
        cost.employeeFen += quote.employeeFen;
        cost.provisional ||= quote.provisional;
        const oldest = quote.provisionalFrom[0];
        if (quote.provisional && oldest !== undefined) cost.carriedFrom = cost.carriedFrom === null ? oldest : Math.min(cost.carriedFrom, oldest);
      } catch (error) {
        cost.unpriced.push({ employeeId: p.id, reason: error instanceof Error ? error.message : String(error) });
        // No policy year for the month at all (a month before the city's first record): every insurance is missing.
        noteMissing('all', year);
      }
    }
    cost.totalFen = cost.employerFen + cost.employeeFen;
    const count = (kind: string) => tasks.filter((t) => t.branch_id === b.id && t.kind === kind).reduce((s, t) => s + t.n, 0);
    const covered = staff.filter((p) => p.covered).length;
    summaries.push({
      branchId: b.id,
      name: b.name,
      cityCode: b.city_code,
      headcount: staff.length,
      covered,
      uncovered: staff.length - covered,
      cost,
      openTasks: { total: count('enrollment') + count('stop'), enrollment: count('enrollment'), stop: count('stop') },
    });
  }
  return summaries;
}
