import type { TenantSpec } from './tenant-spec';

/** Activities the provisioning workflow calls; implemented in @lianxu/core, wired by the worker. */
export interface TenancyActivities {
  upsertTenantProfile(spec: TenantSpec): Promise<{ tenantId: string; created: boolean; changed: boolean }>;
  syncDemoUsers(input: { tenantId: string; demo: NonNullable<TenantSpec['demo']> }): Promise<{ created: string[] }>;
  syncTenantCities(input: { tenantId: string; cities: TenantSpec['workCities'] }): Promise<{ added: string[]; removed: string[]; renamed: string[] }>;
}
