import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { beginPromotion, createPersonalDataVault, finishPromotion, getMigrationRun, MIGRATION_FILES, promoteBatch, sandboxSchema } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { appDb, provisionLifecycleTenant, TEST_MASTER_KEY } from '@lianxu/testing';
import { legacyPackage, loadValidatedRun } from './loaded-run.fixture';

// Issue #16's first acceptance point, end to end on real PostgreSQL: a legacy-sim export of 2,000
// employees with 24 months of history and 5% dirty rows is packed, loaded, validated and promoted.
// Every row is accounted for; each kind of dirt that cannot be repaired is quarantined with its
// reason; the rest is promoted (employees, coverage periods and contribution lines as history, no
// filing); and the live tenant's contribution totals per month equal the old system's to the fen,
// except exactly the lines quarantined, each with its reason.

const SEED = { seed: 2026, size: 2000, months: 24, dirtyRate: 0.05 };
/** Dirt the sandbox cannot repair: the row is quarantined with one of these reasons. */
const QUARANTINED: Record<string, { file: 'roster' | 'contributions'; codes: string[] }> = {
  old_id_15: { file: 'roster', codes: ['id_old_15'] },
  wrong_check_digit: { file: 'roster', codes: ['id_check_digit'] },
  unknown_city: { file: 'roster', codes: ['city_unknown'] },
  missing_wage: { file: 'roster', codes: ['wage_missing'] },
  base_below_floor: { file: 'contributions', codes: ['base_below_floor'] },
  // An insurance without a cap (work injury in some cities) shows a too-high base as a recomputation mismatch.
  base_above_cap: { file: 'contributions', codes: ['base_above_cap', 'amount_mismatch'] },
};

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
const vault = createPersonalDataVault(TEST_MASTER_KEY);
let tenant: string;
let pkg: Awaited<ReturnType<typeof legacyPackage>>;

beforeAll(async () => {
  tenant = (await provisionLifecycleTenant(db, 'mig-accept', { seed: 61 })).tenant.id;
  pkg = await legacyPackage(tenant, SEED);
}, 180_000);
afterAll(async () => {
  await pkg?.close();
  await pool.end();
  await db.destroy();
});

const fen = (yuan: string) => Math.round(Number(yuan) * 100);

