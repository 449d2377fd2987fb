import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { createTenancyActivities, enableDemoPlugins, loadTenantFiles } from '@lianxu/core';
import type { TenantSpec } from '@lianxu/workflows';

const TENANTS_DIR = path.resolve(import.meta.dirname, '../../../tenants');

/** Applies a spec through the provisioning activities (the workflow's steps, without Temporal). */
export async function provisionForTest(db: Kysely<Database>, spec: TenantSpec): Promise<string> {
  const activities = createTenancyActivities({ db });
  const { tenantId } = await activities.upsertTenantProfile(spec);
  if (spec.demo) await activities.syncDemoUsers({ tenantId, demo: spec.demo });
  await activities.syncTenantCities({ tenantId, cities: spec.workCities });
  await activities.syncLifecycleSetup({ tenantId, settings: spec.settings ?? { warnDay: 25, approvalRequired: false }, entities: spec.entities ?? [] });
  return tenantId;
}

/** The shipped demo tenants with their demo sign-ins, as `npm start` provisions them. */
export async function provisionDemoTenants(db: Kysely<Database>): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const { spec } of await loadTenantFiles(TENANTS_DIR)) ids[spec.slug] = await provisionForTest(db, spec);
  // demo-manufacturing starts with manufacturing-shifts, demo-retail with retail-branches (unless since changed).
  await enableDemoPlugins(db);
  return ids;
}
