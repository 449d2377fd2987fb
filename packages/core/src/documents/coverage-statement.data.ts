import { calculateContributions, INSURANCES, PolicyInputError, type Insurance, type PolicyLibrary } from '@lianxu/policy';
import type { Database } from '@lianxu/db';
import type { Kysely } from 'kysely';
import { addMonths, notFound } from '../shared/index';
import type { StatementMonthLine, StatementPeriod } from './documents.types';

// What a statement says, read from the tenant's records (reads may join across modules): the
// employee, the employer, the coverage periods, and per covered month the base and amounts the
// policy engine gives for the wage of that month. Social insurances count for every covered month;
// the housing fund only where the employer is registered with the city's housing-fund centre.
// A month without policy figures is listed as such, never filled with a guess.

export interface StatementFacts {
  personName: string;
  idNumberMasked: string;
  employer: string;
  cityCodes: string[];
  periods: StatementPeriod[];
  months: StatementMonthLine[];
  monthsCounted: number;
  monthsWithoutFigures: string[];
}

const order = (i: Insurance) => INSURANCES.indexOf(i);

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 600; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The facts of one employee's statement as of `today` (YYYY-MM-DD); 404 when not this tenant's. */
export async function readStatementFacts(trx: Kysely<Database>, library: PolicyLibrary, tenantId: string, employeeId: string, today: string): Promise<StatementFacts> {
  const e = await trx
    .selectFrom('employees')
    .innerJoin('entities', (j) => j.onRef('entities.tenant_id', '=', 'employees.tenant_id').onRef('entities.id', '=', 'employees.entity_id'))
    .select(['employees.id', 'employees.name', 'employees.id_number_masked', 'employees.hukou', 'employees.monthly_wage_fen', 'employees.entity_id', 'entities.name as entity_name'])
    .where('employees.tenant_id', '=', tenantId)
    .where('employees.id', '=', employeeId)
    .executeTakeFirst();
  if (!e) throw notFound('employee');

  const [periods, wages, cities, housingFund] = await Promise.all([
    trx.selectFrom('coverage_periods').select(['city_code', 'start_month', 'end_month']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).orderBy('start_month').execute(),
    trx.selectFrom('wage_history').select(['effective_from', 'monthly_wage_fen']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).orderBy('effective_from').execute(),
    trx.selectFrom('tenant_cities').select(['city_code', 'city_name']).where('tenant_id', '=', tenantId).execute(),
    trx.selectFrom('entity_registrations').select('city_code').where('tenant_id', '=', tenantId).where('entity_id', '=', e.entity_id).where('agency', '=', 'housing_fund').execute(),
  ]);
  const cityName = new Map(cities.map((c) => [c.city_code, c.city_name]));
  const housingFundCities = new Set(housingFund.map((r) => r.city_code));
  const currentMonth = today.slice(0, 7);
  const wageIn = (month: string): number => {
    let fen = Number(e.monthly_wage_fen);
    for (const w of wages) if (w.effective_from.slice(0, 7) <= month) fen = Number(w.monthly_wage_fen);
    return fen;
  };

  const months: StatementMonthLine[] = [];
  const outPeriods: StatementPeriod[] = [];
  const counted = new Set<string>();
  const withoutFigures = new Set<string>();
  for (const p of periods) {
    if (p.start_month > currentMonth) continue;
    const last = p.end_month && p.end_month < currentMonth ? p.end_month : currentMonth;
    const covered = new Set<Insurance>();
    for (const month of monthsBetween(p.start_month, last)) {
      counted.add(month);
      try {
        const quote = calculateContributions({ city: p.city_code, month, wageFen: wageIn(month), hukou: e.hukou }, library);
        for (const line of quote.lines) {
          if (line.insurance === 'housingFund' && !housingFundCities.has(p.city_code)) continue;
          covered.add(line.insurance);
          months.push({ month, insurance: line.insurance, baseFen: line.baseFen, employerFen: line.employerFen, employeeFen: line.employeeFen, provisional: line.provisional });
        }
        for (const missing of quote.missing) {
          if (missing.insurance === 'housingFund' && !housingFundCities.has(p.city_code)) continue;
          covered.add(missing.insurance);
          withoutFigures.add(month);
        }
      } catch (error) {
        if (!(error instanceof PolicyInputError)) throw error;
        withoutFigures.add(month);
      }
    }
    for (const insurance of [...covered].sort((a, b) => order(a) - order(b))) {
      outPeriods.push({ insurance, city: cityName.get(p.city_code) ?? p.city_code, from: p.start_month, to: p.end_month });
    }
  }
  months.sort((a, b) => a.month.localeCompare(b.month) || order(a.insurance) - order(b.insurance));
  return {
    personName: e.name,
    idNumberMasked: e.id_number_masked,
    employer: e.entity_name,
    cityCodes: [...new Set(periods.map((p) => p.city_code))],
    periods: outPeriods,
    months,
    monthsCounted: counted.size,
    monthsWithoutFigures: [...withoutFigures].sort(),
  };
}
