import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import type { TenantBranchSpec } from './tenant-spec';
import { createPluginHost, createPluginService, extensionRegistryFor, type ExtensionRegistry, type PluginSet } from '../plugins/index';
import type { PolicyLibraryService } from '../policy-library/index';
import type { PlanChange } from '../shared/index';
import { BRANCHES_PLUGIN_ID } from './tenant-file.schema';

// The `branches:` section of a tenant file belongs to the retail-branches plugin: core checks its
// shape (tenant-file.schema.ts) and asks the plugin, through the tenantConfig extension point, to
// export, plan and apply it. Core never touches the plugin's tables.

/** A tenant id no tenant has: planning a new tenant's section reads nothing (row-level security). */
const NO_TENANT = '00000000-0000-0000-0000-000000000000';
const NOT_INSTALLED = 'the retail-branches plugin is not installed (no branches table)';

export interface BranchSectionDeps {
  db: Kysely<Database>;
  plugins: () => Promise<PluginSet>;
  policies?: Pick<PolicyLibraryService, 'library'>;
}

export function branchSection(deps: BranchSectionDeps) {
  let registry: ExtensionRegistry | undefined;
  const extensions = () =>
    (registry ??= extensionRegistryFor({
      service: createPluginService({ db: deps.db, plugins: deps.plugins() }),
      host: createPluginHost({ db: deps.db, ...(deps.policies ? { policies: deps.policies } : {}) }),
    }));

  return {
    /** The tenant's branches as the file declares them; null when the plugin is not installed. */
    async read(tenantId: string): Promise<TenantBranchSpec[] | null> {
      const answer = await extensions().tenantConfig<TenantBranchSpec[]>(BRANCHES_PLUGIN_ID, tenantId, { action: 'read' });
      return answer?.live ?? null;
    },

    /** The plan of the file's branches against the live tenant (null: a new tenant). */
    async plan(tenantId: string | null, wanted: TenantBranchSpec[], knownCities: string[]): Promise<PlanChange[]> {
      const answer = await extensions().tenantConfig(BRANCHES_PLUGIN_ID, tenantId ?? NO_TENANT, { action: 'plan', wanted, knownCities });
      if (answer?.plan) return answer.plan;
      return wanted.map((b) => ({ op: '+', kind: 'branch', name: b.name, details: [`${b.city}, ${b.address}, manager ${b.manager}`], blocked: NOT_INSTALLED }));
    },

    /** Applies the file's branches in one tenant transaction: the lines applied, or why nothing was. */
    async apply(tenantId: string, wanted: TenantBranchSpec[], knownCities: string[], actorId: string | null): Promise<{ applied: string[] } | { refused: string }> {
      const answer = await extensions().tenantConfig(BRANCHES_PLUGIN_ID, tenantId, { action: 'apply', wanted, knownCities, actorId });
      if (!answer) return { refused: `branches: ${NOT_INSTALLED}` };
      if (answer.refused) return { refused: answer.refused };
      return { applied: answer.applied ?? [] };
    },
  };
}
