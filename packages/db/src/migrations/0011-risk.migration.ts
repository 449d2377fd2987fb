import { sql, type Kysely, type Migration } from 'kysely';
import { makeTenantTable } from '../tenant-table';

// The daily risk scan (issue #15, item 1): one row per finding and one row of thresholds per tenant.
// A scan upserts every finding it sees (one open finding per employee × rule × subject: the partial
// unique index below) and resolves, in the same transaction, the open ones it did not see again.
// Money at stake is kept by kind in fen so reports can sum and sort without recomputing the law.
export const riskMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('risk_findings')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
      .addColumn('employee_id', 'uuid', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull().check(sql`rule_id ~ '^[a-z0-9_:.-]{1,80}$'`))
      // What the finding is about within the rule (a city, a month, a branch): '' when the rule has one subject.
      .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
      // 'core' or 'plugin:<id>'.
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('info', 'warning', 'critical')`))
      .addColumn('since', 'date', (c) => c.notNull())
      .addColumn('message', 'jsonb', (c) => c.notNull())
      .addColumn('employee_loss', 'jsonb')
      .addColumn('suggested_action', 'jsonb')
      .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      // Money at stake by kind: contributions owed, the 第86条 late fee to date, the 第84条/第86条 fine
      // range, and what the employer paid for nothing (coverage after a leave).
      .addColumn('owed_fen', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`owed_fen >= 0`))
      .addColumn('late_fee_fen', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`late_fee_fen >= 0`))
      .addColumn('fine_min_fen', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`fine_min_fen >= 0`))
      .addColumn('fine_max_fen', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`fine_max_fen >= fine_min_fen`))
      .addColumn('overpaid_fen', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`overpaid_fen >= 0`))
      .addColumn('at_stake_fen', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`at_stake_fen >= 0`))
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('open').check(sql`state in ('open', 'acknowledged', 'resolved')`))
      .addColumn('state_reason', 'text')
      // Who changed the state (null: the scan) and when.
      .addColumn('state_by', 'uuid')
      .addColumn('state_at', 'timestamptz')
      .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('last_scan_id', 'uuid', (c) => c.notNull())
      .addPrimaryKeyConstraint('risk_findings_pkey', ['tenant_id', 'id'])
      .addForeignKeyConstraint('risk_findings_employee_fkey', ['tenant_id', 'employee_id'], 'employees', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
      .addCheckConstraint('risk_findings_acknowledged_reason', sql`state <> 'acknowledged' or (state_reason is not null and length(state_reason) > 0)`)
      .execute();
    await makeTenantTable(db, 'risk_findings', ['id']);
    await sql`create unique index risk_findings_one_open on risk_findings (tenant_id, employee_id, rule_id, subject) where state <> 'resolved'`.execute(db);
    await sql`create index risk_findings_by_state on risk_findings (tenant_id, state, at_stake_fen desc, id)`.execute(db);
    await sql`create index risk_findings_by_employee on risk_findings (tenant_id, employee_id, state)`.execute(db);

    await db.schema
      .createTable('risk_settings')
      .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      // A break between coverage periods longer than this many months is reported.
      .addColumn('gap_threshold_months', 'integer', (c) => c.notNull().defaultTo(1).check(sql`gap_threshold_months between 0 and 24`))
      // An enrollment not confirmed this many days after the hire is reported (the lifecycle's day-25
      // notice; the legal deadline is day 30).
      .addColumn('warning_day', 'integer', (c) => c.notNull().defaultTo(25).check(sql`warning_day between 1 and 30`))
      .addColumn('updated_by', 'uuid')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('risk_settings_pkey', ['tenant_id'])
      .execute();
    await makeTenantTable(db, 'risk_settings', ['tenant_id']);
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('risk_settings').execute();
    await db.schema.dropTable('risk_findings').execute();
  },
};
