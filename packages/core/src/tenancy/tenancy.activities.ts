import { sql } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import type { Kysely } from 'kysely';
import type { TenancyActivities } from '@lianxu/workflows';
import { createAuthService } from '@lianxu/auth';

/** The shared password of demo sign-ins; they exist only in demo mode. */
export const DEMO_PASSWORD = 'lianxu-demo';

export interface TenancyDeps {
  db: Kysely<Database>;
}

/** The tenancy module's activities: the only writers of tenants and tenant_cities. */
export function createTenancyActivities({ db }: TenancyDeps): TenancyActivities {
  return {
    async upsertTenantProfile(spec) {
      // One statement: insert, or update only when something differs, so a re-apply writes nothing.
      const row = await sql<{ id: string; inserted: boolean }>`
        insert into tenants (slug, name, industry) values (${spec.slug}, ${spec.name}, ${spec.industry})
        on conflict (slug) do update set name = excluded.name, industry = excluded.industry, updated_at = now()
          where (tenants.name, tenants.industry) is distinct from (excluded.name, excluded.industry)
        returning id, (xmax = 0) as inserted`.execute(db);
      const written = row.rows[0];
      if (written) return { tenantId: written.id, created: written.inserted, changed: true };
      const existing = await db.selectFrom('tenants').select('id').where('slug', '=', spec.slug).executeTakeFirstOrThrow();
      return { tenantId: existing.id, created: false, changed: false };
    },

    async syncDemoUsers({ tenantId, demo }) {
      const auth = createAuthService(db);
      const created: string[] = [];
      for (const u of demo.users) {
        const exists = await db.selectFrom('users').select('id').where('email', '=', u.email.toLowerCase()).executeTakeFirst();
        const id = await auth.ensureUser({ email: u.email, name: u.name, password: DEMO_PASSWORD });
        await auth.ensureMembership(id, tenantId, u.role);
        if (!exists) created.push(u.email);
      }
      for (const c of demo.consultants) {
        const exists = await db.selectFrom('users').select('id').where('email', '=', c.email.toLowerCase()).executeTakeFirst();
        await auth.ensureUser({ email: c.email, name: c.name, platformRole: 'consultant', password: DEMO_PASSWORD });
        await auth.grantConsultant({ tenantId, consultantEmail: c.email, grantedBy: { id: null, label: 'platform (tenant.yaml)' } });
        if (!exists) created.push(c.email);
      }
      return { created };
    },

    async syncTenantCities({ tenantId, cities }) {
      return withTenant(db, tenantId, async (trx) => {
        const current = await trx.selectFrom('tenant_cities').select(['city_code', 'city_name']).where('tenant_id', '=', tenantId).execute();
        const wanted = new Map(cities.map((c) => [c.code, c.name]));
        const have = new Map(current.map((c) => [c.city_code, c.city_name]));
        const added = cities.filter((c) => !have.has(c.code)).map((c) => c.code);
        const removed = current.filter((c) => !wanted.has(c.city_code)).map((c) => c.city_code);
        const renamed = cities.filter((c) => have.has(c.code) && have.get(c.code) !== c.name).map((c) => c.code);
        if (added.length) {
          await trx
            .insertInto('tenant_cities')
            .values(added.map((code) => ({ tenant_id: tenantId, city_code: code, city_name: wanted.get(code)! })))
            .onConflict((oc) => oc.columns(['tenant_id', 'city_code']).doNothing())
            .execute();
        }
        if (removed.length) {
          await trx.deleteFrom('tenant_cities').where('tenant_id', '=', tenantId).where('city_code', 'in', removed).execute();
        }
        for (const code of renamed) {
          await trx.updateTable('tenant_cities').set({ city_name: wanted.get(code)! }).where('tenant_id', '=', tenantId).where('city_code', '=', code).execute();
        }
        return { added, removed, renamed };
      });
    },
  };
}
