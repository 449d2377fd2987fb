import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { fieldPath, localizeIssue, textProblem, type CustomFieldPreset, type Localized, type ReportSpec, type WebPanel } from '@lianxu/plugin-sdk';
import { PluginFailedError, PluginOptionsError, PluginRequirementError } from './plugin.errors';
import type { LoadedPlugin, PluginSet } from './plugin.loader';

/** An installed plugin as a tenant sees it. */
export interface PluginView {
  id: string;
  version: string;
  description: Localized;
  requires: string[];
  enabled: boolean;
  /** The options as the tenant set them (defaults are applied when the plugin runs). */
  options: Record<string, unknown>;
  updatedAt: string | null;
  hasRoutes: boolean;
  reports: ReportSpec[];
  /** Only for tenants that enabled the plugin. */
  webPanels: WebPanel[];
  customFieldPresets: CustomFieldPreset[];
}

export interface EnabledPlugin {
  plugin: LoadedPlugin;
  /** Validated, defaults applied. */
  options: Record<string, unknown>;
}

export interface PluginServiceDeps {
  db: Kysely<Database>;
  plugins: PluginSet | Promise<PluginSet>;
}

/** Parses stored or given options with the plugin's schema; `prefix` names the request field. */
export function parsePluginOptions(plugin: LoadedPlugin, raw: unknown, prefix = 'options'): Record<string, unknown> {
  const schema = plugin.definition.options;
  // Every text in the options, keys included, follows the one text rule (options are stored as jsonb).
  const fields: Record<string, Localized> = {};
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') {
      const problem = textProblem(value, { max: 2000, min: 0 });
      if (problem) fields[fieldPath(path, prefix)] ??= problem;
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const problem = textProblem(k, { max: 200 });
        if (problem) fields[fieldPath([...path, k], prefix)] ??= problem;
        walk(v, [...path, k]);
      }
    }
  };
  walk(raw, []);
  if (Object.keys(fields).length) throw new PluginOptionsError(plugin.id, fields);
  if (!schema) return raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const result = schema.safeParse(raw ?? {});
  if (result.success) {
    const data = (result.data ?? {}) as Record<string, unknown>;
    // A key the plugin does not know is refused by name, not kept silently.
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      for (const key of Object.keys(raw)) {
        if (!(key in data)) fields[fieldPath([key], prefix)] = { 'zh-CN': '插件不认识这个选项', en: 'is not an option of this plugin' };
      }
    }
    if (Object.keys(fields).length) throw new PluginOptionsError(plugin.id, fields);
    return data;
  }
  for (const issue of result.error.issues) fields[fieldPath(issue.path, prefix)] ??= localizeIssue(issue);
  throw new PluginOptionsError(plugin.id, fields);
}

/**
 * Enablement per tenant (table tenant_plugins): the only writer of that table. A plugin without a
 * row is disabled; disabling keeps the row, the options and the plugin's own data.
 */
