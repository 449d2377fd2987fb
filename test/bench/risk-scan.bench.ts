// Issue 15: the daily risk scan of one tenant with 100,000 employees and 24 months of coverage
// (hired 2024-03 in Shanghai, a confirmed enrollment and a coverage period each; 1% with a gap,
// 0.5% leavers still covered, 0.5% enrollments not confirmed, 10% with a 2024 wage change whose
// base was not adjusted for the 2025 policy year). Data is built with generate_series. Prints the
// first scan (findings created) and the daily one (the same findings seen again), against a
// baseline measured in the same run: reading the same rows the scan reads with plain queries.
// Memory (heap, RSS) is printed at 25k, 50k and 100k employees scanned. Never fails on a time.
// Run: node --import tsx test/bench/risk-scan.bench.ts   (or: npm run bench risk-scan)
import os from 'node:os';
import pg from 'pg';
import { createRiskScanner, type ScanTimings, type StoredScanResult } from '@lianxu/core';
import { createDb } from '@lianxu/db';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { startBenchStack } from '../support/src/bench-stack';
import { lifecycleTenantSpec } from '../support/src/people-fixtures';
import { provisionForTest } from '../support/src/tenant-fixtures';

const EMPLOYEES = Number(process.env.RISK_BENCH_EMPLOYEES ?? 100_000);
const TODAY = '2026-03-10';
const MARKS = [25_000, 50_000, 100_000].filter((m) => m <= EMPLOYEES);
const say = (line: string) => process.stdout.write(`${line}\n`);
const mb = (n: number) => `${(n / 1_048_576).toFixed(0)} MB`;

