import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { createTenancyActivities, loadTenantFiles } from '@lianxu/core';
import type { TenantSpec } from '@lianxu/core';
import { uniqueSlug } from './http-client';
import { lifecycleTenantSpec } from './people-fixtures';

const TENANTS_DIR = path.resolve(import.meta.dirname, '../../../tenants');

/** Whether a plugin's migrations ran here (its history table exists; a scratch database has core's only). */
async function pluginInstalled(db: Kysely<Database>, pluginId: string): Promise<boolean> {
  const table = `public.plugin_${pluginId.replaceAll('-', '_')}_migration`;
  const r = await sql<{ present: boolean }>`select to_regclass(${table}) is not null as present`.execute(db);
  return r.rows[0]?.present ?? false;
}

/** Applies a spec through the provisioning activities (the workflow's steps, in its order, without Temporal). */
export async function provisionForTest(db: Kysely<Database>, spec: TenantSpec): Promise<string> {
  const activities = createTenancyActivities({ db });
  const { tenantId } = await activities.upsertTenantProfile(spec);
  await activities.syncTenantCities({ tenantId, cities: spec.workCities });
  await activities.syncLifecycleSetup({ tenantId, settings: spec.settings ?? { warnDay: 25, approvalRequired: false }, entities: spec.entities ?? [] });
  if (spec.demo) await activities.syncDemoUsers({ tenantId, demo: spec.demo });
  if (spec.plugins) await activities.syncPlugins({ tenantId, plugins: spec.plugins });
  if (spec.customFields) await activities.syncCustomFields({ tenantId, fields: spec.customFields });
  // A scratch database (scratchDatabase) runs core migrations only: no plugin tables, so no plugin sections.
  const sections = [];
  for (const p of spec.plugins ?? []) if (p.config && (await pluginInstalled(db, p.id))) sections.push(p);
  if (sections.length) await activities.syncPluginSections({ tenantId, plugins: sections });
  if (spec.consultantGrants) await activities.syncConsultantGrants({ tenantId, emails: [...spec.consultantGrants, ...(spec.demo?.consultants ?? []).map((c) => c.email)] });
  return tenantId;
}

/** The shipped demo tenants with their demo sign-ins, as `npm start` provisions them. */
export async function provisionDemoTenants(db: Kysely<Database>): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  // Their plugins (with their sections, such as branches), custom fields and grants come from their tenant.yaml.
  for (const { spec } of await loadTenantFiles(TENANTS_DIR)) ids[spec.slug] = await provisionForTest(db, spec);
  return ids;
}

/** A fresh lifecycle tenant (lifecycleTenantSpec, slug from `prefix`) and its HR user as the actor. */
export async function provisionLifecycleTenant(db: Kysely<Database>, prefix: string, options: { approvalRequired?: boolean; seed: number }) {
  const slug = uniqueSlug(prefix);
  const id = await provisionForTest(db, lifecycleTenantSpec(slug, options));
  const hr = await db.selectFrom('users').select('id').where('email', '=', `hr@${slug}.test`).executeTakeFirstOrThrow();
  return { tenant: { id, slug }, actor: { id: hr.id } };
}
