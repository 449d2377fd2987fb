import { lang } from '../i18n';
import type { PluginWeb } from './plugin-web';

// Every plugin's web declaration (plugins/<id>/web/index.tsx): small modules of lazy pages, so
// reading them eagerly loads no plugin page; a tenant without the plugin never loads its chunks.
const modules = import.meta.glob<{ web: PluginWeb }>('../../../../plugins/*/web/index.tsx', { eager: true });

export const PLUGIN_WEBS: readonly PluginWeb[] = Object.values(modules).map((m) => m.web);
const byId = new Map(PLUGIN_WEBS.map((w) => [w.id, w]));

export function pluginWeb(id: string): PluginWeb | undefined {
  return byId.get(id);
}

/** The plugin's name in the current language; its id when no plugin web declares it. */
export function pluginName(id: string): string {
  const known = byId.get(id);
  return known ? known.name[lang()] : id;
}
