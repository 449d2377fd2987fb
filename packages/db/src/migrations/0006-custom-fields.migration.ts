import { sql, type Kysely, type Migration } from 'kysely';
import { createTenantTablePolicy, makeTenantTable } from '../tenant-table';

// Custom fields (issue #6): one definition row per tenant and key; the values stay in
// employees.custom_fields (jsonb), validated by a schema built from these rows. No per-tenant or
// per-field DDL ever.
//
// Searchable fields are indexed in one shared table, custom_field_search (tenant, field, value,
// employee), kept by a trigger on employees. Why not the GIN index on custom_fields that
// 0004-people made: under row-level security PostgreSQL only uses an index for a condition whose
// operator is LEAKPROOF, and jsonb @> is not (only a superuser could declare it so), so for the
// app role (and the owner: RLS is forced) every `custom_fields @> ...` filter was a scan of the
// tenant's rows. Text and uuid equality are leakproof, so the b-tree of custom_field_search is
// used; the GIN index, never usable, is dropped to save its write cost.

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

    // One row per employee, searchable field and value (a multi-select: one per choice). Values as
    // text: strings as they are, numbers and true/false as JSON writes them. The employee's hire
    // date rides along so that "filtered on a field, newest hire first" is one index range scan.
    await db.schema
      .createTable('custom_field_search')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull())
      .addColumn('field_key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('hire_date', 'date', (c) => c.notNull())
      .addPrimaryKeyConstraint('custom_field_search_pkey', ['tenant_id', 'field_key', 'value', 'employee_id'])
      .addForeignKeyConstraint('custom_field_search_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    // Derived from employees.custom_fields, whose changes the audit trigger already records: no audit trigger here.
    await createTenantTablePolicy(db, 'custom_field_search');
    await sql`create index custom_field_search_by_employee on custom_field_search (tenant_id, employee_id)`.execute(db);
    // The employee list's default order (hire_date desc, id), within one field value.
    await sql`create index custom_field_search_by_hire_date on custom_field_search (tenant_id, field_key, value, hire_date desc, employee_id)`.execute(db);

    // The rows of one employee for the searchable, live fields of its tenant. Runs as the caller
    // (row-level security applies), inside the caller's transaction.
    await sql`
      create function custom_field_search_rows(p_tenant uuid, p_employee uuid, p_hire_date date, p_values jsonb, p_field text default null)
      returns table (tenant_id uuid, field_key text, value text, employee_id uuid, hire_date date) language sql stable as $$
        select p_tenant, d.key, case jsonb_typeof(x) when 'string' then x #>> '{}' else x::text end, p_employee, p_hire_date
          from custom_field_definitions d
          cross join lateral jsonb_array_elements(
            case jsonb_typeof(p_values -> d.key) when 'array' then p_values -> d.key else jsonb_build_array(p_values -> d.key) end) as x
         where d.tenant_id = p_tenant and d.searchable and d.deleted_at is null and (p_field is null or d.key = p_field)
           and p_values ? d.key and jsonb_typeof(x) in ('string', 'number', 'boolean')
      $$`.execute(db);
    await sql`
      create function custom_field_search_sync() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and (new.custom_fields, new.hire_date) is not distinct from (old.custom_fields, old.hire_date) then return null; end if;
        if tg_op = 'UPDATE' then
          delete from custom_field_search s where s.tenant_id = new.tenant_id and s.employee_id = new.id;
        end if;
        insert into custom_field_search (tenant_id, field_key, value, employee_id, hire_date)
          select * from custom_field_search_rows(new.tenant_id, new.id, new.hire_date, new.custom_fields) on conflict do nothing;
        return null;
      end $$`.execute(db);
    await sql`create trigger custom_field_search_sync after insert or update of custom_fields, hire_date on employees
      for each row execute function custom_field_search_sync()`.execute(db);
    // A field turned searchable (or brought back): index the values the tenant's employees already hold.
    await sql`
      create function custom_field_search_refresh(p_tenant uuid, p_field text) returns void language sql as $$
        delete from custom_field_search where tenant_id = p_tenant and field_key = p_field;
        insert into custom_field_search (tenant_id, field_key, value, employee_id, hire_date)
          select r.* from employees e cross join lateral custom_field_search_rows(e.tenant_id, e.id, e.hire_date, e.custom_fields, p_field) r
           where e.tenant_id = p_tenant and e.custom_fields ? p_field
          on conflict do nothing;
      $$`.execute(db);
    await sql`drop index employees_custom_fields`.execute(db);
  },

  async down(db: Kysely<any>) {
    await sql`create index employees_custom_fields on employees using gin (custom_fields jsonb_path_ops)`.execute(db);
    await sql`drop trigger custom_field_search_sync on employees`.execute(db);
    await sql`drop function custom_field_search_refresh(uuid, text)`.execute(db);
    await sql`drop function custom_field_search_sync()`.execute(db);
    await db.schema.dropTable('custom_field_search').execute();
    await sql`drop function custom_field_search_rows(uuid, uuid, date, jsonb, text)`.execute(db);
    await db.schema.dropTable('custom_field_definitions').execute();
  },
};
