import type { UpdatedAt } from './columns';

// Finance account mapping (0018-finance-accounts).

/** A tenant's code and name for one account role of the finance vouchers (its chart of accounts, mapped once). */
export interface FinanceAccountsTable {
  tenant_id: string;
  /** The role, e.g. 'payable.socialInsurance' (core's VOUCHER_ACCOUNTS). */
  account: string;
  code: string;
  name: string;
  updated_at: UpdatedAt;
}

/** An employing entity's housing-fund rate (0020), used by the exports when a request gives none. */
export interface EntityHousingFundRatesTable {
  tenant_id: string;
  entity_id: string;
  /** Both sides, as the calculator takes it, e.g. '0.07'. */
  rate: string;
  updated_at: UpdatedAt;
}
