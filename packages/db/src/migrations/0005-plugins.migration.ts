import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// Which plugins each tenant enabled, with the tenant's options for each (issue #6). Disabling keeps
// the row (enabled = false) and the plugin's data; the plugin's routes and handlers stop for the tenant.
// tenant.yaml plan/apply/drift reads and writes this same table.

export const pluginsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('tenant_plugins')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('plugin_id', 'text', (c) => c.notNull().check(sql`plugin_id ~ '^[a-z][a-z0-9-]{1,48}[a-z0-9]$'`))
      .addColumn('enabled', 'boolean', (c) => c.notNull())
      .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`).check(sql`jsonb_typeof(options) = 'object'`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_by', 'uuid')
      .addPrimaryKeyConstraint('tenant_plugins_pkey', ['tenant_id', 'plugin_id'])
      .execute();
    await makeTenantTable(db, 'tenant_plugins', ['plugin_id']);
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('tenant_plugins').execute();
  },
};
