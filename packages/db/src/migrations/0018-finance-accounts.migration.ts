import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// Finance vouchers out (issue #18, item 3): a tenant maps each account role of the vouchers
// (expense, payable, withheld, bank) to its own chart of accounts once; a role it has not mapped
// keeps the default code of the 企业会计准则 chart.
export const financeAccountsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('finance_accounts')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull().check(sql`length(code) between 1 and 40`))
      .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 100`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('finance_accounts_pkey', ['tenant_id', 'account'])
      .execute();
    await makeTenantTable(db, 'finance_accounts', ['account']);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('finance_accounts').execute();
  },
};
