import { sql, type Kysely, type Migration } from 'kysely';

// Overdue online filings get a real way out (issue #19, point 2): HR files the task by hand at the
// bureau's counter and records the counter's receipt, the day it was filed, who recorded it and
// when. The lifecycle workflow then stops waiting for the online filing and closes the task as
// confirmed with that receipt. The four columns are set together or not at all; the audit trigger
// on filing_tasks records the actor of the change.
export const filedByHandMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table filing_tasks
      add column hand_receipt_no text check (hand_receipt_no is null or length(hand_receipt_no) between 1 and 64),
      add column hand_filed_on date,
      add column hand_filed_by uuid,
      add column hand_recorded_at timestamptz,
      add constraint filing_tasks_filed_by_hand check (
        (hand_receipt_no is null) = (hand_filed_on is null)
        and (hand_receipt_no is null) = (hand_recorded_at is null))`.execute(db);
  },

  async down(db: Kysely<any>) {
    await sql`alter table filing_tasks
      drop constraint filing_tasks_filed_by_hand,
      drop column hand_receipt_no, drop column hand_filed_on, drop column hand_filed_by, drop column hand_recorded_at`.execute(db);
  },
};
