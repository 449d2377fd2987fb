import type { z } from 'zod';
import { localizeIssue, type Localized } from '@lianxu/plugin-sdk';
import type { PluginSet } from '../plugins/index';
import type { TenantPluginSpec } from './tenant-spec';

// A plugin's section of tenant.yaml is the `config:` of its entry in `plugins:`. Core knows no
// section by name: each one is checked with the schema (and `check`) of its owner's tenantConfig
// hook, and what the schema gives back (defaults applied) is what provisioning hands to the plugin.

export interface SectionProblem {
  path: (string | number)[];
  message: Localized;
}

function unwrapAll(s: z.ZodType): z.ZodType {
  const d = (s as unknown as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } }).def;
  if ((d.type === 'optional' || d.type === 'default' || d.type === 'nullable') && d.innerType) return unwrapAll(d.innerType);
  if (d.type === 'pipe' && d.in) return unwrapAll(d.in);
  return s;
}

/** The fields an object at `path` below `root` may have, for "unknown field" messages. */
export function knownKeysOf(root: z.ZodType, path: readonly (string | number)[]): string {
  let schema: z.ZodType = root;
  for (const key of path) {
    const def = (unwrapAll(schema) as unknown as { def: { shape?: Record<string, z.ZodType>; element?: z.ZodType } }).def;
    const next = typeof key === 'number' ? def.element : def.shape?.[key];
    if (!next) return '?';
    schema = next;
  }
  const shape = (unwrapAll(schema) as unknown as { def: { shape?: Record<string, unknown> } }).def.shape;
  return shape ? Object.keys(shape).join(', ') : '?';
}

const both = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

/**
 * Checks every entry's `config` against its plugin's section schema; answers the problems (paths
 * from the file's root, e.g. `plugins.0.config.branches.2.city`) and the entries with their parsed
 * sections. An entry naming a plugin that is not installed is left to the caller (named at its id).
 */
export function checkPluginSections(plugins: readonly TenantPluginSpec[], installed: PluginSet, workCities: string[]): { problems: SectionProblem[]; plugins: TenantPluginSpec[] } {
  const problems: SectionProblem[] = [];
  const parsedPlugins = plugins.map((entry, i) => {
    if (entry.config === undefined) return entry;
    const at = ['plugins', i, 'config'];
    const plugin = installed.get(entry.id);
    if (!plugin) return entry;
    const hook = plugin.definition.extensionPoints?.tenantConfig;
    if (!hook) {
      problems.push({ path: at, message: both(`插件 ${entry.id} 在租户配置文件中没有自己的部分，请删除 config`, `${entry.id} owns no section of tenant.yaml; remove config`) });
      return entry;
    }
    if (!entry.enabled) {
      problems.push({ path: at, message: both(`插件 ${entry.id} 未启用：它的部分只在 enabled: true 时应用`, `${entry.id} is not enabled here; its section is applied only with enabled: true`) });
      return entry;
    }
    const parsed = hook.schema.safeParse(entry.config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = [...at, ...(issue.path as (string | number)[])];
        if (issue.code === 'unrecognized_keys') {
          const fields = knownKeysOf(hook.schema, issue.path as (string | number)[]);
          for (const key of issue.keys) problems.push({ path: [...path, key], message: both(`未知字段（${entry.id} 此处的字段：${fields}）`, `unknown field of the ${entry.id} section (fields here: ${fields})`) });
        } else problems.push({ path, message: localizeIssue(issue) });
      }
      return entry;
    }
    for (const p of hook.check?.(parsed.data, { workCities }) ?? []) problems.push({ path: [...at, ...p.path], message: p.message });
    return { ...entry, config: parsed.data as Record<string, unknown> };
  });
  return { problems, plugins: parsedPlugins };
}

/** For a top-level key a plugin's section once was (`branches`): where it lives now. */
export function formerKeyHint(key: string, installed: PluginSet | undefined): string | null {
  const owner = installed?.list.find((p) => p.definition.extensionPoints?.tenantConfig?.formerKey === key);
  return owner ? `moved: ${key} is now the ${owner.id} plugin's section, written as config: { ${key}: ... } under its entry in plugins` : null;
}
