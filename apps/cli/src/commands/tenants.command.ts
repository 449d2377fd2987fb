import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { Kysely } from 'kysely';
import { createDb, type Database } from '@lianxu/db';
import {
  createTenantConfigService,
  discoverPlugins,
  formatPlan,
  parseTenantFile,
  TenantFileError,
  tenantFileJsonSchema,
  tenantSpecToYaml,
  type PluginSet,
} from '@lianxu/core';
import { CORE_TASK_QUEUE, type TenantApplyActor } from '@lianxu/workflows';
import { applyTenantSpec, type TenantSpec } from '@lianxu/core';
import type { Command } from './command';
import { REPO_ROOT, TENANTS_DIR } from '../stack/paths';
import { readRuntimeFile } from '../stack/runtime-file';

const USAGE = `lianxu tenants validate [slug]              check tenants/<slug>/tenant.yaml (all when no slug): file:line field: message
lianxu tenants plan [slug]                  what apply would add (+), change (~) and remove (-) in the live tenant; changes nothing
lianxu tenants apply [slug] [--as <email>]  make exactly that change through the provisionTenant workflow, audited under your name
lianxu tenants export <slug> [--out <file>] the live tenant as tenant.yaml (stdout unless --out)
lianxu tenants new <slug> --from <template> [--name <name>]
                                            start tenants/<slug>/tenant.yaml from another tenant's file
lianxu tenants schema                       write tenants/tenant.schema.json (the JSON Schema editors use)

Options: --dir <folder> (default: the repository's tenants/). The live database is DATABASE_URL, else
the running \`npm start\` (.data/runtime.json); apply also needs TEMPORAL_ADDRESS or the running stack.
Who applies: --as, else LIANXU_CONSULTANT, else git config user.email.
`;

/** Where output goes and how the outside world is reached; tests pass their own. */
export interface TenantsIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Task queue of the provisioning workflow (tests run their own worker). */
  taskQueue?: string;
  plugins?: PluginSet | Promise<PluginSet>;
}

interface TenantFile {
  file: string;
  shown: string;
  spec: TenantSpec;
}

class CliError extends Error {}

const SCHEMA_FILE = 'tenant.schema.json';

async function readTenantFiles(dir: string, slug: string | undefined, plugins: PluginSet, io: TenantsIo): Promise<{ files: TenantFile[]; failed: boolean }> {
  let folders: string[];
  try {
    folders = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    throw new CliError(`no tenants folder at ${dir}`);
  }
  if (slug) {
    if (!folders.includes(slug) || !existsSync(path.join(dir, slug, 'tenant.yaml'))) throw new CliError(`no tenants/${slug}/tenant.yaml in ${shownPath(dir)}`);
    folders = [slug];
  }
  const files: TenantFile[] = [];
  let failed = false;
  for (const folder of folders) {
    const file = path.join(dir, folder, 'tenant.yaml');
    if (!existsSync(file)) continue;
    const shown = shownPath(file);
    try {
      const spec = parseTenantFile(await readFile(file, 'utf8'), shown, { plugins });
      if (spec.slug !== folder) {
        io.err(`${shown}:${lineOfSlug(await readFile(file, 'utf8'))} slug: "${spec.slug}" must equal its folder name "${folder}"\n`);
        failed = true;
        continue;
      }
      files.push({ file, shown, spec });
    } catch (error) {
      if (!(error instanceof TenantFileError)) throw error;
      io.err(`${error.message}\n`);
      failed = true;
    }
  }
  return { files, failed };
}

function lineOfSlug(text: string): number {
  const i = text.split('\n').findIndex((l) => /^slug\s*:/.test(l));
  return i < 0 ? 1 : i + 1;
}

function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** The spec as this environment applies it: demo sign-ins only in demo mode. */
function applicable(spec: TenantSpec, env: NodeJS.ProcessEnv): TenantSpec {
  const { demo, ...rest } = spec;
  return env.NODE_ENV !== 'production' && demo ? { ...rest, demo } : rest;
}

