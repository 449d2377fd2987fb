import { parseArgs } from 'node:util';
import { createDb, migrateAllDown, migrateToLatest } from '@lianxu/db';
import { discoverPlugins, migratePluginsDown, migratePluginsToLatest } from '@lianxu/core';
import type { Command } from './command';
import { resolveConnections } from '../stack/runtime-file';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply (or with --down revert) the core and plugin database migrations as the owner role',
  usage: 'migrate [--down]',
  async run(args) {
    const { values } = parseArgs({ args, options: { down: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write('lianxu migrate [--down]\n\nUses MIGRATION_DATABASE_URL (owner role) and DATABASE_URL (runtime role), or the running `npm start`.\n');
      return 0;
    }
    const { ownerDatabaseUrl, appDatabaseUrl } = resolveConnections();
    if (!ownerDatabaseUrl) {
      process.stderr.write('MIGRATION_DATABASE_URL (the owner role) is not set.\n');
      return 2;
    }
    const db = createDb({ connectionString: ownerDatabaseUrl, max: 1 });
    try {
      // Plugins are checked first (a bad one stops here, naming its folder); their tables refer to core's,
      // so they migrate after core and revert before it.
      const plugins = await discoverPlugins();
      const role = decodeURIComponent(new URL(appDatabaseUrl).username);
      const names = values.down
        ? [...(await migratePluginsDown(db, plugins)).flatMap((r) => r.applied.map((n) => `${r.pluginId}/${n}`)), ...(await migrateAllDown(db))]
        : [...(await migrateToLatest(db, role)), ...(await migratePluginsToLatest(db, plugins, role)).flatMap((r) => r.applied.map((n) => `${r.pluginId}/${n}`))];
      process.stdout.write(names.length ? `${values.down ? 'reverted' : 'applied'}: ${names.join(', ')}\n` : 'nothing to do\n');
      return 0;
    } finally {
      await db.destroy();
    }
  },
};
