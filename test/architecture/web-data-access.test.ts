// How the web app's features load and type API data (issue 12 item 6): through the router's own
// data APIs (query + createAsync, here `createLoaded` of apps/web/src/data.ts) instead of
// createResource with a hand-kept `lastGood` copy, and with the types of the route-bound
// `request()` generated from /api/openapi.json instead of a hand-declared `api<T>()` answer.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SOURCES = ['apps/web/src/features', 'apps/web/src/plugin-kit', ...['manufacturing-shifts', 'retail-branches'].map((id) => `plugins/${id}/web`)];

/**
 * Calls of the untyped `api()` that stay, each with why: the route is not in the generated types.
 * Keyed by file, the number of calls allowed.
 */
const UNTYPED_API_CALLS: Readonly<Record<string, number>> = {
  // A plugin's section is saved to the `savePath` the plugin declares at run time; the answer is not read.
  'apps/web/src/features/people/plugin-sections.tsx': 1,
  // The package upload: its route is typed (POST /api/t/{tenant}/migrations takes an upload), to
  // move to request() by the data-migration work that owns this file (issue 12 follow-up).
  'apps/web/src/features/migrations/migrations.api.ts': 1,
};

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

type Finding = { file: string; line: number; text: string };

/** Each line of the sources matching the pattern, comments left out. */
function findAll(files: Readonly<Record<string, string>>, pattern: RegExp): Finding[] {
  const found: Finding[] = [];
  for (const [file, text] of Object.entries(files)) {
    text.split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (/^\s*\*/.test(code)) return;
      if (pattern.test(code)) found.push({ file, line: i + 1, text: line.trim() });
    });
  }
  return found;
}

const LEGACY_LOADING = /\blastGood\b|\bcreateResource\b/;
// `api(` or `api<T>(`, not `x.api(`: every call of the untyped client.
const UNTYPED_CALL = /(?<![.\w])api\s*(<.*>)?\s*\(/;

async function load(): Promise<Record<string, string>> {
  const files = (await Promise.all(SOURCES.map(sourceFiles))).flat();
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(join(ROOT, f), 'utf8')] as const)));
}

describe('web features: data access', () => {
  it('loads API data through router queries, never createResource or a hand-kept lastGood copy', async () => {
    const files = await load();
    expect(Object.keys(files).length).toBeGreaterThan(50);
    expect(findAll(files, LEGACY_LOADING)).toEqual([]);
  });

  it('calls the API through the typed request(), never api<T>() with a hand-declared answer', async () => {
    const files = await load();
    const untyped = findAll(files, UNTYPED_CALL);
    const counts: Record<string, number> = {};
    for (const f of untyped) counts[f.file] = (counts[f.file] ?? 0) + 1;
    const unexpected = untyped.filter((f) => (counts[f.file] ?? 0) > (UNTYPED_API_CALLS[f.file] ?? 0));
    expect(unexpected).toEqual([]);
  });

  it('finds each planted wrong way (the patterns are not vacuous)', () => {
    const planted = {
      'a.tsx': "const [x] = createResource(() => 1, load);\nconst d = lastGood(x);",
      'b.api.ts': "export function f(slug: string): Promise<{ items: Thing[] }> {\n  return api<{ items: Thing[] }>(path('/api/t', slug));\n}",
      'c.api.ts': "  return api(path('/api/t', slug, 'things'));\n  // api(...) in a comment is fine\n  await client.api(x);",
    };
    expect(findAll(planted, LEGACY_LOADING).map((f) => `${f.file}:${f.line}`)).toEqual(['a.tsx:1', 'a.tsx:2']);
    expect(findAll(planted, UNTYPED_CALL).map((f) => `${f.file}:${f.line}`)).toEqual(['b.api.ts:2', 'c.api.ts:1']);
  });
});
