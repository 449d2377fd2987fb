import { sql, type Kysely, type Migration } from 'kysely';
import { createTenantTablePolicy } from '../tenant-table';

export const tenancyMigration: Migration = {
  async up(db: Kysely<any>) {
    // Platform table: reached only through the tenancy module, so no row-level security.
    await db.schema
      .createTable('tenants')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('slug', 'text', (c) => c.notNull().unique().check(sql`slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('industry', 'text', (c) => c.notNull())
      .addColumn('config_hash', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('tenant_cities')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('city_code', 'text', (c) => c.notNull().check(sql`city_code ~ '^[0-9]{6}$'`))
      .addColumn('city_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('tenant_cities_pkey', ['tenant_id', 'city_code'])
      .execute();
    await createTenantTablePolicy(db, 'tenant_cities');
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('tenant_cities').execute();
    await db.schema.dropTable('tenants').execute();
  },
};
