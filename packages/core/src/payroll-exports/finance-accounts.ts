import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { exportInvalid } from './payroll-exports.errors';
import { DEFAULT_ACCOUNTS } from './finance-vouchers';
import { VOUCHER_ACCOUNTS, type AccountMap, type VoucherAccount } from './payroll-exports.types';

// A tenant's chart of accounts for the vouchers: each account role mapped once to the tenant's
// code and name. This module is the only writer of finance_accounts.

export interface AccountView {
  account: VoucherAccount;
  code: string;
  name: string;
  /** False while the role still uses the default code. */
  mapped: boolean;
}

const CODE = /^[0-9A-Za-z][0-9A-Za-z.\-_]{0,39}$/;

/** The tenant's mapped accounts (roles it has not mapped are absent). */
export async function accountMap(db: Kysely<Database>, tenantId: string): Promise<AccountMap> {
  const rows = await withTenant(db, tenantId, (trx) => trx.selectFrom('finance_accounts').select(['account', 'code', 'name']).where('tenant_id', '=', tenantId).execute());
  const out: AccountMap = {};
  for (const r of rows) if ((VOUCHER_ACCOUNTS as readonly string[]).includes(r.account)) out[r.account as VoucherAccount] = { code: r.code, name: r.name };
  return out;
}

/** Every account role with the code the vouchers use now. */
export async function listAccounts(db: Kysely<Database>, tenantId: string): Promise<AccountView[]> {
  const mapped = await accountMap(db, tenantId);
  return VOUCHER_ACCOUNTS.map((account) => ({ account, ...(mapped[account] ?? DEFAULT_ACCOUNTS[account]), mapped: mapped[account] !== undefined }));
}

/**
 * Maps account roles to the tenant's codes (roles not given keep their mapping; `reset` lists roles
 * back to the default). Checked whole before anything is written.
 */
export async function mapAccounts(
  db: Kysely<Database>,
  tenant: { id: string },
  actor: { id: string } | null,
  input: { accounts: { account: VoucherAccount; code: string; name: string }[]; reset?: VoucherAccount[] },
): Promise<AccountView[]> {
  const seen = new Set<string>();
  input.accounts.forEach((a, i) => {
    if (!(VOUCHER_ACCOUNTS as readonly string[]).includes(a.account)) throw exportInvalid(`accounts.${i}.account`, '没有这个科目角色', 'No such account role');
    if (seen.has(a.account)) throw exportInvalid(`accounts.${i}.account`, '同一科目角色出现了两次', 'The same account role appears twice');
    seen.add(a.account);
    if (!CODE.test(a.code)) throw exportInvalid(`accounts.${i}.code`, '科目代码只能包含字母、数字、点、横线和下划线（最多 40 个字符）', 'The account code may hold letters, digits, dots, dashes and underscores (at most 40)');
  });
  for (const [i, r] of (input.reset ?? []).entries()) {
    if (seen.has(r)) throw exportInvalid(`reset.${i}`, '同一科目角色不能既设置又恢复默认', 'An account role cannot be both mapped and reset');
  }
  await withTenant(db, tenant.id, async (trx) => {
    if (input.reset?.length) await trx.deleteFrom('finance_accounts').where('tenant_id', '=', tenant.id).where('account', 'in', input.reset).execute();
    if (input.accounts.length) {
      await trx.insertInto('finance_accounts')
        .values(input.accounts.map((a) => ({ tenant_id: tenant.id, account: a.account, code: a.code, name: a.name })))
        .onConflict((oc) => oc.columns(['tenant_id', 'account']).doUpdateSet((eb) => ({ code: eb.ref('excluded.code'), name: eb.ref('excluded.name'), updated_at: new Date() })))
        .execute();
    }
  }, { actorId: actor?.id ?? null });
  return listAccounts(db, tenant.id);
}
