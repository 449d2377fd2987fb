import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { getDefaultPolicyLibrary, INSURANCES, type PolicyLibrary } from '@lianxu/policy';
import { loadCoveredEmployees, priceExpectedLines, type ExpectedLines } from '../contributions/index';
import { storedHousingFundRate } from './housing-fund-rates';
import { checkRates } from './rates.check';
import { exportInvalid, unknownEntity } from './payroll-exports.errors';
import type { EmployeeDeductions, MonthDeductions, MonthExportQuery, UnpricedDeduction } from './payroll-exports.types';
import { isUuid } from '../shared/index';

// Payroll's deductions of a month (代扣明细): the expected lines the close matches against (coverage
// periods x wage history x policy engine, contributions/expected-lines.ts), grouped per employee.
// One read transaction; the calculator runs in memory. Nothing is written.

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const INSURANCE_ORDER = new Map(INSURANCES.map((name, i) => [name, i]));

function checkQuery(q: MonthExportQuery): void {
  if (!isUuid(q.entityId)) throw unknownEntity();
  if (!MONTH.test(q.month)) throw exportInvalid('month', '月份须为 YYYY-MM，例如 2026-03', 'The month must be YYYY-MM, e.g. 2026-03');
  if (q.cityCode !== undefined && !/^\d{6}$/.test(q.cityCode)) throw exportInvalid('city', '城市代码须为 6 位数字', 'The city code must have 6 digits');
}

/**
 * The employee deductions and employer cost of an entity's month, per employee and insurance, in
 * every city (or one) where someone is covered. Refuses a malformed month, an entity that is not
 * the tenant's and a rate the city does not allow, with 400 naming the field.
 *
 * @example
 * const month = await monthDeductions(db, { tenantId, entityId, month: '2026-03', housingFundRate: '0.07' });
 * month.employees[0]; // { employeeId, name, lines: [{ insurance: 'pension', employeeFen, employerFen, ... }], employeeTotalFen, ... }
 */
export async function monthDeductions(db: Kysely<Database>, query: MonthExportQuery, library: PolicyLibrary = getDefaultPolicyLibrary()): Promise<MonthDeductions> {
  checkQuery(query);
  let q = query;
  const loaded = await withTenant(db, q.tenantId, async (trx) => {
    const entity = await trx.selectFrom('entities').select(['id', 'name', 'credit_code']).where('tenant_id', '=', q.tenantId).where('id', '=', q.entityId).executeTakeFirst();
    if (!entity) throw unknownEntity();
    // Without a rate in the request, the entity's own rate (set once) applies.
    if (q.housingFundRate === undefined) {
      const stored = await storedHousingFundRate(trx, q.tenantId, q.entityId);
      if (stored !== undefined) q = { ...q, housingFundRate: stored };
    }
    const cities = await sql<{ city_code: string }>`
      select distinct c.city_code from coverage_periods c
      join employees e on e.tenant_id = c.tenant_id and e.id = c.employee_id
      where c.tenant_id = ${q.tenantId} and e.entity_id = ${q.entityId}
        and c.start_month <= ${q.month} and (c.end_month is null or c.end_month >= ${q.month})
        and (${q.cityCode ?? null}::text is null or c.city_code = ${q.cityCode ?? null})
      order by c.city_code`.execute(trx);
    const perCity: { cityCode: string; covered: Awaited<ReturnType<typeof loadCoveredEmployees>> }[] = [];
    for (const { city_code } of cities.rows) {
      perCity.push({ cityCode: city_code, covered: await loadCoveredEmployees(trx, { tenantId: q.tenantId, entityId: q.entityId, cityCode: city_code, month: q.month }) });
    }
    const ids = [...new Set(perCity.flatMap((c) => c.covered.map((e) => e.employeeId)))];
    const people = ids.length === 0 ? [] : await trx.selectFrom('employees').select(['id', 'name', 'id_number_masked'])
      .where('tenant_id', '=', q.tenantId).where(sql<boolean>`id = any(${ids}::uuid[])`).execute();
    return { entity, perCity, people: new Map(people.map((p) => [p.id, p])) };
  });

  const priced: { cityCode: string; expected: ExpectedLines }[] = loaded.perCity.map(({ cityCode, covered }) => {
    checkRates(q, cityCode, library);
    return {
      cityCode,
      expected: priceExpectedLines(covered, {
        entityId: q.entityId, cityCode, month: q.month,
        ...(q.housingFundRate === undefined ? {} : { housingFundRate: q.housingFundRate }),
        ...(q.injuryRate === undefined ? {} : { injuryRate: q.injuryRate }),
      }, library),
    };
  });
  // Rates apply to every city: a city with nobody covered still refuses a rate it does not allow.
  if (q.cityCode !== undefined && priced.length === 0) checkRates(q, q.cityCode, library);

  const byKey = new Map<string, EmployeeDeductions>();
  const unpriced: UnpricedDeduction[] = [];
  for (const { cityCode, expected } of priced) {
    for (const line of expected.lines) {
      const key = `${line.employeeId}|${cityCode}`;
      let row = byKey.get(key);
      if (!row) {
        const person = loaded.people.get(line.employeeId);
        row = { employeeId: line.employeeId, name: person?.name ?? '', idNumberMasked: person?.id_number_masked ?? '', cityCode, lines: [], employeeTotalFen: 0, employerTotalFen: 0 };
        byKey.set(key, row);
      }
      row.lines.push({ insurance: line.insurance, cityCode, baseFen: line.baseFen, employeeFen: line.employeeFen, employerFen: line.employerFen, policyId: line.policyId, provisional: line.provisional });
      row.employeeTotalFen += line.employeeFen;
      row.employerTotalFen += line.employerFen;
    }
    for (const u of expected.unpriced) {
      unpriced.push({ employeeId: u.employeeId, name: loaded.people.get(u.employeeId)?.name ?? '', cityCode, insurances: u.insurances, reason: u.reason });
    }
  }
  const employees = [...byKey.values()].sort((a, b) => a.cityCode.localeCompare(b.cityCode) || a.name.localeCompare(b.name, 'zh-CN') || a.employeeId.localeCompare(b.employeeId));
  for (const e of employees) e.lines.sort((a, b) => INSURANCE_ORDER.get(a.insurance)! - INSURANCE_ORDER.get(b.insurance)!);
  return {
    entity: { id: loaded.entity.id, name: loaded.entity.name, creditCode: loaded.entity.credit_code },
    month: q.month,
    housingFundRate: q.housingFundRate ?? null,
    cities: priced.map((p) => p.cityCode),
    employees,
    unpriced,
    totals: {
      employees: employees.length,
      employeeFen: employees.reduce((s, e) => s + e.employeeTotalFen, 0),
      employerFen: employees.reduce((s, e) => s + e.employerTotalFen, 0),
    },
  };
}