export function createPluginService({ db, plugins }: PluginServiceDeps) {
  const ready = Promise.resolve(plugins);
  // A failed load is reported by whoever awaits ready(); it must not crash the process as unhandled.
  ready.catch(() => undefined);

  async function rows(tenantId: string) {
    return withTenant(db, tenantId, (trx) => trx.selectFrom('tenant_plugins').selectAll().where('tenant_id', '=', tenantId).execute());
  }

  function effective(plugin: LoadedPlugin, stored: unknown): Record<string, unknown> {
    try {
      return parsePluginOptions(plugin, stored);
    } catch (error) {
      // Stored options the plugin no longer accepts (its schema changed): the plugin cannot run.
      throw new PluginFailedError(plugin.id, 'options', error);
    }
  }

  const service = {
    ready: () => ready,

    /** Every installed plugin with the tenant's choice, in plugin order. */
    async list(tenantId: string): Promise<PluginView[]> {
      const set = await ready;
      const byId = new Map((await rows(tenantId)).map((r) => [r.plugin_id, r]));
      return set.list.map((p) => {
        const row = byId.get(p.id);
        const enabled = row?.enabled ?? false;
        return {
          id: p.id,
          version: p.definition.version,
          description: p.definition.description,
          requires: p.definition.requires ?? [],
          enabled,
          options: row?.options ?? {},
          updatedAt: row ? row.updated_at.toISOString() : null,
          hasRoutes: typeof p.definition.routes === 'function',
          reports: p.definition.reports ?? [],
          webPanels: enabled ? (p.definition.webPanels ?? []) : [],
          customFieldPresets: p.definition.customFieldPresets ?? [],
        };
      });
    },

    /** The plugins enabled for the tenant with their options, in plugin order (required plugins first, then by id). */
    async enabled(tenantId: string): Promise<EnabledPlugin[]> {
      const set = await ready;
      const on = new Map((await rows(tenantId)).filter((r) => r.enabled).map((r) => [r.plugin_id, r.options]));
      return set.list.filter((p) => on.has(p.id)).map((p) => ({ plugin: p, options: effective(p, on.get(p.id)) }));
    },

    /** The plugin if installed and enabled for the tenant, else null. */
    async enabledOne(tenantId: string, pluginId: string): Promise<EnabledPlugin | null> {
      const plugin = (await ready).get(pluginId);
      if (!plugin) return null;
      const row = await withTenant(db, tenantId, (trx) =>
        trx.selectFrom('tenant_plugins').select(['enabled', 'options']).where('tenant_id', '=', tenantId).where('plugin_id', '=', pluginId).executeTakeFirst(),
      );
      return row?.enabled ? { plugin, options: effective(plugin, row.options) } : null;
    },

    /**
     * Enables or disables a plugin for a tenant. `options`, when given, replace the stored ones
     * (validated: PluginOptionsError names each bad field); when absent the stored ones stay.
     * Returns null for a plugin that is not installed.
     */
    async setEnabled(tenantId: string, pluginId: string, input: { enabled: boolean; options?: Record<string, unknown> }, actor: { actorId?: string | null } = {}): Promise<PluginView | null> {
      const set = await ready;
      const plugin = set.get(pluginId);
      if (!plugin) return null;
      await withTenant(
        db,
        tenantId,
        async (trx) => {
          // One writer at a time per tenant, so two admins cannot enable a plugin while its requirement is being disabled.
          await sql`select pg_advisory_xact_lock(hashtext(${`tenant_plugins:${tenantId}`}))`.execute(trx);
          const current = await trx.selectFrom('tenant_plugins').selectAll().where('tenant_id', '=', tenantId).execute();
          const on = new Set(current.filter((r) => r.enabled).map((r) => r.plugin_id));
          const stored = current.find((r) => r.plugin_id === pluginId);
          const options = input.options ?? stored?.options ?? {};
          if (input.options !== undefined || input.enabled) parsePluginOptions(plugin, options);
          if (input.enabled) {
            const missing = plugin.requires.filter((r) => r.id !== 'core' && !on.has(r.id)).map((r) => r.id);
            if (missing.length) throw new PluginRequirementError(pluginId, 'plugin_requirement_disabled', missing);
          } else {
            const dependents = set.list.filter((p) => p.id !== pluginId && on.has(p.id) && p.requires.some((r) => r.id === pluginId)).map((p) => p.id);
            if (dependents.length) throw new PluginRequirementError(pluginId, 'plugin_required_by_enabled', dependents);
          }
          await trx
            .insertInto('tenant_plugins')
            .values({ tenant_id: tenantId, plugin_id: pluginId, enabled: input.enabled, options: JSON.stringify(options), updated_by: actor.actorId ?? null })
            .onConflict((oc) =>
              oc.columns(['tenant_id', 'plugin_id']).doUpdateSet({
                enabled: input.enabled,
                options: JSON.stringify(options),
                updated_at: new Date(),
                updated_by: actor.actorId ?? null,
              }),
            )
            .execute();
        },
        { actorId: actor.actorId ?? null },
      );
      return (await service.list(tenantId)).find((v) => v.id === pluginId) ?? null;
    },

    /**
     * Enables a plugin with these options only if the tenant never chose anything for it, so a
     * tenant admin's later choice survives every restart. Returns whether it wrote.
     */
    async enableByDefault(tenantId: string, pluginId: string, options: Record<string, unknown> = {}, actor: { actorId?: string | null } = {}): Promise<boolean> {
      const plugin = (await ready).get(pluginId);
      if (!plugin) return false;
      parsePluginOptions(plugin, options);
      const result = await withTenant(
        db,
        tenantId,
        (trx) =>
          trx
            .insertInto('tenant_plugins')
            .values({ tenant_id: tenantId, plugin_id: pluginId, enabled: true, options: JSON.stringify(options), updated_by: actor.actorId ?? null })
            .onConflict((oc) => oc.columns(['tenant_id', 'plugin_id']).doNothing())
            .executeTakeFirst(),
        { actorId: actor.actorId ?? null },
      );
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
  };
  return service;
}
export type PluginService = ReturnType<typeof createPluginService>;
