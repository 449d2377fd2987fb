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
  };
}
export type TenancyService = ReturnType<typeof createTenancyService>;
