import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// Coverage statements (参保情况说明, issue #17 part 3). Each issued statement is a tenant row; its
// verification code is kept only as a SHA-256 hash. The public check needs no tenant: it reads
// statement_verifications, a platform table holding the hash and the issue date and nothing else
// (no tenant, no person), so a lookup can reveal only "genuine, issued on <date>".

export const coverageStatementsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('coverage_statements')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('code_hash', 'bytea', (c) => c.notNull().check(sql`octet_length(code_hash) = 32`))
      .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('issued_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('zh-CN', 'en')`))
      .addColumn('months_counted', 'integer', (c) => c.notNull().check(sql`months_counted >= 0`))
      // SHA-256 of the PDF as issued: a copy handed back later can be compared byte for byte.
      .addColumn('document_sha256', 'bytea', (c) => c.notNull().check(sql`octet_length(document_sha256) = 32`))
      .addPrimaryKeyConstraint('coverage_statements_pkey', ['tenant_id', 'id'])
      .addUniqueConstraint('coverage_statements_code_key', ['tenant_id', 'code_hash'])
      .addForeignKeyConstraint('coverage_statements_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await db.schema.createIndex('coverage_statements_by_employee').on('coverage_statements').columns(['tenant_id', 'employee_id', 'issued_at']).execute();
    await makeTenantTable(db, 'coverage_statements', ['id']);

    await db.schema
      .createTable('statement_verifications')
      .addColumn('code_hash', 'bytea', (c) => c.primaryKey().check(sql`octet_length(code_hash) = 32`))
      .addColumn('issued_on', 'date', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('statement_verifications').execute();
    await db.schema.dropTable('coverage_statements').execute();
  },
};
