import { sql, type Kysely, type RawBuilder } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { calculateContributions, getDefaultPolicyLibrary, PolicyInputError, type ContributionQuote, type Insurance, type PolicyLibrary } from '@lianxu/policy';
import type { LocalizedText } from '../shared/index';

// Expected contribution lines (应缴明细) of one employing entity, city and month: who is covered
// that month (the coverage periods), on which base, priced by the policy engine. The base is the
// one the bureau bills on: the wage declared for the policy year by the annual base adjustment,
// else the base filed with the confirmed enrollment in that city (fixed until an adjustment, as at
// the bureau, so a raise mid-year is not a difference), else, for people with no filing here (migrated
// or entered by hand), the wage in effect on the month's last day. One query loads every covered employee with the base;
// the calculator then runs in memory, once per distinct (wage, hukou) since most wages repeat.
// An employee the policy cannot price is listed with the reason, never given a guessed line.

export interface ExpectedLinesQuery {
  tenantId: string;
  entityId: string;
  /** GB/T 2260 code, e.g. 310100. */
  cityCode: string;
  /** Contribution month YYYY-MM. */
  month: string;
  /** The tenant's housing-fund rate (both sides); without it there is no housing-fund line. */
  housingFundRate?: string;
  /** The entity's work-injury rate; default the city's lowest. */
  injuryRate?: string;
}

export interface ExpectedLine {
  employeeId: string;
  insurance: Insurance;
  baseFen: number;
  employerFen: number;
  employeeFen: number;
  /** The policy record whose figures price the line. */
  policyId: string;
  /** True when a figure is carried forward from an earlier policy year (not yet published). */
  provisional: boolean;
}

export interface UnpricedEmployee {
  employeeId: string;
  /** The insurances without a line (all when the month could not be priced at all). */
  insurances: Insurance[] | 'all';
  reason: LocalizedText;
}

export interface ExpectedLines {
  month: string;
  cityCode: string;
  entityId: string;
  /** Covered employees in the month (each has lines, an unpriced entry, or both when incomplete). */
  headcount: number;
  lines: ExpectedLine[];
  unpriced: UnpricedEmployee[];
}

