import { proxyActivities } from '@temporalio/workflow';
import type { TenancyActivities } from './tenancy.activities.interface';
import type { ProvisionResult, TenantSpec } from './tenant-spec';

const activities = proxyActivities<TenancyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/**
 * Applies a tenant file to the live tenant. Every step is an idempotent upsert keyed by the slug,
 * so applying the same file twice reports no change the second time.
 */
export async function provisionTenantWorkflow(spec: TenantSpec): Promise<ProvisionResult> {
  const profile = await activities.upsertTenantProfile(spec);
  const cities = await activities.syncTenantCities({ tenantId: profile.tenantId, cities: spec.workCities });
  const lifecycle = await activities.syncLifecycleSetup({
    tenantId: profile.tenantId,
    settings: spec.settings ?? { warnDay: 25, approvalRequired: false },
    entities: spec.entities ?? [],
  });
  const demo = spec.demo ? await activities.syncDemoUsers({ tenantId: profile.tenantId, demo: spec.demo }) : { created: [] };
  const changes: string[] = [];
  if (profile.created) changes.push('tenant created');
  else if (profile.changed) changes.push('profile updated');
  for (const code of cities.added) changes.push(`work city added: ${code}`);
  for (const code of cities.removed) changes.push(`work city removed: ${code}`);
  for (const code of cities.renamed) changes.push(`work city renamed: ${code}`);
  for (const code of cities.cutoffChanged ?? []) changes.push(`cut-off day changed: ${code}`);
  changes.push(...lifecycle.changes);
  for (const email of demo.created) changes.push(`demo sign-in added: ${email}`);
  return { tenantId: profile.tenantId, created: profile.created, changes };
}
