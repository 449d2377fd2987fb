import type { Migration } from 'kysely';
import type { z } from 'zod';
import type { ExtensionHandlers, Localized, ReportSpec } from './extension-points';
import type { PluginHost } from './plugin-host';
import type { PluginRoutesFactory } from './plugin-http';
import type { PluginRouteDoc } from './plugin-route-docs';

/** A field a tenant admin can add in one click when the plugin is enabled (custom fields are core's). */
export interface CustomFieldPreset {
  key: string;
  label: Localized;
  type: 'text' | 'number' | 'date' | 'single_select' | 'multi_select' | 'yes_no' | 'pattern';
  options?: { value: string; label: Localized }[];
  /** For `pattern`: a regular expression the value must match, with its explanation. */
  pattern?: { regex: string; message: Localized };
  required?: boolean;
  searchable?: boolean;
  showIn?: ('form' | 'list' | 'export')[];
}

/** A web panel, loaded lazily by the web app only for tenants that enabled the plugin. */
export interface WebPanel {
  id: string;
  /** Where the panel appears. */
  slot: 'tenant.nav' | 'employee.detail' | 'employee.form' | 'dashboard';
  title: Localized;
  /** Module path relative to the plugin folder, e.g. `./web/attendance.panel.tsx`. */
  module: string;
}

/** Activities a plugin adds to the worker, built once from core's services. */
export type PluginActivitiesFactory = (host: PluginHost) => Record<string, (...args: any[]) => Promise<unknown>>;

/**
 * Everything a plugin is. `options` is the schema of the per-tenant options (defaults applied);
 * handlers and routes receive the parsed options.
 */
export interface PluginDefinition<O = Record<string, unknown>> {
  /** Lowercase letters, digits and dashes; equals the plugin's folder name. */
  id: string;
  /** Semantic version `x.y.z`. */
  version: string;
  description: Localized;
  /** Other plugin ids, optionally with a version range (`retail-branches@^0.1.0`), and `core@<range>`. */
  requires?: string[];
  options?: z.ZodType<O>;
  /** Kysely migrations, run in name order with the plugin's own history table. */
  migrations?: Record<string, Migration>;
  extensionPoints?: ExtensionHandlers<O>;
  /** A Hono app mounted under `/api/t/{tenant}/plugins/{id}/`; answers 404 where the plugin is disabled. */
  routes?: PluginRoutesFactory<O>;
  /** One description per route of `routes`, published in /api/openapi.json (tag `plugin: <id>`). */
  routeDocs?: PluginRouteDoc[];
  activities?: PluginActivitiesFactory;
  /** Module of Temporal workflows (relative to the plugin folder) the worker bundles. */
  workflows?: string;
  customFieldPresets?: CustomFieldPreset[];
  reports?: ReportSpec[];
  webPanels?: WebPanel[];
}

/** Any plugin, whatever its options. */
export type AnyPluginDefinition = PluginDefinition<any>;

/**
 * Declares a plugin. Export it as `plugin` from `plugins/<id>/plugin.ts`; core's loader validates
 * it against the manifest schema at start-up.
 *
 * @example
 * export const plugin = definePlugin({
 *   id: 'hello', version: '0.1.0',
 *   description: { 'zh-CN': '示例', en: 'Example' },
 *   options: z.object({ bonusFen: z.number().int().default(0) }),
 *   extensionPoints: { contributionBase: (ctx, input) => input.wageFen + ctx.options.bonusFen },
 * });
 */
export function definePlugin<O = Record<string, unknown>>(definition: PluginDefinition<O>): PluginDefinition<O> {
  return definition;
}
