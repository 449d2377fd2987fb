import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// Demo data (issue #15, item 7): a tenant that holds the deterministic demo history has one row
// here (its seed, when, what was written and how long it took); the employees of that history are
// flagged, so nothing generated can be taken for a real person.
export const demoDataMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('demo_data_seeds')
      .addColumn('tenant_id', 'uuid', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
      .addColumn('seed', 'text', (c) => c.notNull())
      .addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('took_ms', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('seeded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await makeTenantTable(db, 'demo_data_seeds', ['tenant_id']);
    await db.schema.alterTable('employees').addColumn('demo', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('employees').dropColumn('demo').execute();
    await db.schema.dropTable('demo_data_seeds').execute();
  },
};
