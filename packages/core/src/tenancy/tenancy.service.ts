import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';

export interface TenantView {
  id: string;
  slug: string;
  name: string;
  industry: string;
  workCities: { code: string; name: string }[];
}

/** Reads of the tenancy module. */
export function createTenancyService(db: Kysely<Database>) {
  async function citiesOf(tenantId: string) {
    const rows = await withTenant(db, tenantId, (trx) =>
      trx.selectFrom('tenant_cities').select(['city_code', 'city_name']).where('tenant_id', '=', tenantId).orderBy('city_code').execute(),
    );
    return rows.map((r) => ({ code: r.city_code, name: r.city_name }));
  }

  return {
    listCities: citiesOf,
    async listTenants(): Promise<TenantView[]> {
      const tenants = await db.selectFrom('tenants').select(['id', 'slug', 'name', 'industry']).orderBy('slug').execute();
      return Promise.all(tenants.map(async (t) => ({ ...t, workCities: await citiesOf(t.id) })));
    },
    async findTenantBySlug(slug: string) {
      return db.selectFrom('tenants').select(['id', 'slug', 'name', 'industry']).where('slug', '=', slug).executeTakeFirst();
    },
  };
}
export type TenancyService = ReturnType<typeof createTenancyService>;
