import type { TenantSpec } from './tenant-spec';

/** Activities the provisioning workflow calls; implemented in @lianxu/core, wired by the worker. */
export interface TenancyActivities {
  upsertTenantProfile(spec: TenantSpec): Promise<{ tenantId: string; created: boolean; changed: boolean }>;
  syncDemoUsers(input: { tenantId: string; demo: NonNullable<TenantSpec['demo']> }): Promise<{ created: string[] }>;
  /** Settings and entities with their registrations, matched by credit code; returns what changed. */
  syncLifecycleSetup(input: { tenantId: string; settings: NonNullable<TenantSpec['settings']>; entities: NonNullable<TenantSpec['entities']> }): Promise<{ changes: string[] }>;
  syncTenantCities(input: { tenantId: string; cities: TenantSpec['workCities'] }): Promise<{ added: string[]; removed: string[]; renamed: string[]; cutoffChanged?: string[] }>;
}
