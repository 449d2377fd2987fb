import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOSSARY, NOT_FOR_USERS, SYNONYMS } from '../../apps/web/src/i18n/glossary';
import { ERROR_CATALOGUE } from '../../packages/core/src/shared/error-catalogue';
import { renderErrorsDoc, ERRORS_DOC } from '../../scripts/errors-doc';
import { developerTextIn } from '../support/src/developer-text';

// #19 point 4: one catalogue of the error codes the API answers with
// (packages/core/src/shared/error-catalogue.ts). Each entry says what its code means in plain
// zh-CN and English, following the glossary, with no developer text; every code written at a throw
// site in packages/*/src, plugins/*/src and apps/api/src has its entry; docs/errors.md is the
// catalogue as generated. The route fuzz checks the codes the running API answers with.

const ROOT = path.resolve(import.meta.dirname, '../..');
const CJK = /[\u4e00-\u9fff]/;
const entries = Object.entries(ERROR_CATALOGUE);

/** Source files whose throws reach the API: packages' and plugins' src, the API's own. */
function sourceFiles(): string[] {
  const roots = ['packages', 'plugins'].flatMap((top) => readdirSync(path.join(ROOT, top)).map((w) => path.join(ROOT, top, w, 'src')));
  roots.push(path.join(ROOT, 'apps/api/src'));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'node_modules') walk(full);
      } else if (name.endsWith('.ts') && !/\.(test|d)\.ts$/.test(name)) files.push(full);
    }
  };
  for (const root of roots) {
    try {
      if (statSync(root).isDirectory()) walk(root);
    } catch {
      // not a workspace (a README beside them)
    }
  }
  return files;
}

type Found = { code: string; status?: number; file: string };

/** Helpers whose first argument is the code, with the status they answer. */
const HELPERS: Record<string, number | undefined> = {
  conflict: 409, // core's conflict, the dual run's, PluginHttpError.conflict
  closeConflict: 409,
  issue: 400, // the policy engine's PolicyInputError issues
  'new PolicyRevisionError': undefined,
  'new InvitationError': undefined,
};

/**
 * Every code literal at a throw site: `(<status>, '<code>'` (DomainError and its subclasses,
 * AuthError, PluginHttpError, ApiError, ApiError.of and the helpers taking both), the helpers above,
 * policy's `notFound('<code>'`, and the code unions (`type …ErrorCode =`, `…Failure =`,
 * `readonly code:`).
 */
function codesAtThrowSites(): Found[] {
  const found: Found[] = [];
  for (const full of sourceFiles()) {
    const file = path.relative(ROOT, full);
    const source = readFileSync(full, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of source.matchAll(/\b([45]\d\d),\s*'([a-z][a-z0-9_]*)'/g)) found.push({ code: m[2]!, status: Number(m[1]), file });
    for (const m of source.matchAll(/(\bconflict|\bcloseConflict|\bissue|new PolicyRevisionError|new InvitationError)\(\s*'([a-z][a-z0-9_]*)'/g)) found.push({ code: m[2]!, status: HELPERS[m[1]!], file });
    for (const m of source.matchAll(/\bnotFound\(\s*'([a-z][a-z0-9]*_[a-z0-9_]+)'/g)) found.push({ code: m[1]!, status: 404, file });
    for (const m of source.matchAll(/(?:type \w*(?:ErrorCode|Failure)\s*=|readonly code:)((?:\s*\|?\s*'[a-z][a-z0-9_]*'(?:\s*\/\/[^\n]*)?)+)/g)) {
      for (const l of m[1]!.matchAll(/'([a-z][a-z0-9_]*)'/g)) found.push({ code: l[1]!, file });
    }
  }
  return found;
}

describe('the error catalogue', () => {
  it('says what every code means in both languages: Chinese for zh-CN, English for en, and the HTTP statuses', () => {
    expect(entries.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const [code, entry] of entries) {
      if (!entry['zh-CN'].trim() || !CJK.test(entry['zh-CN'])) problems.push(`${code}: zh-CN is not Chinese: ${entry['zh-CN']}`);
      if (!entry.en.trim() || CJK.test(entry.en)) problems.push(`${code}: en is not English: ${entry.en}`);
      if (!entry.statuses.length || entry.statuses.some((s) => s < 400 || s > 599)) problems.push(`${code}: statuses ${entry.statuses.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('shows no developer text and follows the glossary', () => {
    const problems: string[] = [];
    for (const [code, entry] of entries) {
      const developer = developerTextIn([entry['zh-CN'], entry.en]);
      if (developer) problems.push(`${code}: developer text ${developer}`);
      for (const term of GLOSSARY) if (entry['zh-CN'].includes(term.zh) && !term.enPattern.test(entry.en)) problems.push(`${code}: says ${term.zh} but its English not "${term.en}": ${entry.en}`);
      for (const { word, instead } of NOT_FOR_USERS) if (entry['zh-CN'].includes(word)) problems.push(`${code}: says ${word} (say ${instead})`);
      for (const s of SYNONYMS) {
        if ((s.zh && entry['zh-CN'].includes(s.zh)) || (s.en && s.en.test(entry.en))) problems.push(`${code}: uses another word for ${s.term}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has an entry, with its status, for every code written at a throw site in packages, plugins and the API', () => {
    const found = codesAtThrowSites();
    expect(found.length).toBeGreaterThan(150);
    const problems = new Set<string>();
    for (const f of found) {
      const entry = (ERROR_CATALOGUE as Record<string, { statuses: readonly number[] }>)[f.code];
      if (!entry) problems.add(`${f.file}: code ${f.code} is not in the catalogue (packages/core/src/shared/error-catalogue.ts)`);
      else if (f.status !== undefined && !entry.statuses.includes(f.status)) problems.add(`${f.file}: code ${f.code} answers ${f.status}, the catalogue lists ${entry.statuses.join(', ')}`);
    }
    expect([...problems]).toEqual([]);
  });

  it('is what docs/errors.md says (run `npx tsx scripts/errors-doc.ts` when this fails)', () => {
    const committed = readFileSync(ERRORS_DOC, 'utf8').split('\n');
    const fresh = renderErrorsDoc().split('\n');
    const first = fresh.findIndex((line, i) => line !== committed[i]);
    expect(first === -1 && fresh.length === committed.length ? 'up to date' : `stale from line ${first + 1}: ${fresh[first] ?? '(end)'}`).toBe('up to date');
  });
});
