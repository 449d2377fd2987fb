import type { Insurance } from '@lianxu/policy';
import type { LocalizedText } from '../shared/index';

/** Which month of which employing entity to export; rates as the contribution calculator takes them. */
export interface MonthExportQuery {
  tenantId: string;
  entityId: string;
  /** Contribution month YYYY-MM. */
  month: string;
  /** Only this city (GB/T 2260 code); default every city where the entity has someone covered that month. */
  cityCode?: string;
  /** The entity's housing-fund rate (both sides); without it there is no housing-fund line. */
  housingFundRate?: string;
  /** The entity's work-injury rate; default each city's lowest. */
  injuryRate?: string;
}

/** One insurance of one employee: what payroll withholds and what the employer pays, in fen. */
export interface DeductionLine {
  insurance: Insurance;
  cityCode: string;
  baseFen: number;
  employeeFen: number;
  employerFen: number;
  policyId: string;
  provisional: boolean;
}

/** One employee of the month: the lines, and the totals payroll and finance book. */
export interface EmployeeDeductions {
  employeeId: string;
  name: string;
  idNumberMasked: string;
  cityCode: string;
  lines: DeductionLine[];
  employeeTotalFen: number;
  employerTotalFen: number;
}

/** An employee covered in the month whose contributions the policy cannot price (never guessed). */
export interface UnpricedDeduction {
  employeeId: string;
  name: string;
  cityCode: string;
  insurances: Insurance[] | 'all';
  reason: LocalizedText;
}

export interface MonthDeductions {
  entity: { id: string; name: string; creditCode: string };
  month: string;
  /** The housing-fund rate used: the request's, else the entity's stored one; absent or null, no housing-fund line. */
  housingFundRate?: string | null;
  cities: string[];
  employees: EmployeeDeductions[];
  unpriced: UnpricedDeduction[];
  totals: { employees: number; employeeFen: number; employerFen: number };
}

/**
 * The accounts a voucher line books to, named by role. Each has a default code and name in the
 * 企业会计准则 chart; a tenant's own chart replaces them through `AccountMap`.
 */
export const VOUCHER_ACCOUNTS = [
  'expense.socialInsurance',
  'expense.housingFund',
  'payable.wages',
  'payable.socialInsurance',
  'payable.housingFund',
  'withheld.socialInsurance',
  'withheld.housingFund',
  'bank',
] as const;
export type VoucherAccount = (typeof VOUCHER_ACCOUNTS)[number];

/** A tenant's code and name for an account role. */
export type AccountMap = Partial<Record<VoucherAccount, { code: string; name: string }>>;

export type VoucherKind = 'accrual' | 'withholding' | 'payment_social_insurance' | 'payment_housing_fund';

export interface VoucherLine {
  /** Summary (摘要). */
  summary: string;
  account: VoucherAccount;
  accountCode: string;
  accountName: string;
  /** The insurance the line is for (the auxiliary item); null on a bank line. */
  insurance: Insurance | null;
  cityCode: string | null;
  debitFen: number;
  creditFen: number;
}

export interface Voucher {
  /** 1-based, in the order accrual, withholding, payments per city. */
  number: number;
  kind: VoucherKind;
  /** YYYY-MM-DD: the month's last day. */
  date: string;
  /** 凭证字. */
  word: string;
  lines: VoucherLine[];
  debitFen: number;
  creditFen: number;
}

export interface MonthVouchers {
  entity: { id: string; name: string; creditCode: string };
  month: string;
  cities: string[];
  vouchers: Voucher[];
  /** The month's contributions the vouchers book. */
  totals: { employerFen: number; employeeFen: number; debitFen: number; creditFen: number };
}
