import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';

/** Reads of the tenancy module. */
export function createTenancyService(db: Kysely<Database>) {
  // The home's read, its one parameter the tenant: the demo flag is asked of the same tenant's row.
  const homeQuery = db.selectFrom('tenant_cities')
    .select((eb) => ['city_code', 'city_name', eb.exists(eb.selectFrom('demo_data_seeds as d').select('d.tenant_id').whereRef('d.tenant_id', '=', 'tenant_cities.tenant_id')).as('demo')])
    .where('tenant_id', '=', '00000000-0000-0000-0000-000000000000').orderBy('city_code').compile();
  return {
    async listCities(tenantId: string) {
      const rows = await withTenant(db, tenantId, (trx) =>
        trx.selectFrom('tenant_cities').select(['city_code', 'city_name']).where('tenant_id', '=', tenantId).orderBy('city_code').execute(),
      );
      return rows.map((r) => ({ code: r.city_code, name: r.city_name }));
    },
    /**
     * What the tenant home shows: the work cities and whether the tenant holds generated demo data.
     * The home is the most-read page, so both come from one plain read (one round trip), compiled
     * once; only a tenant without cities asks a second time for the demo flag.
     */
    async home(tenantId: string): Promise<{ workCities: { code: string; name: string }[]; demo: boolean }> {
      const rows = await withTenant(db, tenantId, (trx) => trx.executeQuery<{ city_code: string; city_name: string; demo: boolean }>({ ...homeQuery, parameters: [tenantId] }));
      if (rows.rows.length) return { workCities: rows.rows.map((r) => ({ code: r.city_code, name: r.city_name })), demo: rows.rows[0]!.demo === true };
      const demo = await withTenant(db, tenantId, (trx) => trx.selectFrom('demo_data_seeds').select('tenant_id').where('tenant_id', '=', tenantId).executeTakeFirst());
      return { workCities: [], demo: demo !== undefined };
    },
  };
}
export type TenancyService = ReturnType<typeof createTenancyService>;
