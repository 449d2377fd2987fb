import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// Custom fields (issue #6): one definition row per tenant and key; the values stay in
// employees.custom_fields (jsonb), validated by a schema built from these rows. No per-tenant or
// per-field DDL ever: every tenant's searchable fields share the one GIN index of 0004-people.

export const customFieldsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('custom_field_definitions')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      // The key in employees.custom_fields; never changes, so renaming a label never touches values.
      .addColumn('key', 'text', (c) => c.notNull().check(sql`key ~ '^[a-z][a-z0-9_]{0,62}$'`))
      .addColumn('type', 'text', (c) =>
        c.notNull().check(sql`type in ('text', 'number', 'date', 'single_select', 'multi_select', 'yes_no', 'pattern_text')`),
      )
      // {"zh-CN": "...", "en": "..."}
      .addColumn('labels', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(labels) = 'object' and labels ? 'zh-CN' and labels ? 'en'`))
      .addColumn('required', 'boolean', (c) => c.notNull().defaultTo(false))
      // choices [{value, labels}], min/max, maxLength, pattern {regex, message}: what the type uses.
      .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`).check(sql`jsonb_typeof(options) = 'object'`))
      // {"form": bool, "list": bool, "export": bool}
      .addColumn('show_in', 'jsonb', (c) =>
        c.notNull().defaultTo(sql`'{"form": true, "list": false, "export": true}'::jsonb`).check(sql`jsonb_typeof(show_in) = 'object'`),
      )
      .addColumn('searchable', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      // Deleting hides the field and its values (which stay in employees.custom_fields).
      .addColumn('deleted_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_by', 'uuid')
      .addPrimaryKeyConstraint('custom_field_definitions_pkey', ['tenant_id', 'key'])
      .execute();
    await makeTenantTable(db, 'custom_field_definitions', ['key']);
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('custom_field_definitions').execute();
  },
};
