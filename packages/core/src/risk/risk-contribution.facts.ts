import { sql, type Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import type { ContributionFacts, EmployeeRiskFacts } from './rules/risk-rule.types';

// The monthly close's facts of a page of employees, for the contribution rules: two range queries
// keyed by the page's employee id range (like risk-scan.facts.ts), reading the close module's
// tables (a read model; only the close writes them).
// - unpaid: bill lines without a tax e-voucher, summed per employee × city × bill month;
// - differences: the close's differences still open, per employee × city × month × insurance;
// - backPaid: the original months of 补缴 back-payment lines, per employee × city (a gap paid late).

type DiffClass = ContributionFacts['differences'][number]['class'];

type Unpaid = { employee_id: string; city_code: string; month: string; fen: string; lines: number };
type Difference = { employee_id: string | null; city_code: string; month: string; insurance: string; class: string; amount_fen: string };
type BackPaid = { employee_id: string | null; city_code: string; original_month: string };
type Rows = { unpaid: Unpaid[]; differences: Difference[]; backPaid: BackPaid[] };

/**
 * The close's rows of a page's employee id range (asked for together with loadFactsPage's range
 * queries); `attachContributionFacts` puts them on the page once it is built.
 */
export async function loadContributionRows(trx: Kysely<Database>, tenantId: string, lo: string, hi: string): Promise<Rows> {
  const [unpaid, differences, backPaid] = await Promise.all([
    sql<Unpaid>`
      select employee_id, city_code, month, sum(employer_fen + employee_fen)::text as fen, count(*)::int as lines
      from close_bill_lines
      where tenant_id = ${tenantId} and employee_id >= ${lo}::uuid and employee_id <= ${hi}::uuid
        and coalesce(btrim(voucher_no), '') = ''
      group by employee_id, city_code, month`.execute(trx),
    trx
      .selectFrom('close_differences')
      .select(['employee_id', 'city_code', 'month', 'insurance', 'class', 'amount_fen'])
      .where('tenant_id', '=', tenantId)
      .where('state', '=', 'open')
      .where('employee_id', '>=', lo)
      .where('employee_id', '<=', hi)
      .execute(),
    trx
      .selectFrom('adjustment_lines')
      .select(['employee_id', 'city_code', 'original_month'])
      .distinct()
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'back_payment')
      .where('employee_id', '>=', lo)
      .where('employee_id', '<=', hi)
      .execute(),
  ]);
  return { unpaid: unpaid.rows, differences: differences as Difference[], backPaid };
}

/** Sets `contributions` on every employee of the page (empty lists when the close holds nothing for them). */
export function attachContributionFacts(page: EmployeeRiskFacts[], rows: Rows): void {
  const { unpaid, differences, backPaid } = rows;
  const byId = new Map<string, ContributionFacts>();
  for (const f of page) {
    const c: ContributionFacts = { unpaid: [], differences: [] };
    f.contributions = c;
    byId.set(f.employeeId, c);
  }
  for (const u of unpaid) byId.get(u.employee_id)?.unpaid.push({ cityCode: u.city_code, month: u.month, fen: Number(u.fen), lines: u.lines });
  for (const d of differences) {
    if (d.employee_id === null) continue;
    byId.get(d.employee_id)?.differences.push({ cityCode: d.city_code, month: d.month, insurance: d.insurance, class: d.class as DiffClass, amountFen: Number(d.amount_fen) });
  }
  for (const b of backPaid) {
    const c = b.employee_id === null ? undefined : byId.get(b.employee_id);
    if (c) (c.backPaid ??= []).push({ cityCode: b.city_code, month: b.original_month });
  }
}
