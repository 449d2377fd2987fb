import { parseArgs } from 'node:util';
import { createDb, migrateAllDown, migrateToLatest } from '@lianxu/db';
import type { Command } from '../main';
import { resolveConnections } from '../stack/runtime-file';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply (or with --down revert) the core database migrations as the owner role',
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
      const names = values.down ? await migrateAllDown(db) : await migrateToLatest(db, decodeURIComponent(new URL(appDatabaseUrl).username));
      process.stdout.write(names.length ? `${values.down ? 'reverted' : 'applied'}: ${names.join(', ')}\n` : 'nothing to do\n');
      return 0;
    } finally {
      await db.destroy();
    }
  },
};
