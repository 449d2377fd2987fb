import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { stringify } from 'yaml';
import { createPolicyLibraryService, type StoredPolicyRecord } from '@lianxu/core';
import { createDb, type Database } from '@lianxu/db';
import { DEFAULT_POLICY_DATA_DIR } from '@lianxu/policy';
import type { Command } from './command';
import { REPO_ROOT } from '../stack/paths';
import { resolveConnections } from '../stack/runtime-file';

/** Default output: next to the shipped files, never over them. */
export const DEFAULT_EXPORT_DIR = path.join(REPO_ROOT, 'packages/policy/data-export');

const USAGE = `lianxu policies export [--out dir] [--all] [--force]
  Writes the consultants' policy revisions stored in the database back to YAML files for review,
  one file per city and year (its latest revision), named like the shipped files.
  --out dir  where to write (default packages/policy/data-export)
  --all      also write every older stored revision as <city>-<year>-r<N>.yaml
  --force    allow --out packages/policy/data (overwrites shipped files; review with git diff)
`;

// jsonb keeps keys in its own order; put them back in the order the shipped files use.
const KEY_ORDER = [
  'city', 'code', 'zh', 'en', 'codeNote', 'year', 'revision', 'effective', 'from', 'to', 'cutOffDay',
  'insurances', 'pension', 'medical', 'maternity', 'unemployment', 'workInjury', 'housingFund',
  'status', 'floor', 'cap', 'employer', 'employee', 'rate', 'rateRange', 'byHukou', 'local', 'nonLocal', 'min', 'max',
  'parts', 'name', 'value', 'notFound', 'notApplicable', 'fixed', 'rounding', 'rule', 'default',
  'includesMaternity', 'rules', 'integerPercent', 'employeeNotBelowEmployer',
  'sources', 'grade', 'derived', 'note',
  'publishedEmployerAtCap', 'publishedHousingFundMonthlyTotal', 'amounts', 'subtotal', 'notes',
];
const rank = (key: string) => {
  const i = KEY_ORDER.indexOf(key);
  return i < 0 ? KEY_ORDER.length : i;
};

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
    return Object.fromEntries(entries.map(([k, v]) => [k, ordered(v)]));
  }
  return value;
}

function slug(row: StoredPolicyRecord): string {
  const city = (row.record as { city?: { en?: unknown } } | null)?.city?.en;
  const name = typeof city === 'string' ? city.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') : '';
  return name || row.cityCode;
}

function header(row: StoredPolicyRecord): string {
  const lines = [
    `${row.id}: exported from the database for review (not a shipped file until reviewed and committed).`,
    `by ${row.createdByEmail ?? 'unknown'} at ${row.createdAt.toISOString()}`,
    ...row.note.split(/\r?\n/).map((l, i) => (i === 0 ? `note: ${l}` : `      ${l}`)),
  ];
  return lines.map((l) => `# ${l}`.trimEnd()).join('\n') + '\n';
}

export interface ExportResult {
  outDir: string;
  /** Paths written, relative to outDir. */
  files: string[];
}

/**
 * Writes the stored revisions as YAML in the shipped files' shape: per city and year the latest
 * as `<city>-<year>.yaml`, with `all` every older one as `<city>-<year>-r<N>.yaml`, and the source
 * register entries the revisions added as `sources.added.yaml`.
 */
export async function exportPolicyRecords(options: { db: Kysely<Database>; outDir: string; all?: boolean }): Promise<ExportResult> {
  const rows = await createPolicyLibraryService({ db: options.db }).storedRecords();
  const latest = new Map<string, StoredPolicyRecord>();
  for (const row of rows) {
    const key = `${row.cityCode}-${row.year}`;
    if ((latest.get(key)?.revision ?? 0) < row.revision) latest.set(key, row);
  }
  const files: string[] = [];
  const out: [string, string][] = [];
  for (const row of rows) {
    const isLatest = latest.get(`${row.cityCode}-${row.year}`) === row;
    if (!isLatest && !options.all) continue;
    const file = isLatest ? `${slug(row)}-${row.year}.yaml` : `${slug(row)}-${row.year}-r${row.revision}.yaml`;
    out.push([file, header(row) + stringify(ordered(row.record), { lineWidth: 0 })]);
  }
  const added = rows.flatMap((r) => r.sources.map((s) => ({ ...s, addedBy: r.id })));
  if (added.length) {
    out.push(['sources.added.yaml', `# Source register entries added with consultants' revisions; merge into sources.yaml when reviewed.\n${stringify({ sources: added }, { lineWidth: 0 })}`]);
  }
  if (out.length) await mkdir(options.outDir, { recursive: true });
  for (const [file, text] of out.sort(([a], [b]) => a.localeCompare(b))) {
    await writeFile(path.join(options.outDir, file), text);
    files.push(file);
  }
  return { outDir: options.outDir, files };
}

export const policiesCommand: Command = {
  name: 'policies',
  summary: "Export consultants' policy revisions from the database to YAML for review",
  usage: 'policies export [--out dir] [--all]',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: { out: { type: 'string' }, all: { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      });
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const { positionals, values } = parsed;
    if (values.help || positionals[0] !== 'export' || positionals.length > 1) {
      (values.help ? process.stdout : process.stderr).write(USAGE);
      return values.help ? 0 : 2;
    }
    const outDir = path.resolve(values.out ?? DEFAULT_EXPORT_DIR);
    if (path.relative(DEFAULT_POLICY_DATA_DIR, outDir) === '') {
      if (!values.force) {
        process.stderr.write(`${path.relative(REPO_ROOT, outDir)} holds the shipped files; pass --force to overwrite them (then review with git diff)\n`);
        return 2;
      }
      if (values.all) {
        // Two records of one city and year in the data folder would stop the library from loading.
        process.stderr.write('--all cannot write into the shipped data folder\n');
        return 2;
      }
    }
    let db: Kysely<Database>;
    try {
      db = createDb({ connectionString: resolveConnections().appDatabaseUrl, max: 1, applicationName: 'lianxu-cli' });
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 1;
    }
    try {
      const result = await exportPolicyRecords({ db, outDir, all: values.all ?? false });
      if (!result.files.length) process.stdout.write('No policy revisions in the database: nothing to export.\n');
      for (const f of result.files) process.stdout.write(`wrote ${path.relative(process.cwd(), path.join(outDir, f))}\n`);
      return 0;
    } finally {
      await db.destroy();
    }
  },
};
