import { sql, type Kysely } from 'kysely';
import { createDb } from './connection';
import type { Database } from './schema';

export interface RuntimeRoleReport {
  role: string;
  superuser: boolean;
  bypassRls: boolean;
  ownedTables: string[];
}

export async function inspectRuntimeRole(db: Kysely<any>): Promise<RuntimeRoleReport> {
  const role = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>`
    select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(db);
  const owned = await sql<{ relname: string }>`
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relowner = (select oid from pg_roles where rolname = current_user)
      and c.relkind in ('r', 'p', 'v', 'm') and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg_toast%'`.execute(db);
  const row = role.rows[0];
  if (!row) throw new Error('cannot read the current role from pg_roles');
  return { role: row.rolname, superuser: row.rolsuper, bypassRls: row.rolbypassrls, ownedTables: owned.rows.map((r) => r.relname) };
}

/**
 * Refuses to run the API or the worker as a role that row-level security would not hold:
 * a superuser, a role with BYPASSRLS, or the owner of any table.
 */
export async function assertSafeRuntimeRole(db: Kysely<any>): Promise<void> {
  const report = await inspectRuntimeRole(db);
  const problems: string[] = [];
  if (report.superuser) problems.push('it is a SUPERUSER');
  if (report.bypassRls) problems.push('it has BYPASSRLS');
  if (report.ownedTables.length) problems.push(`it owns tables (${report.ownedTables.slice(0, 5).join(', ')})`);
  if (problems.length) {
    throw new Error(
      `Refusing to start: the database role "${report.role}" could bypass row-level security because ${problems.join(' and ')}. ` +
        'Connect the API and worker as the runtime role (DATABASE_URL), and run migrations as the owner role (MIGRATION_DATABASE_URL).',
    );
  }
}

/** A start-up failure with the process exit code it calls for (2: configuration, 3: unsafe role). */
export class StartupError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = 'StartupError';
  }
}

/** An environment variable a process cannot start without. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new StartupError(`${name} is not set`, 2);
  return value;
}

/**
 * The database pool of a long-running process (API, worker): DATABASE_URL, checked to be a role
 * that row-level security holds before anything else runs.
 */
export async function openRuntimeDatabase(applicationName: string): Promise<Kysely<Database>> {
  const db = createDb({ connectionString: requireEnv('DATABASE_URL'), max: Number(process.env.DB_POOL_MAX ?? 10), applicationName });
  try {
    await assertSafeRuntimeRole(db);
  } catch (error) {
    await db.destroy();
    throw new StartupError((error as Error).message, 3);
  }
  return db;
}
