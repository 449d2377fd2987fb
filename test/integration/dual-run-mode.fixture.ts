import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';

// A tenant's dual run as the data migration leaves it (a promoted migration run, its dual run in
// shadow mode), written directly: the filing tests need the mode, not a legacy system to compare with.

export async function shadowDualRunOf(db: Kysely<Database>, tenantId: string): Promise<string> {
  const runId = randomUUID();
  await withTenant(db, tenantId, async (trx) => {
    await trx.insertInto('migration_runs').values({ tenant_id: tenantId, id: runId, status: 'promoted' } as never).execute();
    await trx.insertInto('dual_runs').values({ tenant_id: tenantId, run_id: runId, start_day: '2026-01-05', subject_salt: randomBytes(16).toString('hex') }).execute();
  });
  return runId;
}

/** The filings a dual run held back, oldest first. */
export const heldBackOf = (db: Kysely<Database>, tenantId: string) =>
  withTenant(db, tenantId, (trx) => trx.selectFrom('held_back_filings').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').execute());
