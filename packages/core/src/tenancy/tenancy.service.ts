import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';

/** Reads of the tenancy module. */
export function createTenancyService(db: Kysely<Database>) {
  return {
    async listCities(tenantId: string) {
      const rows = await withTenant(db, tenantId, (trx) =>
        trx.selectFrom('tenant_cities').select(['city_code', 'city_name']).where('tenant_id', '=', tenantId).orderBy('city_code').execute(),
      );
      return rows.map((r) => ({ code: r.city_code, name: r.city_name }));
    },
    /**
     * What the tenant home shows: the work cities and whether the tenant holds generated demo data.
     * The home is the most-read page, so both come from one plain read (one round trip); only a
     * tenant without cities asks a second time for the demo flag.
     */
    async home(tenantId: string): Promise<{ workCities: { code: string; name: string }[]; demo: boolean }> {
      const seeded = (trx: Kysely<Database>) => trx.selectFrom('demo_data_seeds').select('tenant_id').where('tenant_id', '=', tenantId);
      const rows = await withTenant(db, tenantId, (trx) =>
        trx.selectFrom('tenant_cities')
          .select((eb) => ['city_code', 'city_name', eb.exists(seeded(trx)).as('demo')])
          .where('tenant_id', '=', tenantId).orderBy('city_code').execute(),
      );
      if (rows.length) return { workCities: rows.map((r) => ({ code: r.city_code, name: r.city_name })), demo: rows[0]!.demo === true };
      const demo = await withTenant(db, tenantId, (trx) => seeded(trx).executeTakeFirst());
      return { workCities: [], demo: demo !== undefined };
    },
  };
}
export type TenancyService = ReturnType<typeof createTenancyService>;
