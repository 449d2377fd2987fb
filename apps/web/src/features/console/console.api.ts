import { request, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts).

export type ConsoleTenant = Schema<'ConsoleTenant'>;
export type PlanChange = ConsoleTenant['config']['changes'][number];
export type ConfigStatus = ConsoleTenant['config']['status'];
export type RecentChange = Schema<'ConsoleRecentChange'>;

/** The signed-in consultant's granted tenants (403 for anyone else). */
export function listConsoleTenants() {
  return request('get', '/api/console/tenants', {});
}