describe('a legacy export of 2,000 employees × 24 months with 5% dirt, loaded and promoted', () => {
  it('accounts for every row, quarantines each kind of dirt with its reason, and matches the old totals per month to the fen', async () => {
    const runId = await loadValidatedRun(db, pool, tenant, pkg);
    const plan = await beginPromotion({ db, vault }, { tenantId: tenant, runId, batchSize: 500 });
    for (let batch = 0; batch < plan.batches; batch++) await promoteBatch({ db, vault }, { tenantId: tenant, runId, batch, batchSize: plan.batchSize });
    const outcome = await finishPromotion({ db, vault }, { tenantId: tenant, runId });
    const run = (await getMigrationRun(db, tenant, runId))!;

    // Every row accounted for: read = the old system's rows = accepted + quarantined, per file.
    const legacyCounts = await pkg.legacy.store.counts();
    for (const file of MIGRATION_FILES) {
      const c = run.counts[file]!;
      expect({ file, read: c.read, sum: c.accepted + c.quarantined }).toEqual({ file, read: legacyCounts.rows[file], sum: legacyCounts.rows[file] });
    }

    // Each kind of dirt quarantined with its reason (row n of the old table is row n + 3 of the export).
    const s = sandboxSchema(runId);
    const reasons = await withTenant(db, tenant, async (trx) =>
      (await sql<{ file: string; source_row: number; codes: string[] }>`select q.file, q.source_row,
          array(select f.code from ${sql.table(`${s}.findings`)} f where f.file = q.file and f.source_row = q.source_row and f.outcome = 'quarantined') as codes
        from ${sql.table(`${s}.quarantine`)} q`.execute(trx)).rows);
    const quarantined = new Map(reasons.map((r) => [`${r.file}:${r.source_row}`, r.codes]));
    for (const r of reasons) expect(r.codes.length, `${r.file}:${r.source_row}`).toBeGreaterThan(0);
    const roster = (await pkg.legacy.store.pool.query<{ dirt: string | null }>('select dirt from employees order by emp_no')).rows;
    const lines = (await pkg.legacy.store.pool.query<{ month: string; employer: string; employee: string; dirt: string | null }>(
      'select month, employer, employee, dirt from contributions order by seq')).rows;
    const kinds = new Set<string>();
    const expectQuarantined = (file: 'roster' | 'contributions', index: number, dirt: string) => {
      const codes = quarantined.get(`${file}:${index + 3}`);
      expect(codes?.some((c) => QUARANTINED[dirt]!.codes.includes(c)), `${dirt} at ${file} row ${index + 3}: ${codes}`).toBe(true);
      kinds.add(dirt);
    };
    roster.forEach((r, i) => r.dirt && QUARANTINED[r.dirt] && expectQuarantined('roster', i, r.dirt));
    lines.forEach((l, i) => l.dirt && QUARANTINED[l.dirt] && expectQuarantined('contributions', i, l.dirt));
    expect([...kinds].sort()).toEqual(Object.keys(QUARANTINED).sort());
    const reasonCodes = new Set(reasons.flatMap((r) => r.codes));
    expect(reasonCodes).toContain('duplicate_employee');
    expect(reasonCodes).toContain('duplicate_line');

    // The rest promoted: every accepted employee and contribution line, no filing.
    expect(outcome).toMatchObject({ total: run.counts.roster!.accepted, promoted: run.counts.roster!.accepted, conflicts: 0 });
    expect(run.history_lines).toBe(run.counts.contributions!.accepted);
    const live = await withTenant(db, tenant, async (trx) =>
      (await sql<{ employees: string; periods: string; lines: string; tasks: string }>`select
         (select count(*) from employees where tenant_id = ${tenant}) as employees,
         (select count(*) from coverage_periods where tenant_id = ${tenant}) as periods,
         (select count(*) from contribution_history where tenant_id = ${tenant}) as lines,
         (select count(*) from filing_tasks where tenant_id = ${tenant}) as tasks`.execute(trx)).rows[0]!);
    expect(live).toMatchObject({ employees: String(run.counts.roster!.accepted), lines: String(run.counts.contributions!.accepted), tasks: '0' });
    expect(Number(live.periods)).toBeGreaterThanOrEqual(run.counts.roster!.accepted);

    // Totals per month: the old system's, less exactly the lines quarantined (each with its reason), equal the live tenant's to the fen.
    const promoted = new Map(
      (await withTenant(db, tenant, (trx) =>
        sql<{ month: string; fen: string }>`select month, sum(employer_fen + employee_fen)::text as fen from contribution_history where tenant_id = ${tenant} group by month`.execute(trx)))
        .rows.map((r) => [r.month, Number(r.fen)]),
    );
    const old = new Map<string, number>();
    const left = new Map<string, number>();
    lines.forEach((l, i) => {
      const amount = fen(l.employer) + fen(l.employee);
      old.set(l.month, (old.get(l.month) ?? 0) + amount);
      if (quarantined.has(`contributions:${i + 3}`)) left.set(l.month, (left.get(l.month) ?? 0) + amount);
    });
    expect(old.size).toBeGreaterThanOrEqual(SEED.months);
    const months = [...old.keys()].sort();
    const differences = months.map((m) => ({ month: m, old: old.get(m)!, promoted: promoted.get(m) ?? 0, quarantined: left.get(m) ?? 0 }));
    for (const d of differences) expect(d.old - d.quarantined, d.month).toBe(d.promoted);
    expect(differences.some((d) => d.quarantined > 0)).toBe(true);
    expect([...promoted.keys()].filter((m) => !old.has(m))).toEqual([]);
  }, 180_000);
});
