import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// Candidate intakes (issue #17, part 4): a link HR sends from an offer, which the candidate opens on a
// phone without an account to fill in the 入职登记表 before day one. Only the token's hash is stored
// (the raw token lives only in the link); ID and bank card numbers are sealed like employees' ID
// numbers. A tenant table: tenant_id leads the primary key and every unique key, RLS is forced.

export const candidateIntakesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('candidate_intakes')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      // SHA-256 of the link's token.
      .addColumn('token_hash', 'bytea', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('sent').check(sql`state in ('sent', 'submitted', 'confirmed', 'expired')`))
      // A recruiting system's own id of the candidate (pushes are idempotent by it) and the hash of its body.
      .addColumn('external_id', 'text')
      .addColumn('request_hash', 'text')
      // The offer.
      .addColumn('entity_id', 'uuid', (c) => c.notNull())
      .addColumn('city_code', 'text', (c) => c.notNull().check(sql`city_code ~ '^[0-9]{6}$'`))
      .addColumn('start_date', 'date', (c) => c.notNull())
      .addColumn('monthly_wage_fen', 'bigint', (c) => c.notNull().check(sql`monthly_wage_fen > 0`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('mobile', 'text', (c) => c.notNull())
      // The candidate's answers (null until submitted).
      .addColumn('id_type', 'text', (c) => c.check(sql`id_type in ('resident_id', 'hmt_residence_permit')`))
      .addColumn('id_number_cipher', 'bytea')
      .addColumn('id_number_key_id', 'text')
      .addColumn('id_number_index', 'bytea')
      .addColumn('id_number_masked', 'text')
      .addColumn('sex', 'text', (c) => c.check(sql`sex in ('male', 'female')`))
      .addColumn('birth_date', 'date')
      .addColumn('ethnicity', 'text')
      .addColumn('hukou_type', 'text', (c) => c.check(sql`hukou_type in ('local-urban', 'local-rural', 'non-local-urban', 'non-local-rural')`))
      .addColumn('hukou_address', 'text')
      .addColumn('education', 'text')
      .addColumn('marital_status', 'text', (c) => c.check(sql`marital_status in ('single', 'married', 'divorced', 'widowed')`))
      .addColumn('previous_si_account', 'text')
      .addColumn('previous_hf_account', 'text')
      .addColumn('first_insured', 'boolean')
      .addColumn('last_paid_month', 'text', (c) => c.check(sql`last_paid_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
      .addColumn('bank_name', 'text')
      .addColumn('bank_card_cipher', 'bytea')
      .addColumn('bank_card_key_id', 'text')
      .addColumn('bank_card_masked', 'text')
      .addColumn('submitted_at', 'timestamptz')
      .addColumn('confirmed_at', 'timestamptz')
      .addColumn('confirmed_by', 'uuid')
      .addColumn('employee_id', 'uuid')
      .addColumn('created_by', 'uuid')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('candidate_intakes_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('candidate_intakes_token_key', ['tenant_id', 'token_hash'])
      .addUniqueConstraint('candidate_intakes_external_key', ['tenant_id', 'external_id'])
      .addForeignKeyConstraint('candidate_intakes_entity_fkey', ['tenant_id', 'entity_id'], 'entities', ['tenant_id', 'id'])
      .addForeignKeyConstraint('candidate_intakes_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'])
      .execute();
    await makeTenantTable(db, 'candidate_intakes', ['id']);
    await sql`create index candidate_intakes_by_created on candidate_intakes (tenant_id, created_at desc, id)`.execute(db);
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('candidate_intakes').execute();
  },
};
