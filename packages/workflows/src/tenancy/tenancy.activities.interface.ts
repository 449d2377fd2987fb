import type { ProvisionableTenantSpec, TenantApplyActor } from './provision-tenant.contract';

/**
 * Activities the provisioning workflow calls; implemented in @lianxu/core, wired by the worker.
 * `S` is the tenant spec: the workflow sees only ProvisionableTenantSpec, core implements
 * TenancyActivities<TenantSpec> with its own (full) spec type.
 */
export interface TenancyActivities<S extends ProvisionableTenantSpec = ProvisionableTenantSpec> {
  upsertTenantProfile(spec: S): Promise<{ tenantId: string; created: boolean; changed: boolean }>;
  syncDemoUsers(input: { tenantId: string; demo: NonNullable<S['demo']> }): Promise<{ created: string[] }>;
  /** Settings and entities with their registrations, matched by credit code; returns what changed. */
  syncLifecycleSetup(input: { tenantId: string; settings: NonNullable<S['settings']>; entities: NonNullable<S['entities']>; actor?: TenantApplyActor }): Promise<{ changes: string[] }>;
  syncTenantCities(input: { tenantId: string; cities: S['workCities']; actor?: TenantApplyActor }): Promise<{ added: string[]; removed: string[]; renamed: string[]; cutoffChanged?: string[] }>;
  /** Enables, re-configures and disables plugins so the tenant runs exactly the listed ones. */
  syncPlugins(input: { tenantId: string; plugins: NonNullable<S['plugins']>; actor?: TenantApplyActor }): Promise<{ changes: string[] }>;
  /** Adds, changes and deletes (values kept) custom fields; the list's order is the display order. */
  syncCustomFields(input: { tenantId: string; fields: NonNullable<S['customFields']>; actor?: TenantApplyActor }): Promise<{ changes: string[] }>;
  /**
   * Every plugin's own section (the `config` of its entry), each applied by its plugin through the
   * plugin's tenantConfig hook, in the order of the list; entries without `config` are skipped.
   */
  syncPluginSections(input: { tenantId: string; plugins: NonNullable<S['plugins']>; actor?: TenantApplyActor }): Promise<{ changes: string[] }>;
  /**
   * @deprecated Kept only for runs started before PLUGIN_SECTIONS_PATCH: the spec's former
   * top-level `branches` list, applied as the section of the plugin that once owned that key.
   */
  syncBranches(input: { tenantId: string; branches: readonly unknown[]; actor?: TenantApplyActor }): Promise<{ changes: string[] }>;
  /** Grants these consultants the tenant and revokes other grants. */
  syncConsultantGrants(input: { tenantId: string; emails: string[]; actor?: TenantApplyActor }): Promise<{ changes: string[] }>;
  /** One platform audit entry for an apply that changed something: who ran it and what changed. */
  recordApply(input: { tenantId: string; slug: string; actor?: TenantApplyActor; changes: string[] }): Promise<void>;
}
