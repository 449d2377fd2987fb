import { sql, type Kysely, type Migration } from 'kysely';

// Ready for Citus (issue #12, item 8): every table with a tenant_id column has a primary key and
// unique indexes that lead with tenant_id, so it can be distributed by tenant_id and every key is
// checked within one tenant's shard. Three identity tables did not: memberships (user, tenant),
// consultant_grants (id; consultant, tenant) and invitations (id; token hash). Their lookups across
// tenants (a user's tenants at sign-in, a consultant's grants, an invitation by its token) keep a
// plain index each. No foreign key references these three tables, so no key elsewhere changes.
// platform_audit keeps its key: a platform table whose tenant_id is optional (null for platform-wide
// actions); it stays on the coordinator.

export const tenantKeysMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table memberships drop constraint memberships_pkey, add constraint memberships_pkey primary key (tenant_id, user_id)`.execute(db);
    await sql`create index memberships_by_user on memberships (user_id)`.execute(db);

    await sql`alter table consultant_grants drop constraint consultant_grants_pkey, add constraint consultant_grants_pkey primary key (tenant_id, id)`.execute(db);
    await sql`drop index consultant_grants_active_idx`.execute(db);
    await sql`create unique index consultant_grants_active_idx on consultant_grants (tenant_id, consultant_id) where revoked_at is null`.execute(db);
    await sql`create index consultant_grants_by_consultant on consultant_grants (consultant_id) where revoked_at is null`.execute(db);

    await sql`alter table invitations drop constraint invitations_pkey, add constraint invitations_pkey primary key (tenant_id, id)`.execute(db);
    await sql`alter table invitations drop constraint invitations_token_hash_key, add constraint invitations_token_hash_key unique (tenant_id, token_hash)`.execute(db);
    // A token is 32 random bytes: it names one invitation of one tenant; accepting looks it up without the tenant.
    await sql`create index invitations_by_token on invitations (token_hash)`.execute(db);
    await sql`create index invitations_by_id on invitations (id)`.execute(db);
  },

  async down(db: Kysely<any>) {
    await sql`drop index invitations_by_id`.execute(db);
    await sql`drop index invitations_by_token`.execute(db);
    await sql`alter table invitations drop constraint invitations_token_hash_key, add constraint invitations_token_hash_key unique (token_hash)`.execute(db);
    await sql`alter table invitations drop constraint invitations_pkey, add constraint invitations_pkey primary key (id)`.execute(db);

    await sql`drop index consultant_grants_by_consultant`.execute(db);
    await sql`drop index consultant_grants_active_idx`.execute(db);
    await sql`create unique index consultant_grants_active_idx on consultant_grants (consultant_id, tenant_id) where revoked_at is null`.execute(db);
    await sql`alter table consultant_grants drop constraint consultant_grants_pkey, add constraint consultant_grants_pkey primary key (id)`.execute(db);

    await sql`drop index memberships_by_user`.execute(db);
    await sql`alter table memberships drop constraint memberships_pkey, add constraint memberships_pkey primary key (user_id, tenant_id)`.execute(db);
  },
};
