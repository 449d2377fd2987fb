import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { discoverPlugins, type PluginSet } from './plugin.loader';
import { createPluginService } from './plugin.service';

/** The plugins the shipped demo tenants start with, and their options. */
export const DEMO_TENANT_PLUGINS: Record<string, { pluginId: string; options: Record<string, unknown> }[]> = {
  'demo-manufacturing': [{ pluginId: 'manufacturing-shifts', options: { baseRule: 'wage_plus_overtime_avg' } }],
  'demo-retail': [{ pluginId: 'retail-branches', options: {} }],
};

/**
 * Enables the demo tenants' plugins where the tenant has made no choice yet (a tenant admin who
 * disabled one keeps it disabled across restarts). Tenants that do not exist are skipped. Call it
 * after provisioning; `npm start` and the test fixtures do. Returns what it newly enabled.
 *
 * @example
 * await enableDemoPlugins(db);                       // discovers plugins/ itself
 * await enableDemoPlugins(db, { plugins: runtime.ready() });
 */
export async function enableDemoPlugins(
  db: Kysely<Database>,
  options: { plugins?: PluginSet | Promise<PluginSet>; tenants?: typeof DEMO_TENANT_PLUGINS } = {},
): Promise<{ slug: string; pluginId: string }[]> {
  const wanted = options.tenants ?? DEMO_TENANT_PLUGINS;
  const service = createPluginService({ db, plugins: options.plugins ?? discoverPlugins() });
  const tenants = await db.selectFrom('tenants').select(['id', 'slug']).where('slug', 'in', Object.keys(wanted)).execute();
  const enabled: { slug: string; pluginId: string }[] = [];
  for (const t of tenants) {
    for (const { pluginId, options: pluginOptions } of wanted[t.slug] ?? []) {
      if (await service.enableByDefault(t.id, pluginId, pluginOptions)) enabled.push({ slug: t.slug, pluginId });
    }
  }
  return enabled;
}
