import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { loadTenantFiles, TenantFileError } from '@lianxu/core';
import { applyTenantSpec } from '@lianxu/workflows';
import type { Command } from '../main';
import { REPO_ROOT, TENANTS_DIR } from '../stack/paths';
import { resolveConnections } from '../stack/runtime-file';

const USAGE = `lianxu tenants validate [slug]   check tenants/<slug>/tenant.yaml (all when no slug)
lianxu tenants apply [slug]      apply the files to the live tenants through the provisionTenant workflow
`;

export const tenantsCommand: Command = {
  name: 'tenants',
  summary: 'Validate or apply tenants/<slug>/tenant.yaml',
  usage: 'tenants validate|apply [slug]',
  async run(args) {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
    const [action, slug] = positionals;
    if (values.help || !action || !['validate', 'apply'].includes(action)) {
      (values.help ? process.stdout : process.stderr).write(USAGE);
      return values.help ? 0 : 2;
    }
    let files;
    try {
      files = (await loadTenantFiles(TENANTS_DIR)).filter((f) => !slug || f.spec.slug === slug);
    } catch (error) {
      process.stderr.write(`${error instanceof TenantFileError ? error.message : (error as Error).message}\n`);
      return 1;
    }
    if (slug && !files.length) {
      process.stderr.write(`no tenants/${slug}/tenant.yaml\n`);
      return 1;
    }
    if (action === 'validate') {
      for (const f of files) process.stdout.write(`ok  ${path.relative(REPO_ROOT, f.file)}\n`);
      return 0;
    }
    const { temporalAddress } = resolveConnections();
    const connection = await Connection.connect({ address: temporalAddress });
    try {
      const client = new Client({ connection });
      for (const { spec: declared } of files) {
        const { demo, ...rest } = declared;
        const spec = process.env.NODE_ENV !== 'production' && demo ? { ...rest, demo } : rest;
        const result = await applyTenantSpec(client, spec);
        process.stdout.write(`${spec.slug}: ${result.changes.length ? result.changes.join('; ') : 'no change'}\n`);
      }
      return 0;
    } finally {
      await connection.close();
    }
  },
};