function databaseUrl(env: NodeJS.ProcessEnv): string {
  const url = env.DATABASE_URL ?? readRuntimeFile()?.appDatabaseUrl;
  if (!url) throw new CliError('Lianxu is not running. Start it with `npm start`, or set DATABASE_URL to the live database.');
  return url;
}

function temporalAddress(env: NodeJS.ProcessEnv): string {
  const address = env.TEMPORAL_ADDRESS ?? readRuntimeFile()?.temporalAddress;
  if (!address) throw new CliError('Temporal is not reachable. Start Lianxu with `npm start`, or set TEMPORAL_ADDRESS.');
  return address;
}

async function withDb<T>(env: NodeJS.ProcessEnv, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const db = createDb({ connectionString: databaseUrl(env), max: 2, applicationName: 'lianxu-tenants' });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** Who runs the apply: --as, LIANXU_CONSULTANT, or git's user.email; their account's name when they have one. */
async function applier(db: Kysely<Database>, as: string | undefined, env: NodeJS.ProcessEnv): Promise<TenantApplyActor & { userId: string | null; consultant: boolean }> {
  let email = as ?? env.LIANXU_CONSULTANT;
  if (!email) {
    try {
      email = execFileSync('git', ['config', 'user.email'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
    } catch {
      email = undefined;
    }
  }
  if (!email) return { name: `${os.userInfo().username}@${os.hostname()}`, userId: null, consultant: false };
  const user = await db.selectFrom('users').select(['id', 'name', 'platform_role']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  return { name: user?.name ?? email, email, userId: user?.id ?? null, consultant: user?.platform_role === 'consultant' };
}

export async function runTenants(args: string[], io: TenantsIo): Promise<number> {
  const env = io.env ?? process.env;
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        dir: { type: 'string' },
        as: { type: 'string' },
        out: { type: 'string', short: 'o' },
        from: { type: 'string' },
        name: { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [action, slug] = positionals;
  const actions = ['validate', 'plan', 'apply', 'export', 'new', 'schema'];
  if (values.help || !action || !actions.includes(action)) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  const dir = values.dir ? path.resolve(values.dir) : TENANTS_DIR;
  try {
    switch (action) {
      case 'schema': {
        const file = path.join(dir, SCHEMA_FILE);
        await writeFile(file, `${JSON.stringify(tenantFileJsonSchema(), null, 2)}\n`);
        io.out(`wrote ${shownPath(file)}\n`);
        return 0;
      }
      case 'new':
        return await newTenant(dir, slug, values.from, values.name, io);
      case 'export': {
        if (!slug) throw new CliError('usage: lianxu tenants export <slug> [--out <file>]');
        const spec = await withDb(env, (db) => createTenantConfigService({ db, plugins: io.plugins }).export(slug));
        if (!spec) throw new CliError(`no live tenant ${slug}`);
        const text = tenantSpecToYaml(spec, [`Exported from the live tenant ${slug}. \`lianxu tenants plan ${slug}\` with this file shows no change.`]);
        if (values.out) {
          await mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
          await writeFile(path.resolve(values.out), text);
          io.out(`wrote ${shownPath(path.resolve(values.out))}\n`);
        } else io.out(text);
        return 0;
      }
    }

    const plugins = await (io.plugins ?? discoverPlugins());
    const { files, failed } = await readTenantFiles(dir, slug, plugins, io);
    if (action === 'validate') {
      for (const f of files) io.out(`ok  ${f.shown}\n`);
      return failed ? 1 : 0;
    }
    if (failed) return 1;

    return await withDb(env, async (db) => {
      const config = createTenantConfigService({ db, plugins });
      const plans = [];
      for (const f of files) {
        const plan = await config.plan(applicable(f.spec, env));
        io.out(formatPlan(f.spec.slug, plan.changes, { created: plan.created }));
        for (const note of plan.notes) io.out(`  note: ${note}\n`);
        plans.push({ f, plan });
      }
      if (action === 'plan') return 0;

      // apply
      const blocked = plans.flatMap(({ plan }) => plan.changes.filter((c) => c.blocked).map((c) => `${plan.slug}: ${c.op} ${c.kind} ${c.name}: ${c.blocked}`));
      if (blocked.length) {
        io.err(`nothing applied; these changes cannot be made:\n${blocked.map((b) => `  ${b}`).join('\n')}\n`);
        return 1;
      }
      const actor = await applier(db, values.as, env);
      if (actor.consultant) {
        const refused = [];
        for (const { plan } of plans) {
          if (!plan.tenantId) continue;
          const grant = await db.selectFrom('consultant_grants').select('id').where('consultant_id', '=', actor.userId!).where('tenant_id', '=', plan.tenantId).where('revoked_at', 'is', null).executeTakeFirst();
          if (!grant) refused.push(plan.slug);
        }
        if (refused.length) {
          io.err(`nothing applied: ${actor.email} is a consultant without a grant for ${refused.join(', ')}\n`);
          return 1;
        }
      }
      const connection = await Connection.connect({ address: temporalAddress(env) });
      try {
        const client = new Client({ connection });
        for (const { f } of plans) {
          const result = await applyTenantSpec(client, applicable(f.spec, env), io.taskQueue ?? CORE_TASK_QUEUE, { appliedBy: { name: actor.name, email: actor.email } });
          io.out(`${f.spec.slug}: ${result.changes.length ? `applied by ${actor.name}: ${result.changes.join('; ')}` : 'no change'}\n`);
        }
      } finally {
        await connection.close();
      }
      return 0;
    });
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    io.err(`${(error as Error).message}${cause ? `: ${cause}` : ''}\n`);
    return 1;
  }
}

/** A new tenant file from a template tenant's: its cities, settings, plugins and fields; not its entities, plugins' sections (branches...), grants or demo sign-ins. */
async function newTenant(dir: string, slug: string | undefined, from: string | undefined, name: string | undefined, io: TenantsIo): Promise<number> {
  if (!slug || !from) throw new CliError('usage: lianxu tenants new <slug> --from <template-slug> [--name <name>]');
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug)) throw new CliError(`slug "${slug}": lowercase letters, digits and dashes (2 to 63)`);
  const template = path.join(dir, from, 'tenant.yaml');
  if (!existsSync(template)) throw new CliError(`no template ${shownPath(template)}`);
  const target = path.join(dir, slug, 'tenant.yaml');
  if (existsSync(target)) throw new CliError(`${shownPath(target)} exists already`);
  const doc = parseDocument(await readFile(template, 'utf8'));
  doc.set('slug', slug);
  doc.set('name', name ?? slug);
  for (const key of ['entities', 'consultantGrants', 'demo']) doc.delete(key);
  // A plugin's section holds the template tenant's own records (its branches...): not the new tenant's.
  const plugins = doc.get('plugins');
  if (isSeq(plugins)) for (const entry of plugins.items) if (isMap(entry)) entry.delete('config');
  doc.commentBefore = ` yaml-language-server: $schema=../${SCHEMA_FILE}\n Tenant ${slug}, started from tenants/${from}/tenant.yaml.\n To do: add the employing entities (统一社会信用代码, registrations per city), plugins' sections (config: branches...) and consultant grants,\n then \`lianxu tenants validate ${slug}\`, \`lianxu tenants plan ${slug}\`, \`lianxu tenants apply ${slug}\`.`;
  const text = doc.toString({ lineWidth: 0 });
  // What we write must be a valid tenant file.
  parseTenantFile(text, shownPath(target));
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
  io.out(`wrote ${shownPath(target)} from tenants/${from}; review it, then: lianxu tenants plan ${slug}\n`);
  return 0;
}

export const tenantsCommand: Command = {
  name: 'tenants',
  summary: 'Tenants as code: validate, plan, apply, export, new, schema',
  usage: 'tenants validate|plan|apply|export|new|schema [slug]',
  run: (args) => runTenants(args, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }),
};
