import { patched, proxyActivities } from '@temporalio/workflow';
import type { TenancyActivities } from './tenancy.activities.interface';
import { PLUGIN_SECTIONS_PATCH, type FormerTenantSpecFields, type ProvisionableTenantSpec, type ProvisionOptions, type ProvisionResult } from './provision-tenant.contract';

const activities = proxyActivities<TenancyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/**
 * Applies a tenant file to the live tenant. Every step is an idempotent upsert keyed by the slug,
 * so applying the same file twice reports no change the second time. Sections the file leaves out
 * (plugins, customFields, a plugin's config, consultantGrants) are left as they are. An apply that
 * changed something is recorded in the platform audit log under `options.appliedBy`.
 */
export async function provisionTenantWorkflow(spec: ProvisionableTenantSpec & FormerTenantSpecFields, options: ProvisionOptions = {}): Promise<ProvisionResult> {
  const actor = options.appliedBy;
  const profile = await activities.upsertTenantProfile(spec);
  const tenantId = profile.tenantId;
  const cities = await activities.syncTenantCities({ tenantId, cities: spec.workCities, actor });
  const lifecycle = await activities.syncLifecycleSetup({
    tenantId,
    settings: spec.settings ?? { warnDay: 25, approvalRequired: false },
    entities: spec.entities ?? [],
    actor,
  });
  const demo = spec.demo ? await activities.syncDemoUsers({ tenantId, demo: spec.demo }) : { created: [] };
  const changes: string[] = [];
  if (profile.created) changes.push('tenant created');
  else if (profile.changed) changes.push('profile updated');
  for (const code of cities.added) changes.push(`work city added: ${code}`);
  for (const code of cities.removed) changes.push(`work city removed: ${code}`);
  for (const code of cities.renamed) changes.push(`work city renamed: ${code}`);
  for (const code of cities.cutoffChanged ?? []) changes.push(`cut-off day changed: ${code}`);
  changes.push(...lifecycle.changes);
  for (const email of demo.created) changes.push(`demo sign-in added: ${email}`);
  // Plugins before fields and their sections: a section lives in its plugin's tables.
  if (spec.plugins) changes.push(...(await activities.syncPlugins({ tenantId, plugins: spec.plugins, actor })).changes);
  if (spec.customFields) changes.push(...(await activities.syncCustomFields({ tenantId, fields: spec.customFields, actor })).changes);
  // Every plugin's own section (`config` of its entry), each applied by its plugin. A spec written
  // before plugins owned their sections (a run started then, or an older client) still has a
  // top-level branches list instead: it goes through syncBranches, as it did then.
  const withSections = spec.plugins?.some((p) => p.config !== undefined) ?? false;
  if (withSections && patched(PLUGIN_SECTIONS_PATCH)) {
    changes.push(...(await activities.syncPluginSections({ tenantId, plugins: spec.plugins!, actor })).changes);
  } else if (spec.branches) {
    changes.push(...(await activities.syncBranches({ tenantId, branches: spec.branches, actor })).changes);
  }
  if (spec.consultantGrants) {
    // Demo consultants (demo mode) are granted by syncDemoUsers; the file's list must not revoke them.
    const emails = [...spec.consultantGrants, ...(spec.demo?.consultants ?? []).map((c) => c.email)];
    changes.push(...(await activities.syncConsultantGrants({ tenantId, emails, actor })).changes);
  }
  if (changes.length) await activities.recordApply({ tenantId, slug: spec.slug, actor, changes });
  return { tenantId, created: profile.created, changes };
}
