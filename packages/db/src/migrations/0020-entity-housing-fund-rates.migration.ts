import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// The housing-fund rate (公积金缴存比例) of each employing entity, set once by the tenant and used by
// the payroll and finance exports when a request does not give one (issue #18, item 3).
export const entityHousingFundRatesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('entity_housing_fund_rates')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('entity_id', 'uuid', (c) => c.notNull())
      .addColumn('rate', 'text', (c) => c.notNull().check(sql`rate ~ '^0\\.[0-9]{1,4}$'`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('entity_housing_fund_rates_pkey', ['tenant_id', 'entity_id'])
      .addForeignKeyConstraint('entity_housing_fund_rates_entity_fkey', ['tenant_id', 'entity_id'], 'entities', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await makeTenantTable(db, 'entity_housing_fund_rates', ['entity_id']);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('entity_housing_fund_rates').execute();
  },
};
