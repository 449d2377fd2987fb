import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { withTenant, type Database } from '@lianxu/db';

/** A new run for the tenant; its sandbox schema is made on first load. */
export async function createMigrationRun(db: Kysely<Database>, tenantId: string, runId: string = randomUUID()): Promise<string> {
  await withTenant(db, tenantId, (trx) => trx.insertInto('migration_runs').values({ tenant_id: tenantId, id: runId }).execute());
  return runId;
}

export async function getMigrationRun(db: Kysely<Database>, tenantId: string, runId: string) {
  return withTenant(db, tenantId, (trx) => trx.selectFrom('migration_runs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst());
}

/** A small pool for loading (COPY needs plain pg connections, not Kysely's), as the runtime role. */
export function openMigrationPool(connectionString: string, applicationName = 'lianxu-migrations'): pg.Pool {
  return new pg.Pool({ connectionString, max: 3, application_name: applicationName });
}
