import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { createPluginHost, createPluginService, extensionRegistryFor, type ExtensionRegistry, type PluginSet } from '../plugins/index';
import type { PolicyLibraryService } from '../policy-library/index';
import type { PlanChange } from '../shared/index';

// Plugins' sections of a tenant file (`config:` under a plugin's entry in `plugins:`): core asks
// the owner, through its tenantConfig hook, to export, plan and apply its section. Core knows no
// section by name and never touches a plugin's tables.

/** A tenant id no tenant has: planning a new tenant's section reads nothing (row-level security). */
const NO_TENANT = '00000000-0000-0000-0000-000000000000';
const noSection = (pluginId: string) => `the ${pluginId} plugin is not installed here or owns no section of tenant.yaml`;

export interface PluginSectionDeps {
  db: Kysely<Database>;
  plugins: () => Promise<PluginSet>;
  policies?: Pick<PolicyLibraryService, 'library'>;
}

export function pluginSections(deps: PluginSectionDeps) {
  let registry: ExtensionRegistry | undefined;
  const extensions = () =>
    (registry ??= extensionRegistryFor({
      service: createPluginService({ db: deps.db, plugins: deps.plugins() }),
      host: createPluginHost({ db: deps.db, ...(deps.policies ? { policies: deps.policies } : {}) }),
    }));

  return {
    /** The live section of every installed plugin that owns one, by plugin id (a plugin whose tables are not installed is left out). */
    async read(tenantId: string): Promise<Map<string, Record<string, unknown>>> {
      const out = new Map<string, Record<string, unknown>>();
      for (const plugin of (await deps.plugins()).list) {
        const live = await extensions().tenantConfig(plugin.id, tenantId, (hook, ctx) => hook.read(ctx));
        if (live) out.set(plugin.id, live as Record<string, unknown>);
      }
      return out;
    },

    /** The plan of a plugin's section against the live tenant (null: a new tenant). */
    async plan(pluginId: string, tenantId: string | null, wanted: Record<string, unknown>, knownCities: string[]): Promise<PlanChange[]> {
      const plan = await extensions().tenantConfig(pluginId, tenantId ?? NO_TENANT, async (hook, ctx) => hook.plan(ctx, { wanted: hook.schema.parse(wanted), knownCities }));
      return plan ?? [{ op: '~', kind: 'plugin section', name: pluginId, details: [], blocked: noSection(pluginId) }];
    },

    /**
     * Applies a plugin's section in one tenant transaction: the lines applied, or why nothing was.
     * The section is checked against the plugin's schema again (a workflow's input is only JSON).
     */
    async apply(pluginId: string, tenantId: string, wanted: unknown, knownCities: string[], actorId: string | null): Promise<{ applied: string[] } | { refused: string }> {
      const answer = await extensions().tenantConfig(pluginId, tenantId, async (hook, ctx) => {
        const section = hook.schema.safeParse(wanted);
        if (!section.success) {
          const problems = section.error.issues.map((i) => `${['config', ...i.path.map(String)].join('.')}: ${i.message}`);
          return { refused: `plugin ${pluginId}: ${problems.join('; ')}` };
        }
        return hook.apply(ctx, { wanted: section.data, knownCities, actorId });
      });
      return answer ?? { refused: `plugin ${pluginId}: ${noSection(pluginId)}` };
    },
  };
}
