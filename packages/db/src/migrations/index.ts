import type { Migration } from 'kysely';
import { tenancyMigration } from './0001-tenancy.migration';

/** Core migrations in order. Names sort lexically; never rename or edit a shipped one. */
export const coreMigrations: Record<string, Migration> = {
  '0001-tenancy': tenancyMigration,
};
