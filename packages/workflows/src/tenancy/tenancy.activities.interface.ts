import type { CustomFieldSpec, TenantApplyActor, TenantBranchSpec, TenantPluginSpec, TenantSpec } from './tenant-spec';

/** Activities the provisioning workflow calls; implemented in @lianxu/core, wired by the worker. */
export interface TenancyActivities {
  upsertTenantProfile(spec: TenantSpec): Promise<{ tenantId: string; created: boolean; changed: boolean }>;
  syncDemoUsers(input: { tenantId: string; demo: NonNullable<TenantSpec['demo']> }): Promise<{ created: string[] }>;
  /** Settings and entities with their registrations, matched by credit code; returns what changed. */
  syncLifecycleSetup(input: { tenantId: string; settings: NonNullable<TenantSpec['settings']>; entities: NonNullable<TenantSpec['entities']>; actor?: TenantApplyActor }): Promise<{ changes: string[] }>;
  syncTenantCities(input: { tenantId: string; cities: TenantSpec['workCities']; actor?: TenantApplyActor }): Promise<{ added: string[]; removed: string[]; renamed: string[]; cutoffChanged?: string[] }>;
  /** Enables, re-configures and disables plugins so the tenant runs exactly the listed ones. */
  syncPlugins(input: { tenantId: string; plugins: TenantPluginSpec[]; actor?: TenantApplyActor }): Promise<{ changes: string[] }>;
  /** Adds, changes and deletes (values kept) custom fields; the list's order is the display order. */
  syncCustomFields(input: { tenantId: string; fields: CustomFieldSpec[]; actor?: TenantApplyActor }): Promise<{ changes: string[] }>;
  /** Branches of the retail-branches plugin, matched by name. */
  syncBranches(input: { tenantId: string; branches: TenantBranchSpec[]; actor?: TenantApplyActor }): Promise<{ changes: string[] }>;
  /** Grants these consultants the tenant and revokes other grants. */
  syncConsultantGrants(input: { tenantId: string; emails: string[]; actor?: TenantApplyActor }): Promise<{ changes: string[] }>;
  /** One platform audit entry for an apply that changed something: who ran it and what changed. */
  recordApply(input: { tenantId: string; slug: string; actor?: TenantApplyActor; changes: string[] }): Promise<void>;
}
