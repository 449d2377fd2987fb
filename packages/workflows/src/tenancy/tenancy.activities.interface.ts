import type { TenantSpec } from './tenant-spec';

/** Activities the provisioning workflow calls; implemented in @lianxu/core, wired by the worker. */
export interface TenancyActivities {
  upsertTenantProfile(spec: TenantSpec): Promise<{ tenantId: string; created: boolean; changed: boolean }>;
  syncTenantCities(input: { tenantId: string; cities: TenantSpec['workCities'] }): Promise<{ added: string[]; removed: string[]; renamed: string[] }>;
}
