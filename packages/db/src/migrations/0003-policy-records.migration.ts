import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Consultant-entered policy revisions: platform data shared by every tenant (no tenant_id, no RLS).
 * Rows are never changed or deleted (the runtime role may only insert), because quotes already
 * made keep the policy id they used and must still resolve it.
 */
export const policyRecordsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('policy_records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('city_code', 'text', (c) => c.notNull().check(sql`city_code ~ '^[0-9]{6}$'`))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull().check(sql`revision >= 1`))
      // The record as the consultant entered it (the shape of packages/policy/data/*.yaml).
      .addColumn('record', 'jsonb', (c) => c.notNull())
      // Source register entries this revision adds (a new notice the shipped register lacks).
      .addColumn('sources', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addUniqueConstraint('policy_records_city_year_revision_key', ['city_code', 'year', 'revision'])
      // The id is derived, never chosen: the same text the policy engine gives the record.
      .addCheckConstraint('policy_records_id_check', sql`id = city_code || '-' || year || '-r' || revision`)
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('policy_records').execute();
  },
};
