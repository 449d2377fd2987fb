import { afterAll, beforeAll, expect } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { appDb } from './harness';
import { uniqueSlug } from './http-client';
import { provisionForTest } from './tenant-fixtures';

// Probes for tests of withTenant and the pg driver on the real database.

export { countRoundTrips } from './round-trips';

/** The SQLSTATE a failing work ends with; throws when the work does not fail. */
export async function pgCode(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  throw new Error('expected the work to fail');
}

/**
 * Every process warning of the calling test file, as `name: message`. Call it at the top of the file,
 * before its first query: Node prints a deprecation once per process, so a listener added later
 * could miss one an earlier test caused.
 */
export function captureProcessWarnings(): string[] {
  const warnings: string[] = [];
  process.on('warning', (warning) => warnings.push(`${warning.name}: ${warning.message}`));
  return warnings;
}

export interface SingleConnectionProbe {
  /** A pool of a single connection: every test sees what the previous withTenant left on it. */
  readonly one: Kysely<Database>;
  /** A second pool, for fixtures and for a concurrent session. */
  readonly db: Kysely<Database>;
  /** Two fresh tenants (A works in 310100 上海, B in 440300 深圳), set in beforeAll. */
  readonly tenants: { readonly A: string; readonly B: string };
  /**
   * What the single pooled connection carries outside withTenant: no tenant, no actor, not read-only,
   * no open transaction (an open one would have started before this statement), no tenant row.
   */
  expectClean(): Promise<void>;
  /** The statements prepared on the single pooled connection, as `name: text`. */
  preparedStatements(): Promise<string[]>;
  /** A tenant's city codes, read through withTenant on the second pool. */
  cityCodes(tenant: string): Promise<string[]>;
}

/**
 * The single-connection pool, the fixture pool and two tenants for the calling test file; registers
 * its beforeAll (tenants, the connection's backend pid) and afterAll (both pools closed).
 */
export function singleConnectionProbe(): SingleConnectionProbe {
  const db = appDb(3);
  const one = appDb(1);
  const tenants = { A: '', B: '' };
  let pid = 0;

  beforeAll(async () => {
    tenants.A = await provisionForTest(db, { slug: uniqueSlug('wt-a'), name: 'A', industry: 'retail', workCities: [{ code: '310100', name: '上海' }] });
    tenants.B = await provisionForTest(db, { slug: uniqueSlug('wt-b'), name: 'B', industry: 'retail', workCities: [{ code: '440300', name: '深圳' }] });
    pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(one)).rows[0]!.pid;
  });
  afterAll(async () => {
    await one.destroy();
    await db.destroy();
  });

  return {
    one,
    db,
    tenants,
    async expectClean() {
      const { rows } = await sql<{ pid: number; tenant: string | null; actor: string | null; read_only: string; fresh: boolean }>`
        select pg_backend_pid() as pid, current_setting('app.tenant_id', true) as tenant, current_setting('app.user_id', true) as actor,
          current_setting('transaction_read_only') as read_only, now() = statement_timestamp() as fresh`.execute(one);
      const state = rows[0]!;
      expect({ ...state, tenant: state.tenant ?? '', actor: state.actor ?? '' }).toEqual({ pid, tenant: '', actor: '', read_only: 'off', fresh: true });
      expect(await one.selectFrom('tenant_cities').select('city_code').execute()).toEqual([]);
    },
    async preparedStatements() {
      const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(one);
      return rows.map((r) => `${r.name}: ${r.statement}`);
    },
    cityCodes: (tenant) =>
      withTenant(db, tenant, async (trx) => (await trx.selectFrom('tenant_cities').select('city_code').orderBy('city_code').execute()).map((r) => r.city_code)),
  };
}
