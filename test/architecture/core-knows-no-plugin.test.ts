// Core never names a plugin (issue 12 item 3): what a plugin adds (its tenant.yaml section, its
// routes, its hooks) reaches core through the plugin SDK, so a new plugin needs no edit in core or
// in the workflows. This scans packages/core/src and packages/workflows/src (tests left out) for
// the id of every plugin under plugins/, in code; comments may name a plugin as an example.
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SOURCES = ['packages/core/src', 'packages/workflows/src'];

async function pluginIds(): Promise<string[]> {
  const entries = await readdir(join(ROOT, 'plugins'), { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && existsSync(join(ROOT, 'plugins', e.name, 'plugin.ts'))).map((e) => e.name).sort();
}

async function sources(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const dir of SOURCES) {
    const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
    for (const e of entries) {
      if (!e.isFile() || !/\.tsx?$/.test(e.name) || /\.test\.tsx?$/.test(e.name)) continue;
      const file = join(e.parentPath, e.name);
      out[relative(ROOT, file)] = await readFile(file, 'utf8');
    }
  }
  return out;
}

/** The code of a source without its comments (line comments, and block comments' lines). */
function codeOf(text: string): string[] {
  let inBlock = false;
  return text.split('\n').map((line) => {
    let code = line;
    if (inBlock) {
      const end = code.indexOf('*/');
      if (end < 0) return '';
      code = code.slice(end + 2);
      inBlock = false;
    }
    code = code.replace(/\/\*.*?\*\//g, '');
    const start = code.indexOf('/*');
    if (start >= 0) {
      inBlock = true;
      code = code.slice(0, start);
    }
    return code.replace(/(^|[^:])\/\/.*$/, '$1');
  });
}

/** Lines of `files` whose code names one of `ids`. */
function namings(files: Readonly<Record<string, string>>, ids: readonly string[]): string[] {
  const found: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    codeOf(text).forEach((code, i) => {
      for (const id of ids) if (code.includes(id)) found.push(`${file}:${i + 1} names ${id}`);
    });
  }
  return found;
}

describe('core and the workflows name no plugin', () => {
  it('finds the shipped plugins to look for', async () => {
    expect(await pluginIds()).toEqual(expect.arrayContaining(['manufacturing-shifts', 'retail-branches']));
  });

  it('has no plugin id in the code of packages/core/src or packages/workflows/src', async () => {
    expect(namings(await sources(), await pluginIds())).toEqual([]);
  });

  it('would catch a planted plugin id, in a string or a template, but not in a comment', () => {
    const planted = {
      'a.ts': "export const OWNER = 'retail-branches';\n",
      'b.ts': 'const x = `plugins/${"manufacturing-shifts"}`;\n',
      'c.ts': '// e.g. retail-branches\n/**\n * manufacturing-shifts\n */\nconst url = "http://x"; /* retail-branches */\n',
    };
    expect(namings(planted, ['manufacturing-shifts', 'retail-branches'])).toEqual(['a.ts:1 names retail-branches', 'b.ts:1 names manufacturing-shifts']);
  });
});
