// Issue 15 item 5: the annual base adjustment of one city for a tenant of N employees (default
// 20,000, BASE_ADJUST_BENCH_EMPLOYEES), Beijing's 2025 policy year published late: July 2025 already
// locked on the old bases (a bill of four lines per employee). Prints the preview (last year's
// wages averaged, clamped, the cost change, stored) and the confirmation (declared bases and the
// 补差 lines of July in one transaction), with memory. Data is built with generate_series. Never
// fails on a time.
// Run: node --import tsx test/bench/base-adjustment.bench.ts   (or: npm run bench base-adjustment)
import os from 'node:os';
import pg from 'pg';
import { createBaseAdjustmentActivities, createHttpBureauGateway, createPersonalDataVault } from '@lianxu/core';
import { createDb } from '@lianxu/db';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { startBenchStack } from '../support/src/bench-stack';
import { lifecycleTenantSpec } from '../support/src/people-fixtures';
import { provisionForTest } from '../support/src/tenant-fixtures';

const EMPLOYEES = Number(process.env.BASE_ADJUST_BENCH_EMPLOYEES ?? 20_000);
const say = (line: string) => process.stdout.write(`${line}\n`);
const mb = (n: number) => `${(n / 1_048_576).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  say(`machine: ${os.availableParallelism()} cores, node ${process.version}, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const stack = await startBenchStack({ log: (l) => say(`  ${l}`), temporal: false });
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    const db = createDb({ connectionString: stack.appUrl, max: 4, applicationName: 'lianxu-bench' });
    cleanups.unshift(() => db.destroy());
    const tenantId = await provisionForTest(db, lifecycleTenantSpec('bench-base-adj', { seed: 4545 }));
    const su = new pg.Client({ connectionString: stack.superuserUrl.replace(/\/postgres$/, '/lianxu_bench') });
    await su.connect();
    cleanups.unshift(() => su.end());

    // Bulk load as the superuser, triggers off (no audit rows, no locked-month guard while loading).
    let t = Date.now();
    await su.query('begin');
    await su.query('set local session_replication_role = replica');
    await su.query(
      `insert into employees (tenant_id, entity_id, name, mobile, id_number_cipher, id_number_key_id, id_number_index, id_number_masked, hukou, work_city, hire_date, monthly_wage_fen, status)
       select $1, (select id from entities where tenant_id = $1 order by created_at limit 1), '员工' || i, '13800000000', sha256(('c' || i)::bytea), 'bench-key', sha256(('i' || i)::bytea),
              '110***********' || lpad((i % 10000)::text, 4, '0'), 'local', '110100', date '2023-01-02', 400000 + (i * 37 % 4000000), 'active'
       from generate_series(1, $2) as i`,
      [tenantId, EMPLOYEES],
    );
    await su.query(
      `insert into wage_history (tenant_id, employee_id, effective_from, monthly_wage_fen, event_id)
       select tenant_id, id, hire_date, monthly_wage_fen, gen_random_uuid() from employees where tenant_id = $1
       union all
       select tenant_id, id, date '2024-07-01', monthly_wage_fen * 11 / 10, gen_random_uuid() from employees where tenant_id = $1 and substring(name from 3)::int % 3 = 0`,
      [tenantId],
    );
    await su.query(`insert into coverage_periods (tenant_id, employee_id, city_code, start_month, end_month, opened_by) select tenant_id, id, '110100', '2023-01', null, gen_random_uuid() from employees where tenant_id = $1`, [tenantId]);
    // July 2025 billed on the 2024 bases (the wage clamped to 2024's floor and cap) and locked.
    const bill = (await su.query(`insert into close_bills (tenant_id, entity_id, city_code, month, source, line_count) select $1, entity_id, '110100', '2025-07', 'gateway', $2 * 4 from employees where tenant_id = $1 limit 1 returning id`, [tenantId, EMPLOYEES])).rows[0].id;
    await su.query(
      `insert into close_bill_lines (tenant_id, bill_id, line_no, entity_id, city_code, month, employee_id, person_name, id_number_masked, insurance, period_from, period_to, base_fen, employer_fen, employee_fen, collection_type)
       select e.tenant_id, $2, row_number() over (), e.entity_id, '110100', '2025-07', e.id, e.name, e.id_number_masked, r.ins, '2025-07', '2025-07', b.base,
              round(b.base * r.er), round(b.base * r.ee) + r.fixed, '正常应缴'
       from employees e
       cross join lateral (select least(greatest(e.monthly_wage_fen, 682100), 3528300) as base) b
       cross join (values ('pension', 0.16, 0.08, 0), ('medical', 0.098, 0.02, 300), ('unemployment', 0.005, 0.005, 0), ('workInjury', 0.002, 0, 0)) as r(ins, er, ee, fixed)
       where e.tenant_id = $1`,
      [tenantId, bill],
    );
    await su.query(`insert into month_closes (tenant_id, entity_id, city_code, month, state, signed_off_by, signed_off_at)
       select $1, e.entity_id, '110100', '2025-07', 'locked', (select user_id from memberships where tenant_id = $1 limit 1), now() from employees e where e.tenant_id = $1 limit 1`, [tenantId]);
    await su.query('commit');
    for (const table of ['employees', 'wage_history', 'coverage_periods', 'close_bill_lines', 'month_closes']) await su.query(`analyze ${table}`);
    say(`setup: ${EMPLOYEES.toLocaleString('en')} employees in Beijing, July 2025 locked with ${(EMPLOYEES * 4).toLocaleString('en')} bill lines, loaded in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // Preview and confirmation only: no bureau is reached (filing is measured by the lifecycle bench's gateway).
    const activities = createBaseAdjustmentActivities({ db, library: getDefaultPolicyLibrary(), vault: createPersonalDataVault(Buffer.alloc(32, 7)), bureau: createHttpBureauGateway({ baseUrl: 'http://127.0.0.1:9' }) });
    globalThis.gc?.();
    t = performance.now();
    const prepared = await activities.prepareBaseAdjustment({ tenantId, cityCode: '110100', policyYear: 2025, today: '2025-08-20', workflowId: 'bench' });
    const prepareMs = performance.now() - t;
    let u = process.memoryUsage();
    say(`preview: ${prepared.employees.toLocaleString('en')} employees (${prepared.changes.toLocaleString('en')} with a new base) in ${s(prepareMs)} (${Math.round(prepared.employees / (prepareMs / 1000)).toLocaleString('en')} employees/s); heap ${mb(u.heapUsed)}, rss ${mb(u.rss)}`);
    t = performance.now();
    const applied = await activities.applyBaseAdjustment({ tenantId, adjustmentId: prepared.adjustmentId, actorId: null, today: '2025-08-25' });
    const applyMs = performance.now() - t;
    u = process.memoryUsage();
    say(`confirmation: ${applied.declared.toLocaleString('en')} declared bases and ${applied.topUpLines.toLocaleString('en')} 补差 lines for July in ${s(applyMs)}; heap ${mb(u.heapUsed)}, rss ${mb(u.rss)}`);
  } finally {
    for (const c of cleanups) await c().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
