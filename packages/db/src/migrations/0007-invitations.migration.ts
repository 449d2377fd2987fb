import { sql, type Kysely, type Migration } from 'kysely';

// Invitations to join a tenant (issue #6): a platform table reached only through the auth module.
// Only SHA-256 of the one-time secret is stored, as for sessions; the link is shown or mailed once.

export const invitationsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('invitations')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull().check(sql`email = lower(email) and position('@' in email) > 1`))
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('tenant_admin', 'hr', 'employee')`))
      .addColumn('token_hash', 'bytea', (c) => c.notNull().unique().check(sql`octet_length(token_hash) = 32`))
      .addColumn('invited_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('accepted_at', 'timestamptz')
      .addColumn('accepted_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('revoked_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('invitations_tenant_idx').on('invitations').columns(['tenant_id', 'created_at']).execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('invitations').execute();
  },
};
