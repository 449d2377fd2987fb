import './provided-context';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { createDb, migrateToLatest } from '@lianxu/db';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A freshly migrated database of its own on the run's PostgreSQL, with the same owner and runtime
 * roles as the shared one. For tests that change platform data every other test reads (policy
 * revisions): on the shared database they would change other files' answers mid-run.
 */
export async function scratchDatabase(prefix = 'scratch'): Promise<{ appUrl: string; ownerUrl: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`.replace(/[^a-z0-9_]/g, '_');
  const owner = decodeURIComponent(new URL(inject('ownerUrl')).username);
  const superuser = createDb({ connectionString: inject('superuserUrl'), max: 1 });
  try {
    await sql`create database ${sql.id(name)} owner ${sql.id(owner)} encoding 'UTF8' template template0`.execute(superuser);
    await sql`revoke all on database ${sql.id(name)} from public`.execute(superuser);
    await sql`grant connect, temporary on database ${sql.id(name)} to ${sql.id(inject('appRole'))}`.execute(superuser);
  } finally {
    await superuser.destroy();
  }
  const ownerUrl = withDatabase(inject('ownerUrl'), name);
  const appUrl = withDatabase(inject('appUrl'), name);
  const ownerDb = createDb({ connectionString: ownerUrl, max: 1 });
  try {
    await migrateToLatest(ownerDb, inject('appRole'));
  } finally {
    await ownerDb.destroy();
  }
  return {
    appUrl,
    ownerUrl,
    async drop() {
      const su = createDb({ connectionString: inject('superuserUrl'), max: 1 });
      try {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(su);
      } finally {
        await su.destroy();
      }
    },
  };
}
