import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { getDefaultPolicyLibrary, PolicyInputError, type Insurance, type PolicyLibrary } from '@lianxu/policy';
import { addMonths, type LocalizedText } from '../shared/index';
import { quoteCoveredWage, unpricedEntry } from './expected-lines';

// Contributions over time, priced by the policy engine from the coverage periods and the base of
// each month: for one employee as the close's expected lines price it (the declared base, else the
// base filed with the confirmed enrollment in that city, else the wage in effect on the month's
// last day); for the dashboard's estimate, the wage in effect. One employee's monthly
// lines for the employee page, and the tenant's cost per month and city for HR's dashboard. The
// second is one grouped query (month x city x wage x hukou with a count), so the calculator runs
// once per distinct wage, whatever the headcount.

export interface EmployeeContributionLine {
  month: string;
  cityCode: string;
  insurance: Insurance;
  baseFen: number;
  employerFen: number;
  employeeFen: number;
  /** Figures carried forward from an earlier policy year (not yet published). */
  provisional: boolean;
}

export interface EmployeeContributions {
  from: string;
  to: string;
  /** Newest month first; within a month, in the calculator's insurance order. */
  lines: EmployeeContributionLine[];
  /** Covered months (or insurances) the policy cannot price, with the reason. */
  unpriced: { month: string; cityCode: string; reason: LocalizedText }[];
  totals: { employerFen: number; employeeFen: number };
}

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

function monthsFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 240; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * One employee's contribution lines per month and insurance from `from` to `to` (YYYY-MM), or
 * null when the tenant has no such employee.
 *
 * @example
 * await employeeContributions(db, tenantId, employeeId, { from: '2025-04', to: '2026-03' });
 */
export async function employeeContributions(
  db: Kysely<Database>, tenantId: string, employeeId: string, range: { from: string; to: string }, library: PolicyLibrary = getDefaultPolicyLibrary(),
): Promise<EmployeeContributions | null> {
  const data = await withTenant(db, tenantId, async (trx) => {
    const employee = await trx.selectFrom('employees').select(['hukou']).where('tenant_id', '=', tenantId).where('id', '=', employeeId).executeTakeFirst();
    if (!employee) return null;
    const [periods, wages, filed, declared] = await Promise.all([
      trx.selectFrom('coverage_periods').select(['city_code', 'start_month', 'end_month']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId)
        .where('start_month', '<=', range.to).where((w) => w.or([w('end_month', 'is', null), w('end_month', '>=', range.from)])).orderBy('start_month').execute(),
      trx.selectFrom('wage_history').select(['effective_from', 'monthly_wage_fen']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).orderBy('effective_from').execute(),
      trx.selectFrom('filing_tasks').select(['city_code', 'month', 'base_fen']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId)
        .where('kind', '=', 'enrollment').where('status', '=', 'confirmed').where('base_fen', 'is not', null).orderBy('month').orderBy('created_at').execute(),
      trx.selectFrom('declared_bases').select(['city_code', 'effective_month', 'effective_to', 'declared_wage_fen']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId)
        .orderBy('effective_month').execute(),
    ]);
    return { hukou: employee.hukou, periods, wages, filed, declared };
  });
  if (!data) return null;
  const out: EmployeeContributions = { from: range.from, to: range.to, lines: [], unpriced: [], totals: { employerFen: 0, employeeFen: 0 } };
  for (const month of monthsFrom(range.from, range.to).reverse()) {
    const period = data.periods.find((p) => p.start_month <= month && (p.end_month === null || p.end_month >= month));
    if (!period) continue;
    const end = lastDayOf(month);
    let wageFen: number | null = null;
    for (const w of data.wages) if (w.effective_from <= end) wageFen = Number(w.monthly_wage_fen);
    for (const f of data.filed) if (f.city_code === period.city_code && f.month <= month) wageFen = Number(f.base_fen);
    for (const d of data.declared) if (d.city_code === period.city_code && d.effective_month <= month && d.effective_to >= month) wageFen = Number(d.declared_wage_fen);
    const quote = wageFen === null ? null : quoteCoveredWage({ cityCode: period.city_code, month }, wageFen, data.hukou, library);
    if (quote !== null && !(quote instanceof PolicyInputError)) {
      for (const l of quote.lines) {
        out.lines.push({ month, cityCode: period.city_code, insurance: l.insurance, baseFen: l.baseFen, employerFen: l.employerFen, employeeFen: l.employeeFen, provisional: l.provisional });
        out.totals.employerFen += l.employerFen;
        out.totals.employeeFen += l.employeeFen;
      }
    }
    const why = unpricedEntry(employeeId, month, quote);
    if (why) out.unpriced.push({ month, cityCode: period.city_code, reason: why.reason });
  }
  return out;
}

export interface CityMonthCost {
  month: string;
  cityCode: string;
  /** Covered employees in the city that month. */
  headcount: number;
  employerFen: number;
  employeeFen: number;
  /** Covered employees the policy could not (fully) price: their missing lines are not in the sums. */
  unpricedHeadcount: number;
}

/** The tenant's contributions per month and city (every employing entity), priced by the policy engine. */
export async function contributionCostByCity(
  db: Kysely<Database>, tenantId: string, months: readonly string[], library: PolicyLibrary = getDefaultPolicyLibrary(),
): Promise<CityMonthCost[]> {
  if (months.length === 0) return [];
  const ends = months.map(lastDayOf);
  const groups = await withTenant(db, tenantId, (trx) => sql<{ month: string; city_code: string; hukou: 'local' | 'non-local'; wage_fen: string | null; n: string }>`
    with m as (select * from unnest(${[...months]}::text[], ${ends}::date[]) as m(month, last_day)),
    covered as (
      select distinct m.month, m.last_day, c.city_code, c.employee_id from m
        join coverage_periods c on c.tenant_id = ${tenantId} and c.start_month <= m.month and (c.end_month is null or c.end_month >= m.month)
    )
    select cv.month, cv.city_code, e.hukou,
           (select wh.monthly_wage_fen from wage_history wh where wh.tenant_id = e.tenant_id and wh.employee_id = e.id and wh.effective_from <= cv.last_day
             order by wh.effective_from desc limit 1) as wage_fen,
           count(*) as n
      from covered cv join employees e on e.tenant_id = ${tenantId} and e.id = cv.employee_id
     group by 1, 2, 3, 4`.execute(trx));
  const byKey = new Map<string, CityMonthCost>();
  for (const g of groups.rows) {
    const key = `${g.month}|${g.city_code}`;
    let cost = byKey.get(key);
    if (!cost) byKey.set(key, (cost = { month: g.month, cityCode: g.city_code, headcount: 0, employerFen: 0, employeeFen: 0, unpricedHeadcount: 0 }));
    const n = Number(g.n);
    cost.headcount += n;
    const quote = g.wage_fen === null ? null : quoteCoveredWage({ cityCode: g.city_code, month: g.month }, Number(g.wage_fen), g.hukou, library);
    if (quote === null || quote instanceof PolicyInputError || !quote.complete) cost.unpricedHeadcount += n;
    if (quote !== null && !(quote instanceof PolicyInputError)) {
      for (const l of quote.lines) {
        cost.employerFen += l.employerFen * n;
        cost.employeeFen += l.employeeFen * n;
      }
    }
  }
  return [...byKey.values()].sort((a, b) => a.month.localeCompare(b.month) || a.cityCode.localeCompare(b.cityCode));
}
