import { sql, type Kysely, type Migration } from 'kysely';

// Tenant API keys (issue #18, item 1). A platform table like memberships: the key is checked before
// any tenant is set (the bearer token and the slug name it), so it has no row-level policy; its key
// leads with tenant_id all the same (one tenant's keys live on its shard). Only SHA-256 of the
// secret is stored; `prefix` is the visible part that tells keys apart and finds the row.
export const integrationsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('api_keys')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'bytea', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('scopes', sql`text[]`, (c) => c.notNull())
      .addColumn('created_by', 'uuid')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('revoked_by', 'uuid')
      .addColumn('last_used_at', 'timestamptz')
      .addPrimaryKeyConstraint('api_keys_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('api_keys_prefix_key', ['tenant_id', 'prefix'])
      .execute();
    // A bearer token names its key by prefix before any tenant is known.
    await sql`create index api_keys_by_prefix on api_keys (prefix)`.execute(db);
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('api_keys').execute();
  },
};
