// Dual-run comparison benchmark: one day's comparison of a 100,000-employee old system (legacy-sim's
// own database, read over its read-only login) with 1% of its employees changed (wage and every
// contribution line of the month), by checksum bisection. Lianxu's side is the old system's state
// before the change, held in memory as the lines Lianxu would compute (building it from the live
// tables is not timed here). Run: npm run bench dual-run (or node --import tsx test/bench/dual-run.bench.ts [employees]).
// Measured 2026-12-06 (2 shared cores): 100,000 employees, 600,000 lines, 5,000 changed: 18.3 s, 2.54% of rows read.
// Prints figures only; it never fails on a time.
import pg from 'pg';
import { bisect, legacySide, memorySide, type CompareLine } from '@lianxu/core';
import { LegacyStore } from '@lianxu/legacy-sim';
import { startBenchStack } from '@lianxu/testing';

const SIZE = Number(process.argv[2] ?? 100_000);
const say = (line: string) => process.stdout.write(`${line}\n`);
const stack = await startBenchStack({ temporal: false, log: (l) => process.stderr.write(`${l}\n`) });
try {
  const store = await LegacyStore.open({ adminUrl: stack.superuserUrl, database: 'legacy_bench' });
  const tSeed = performance.now();
  await store.seed({ seed: 2026, size: SIZE, months: 1, fromMonth: '2024-10', dirtyRate: 0 });
  say(`seeded ${SIZE} employees in ${((performance.now() - tSeed) / 1000).toFixed(1)} s`);
  // One connection for the day, as the dual run opens it (connectLegacySource).
  const client = new pg.Client({ connectionString: store.readOnlyUrl });
  await client.connect();
  const options = { client, salt: 'bench-salt', months: ['2024-10'], cityCodes: { 北京: '110100', 上海: '310100', 广州: '440100' } };
  const side = legacySide(options);
  // Lianxu's side: the same facts before the day's changes (every segment, read once, untimed).
  const all = [...'0123456789abcdef'];
  const before: CompareLine[] = await side.lines(all);
  const totals = await side.totals();

  const { rows: changed } = await store.pool.query<{ n: string }>(`with c as (
      update employees set wage = to_char(wage::numeric + 100, 'FM9999999990.00') where emp_no in (select emp_no from employees order by md5(emp_no) limit $1) returning id_number),
    l as (update contributions set employer = to_char(employer::numeric + 0.01, 'FM9999999990.00') where id_number in (select id_number from c) returning 1)
    select (select count(*) from c) + (select count(*) from l) as n`, [Math.round(SIZE / 100)]);

  const t0 = performance.now();
  const result = await bisect(side, memorySide(before, totals), { leafLines: 64 });
  const seconds = (performance.now() - t0) / 1000;
  const afterTotals = await side.totals();
  say(`dual-run day: ${SIZE} employees, ${result.legacyLines} lines compared, ${changed[0]!.n} rows changed (${Math.round(SIZE / 100)} employees)`);
  say(`  differences found: ${result.differences.length} (expected ${changed[0]!.n})`);
  say(`  time: ${seconds.toFixed(2)} s (target <= 60 s)`);
  say(`  rows read from the old system: ${result.legacyLinesRead} = ${((100 * result.legacyLinesRead) / result.legacyLines).toFixed(2)}% (target <= 5%); segments visited: ${result.segmentsVisited}`);
  say(`  totals differ by ${[...afterTotals].map(([m, v]) => `${m}: ${v - (totals.get(m) ?? 0n)} fen`).join(', ')}`);
  await client.end();
  await store.close();
} finally {
  await stack.stop();
}
