import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Every committed change to what a session check reads (sessions, users, memberships, consultant
 * grants, tenants) is announced on the `lianxu_auth_changed` channel, naming the user it concerns
 * ('*' for a tenant, which concerns everyone). API processes keep validated sessions for a few
 * seconds and drop a user's entries when told; a NOTIFY is delivered only on commit, so a cache
 * never hears of a change that was rolled back. Whoever writes (the API, the worker applying a
 * tenant file, an operator in psql) needs no code of its own for this.
 */
export const AUTH_CHANGED_CHANNEL = 'lianxu_auth_changed';

export const authChangeNotifyMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create function lianxu_auth_changed() returns trigger language plpgsql as $$
      declare
        row_data jsonb := to_jsonb(coalesce(new, old));
      begin
        perform pg_notify('${sql.raw(AUTH_CHANGED_CHANNEL)}', case tg_table_name
          when 'users' then row_data ->> 'id'
          when 'consultant_grants' then row_data ->> 'consultant_id'
          when 'tenants' then '*'
          else row_data ->> 'user_id' end);
        if tg_op = 'UPDATE' and tg_table_name <> 'tenants' and to_jsonb(old) ->> 'user_id' is distinct from row_data ->> 'user_id' then
          perform pg_notify('${sql.raw(AUTH_CHANGED_CHANNEL)}', coalesce(to_jsonb(old) ->> 'user_id', '*'));
        end if;
        return null;
      end $$`.execute(db);
    // A new session is never in a cache, so inserting one announces nothing.
    await sql`create trigger sessions_auth_changed after update or delete on sessions for each row execute function lianxu_auth_changed()`.execute(db);
    for (const table of ['users', 'memberships', 'consultant_grants', 'tenants']) {
      await sql`create trigger ${sql.raw(`${table}_auth_changed`)} after insert or update or delete on ${sql.table(table)} for each row execute function lianxu_auth_changed()`.execute(db);
    }
  },

  async down(db: Kysely<any>) {
    for (const table of ['sessions', 'users', 'memberships', 'consultant_grants', 'tenants']) {
      await sql`drop trigger ${sql.raw(`${table}_auth_changed`)} on ${sql.table(table)}`.execute(db);
    }
    await sql`drop function lianxu_auth_changed()`.execute(db);
  },
};
