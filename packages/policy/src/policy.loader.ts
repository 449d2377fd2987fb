import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PolicyDataError } from './errors';
import { createPolicyLibrary, type PolicyLibrary } from './policy.library';
import type { PolicyRecord, SourceRef } from './policy.types';
import { validatePolicyRecord } from './policy.validation';

// The only I/O of this package: reading its data files, once, at start-up.

/** The shipped data folder (packages/policy/data). */
export const DEFAULT_POLICY_DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));
const SOURCES_FILE = 'sources.yaml';

function parseYamlFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return parse(text);
  } catch (e) {
    throw new PolicyDataError(path, null, null, '(file)', `not valid YAML: ${(e as Error).message}`);
  }
}

/** Reads the source register (sources and the rules that records cite). */
export function loadSources(dir: string = DEFAULT_POLICY_DATA_DIR): SourceRef[] {
  const path = join(dir, SOURCES_FILE);
  const doc = parseYamlFile(path) as { sources?: unknown; rules?: unknown } | null;
  const out: SourceRef[] = [];
  for (const key of ['sources', 'rules'] as const) {
    const list = doc?.[key];
    if (!Array.isArray(list)) throw new PolicyDataError(path, null, null, key, 'must be a list');
    list.forEach((s: Record<string, unknown>, i) => {
      if (typeof s?.['id'] !== 'string') throw new PolicyDataError(path, null, null, `${key}[${i}].id`, 'missing');
      out.push({
        id: s['id'],
        grade: typeof s['grade'] === 'string' ? s['grade'] : null,
        title: String(s['title'] ?? ''),
        url: typeof s['url'] === 'string' ? s['url'] : null,
      });
    });
  }
  return out;
}

/** Reads and validates one record file. Errors name the file, city, year and field. */
export function loadPolicyFile(path: string, knownSources?: ReadonlySet<string>): PolicyRecord {
  return validatePolicyRecord(parseYamlFile(path), path, knownSources);
}

/**
 * Loads every `*.yaml` record in `dir` (plus its sources.yaml), validates each record and the set,
 * and compiles the quote tables. Throws PolicyDataError on the first broken record.
 */
export function loadPolicyLibrary(dir: string = DEFAULT_POLICY_DATA_DIR): PolicyLibrary {
  const sources = loadSources(dir);
  const known = new Set(sources.map((s) => s.id));
  const files = readdirSync(dir)
    .filter((f) => (f.endsWith('.yaml') || f.endsWith('.yml')) && f !== SOURCES_FILE)
    .sort();
  const records = files.map((f) => loadPolicyFile(join(dir, f), known));
  return createPolicyLibrary(records, sources);
}

let defaultLibrary: PolicyLibrary | null = null;

/** The shipped library, loaded on first use and kept for the life of the process. */
export function getDefaultPolicyLibrary(): PolicyLibrary {
  defaultLibrary ??= loadPolicyLibrary();
  return defaultLibrary;
}
