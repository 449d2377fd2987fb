import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { manifestProblems, parseRequirement, satisfiesRange, type AnyPluginDefinition, type Requirement } from '@lianxu/plugin-sdk';
import { PluginLoadError } from './plugin.errors';

/** The core version plugins state requirements against (`core@^0.1.0`); keep in step with package.json. */
export const CORE_VERSION = '0.1.0';

/** The repository's `plugins/` folder. */
export const DEFAULT_PLUGINS_DIR = path.resolve(import.meta.dirname, '../../../../plugins');

/** The file a plugin folder must contain, exporting `plugin`. */
export const PLUGIN_ENTRY = 'plugin.ts';

export interface LoadedPlugin {
  id: string;
  definition: AnyPluginDefinition;
  /** Where it came from, as shown in errors (`plugins/manufacturing-shifts`). */
  folder: string;
  requires: Requirement[];
}

/**
 * The installed plugins, checked and ordered: a plugin comes after the plugins it requires, and
 * otherwise by id. That order (never the order they were found in) is the order of migrations and
 * of extension handlers.
 */
export interface PluginSet {
  readonly list: readonly LoadedPlugin[];
  get(id: string): LoadedPlugin | undefined;
  readonly coreVersion: string;
}

/** A plugin as found, before checking. */
export interface PluginCandidate {
  folder: string;
  definition: unknown;
}

function displayFolder(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

/**
 * Checks candidates (manifest, folder name, duplicates, requirements, cycles) and orders them.
 * Throws one PluginLoadError listing every problem with its folder; the result does not depend on
 * the order of `candidates`.
 */
export function resolvePlugins(candidates: readonly PluginCandidate[], options: { coreVersion?: string } = {}): PluginSet {
  const coreVersion = options.coreVersion ?? CORE_VERSION;
  const sorted = [...candidates].sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  const failures = new Map<string, string[]>();
  const fail = (folder: string, problem: string) => failures.set(folder, [...(failures.get(folder) ?? []), problem]);

  const valid: LoadedPlugin[] = [];
  for (const candidate of sorted) {
    const problems = manifestProblems(candidate.definition);
    if (problems.length) {
      for (const p of problems) fail(candidate.folder, `invalid manifest: ${p}`);
      continue;
    }
    const definition = candidate.definition as AnyPluginDefinition;
    const folderName = path.basename(candidate.folder);
    if (definition.id !== folderName) {
      fail(candidate.folder, `invalid manifest: id: "${definition.id}" must equal the folder name "${folderName}"`);
      continue;
    }
    valid.push({ id: definition.id, definition, folder: candidate.folder, requires: (definition.requires ?? []).map((r) => parseRequirement(r)!) });
  }

  const byId = new Map<string, LoadedPlugin>();
  for (const p of valid) {
    const other = byId.get(p.id);
    if (other) {
      fail(p.folder, `plugin id "${p.id}" is also used by ${other.folder}`);
      fail(other.folder, `plugin id "${p.id}" is also used by ${p.folder}`);
    } else byId.set(p.id, p);
  }

  for (const p of valid) {
    for (const r of p.requires) {
      const wanted = `${r.id}${r.range ? `@${r.range.op === '=' ? '' : r.range.op}${r.range.version}` : ''}`;
      if (r.id === 'core') {
        if (!satisfiesRange(coreVersion, r.range)) fail(p.folder, `requires ${wanted}, but core is ${coreVersion}`);
        continue;
      }
      if (r.id === p.id) {
        fail(p.folder, `requires itself`);
        continue;
      }
      const found = byId.get(r.id);
      if (!found) fail(p.folder, `requires plugin "${r.id}", which is not installed (no valid plugins/${r.id}/${PLUGIN_ENTRY})`);
      else if (!satisfiesRange(found.definition.version, r.range)) fail(p.folder, `requires ${wanted}, but ${found.folder} is version ${found.definition.version}`);
    }
  }
  if (failures.size) throw new PluginLoadError([...failures].map(([folder, problems]) => ({ folder, problems })));

  // Kahn's algorithm, always taking the smallest ready id: deterministic whatever the input order.
  const deps = new Map(valid.map((p) => [p.id, new Set(p.requires.filter((r) => r.id !== 'core').map((r) => r.id))]));
  const ordered: LoadedPlugin[] = [];
  const done = new Set<string>();
  while (ordered.length < valid.length) {
    const ready = valid
      .filter((p) => !done.has(p.id) && [...deps.get(p.id)!].every((d) => done.has(d)))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    if (!ready.length) {
      const stuck = valid.filter((p) => !done.has(p.id));
      throw new PluginLoadError(stuck.map((p) => ({ folder: p.folder, problems: [`requirements form a cycle among: ${stuck.map((s) => s.id).join(', ')}`] })));
    }
    ordered.push(ready[0]!);
    done.add(ready[0]!.id);
  }

  const index = new Map(ordered.map((p) => [p.id, p]));
  return { list: ordered, get: (id) => index.get(id), coreVersion };
}

/**
 * Finds every `<dir>/<id>/plugin.ts`, imports it and checks it. An invalid manifest, a missing
 * requirement or a plugin that cannot be imported throws a PluginLoadError naming the folder, which
 * stops start-up.
 *
 * @example
 * const plugins = await discoverPlugins(); // the repository's plugins/ folder
 * plugins.list.map((p) => p.id); // ['manufacturing-shifts', 'retail-branches']
 */
export async function discoverPlugins(options: { dir?: string; coreVersion?: string } = {}): Promise<PluginSet> {
  const dir = path.resolve(options.dir ?? DEFAULT_PLUGINS_DIR);
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  const folders = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => path.join(dir, e.name))
    .filter((folder) => existsSync(path.join(folder, PLUGIN_ENTRY)))
    .sort();

  const candidates: PluginCandidate[] = [];
  const failures: { folder: string; problems: string[] }[] = [];
  for (const folder of folders) {
    const shown = displayFolder(folder);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(path.join(folder, PLUGIN_ENTRY)).href)) as Record<string, unknown>;
    } catch (error) {
      failures.push({ folder: shown, problems: [`${PLUGIN_ENTRY} could not be loaded: ${error instanceof Error ? error.message : String(error)}`] });
      continue;
    }
    if (!('plugin' in module)) {
      failures.push({ folder: shown, problems: [`${PLUGIN_ENTRY} must export \`plugin\` (export const plugin = definePlugin({...}))`] });
      continue;
    }
    candidates.push({ folder: shown, definition: module.plugin });
  }
  let set: PluginSet | undefined;
  let unresolved: { folder: string; problems: string[] }[] = [];
  try {
    set = resolvePlugins(candidates, options);
  } catch (error) {
    if (!(error instanceof PluginLoadError)) throw error;
    unresolved = error.failures;
  }
  if (failures.length || unresolved.length) throw new PluginLoadError([...failures, ...unresolved]);
  return set!;
}
