import { Kysely } from 'kysely';
import pg from 'pg';
import { BatchingClient, PipelinedPostgresDialect } from './pipelined-driver';
import type { Database } from './schema';

// Return int8 and numeric as strings: money is integer fen and must never pass through a float.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
// Business dates stay calendar strings ('2025-03-01'), never shifted by the process time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface DbOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
}

/**
 * Opens a Kysely instance over a pg pool whose clients pipeline (node-postgres's `pipeline: true`):
 * queries given to one client together are sent without waiting for each other's answers, which is
 * how `withTenant` sends BEGIN, the tenant settings and a query in one round trip.
 *
 * @example
 * const db = createDb({ connectionString: process.env.DATABASE_URL! });
 */
export function createDb(options: DbOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'lianxu',
    pipeline: true,
    Client: BatchingClient,
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PipelinedPostgresDialect(pool) });
}
