import { request, type ResponseOf, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts).

export type TenantSummary = Schema<'Tenant'>;
export type WorkCity = TenantSummary['workCities'][number];

export type Page<T> = { items: T[]; nextCursor: string | null };

export type TenantHome = ResponseOf<'/api/t/{tenant}/home', 'get'>;
export type Role = TenantHome['role'];

/** The tenants the signed-in user can reach (memberships and consultant grants). */
export function listTenants() {
  return request('get', '/api/tenants', {});
}

/** 404 when the signed-in user has neither membership nor grant: the API hides other tenants. */
export function getTenantHome(slug: string) {
  return request('get', '/api/t/{tenant}/home', { params: { tenant: slug } });
}

export type Workbench = ResponseOf<'/api/t/{tenant}/workbench', 'get'>;

/** HR's work to do: open filings, open risk findings, the unread inbox. */
export function getWorkbench(slug: string) {
  return request('get', '/api/t/{tenant}/workbench', { params: { tenant: slug } });
}

export type Dashboard = ResponseOf<'/api/t/{tenant}/dashboard', 'get'>;

/** HR's dashboard: contribution cost per month by city, this month's close per city, open risks with money at stake. */
export function getDashboard(slug: string) {
  return request('get', '/api/t/{tenant}/dashboard', { params: { tenant: slug } });
}
