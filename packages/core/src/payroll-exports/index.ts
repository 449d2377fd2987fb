// Payroll and finance out (issue #18, item 3): the month's employee deductions per employee and
// insurance, the employer cost, and the finance vouchers, as data and as CSV/Excel files. Reads the
// expected lines of contributions; writes only the tenant's account mapping (finance_accounts) and
// each entity's housing-fund rate (entity_housing_fund_rates).
export type {
  AccountMap, DeductionLine, EmployeeDeductions, MonthDeductions, MonthExportQuery, MonthVouchers, UnpricedDeduction, Voucher, VoucherAccount, VoucherKind, VoucherLine,
} from './payroll-exports.types';
export { VOUCHER_ACCOUNTS } from './payroll-exports.types';
export { PayrollExportError } from './payroll-exports.errors';
export { monthDeductions } from './month-deductions';
export { listHousingFundRates, setHousingFundRate, type EntityHousingFundRate } from './housing-fund-rates';
export { DEFAULT_ACCOUNTS, financeVouchers } from './finance-vouchers';
export { monthVouchers } from './month-vouchers';
export { accountMap, listAccounts, mapAccounts, type AccountView } from './finance-accounts';
export {
  CSV_MEDIA_TYPE, DEDUCTION_COLUMNS, renderDeductionsCsv, renderDeductionsXlsx, renderVouchersXlsx, VOUCHER_LAYOUTS, voucherLayoutHeaders, type VoucherLayout,
} from './payroll-exports.files';
