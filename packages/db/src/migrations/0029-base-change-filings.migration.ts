import { sql, type Kysely, type Migration } from 'kysely';

// The annual adjustment's base changes filed with the bureau (issue #15, point 5): for an employing
// entity registered with the bureau's HTTP interface in the city, each line with a new base is filed
// as a 缴费基数申报 once HR confirms, and its answer kept on the line (entities filing by hand use the
// city's sheet instead, as before). from_month is the first month the new base applies to the
// person (the policy year's first month, or the first month covered if later).

export const baseChangeFilingsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table base_adjustment_lines
      add column from_month text check (from_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      add column filing_id text,
      add column filing_status text check (filing_status in ('submitted', 'confirmed', 'rejected')),
      add column receipt_no text,
      add column rejection jsonb`.execute(db);
  },

  async down(db: Kysely<any>) {
    await sql`alter table base_adjustment_lines drop column from_month, drop column filing_id, drop column filing_status, drop column receipt_no, drop column rejection`.execute(db);
  },
};
