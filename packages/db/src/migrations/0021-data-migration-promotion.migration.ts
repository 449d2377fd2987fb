import { sql, type Kysely, type Migration } from 'kysely';

// Promotion of a validated migration run into the live tenant (issue #16, item 4). The run keeps
// its progress: which batches are in (each batch commits with its own number in the same
// transaction, so a batch re-run after a crash writes nothing twice), how many employees went in,
// and how many were left out because the live tenant already has that person employed.

export const dataMigrationPromotionMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table migration_runs drop constraint migration_runs_status_check,
      add constraint migration_runs_status_check check (status in ('created', 'loading', 'validated', 'promoting', 'promoted', 'failed'))`.execute(db);
    await sql`alter table migration_runs
      add column promotion_total integer check (promotion_total >= 0),
      add column promotion_batch_size integer check (promotion_batch_size > 0),
      add column promoted integer not null default 0 check (promoted >= 0),
      add column promotion_conflicts integer not null default 0 check (promotion_conflicts >= 0),
      add column promoted_batches integer[] not null default '{}',
      add column promoted_at timestamptz`.execute(db);
  },

  async down(db: Kysely<any>) {
    await sql`alter table migration_runs drop column promotion_total, drop column promotion_batch_size, drop column promoted,
      drop column promotion_conflicts, drop column promoted_batches, drop column promoted_at`.execute(db);
    await sql`update migration_runs set status = 'validated' where status in ('promoting', 'promoted')`.execute(db);
    await sql`alter table migration_runs drop constraint migration_runs_status_check,
      add constraint migration_runs_status_check check (status in ('created', 'loading', 'validated', 'failed'))`.execute(db);
  },
};
