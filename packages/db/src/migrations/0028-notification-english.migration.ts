import { sql, type Kysely, type Migration } from 'kysely';

// A notice in English beside the Chinese it was sent in (issue #19, point 4): notices that are not
// about a filing (a close reminder, a risk report, a base adjustment waiting, a dual-run alert, a
// disabled webhook, a failed plugin) could only be shown in Chinese, or in both languages at once,
// on English pages. Null where a notice was recorded before, or is about a filing (the page then
// says it in English from the filing itself).

export const notificationEnglishMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table notifications add column subject_en text, add column body_en text`.execute(db);
  },

  async down(db: Kysely<any>) {
    await sql`alter table notifications drop column subject_en, drop column body_en`.execute(db);
  },
};