/** One covered employee as the query returns it. */
export interface CoveredEmployee {
  employeeId: string;
  hukou: 'local' | 'non-local';
  /**
   * The amount the month is priced on, in fen: the declared base, else the confirmed enrollment's
   * filed base, else the wage in effect on the month's last day; null when there is none of them.
   */
  wageFen: number | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/**
 * Employees of the entity covered in the city for the month, each with the wage in effect on the
 * month's last day: one set-based query (the covered ids and each employee's latest wage joined by hash).
 */
export async function loadCoveredEmployees(trx: Kysely<Database>, q: Pick<ExpectedLinesQuery, 'tenantId' | 'entityId' | 'cityCode' | 'month'>): Promise<CoveredEmployee[]> {
  const rows = await sql<{ employee_id: string; hukou: 'local' | 'non-local'; wage_fen: string | null }>`${coveredEmployeesQuery(q)} order by e.id`.execute(trx);
  return rows.rows.map((r) => ({ employeeId: r.employee_id, hukou: r.hukou, wageFen: r.wage_fen === null ? null : Number(r.wage_fen) }));
}

/** The covered employees' query (employee_id, hukou, wage_fen), unordered: loadCoveredEmployees reads it, stageExpectedLines stages it. */
export function coveredEmployeesQuery(q: Pick<ExpectedLinesQuery, 'tenantId' | 'entityId' | 'cityCode' | 'month'>): RawBuilder<unknown> {
  if (!MONTH.test(q.month)) throw new RangeError(`month must be YYYY-MM, got ${JSON.stringify(q.month)}`);
  // Set-based (hash joins over the tenant's coverage periods and wage history) rather than two
  // index lookups per employee: a 100,000-person month is a few scans instead of 200,000 probes.
  return sql`
    select e.id as employee_id, e.hukou, coalesce(d.declared_wage_fen, f.base_fen, w.monthly_wage_fen) as wage_fen
    from employees e
    join (
      select distinct c.employee_id from coverage_periods c
      where c.tenant_id = ${q.tenantId} and c.city_code = ${q.cityCode}
        and c.start_month <= ${q.month} and (c.end_month is null or c.end_month >= ${q.month})
    ) cov on cov.employee_id = e.id
    left join (
      select distinct on (wh.employee_id) wh.employee_id, wh.monthly_wage_fen from wage_history wh
      where wh.tenant_id = ${q.tenantId} and wh.effective_from <= ${lastDayOf(q.month)}
      order by wh.employee_id, wh.effective_from desc
    ) w on w.employee_id = e.id
    left join (
      select distinct on (db.employee_id) db.employee_id, db.declared_wage_fen from declared_bases db
      where db.tenant_id = ${q.tenantId} and db.city_code = ${q.cityCode} and db.effective_month <= ${q.month} and db.effective_to >= ${q.month}
      order by db.employee_id, db.effective_month desc
    ) d on d.employee_id = e.id
    left join (
      select distinct on (ft.employee_id) ft.employee_id, ft.base_fen from filing_tasks ft
      where ft.tenant_id = ${q.tenantId} and ft.kind = 'enrollment' and ft.status = 'confirmed' and ft.city_code = ${q.cityCode}
        and ft.month <= ${q.month} and ft.base_fen is not null
      order by ft.employee_id, ft.month desc, ft.created_at desc
    ) f on f.employee_id = e.id
    where e.tenant_id = ${q.tenantId} and e.entity_id = ${q.entityId}`;
}

type PricingQuery = Pick<ExpectedLinesQuery, 'cityCode' | 'month' | 'housingFundRate' | 'injuryRate'>;

/** The quote of one wage and hukou for the month, or the policy's refusal. */
export function quoteCoveredWage(q: PricingQuery, wageFen: number, hukou: 'local' | 'non-local', library: PolicyLibrary): ContributionQuote | PolicyInputError {
  try {
    return calculateContributions(
      {
        city: q.cityCode,
        month: q.month,
        wageFen,
        hukou,
        ...(q.housingFundRate === undefined ? {} : { housingFundRate: q.housingFundRate }),
        ...(q.injuryRate === undefined ? {} : { injuryRate: q.injuryRate }),
      },
      library,
    );
  } catch (error) {
    if (!(error instanceof PolicyInputError)) throw error;
    return error;
  }
}

/** Why an employee (with that wage's quote, or no wage at all) is not, or not fully, priced; null when fully priced. */
export function unpricedEntry(employeeId: string, month: string, quote: ContributionQuote | PolicyInputError | null): UnpricedEmployee | null {
  if (quote === null) {
    return {
      employeeId,
      insurances: 'all',
      reason: { 'zh-CN': `${month} 没有有效的工资记录，无法计算应缴金额`, en: `no wage in effect in ${month}, so the contributions cannot be computed` },
    };
  }
  if (quote instanceof PolicyInputError) return { employeeId, insurances: 'all', reason: { 'zh-CN': quote.bilingual.zh, en: quote.bilingual.en } };
  if (quote.complete) return null;
  const names = quote.missing.map((m) => m.insurance);
  return {
    employeeId,
    insurances: names,
    reason: {
      'zh-CN': `政策库缺少 ${month} 的部分险种数据（${names.join('、')}），这些险种没有应缴明细`,
      en: `the policy library lacks figures for ${month} for ${names.join(', ')}; those insurances have no expected line`,
    },
  };
}

/** Prices covered employees in memory (pure): the calculator once per distinct wage and hukou. */
export function priceExpectedLines(
  employees: readonly CoveredEmployee[],
  q: Pick<ExpectedLinesQuery, 'entityId' | 'cityCode' | 'month' | 'housingFundRate' | 'injuryRate'>,
  library: PolicyLibrary = getDefaultPolicyLibrary(),
): ExpectedLines {
  const quotes = new Map<string, ContributionQuote | PolicyInputError>();
  const lines: ExpectedLine[] = [];
  const unpriced: UnpricedEmployee[] = [];
  for (const e of employees) {
    if (e.wageFen === null) {
      unpriced.push(unpricedEntry(e.employeeId, q.month, null)!);
      continue;
    }
    const key = `${e.wageFen}|${e.hukou}`;
    let quote = quotes.get(key);
    if (!quote) {
      quote = quoteCoveredWage(q, e.wageFen, e.hukou, library);
      quotes.set(key, quote);
    }
    if (!(quote instanceof PolicyInputError)) {
      for (const l of quote.lines) {
        lines.push({ employeeId: e.employeeId, insurance: l.insurance, baseFen: l.baseFen, employerFen: l.employerFen, employeeFen: l.employeeFen, policyId: l.policyId, provisional: l.provisional });
      }
    }
    const why = unpricedEntry(e.employeeId, q.month, quote);
    if (why) unpriced.push(why);
  }
  return { month: q.month, cityCode: q.cityCode, entityId: q.entityId, headcount: employees.length, lines, unpriced };
}

/**
 * The expected lines of a tenant's entity in a city for a month: one read (row-level security of
 * the tenant), then the calculator in memory.
 *
 * @example
 * const expected = await expectedLines(db, { tenantId, entityId, cityCode: '310100', month: '2026-03' });
 * expected.lines[0]; // { employeeId, insurance: 'pension', baseFen, employerFen, employeeFen, policyId, provisional }
 */
export async function expectedLines(db: Kysely<Database>, q: ExpectedLinesQuery, library: PolicyLibrary = getDefaultPolicyLibrary()): Promise<ExpectedLines> {
  const employees = await withTenant(db, q.tenantId, (trx) => loadCoveredEmployees(trx, q));
  return priceExpectedLines(employees, q, library);
}
