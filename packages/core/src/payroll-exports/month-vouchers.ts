import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { getDefaultPolicyLibrary, type PolicyLibrary } from '@lianxu/policy';
import { accountMap } from './finance-accounts';
import { financeVouchers } from './finance-vouchers';
import { monthDeductions } from './month-deductions';
import { PayrollExportError } from './payroll-exports.errors';
import type { MonthExportQuery, MonthVouchers } from './payroll-exports.types';

/**
 * The month's vouchers in the tenant's chart of accounts. Refused (422) while an employee of the
 * month cannot be priced: a voucher must book the whole month, never a part of it silently.
 */
export async function monthVouchers(db: Kysely<Database>, q: MonthExportQuery, library: PolicyLibrary = getDefaultPolicyLibrary()): Promise<MonthVouchers> {
  const month = await monthDeductions(db, q, library);
  if (month.unpriced.length > 0) {
    const first = month.unpriced[0]!;
    throw new PayrollExportError(422, 'expected_unavailable', {
      'zh-CN': `有 ${month.unpriced.length} 名员工的应缴金额无法计算，不能生成凭证：${first.name} ${first.reason['zh-CN']}`,
      en: `the contributions of ${month.unpriced.length} employee(s) cannot be computed, so no voucher is made: ${first.name} ${first.reason.en}`,
    });
  }
  const cityNames = new Map(library.engine.cities.map((c) => [c.code, c.zh]));
  return financeVouchers(month, await accountMap(db, q.tenantId), cityNames);
}
