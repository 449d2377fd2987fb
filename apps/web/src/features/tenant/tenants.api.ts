import { api, path } from '../../api';

export type WorkCity = { code: string; name: string };

export type TenantSummary = {
  id: string;
  slug: string;
  name: string;
  industry: string;
  workCities: WorkCity[];
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export type Role = 'tenant_admin' | 'hr' | 'employee' | 'consultant';

export type TenantHome = {
  tenant: { id: string; slug: string; name: string; industry: string; workCities: WorkCity[] };
  role: Role;
};

/** Public list of tenants (issue 2), until tenancy restricts it. */
export function listTenants(): Promise<Page<TenantSummary>> {
  return api('/api/tenants');
}

/** 404 when the signed-in user has neither membership nor grant: the API hides other tenants. */
export function getTenantHome(slug: string): Promise<TenantHome> {
  return api(path('/api/t', slug, 'home'));
}
