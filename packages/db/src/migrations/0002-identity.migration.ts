import { sql, type Kysely, type Migration } from 'kysely';
import { attachAuditTrigger, createTenantTablePolicy } from '../tenant-table';

export const identityMigration: Migration = {
  async up(db: Kysely<any>) {
    // Platform tables: reached only through the auth and tenancy modules.
    await db.schema
      .createTable('users')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('email', 'text', (c) => c.notNull().unique().check(sql`email = lower(email) and position('@' in email) > 1`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      // 'consultant' for vendor implementation staff, 'platform_admin' for the vendor's operators.
      .addColumn('platform_role', 'text', (c) => c.check(sql`platform_role in ('consultant', 'platform_admin')`))
      .addColumn('totp_key', 'bytea')
      .addColumn('totp_pending_key', 'bytea')
      .addColumn('totp_last_step', 'bigint')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('secret_hash', 'bytea', (c) => c.notNull())
      .addColumn('two_factor_verified', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('last_used_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('recovery_codes')
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('code_hash', 'bytea', (c) => c.notNull())
      .addColumn('used_at', 'timestamptz')
      .addPrimaryKeyConstraint('recovery_codes_pkey', ['user_id', 'code_hash'])
      .execute();

    await db.schema
      .createTable('memberships')
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('tenant_admin', 'hr', 'employee')`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('memberships_pkey', ['user_id', 'tenant_id'])
      .execute();

    await db.schema
      .createTable('consultant_grants')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('consultant_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('granted_by', 'text', (c) => c.notNull())
      .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('revoked_by', 'text')
      .addColumn('revoked_at', 'timestamptz')
      .execute();
    await sql`create unique index consultant_grants_active_idx on consultant_grants (consultant_id, tenant_id) where revoked_at is null`.execute(db);

    await db.schema
      .createTable('sign_in_failures')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('sign_in_failures_key_at_idx').on('sign_in_failures').columns(['key', 'at']).execute();

    await db.schema
      .createTable('platform_audit')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('actor_id', 'uuid')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'uuid')
      .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .execute();

    // Tenant audit trail: written by a trigger on every tenant table, never by hand-rolled code paths.
    await db.schema
      .createTable('audit_log')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('id', 'bigserial', (c) => c.notNull())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('actor_id', 'uuid')
      .addColumn('table_name', 'text', (c) => c.notNull())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('row_key', 'jsonb', (c) => c.notNull())
      .addColumn('changed_columns', sql`text[]`, (c) => c.notNull())
      .addColumn('action', 'text')
      .addPrimaryKeyConstraint('audit_log_pkey', ['tenant_id', 'id'])
      .execute();
    await createTenantTablePolicy(db, 'audit_log');

    // Names of columns only, never values: audit rows must not carry personal data.
    await sql`
      create function audit_row_change() returns trigger language plpgsql as $$
      declare
        old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
        new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
        source jsonb := coalesce(new_row, old_row);
        key jsonb := '{}'::jsonb;
        k text;
        changed text[];
      begin
        foreach k in array tg_argv loop
          key := key || jsonb_build_object(k, source -> k);
        end loop;
        if tg_op = 'UPDATE' then
          select coalesce(array_agg(n.key order by n.key), '{}') into changed
            from jsonb_each(new_row) n where n.value is distinct from old_row -> n.key;
          if cardinality(changed) = 0 then return null; end if;
        else
          select coalesce(array_agg(j.key order by j.key), '{}') into changed from jsonb_each(source) j;
        end if;
        insert into audit_log (tenant_id, actor_id, table_name, operation, row_key, changed_columns)
        values ((source ->> 'tenant_id')::uuid, nullif(current_setting('app.user_id', true), '')::uuid,
                tg_table_name, lower(tg_op), key, changed);
        return null;
      end $$`.execute(db);
    await attachAuditTrigger(db, 'tenant_cities', ['city_code']);
  },
  async down(db: Kysely<any>) {
    await sql`drop trigger if exists audit_row_change on tenant_cities`.execute(db);
    await sql`drop function if exists audit_row_change() cascade`.execute(db);
    for (const table of ['audit_log', 'platform_audit', 'sign_in_failures', 'consultant_grants', 'memberships', 'recovery_codes', 'sessions', 'users']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