async function main() {
  say(`machine: ${os.availableParallelism()} cores, node ${process.version}, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const stack = await startBenchStack({ log: (l) => say(`  ${l}`), temporal: false });
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    const db = createDb({ connectionString: stack.appUrl, max: 4, applicationName: 'lianxu-bench' });
    cleanups.unshift(() => db.destroy());
    const tenantId = await provisionForTest(db, lifecycleTenantSpec('bench-risk', { seed: 4343 }));
    const su = new pg.Client({ connectionString: stack.superuserUrl.replace(/\/postgres$/, '/lianxu_bench') });
    await su.connect();
    cleanups.unshift(() => su.end());

    // Bulk load as the superuser, triggers off (no audit rows, no per-row checks).
    let t = Date.now();
    await su.query('begin');
    await su.query('set local session_replication_role = replica');
    await su.query(
      `insert into employees (tenant_id, entity_id, name, mobile, id_number_cipher, id_number_key_id, id_number_index, id_number_masked, hukou, work_city, hire_date, termination_date, monthly_wage_fen, status)
       select $1, (select id from entities where tenant_id = $1 limit 1), '员工' || i, '13800000000', sha256(('c' || i)::bytea), 'bench-key', sha256(('i' || i)::bytea),
              '310***********' || lpad((i % 10000)::text, 4, '0'), 'local', '310100',
              case when i % 200 = 3 then date '2026-02-02' else date '2024-03-01' + (i % 28) end,
              case when i % 200 = 2 then date '2026-01-20' end,
              800000 + (i % 2000000), case when i % 200 = 2 then 'terminated' else 'active' end
       from generate_series(1, $2) as i`,
      [tenantId, EMPLOYEES],
    );
    const ix = `substring(name from 3)::int`;
    await su.query(
      `insert into wage_history (tenant_id, employee_id, effective_from, monthly_wage_fen, event_id)
       select tenant_id, id, hire_date, monthly_wage_fen, gen_random_uuid() from employees where tenant_id = $1
       union all
       select tenant_id, id, date '2024-09-01', monthly_wage_fen * 11 / 10, gen_random_uuid() from employees where tenant_id = $1 and ${ix} % 10 = 4`,
      [tenantId],
    );
    await su.query(
      `insert into filing_tasks (tenant_id, employee_id, event_id, kind, city_code, gateway, workflow_id, status, open, month, base_fen)
       select tenant_id, id, gen_random_uuid(), 'enrollment', '310100', 'bureau-sim', 'bench-enroll-' || id,
              case when ${ix} % 200 = 3 then 'submitted' else 'confirmed' end, ${ix} % 200 = 3, to_char(hire_date, 'YYYY-MM'),
              case when ${ix} % 200 = 3 then null else monthly_wage_fen end
       from employees where tenant_id = $1`,
      [tenantId],
    );
    await su.query(
      `insert into coverage_periods (tenant_id, employee_id, city_code, start_month, end_month, opened_by)
       select tenant_id, id, '310100', '2024-03', case when ${ix} % 100 = 1 then '2025-05' end, gen_random_uuid() from employees where tenant_id = $1 and ${ix} % 200 <> 3
       union all
       select tenant_id, id, '310100', '2025-09', null, gen_random_uuid() from employees where tenant_id = $1 and ${ix} % 100 = 1`,
      [tenantId],
    );
    await su.query('commit');
    for (const table of ['employees', 'wage_history', 'filing_tasks', 'coverage_periods']) await su.query(`analyze ${table}`);
    const counts = (await su.query(`select (select count(*) from employees where tenant_id = $1) e, (select count(*) from coverage_periods where tenant_id = $1) p,
      (select count(*) from filing_tasks where tenant_id = $1) f, (select count(*) from wage_history where tenant_id = $1) w`, [tenantId])).rows[0];
    say(`setup: ${Number(counts.e).toLocaleString('en')} employees, ${Number(counts.p).toLocaleString('en')} coverage periods (24+ months each), ${Number(counts.f).toLocaleString('en')} filing tasks, ${Number(counts.w).toLocaleString('en')} wage rows, loaded in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // Baseline: the rows the scan reads, read with plain queries through the same pool (no rules, no writes).
    t = performance.now();
    const base = await db.connection().execute(async (c) => {
      const { sql } = await import('kysely');
      await sql`begin`.execute(c);
      await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(c);
      let rows = 0;
      for (const table of ['employees', 'coverage_periods', 'filing_tasks', 'wage_history']) {
        rows += (await sql`select * from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(c)).rows.length;
      }
      await sql`commit`.execute(c);
      return rows;
    });
    const baselineMs = performance.now() - t;
    say(`baseline: read the same ${base.toLocaleString('en')} rows with plain queries: ${(baselineMs / 1000).toFixed(2)} s`);

    const memory: string[] = [];
    // With --expose-gc (npm run bench passes it) each sample is taken after a full collection: the
    // heap the scan keeps, not the garbage it has made so far. The collections' time is left out of
    // the scan's time.
    let sampleMs = 0;
    const scanner = (label: string, timings: ScanTimings) =>
      createRiskScanner({
        db,
        library: getDefaultPolicyLibrary(),
        timings,
        onPage: (n) => {
          const mark = MARKS.find((m) => n >= m && !memory.includes(`${label}:${m}`));
          if (mark === undefined) return;
          memory.push(`${label}:${mark}`);
          const g = performance.now();
          globalThis.gc?.();
          const u = process.memoryUsage();
          const d = performance.now() - g;
          sampleMs += d;
          // Taken while the next page is read: counted out of that phase too.
          timings.loadMs -= d;
          say(`  ${label} scan at ${mark.toLocaleString('en')} employees: heap ${mb(u.heapUsed)}${globalThis.gc ? ' (live, after a full GC)' : ' (without --expose-gc: garbage included)'}, rss ${mb(u.rss)}`);
        },
      });
    globalThis.gc?.();
    const runs: [string, StoredScanResult, number, ScanTimings][] = [];
    for (const label of ['first', 'daily']) {
      const timings: ScanTimings = { loadMs: 0, rulesMs: 0, storeMs: 0 };
      t = performance.now();
      sampleMs = 0;
      const r = await scanner(label, timings).scan(tenantId, TODAY);
      runs.push([label, r, performance.now() - t - sampleMs, timings]);
    }
    const s = (n: number) => `${(n / 1000).toFixed(2)} s`;
    for (const [label, r, ms, tm] of runs) {
      say(`${label} scan: ${r.employees.toLocaleString('en')} employees in ${s(ms)} (${Math.round(r.employees / (ms / 1000)).toLocaleString('en')} employees/s), findings seen ${r.seen.toLocaleString('en')}, created ${r.created.toLocaleString('en')}, resolved ${r.resolved}; ${(ms / baselineMs).toFixed(2)}x the baseline`);
      say(`  phases: read facts ${s(tm.loadMs)} (${(tm.loadMs / baselineMs).toFixed(2)}x the baseline), rules ${s(tm.rulesMs)}, store findings ${s(tm.storeMs)}, other ${s(ms - tm.loadMs - tm.rulesMs - tm.storeMs)}`);
    }
    const byRule = await su.query(`select rule_id, count(*)::int n, sum(at_stake_fen)::bigint fen from risk_findings where tenant_id = $1 and state = 'open' group by 1 order by 1`, [tenantId]);
    say(`open findings: ${byRule.rows.map((r) => `${r.rule_id} ${r.n} (¥${(Number(r.fen) / 100).toLocaleString('en', { maximumFractionDigits: 0 })})`).join(', ')}`);
    say(`target: daily scan of 100,000 employees ≤ 10 s; memory flat across 25k/50k/100k`);
  } finally {
    for (const c of cleanups) await c().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
