import { sql, type Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { getDefaultPolicyLibrary, PolicyInputError, type PolicyLibrary } from '@lianxu/policy';
import { quoteCoveredWage } from '../contributions/index';
import { insertAdjustment, type AdjustmentLine } from './close.adjustments';
import { monthLocked } from './close.errors';

// A wage change dated back into a locked month. Where that month was priced on the wage (no base
// filed with a confirmed enrollment and none declared for the policy year: people migrated or
// entered by hand), the change would alter the locked month's figures, so it is refused, naming the
// month (409). Asked to settle instead, the change is recorded and each locked month's difference
// becomes adjustment lines in an open month: 补差 (top_up) for a raise, 退费 (refund) for a cut, per
// insurance, with the statutory late fee on money owed late, as every other adjustment line.

export interface LockedWageMonth {
  entityId: string;
  cityCode: string;
  month: string;
}

/** One wage from a date, as the wage history holds it. */
export interface WageFrom {
  effectiveFrom: string;
  wageFen: number;
}

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

function wageIn(history: readonly WageFrom[], month: string): number | null {
  const end = lastDayOf(month);
  let wage: { from: string; fen: number } | null = null;
  for (const w of history) if (w.effectiveFrom <= end && (wage === null || w.effectiveFrom >= wage.from)) wage = { from: w.effectiveFrom, fen: w.wageFen };
  return wage?.fen ?? null;
}

/**
 * The locked months, from `fromMonth` on, in which the employee was covered and priced on the wage
 * (no confirmed enrollment base in that city by then and no declared base for the month), oldest first.
 */
export async function lockedMonthsPricedOnWage(trx: Kysely<Database>, tenantId: string, employeeId: string, fromMonth: string): Promise<LockedWageMonth[]> {
  const rows = await sql<{ entity_id: string; city_code: string; month: string }>`
    select c.entity_id, c.city_code, c.month from month_closes c
      join employees e on e.tenant_id = c.tenant_id and e.entity_id = c.entity_id and e.id = ${employeeId}
      join coverage_periods cp on cp.tenant_id = c.tenant_id and cp.employee_id = e.id and cp.city_code = c.city_code
        and cp.start_month <= c.month and (cp.end_month is null or cp.end_month >= c.month)
     where c.tenant_id = ${tenantId} and c.state = 'locked' and c.month >= ${fromMonth}
       and not exists (select 1 from filing_tasks ft where ft.tenant_id = c.tenant_id and ft.employee_id = e.id and ft.kind = 'enrollment'
             and ft.status = 'confirmed' and ft.city_code = c.city_code and ft.month <= c.month and ft.base_fen is not null)
       and not exists (select 1 from declared_bases d where d.tenant_id = c.tenant_id and d.employee_id = e.id and d.city_code = c.city_code
             and d.effective_month <= c.month and d.effective_to >= c.month)
     order by c.month, c.city_code`.execute(trx);
  return rows.rows.map((r) => ({ entityId: r.entity_id, cityCode: r.city_code, month: r.month }));
}

/** The 409 for a wage change that would alter a locked month: names the first such month. */
export function wageChangeRefused(months: readonly LockedWageMonth[]): Error {
  const first = months[0]!;
  return monthLocked(first.month, first.cityCode);
}

/**
 * Settles a recorded wage change's effect on locked months in `targetMonth` (an open month after
 * them): per month and insurance, the quote on the wage after the change minus the quote before it,
 * written as top-up or refund lines with their late fee. Answers the lines written.
 */
export async function settleLockedWageChange(
  trx: Kysely<Database>,
  input: {
    tenantId: string; actorId: string | null; employeeId: string; hukou: 'local' | 'non-local'; months: readonly LockedWageMonth[];
    before: readonly WageFrom[]; after: readonly WageFrom[]; targetMonth: string; reason: string;
  },
  library: PolicyLibrary = getDefaultPolicyLibrary(),
): Promise<AdjustmentLine[]> {
  const lines: AdjustmentLine[] = [];
  for (const m of input.months) {
    const oldWage = wageIn(input.before, m.month);
    const newWage = wageIn(input.after, m.month);
    if (oldWage === null || newWage === null || oldWage === newWage) continue;
    const oldQuote = quoteCoveredWage({ cityCode: m.cityCode, month: m.month }, oldWage, input.hukou, library);
    const newQuote = quoteCoveredWage({ cityCode: m.cityCode, month: m.month }, newWage, input.hukou, library);
    if (oldQuote instanceof PolicyInputError || newQuote instanceof PolicyInputError) continue;
    for (const n of newQuote.lines) {
      const o = oldQuote.lines.find((l) => l.insurance === n.insurance);
      if (!o) continue;
      const employerFen = n.employerFen - o.employerFen;
      const employeeFen = n.employeeFen - o.employeeFen;
      if (employerFen === 0 && employeeFen === 0) continue;
      lines.push(await insertAdjustment(trx, input.tenantId, input.actorId, {
        entityId: m.entityId, cityCode: m.cityCode, targetMonth: input.targetMonth, originalMonth: m.month, employeeId: input.employeeId,
        insurance: n.insurance, employerFen, employeeFen, kind: employerFen + employeeFen > 0 ? 'top_up' : 'refund', reason: input.reason,
      }));
    }
  }
  return lines;
}
