import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverPlugins, resolvePlugins, type PluginCandidate } from './plugin.loader';
import { PluginLoadError } from './plugin.errors';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'lianxu-plugins-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A plugins/ folder of its own with the given plugin.ts sources (plain objects: no imports needed). */
function pluginsDir(name: string, plugins: Record<string, string>): string {
  const dir = path.join(scratch, name);
  for (const [folder, source] of Object.entries(plugins)) {
    mkdirSync(path.join(dir, folder), { recursive: true });
    writeFileSync(path.join(dir, folder, 'plugin.ts'), source);
  }
  return dir;
}

const manifest = (id: string, extra = '') =>
  `export const plugin = { id: '${id}', version: '1.0.0', description: { 'zh-CN': '插件 ${id}', en: 'Plugin ${id}' }${extra} };\n`;

async function loadError(dir: string): Promise<PluginLoadError> {
  const error = await discoverPlugins({ dir }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PluginLoadError);
  return error as PluginLoadError;
}

describe('discoverPlugins', () => {
  it('finds the shipped plugins in the repository', async () => {
    const set = await discoverPlugins();
    expect(set.list.map((p) => p.id)).toEqual(expect.arrayContaining(['manufacturing-shifts', 'retail-branches']));
    for (const p of set.list) expect(p.folder).toMatch(new RegExp(`plugins[/\\\\]${p.id}$`));
  });

  it('loads a valid folder and skips folders without plugin.ts', async () => {
    const dir = pluginsDir('ok', { alpha: manifest('alpha'), beta: manifest('beta', ", requires: ['alpha@^1.0.0', 'core@^0.1.0']") });
    mkdirSync(path.join(dir, 'not-a-plugin'));
    const set = await discoverPlugins({ dir });
    expect(set.list.map((p) => p.id)).toEqual(['alpha', 'beta']);
  });

  it('stops at an invalid manifest, naming the folder and the field', async () => {
    const dir = pluginsDir('invalid', {
      good: manifest('good'),
      broken: `export const plugin = { id: 'broken', version: 'one', description: { en: 'no Chinese' }, extensionPoints: { payroll: () => 1 } };\n`,
    });
    const error = await loadError(dir);
    expect(error.folders).toEqual([path.join(dir, 'broken')]);
    expect(error.message).toContain(`${path.join(dir, 'broken')}: invalid manifest: version`);
    expect(error.message).toContain('description.zh-CN');
    expect(error.message).toContain('extensionPoints.payroll: unknown extension point');
  });

  it('stops at a missing requirement, naming the folder that requires it', async () => {
    const dir = pluginsDir('missing', { needy: manifest('needy', ", requires: ['retail-branches']") });
    const error = await loadError(dir);
    expect(error.folders).toEqual([path.join(dir, 'needy')]);
    expect(error.message).toMatch(/needy: requires plugin "retail-branches", which is not installed/);
  });

  it('stops at a requirement of the wrong version, and at a core version it does not support', async () => {
    const dir = pluginsDir('versions', {
      base: manifest('base'),
      modern: manifest('modern', ", requires: ['base@^2.0.0']"),
      future: manifest('future', ", requires: ['core@>=9.0.0']"),
    });
    const error = await loadError(dir);
    expect(error.folders.sort()).toEqual([path.join(dir, 'future'), path.join(dir, 'modern')]);
    expect(error.message).toContain('requires base@^2.0.0, but');
    expect(error.message).toContain('requires core@>=9.0.0, but core is 0.1.0');
  });

  it('names the folder of a plugin.ts that throws, that exports no plugin, or whose id is not its folder name', async () => {
    const dir = pluginsDir('bad-modules', {
      explodes: `throw new Error('boom at import');\n`,
      silent: `export const something = 1;\n`,
      renamed: manifest('other-name'),
    });
    const error = await loadError(dir);
    const byFolder = Object.fromEntries(error.failures.map((f) => [path.basename(f.folder), f.problems.join(' ')]));
    expect(byFolder.explodes).toContain('boom at import');
    expect(byFolder.silent).toContain('must export `plugin`');
    expect(byFolder.renamed).toContain('must equal the folder name "renamed"');
  });
});

describe('resolvePlugins', () => {
  const def = (id: string, requires: string[] = []) => ({ id, version: '1.0.0', description: { 'zh-CN': id, en: id }, requires });
  const candidates: PluginCandidate[] = [
    { folder: 'plugins/zeta', definition: def('zeta') },
    { folder: 'plugins/alpha', definition: def('alpha', ['zeta']) },
    { folder: 'plugins/mid', definition: def('mid', ['alpha']) },
    { folder: 'plugins/beta', definition: def('beta') },
    { folder: 'plugins/omega', definition: def('omega', ['core@^0.1.0']) },
  ];

  function shuffled<T>(list: T[], seed: number): T[] {
    const out = [...list];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  it('orders required plugins first, then by id, whatever the order they were found in', () => {
    const expected = ['beta', 'omega', 'zeta', 'alpha', 'mid'];
    for (let seed = 1; seed <= 25; seed++) {
      expect(resolvePlugins(shuffled(candidates, seed)).list.map((p) => p.id)).toEqual(expected);
    }
  });

  it('reports the same problems whatever the order', () => {
    const bad = [...candidates, { folder: 'plugins/lonely', definition: def('lonely', ['ghost']) }, { folder: 'plugins/oops', definition: { id: 'oops' } }];
    const messages = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) {
      try {
        resolvePlugins(shuffled(bad, seed));
      } catch (e) {
        messages.add((e as Error).message);
      }
    }
    expect(messages.size).toBe(1);
    const [message] = [...messages];
    expect(message).toContain('plugins/lonely: requires plugin "ghost"');
    expect(message).toContain('plugins/oops: invalid manifest: version');
  });

  it('refuses a requirement cycle and a duplicate id', () => {
    expect(() => resolvePlugins([{ folder: 'plugins/one', definition: def('one', ['two']) }, { folder: 'plugins/two', definition: def('two', ['one']) }])).toThrow(/cycle among: one, two/);
    expect(() => resolvePlugins([{ folder: 'x/dup', definition: def('dup') }, { folder: 'y/dup', definition: def('dup') }])).toThrow(/x\/dup: plugin id "dup" is also used by y\/dup/);
  });
});
