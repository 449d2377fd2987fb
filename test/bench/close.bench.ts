// Issue 15 part 3: closing one month for 100,000 employees: the expected lines (one query and the
// calculator in memory), staged in PostgreSQL, matched against a bill of the same size (about five
// lines per person) in one set-based statement. Measured against a plain COPY of the same bill rows
// into a table of the same shape, in the same run. Prints peak RSS.
// Run: node --import tsx test/bench/close.bench.ts   (or: npm run bench close)
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createCloseService, expectedLines, type BillLineInput, type CloseTimings } from '@lianxu/core';
import { createDb } from '@lianxu/db';
import { startBenchStack } from '../support/src/bench-stack';
import { lifecycleTenantSpec } from '../support/src/people-fixtures';
import { provisionForTest } from '../support/src/tenant-fixtures';

const COUNT = Number(process.env.CLOSE_BENCH_EMPLOYEES ?? 100_000);
const MONTH = '2024-09';
const say = (line: string) => process.stdout.write(`${line}\n`);
const ms = (t0: number) => performance.now() - t0;

const stack = await startBenchStack({ log: (l) => process.stderr.write(`${l}\n`), temporal: false });
const db = createDb({ connectionString: stack.appUrl, max: 4 });
// The superuser on the app's database (bypasses row-level security): for seeding and the COPY baseline.
const suUrl = new URL(stack.superuserUrl);
suUrl.pathname = new URL(stack.appUrl).pathname;
const su = new pg.Client({ connectionString: suUrl.toString() });
try {
  await su.connect();
  const tenantId = await provisionForTest(db, lifecycleTenantSpec('close-bench', { seed: 4_242_424 }));
  const entityId = (await su.query<{ id: string }>('select id from entities where tenant_id = $1', [tenantId])).rows[0]!.id;
  // 100,000 people covered in Beijing since January, wages spread over 20 values (floor to above cap).
  let t0 = performance.now();
  await su.query(`insert into employees (tenant_id, id, entity_id, name, mobile, id_number_cipher, id_number_key_id, id_number_index, id_number_masked, hukou, work_city, hire_date, monthly_wage_fen)
    select $1, md5('e' || g)::uuid, $2, '员工' || g, '13800000000', '\\x00', 'bench', decode(md5('i' || g), 'hex'), '1101**********0000', 'local', '110100', '2024-01-02', 500000 + (g % 20) * 200000
    from generate_series(1, $3) g`, [tenantId, entityId, COUNT]);
  await su.query(`insert into wage_history (tenant_id, employee_id, effective_from, monthly_wage_fen, event_id)
    select $1, md5('e' || g)::uuid, '2024-01-02', 500000 + (g % 20) * 200000, gen_random_uuid() from generate_series(1, $2) g`, [tenantId, COUNT]);
  await su.query(`insert into coverage_periods (tenant_id, employee_id, city_code, start_month, opened_by)
    select $1, md5('e' || g)::uuid, '110100', '2024-01', gen_random_uuid() from generate_series(1, $2) g`, [tenantId, COUNT]);
  await su.query('analyze employees; analyze wage_history; analyze coverage_periods');
  say(`seeded ${COUNT.toLocaleString('en')} employees in ${(ms(t0) / 1000).toFixed(1)} s`);

  // The bureau's bill: the expected lines with a few faults (one-fen drift every 1,000th line, one duplicate).
  const expected = await expectedLines(db, { tenantId, entityId, cityCode: '110100', month: MONTH });
  const bill: BillLineInput[] = expected.lines.map((l, i) => ({
    employeeId: l.employeeId, personName: '员工', insurance: l.insurance, periodFrom: MONTH, periodTo: MONTH, baseFen: l.baseFen,
    employerFen: l.employerFen + (i % 1000 === 0 ? 1 : 0), employeeFen: l.employeeFen, interestFen: 0, lateFeeFen: 0, collectionType: '正常应缴', voucherNo: '332024090000001',
  }));
  bill.push({ ...bill[7]! });
  const timings: CloseTimings = { expectedMs: 0, matchMs: 0 };
  const close = createCloseService({ db, timings });
  const key = { tenantId, entityId, cityCode: '110100', month: MONTH };
  t0 = performance.now();
  await close.recordBill({ id: tenantId }, null, key, 'gateway', bill);
  const billMs = ms(t0);
  // Payroll deducted every employee side as expected.
  t0 = performance.now();
  await close.recordDeductions({ id: tenantId }, null, key, 'api', expected.lines.filter((l) => l.employeeFen > 0).map((l) => ({ employeeId: l.employeeId, insurance: l.insurance, employeeFen: l.employeeFen })));
  const deductionsMs = ms(t0);
  await su.query('analyze close_bill_lines; analyze close_deductions');

  // The close: expected lines (query + calculator), staged, matched against the bill in one statement.
  t0 = performance.now();
  const result = await close.match({ id: tenantId }, null, key);
  const closeMs = ms(t0);

  // Baseline: a plain COPY of the same bill rows into a table of the same shape (no RLS, no trigger).
  await su.query(`create unlogged table bench_copy (like close_bill_lines)`);
  const rows = bill.map((l, i) => `${tenantId}\t${tenantId}\t${i + 1}\t${entityId}\t110100\t${MONTH}\t${l.employeeId}\t${l.personName}\t\t${l.insurance}\t${l.periodFrom}\t${l.periodTo}\t${l.baseFen}\t${l.employerFen}\t${l.employeeFen}\t0\t0\t${l.collectionType}\t${l.voucherNo}\n`);
  t0 = performance.now();
  await pipeline(Readable.from(rows), su.query(copyFrom('copy bench_copy from stdin')));
  const copyMs = ms(t0);

  say(`bill lines: ${bill.length.toLocaleString('en')} (expected lines ${result.expectedLines.toLocaleString('en')}), differences ${result.differences} ${JSON.stringify(result.byClass)}`);
  say(`record the bill (one INSERT from arrays, RLS + lock trigger): ${(billMs / 1000).toFixed(2)} s`);
  say(`record the deductions: ${(deductionsMs / 1000).toFixed(2)} s`);
  say(`close one month (expected lines + staging + set-based match): ${(closeMs / 1000).toFixed(2)} s  (target <= 10 s)`);
  say(`  phases: expected lines staged ${(timings.expectedMs / 1000).toFixed(2)} s (${(timings.expectedMs / copyMs).toFixed(2)}x COPY), match and summary ${(timings.matchMs / 1000).toFixed(2)} s (${(timings.matchMs / copyMs).toFixed(2)}x COPY), other ${((closeMs - timings.expectedMs - timings.matchMs) / 1000).toFixed(2)} s`);
  say(`baseline plain COPY of the same ${bill.length.toLocaleString('en')} rows: ${(copyMs / 1000).toFixed(2)} s`);
  say(`ratio close / COPY: ${(closeMs / copyMs).toFixed(2)}x  (target <= 3x); bill + close / COPY: ${((billMs + closeMs) / copyMs).toFixed(2)}x`);
  say(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  await su.end().catch(() => undefined);
  await db.destroy();
  await stack.stop();
}
