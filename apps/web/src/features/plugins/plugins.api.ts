import { api, path } from '../../api';
import type { Lang } from '../../i18n';

// Types mirror apps/api/src/routes/plugins.routes.ts (PluginItem).

export type Localized = Record<Lang, string>;

export type PluginReport = { id: string; title: Localized; format: string; path: string; params?: string[] };

export type CustomFieldPreset = { key: string; label: Localized; type: string };

export type PluginItem = {
  id: string;
  version: string;
  description: Localized;
  requires: string[];
  enabled: boolean;
  options: Record<string, unknown>;
  updatedAt: string | null;
  hasRoutes: boolean;
  reports: PluginReport[];
  webPanels: { id: string; slot: string; title: Localized; module: string }[];
  customFieldPresets: CustomFieldPreset[];
};

export type PluginChange = { enabled: boolean; options?: Record<string, unknown> };

/** Every installed plugin with this tenant's choice; any role of the tenant may ask. */
export function listPlugins(slug: string): Promise<{ items: PluginItem[] }> {
  return api(path('/api/t', slug, 'plugins'));
}

/** Tenant admins only; 400 names options.<name>, 409 a requirement. Disabling keeps the plugin's data. */
export function setPlugin(slug: string, id: string, change: PluginChange): Promise<PluginItem> {
  return api(path('/api/t', slug, 'plugins', id), { method: 'PUT', body: change });
}

/** Base path of a plugin's own routes for a tenant: `/api/t/<slug>/plugins/<id>`. */
export function pluginPath(slug: string, id: string, ...segments: string[]): string {
  return path('/api/t', slug, 'plugins', id, ...segments);
}
