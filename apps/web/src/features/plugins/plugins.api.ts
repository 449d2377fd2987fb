import { path } from '../../api';
import { request, type BodyOf, type Schema } from '../../api/types';
import type { Lang } from '../../i18n';

// Types come from /api/openapi.json (src/api/schema.d.ts).

export type Localized = Record<Lang, string>;

export type PluginItem = Schema<'Plugin'>;
export type PluginReport = PluginItem['reports'][number];
export type CustomFieldPreset = PluginItem['customFieldPresets'][number];
export type PluginChange = BodyOf<'/api/t/{tenant}/plugins/{id}', 'put'>;

/** Every installed plugin with this tenant's choice; any role of the tenant may ask. */
export function listPlugins(slug: string) {
  return request('get', '/api/t/{tenant}/plugins', { params: { tenant: slug } });
}

/** Tenant admins only; 400 names options.<name>, 409 a requirement. Disabling keeps the plugin's data. */
export function setPlugin(slug: string, id: string, change: PluginChange) {
  return request('put', '/api/t/{tenant}/plugins/{id}', { params: { tenant: slug, id }, body: change });
}

/** Base path of a plugin's own routes for a tenant: `/api/t/<slug>/plugins/<id>`. */
export function pluginPath(slug: string, id: string, ...segments: string[]): string {
  return path('/api/t', slug, 'plugins', id, ...segments);
}
