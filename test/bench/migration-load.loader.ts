// The loading process of the migration-load benchmark: opens the package as the worker does, loads
// the roster and then the contribution lines into the run's sandbox, and prints its figures as JSON
// (time and CPU time of the contribution file, the process's RSS sampled while it loads, its lifetime peak).
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { loadFile, openMigrationPackage } from '@lianxu/core';

const MB = 1024 * 1024;
const input = JSON.parse(process.env.BENCH_LOAD ?? '{}') as { appUrl: string; tenantId: string; runId: string; pkgFile: string; transferKey: string };
const pool = new pg.Pool({ connectionString: input.appUrl, max: 2 });
try {
  const { tenantId, runId } = input;
  const pkg = await openMigrationPackage({ file: input.pkgFile, wrappedKey: JSON.parse(await readFile(`${input.pkgFile}.key`, 'utf8')), transferKey: Buffer.from(input.transferKey, 'hex'), tenantId });
  await loadFile({ pool, tenantId, runId, file: 'roster', pkg });
  const beforeMb = process.memoryUsage().rss / MB;
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { counts } = await loadFile({ pool, tenantId, runId, file: 'contributions', pkg });
  const loadS = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ counts, loadS, cpuS: (cpu.user + cpu.system) / 1e6, beforeMb, peakMb: peak / MB, lifetimeMb: process.resourceUsage().maxRSS / 1024, heapMb: process.memoryUsage().heapUsed / MB }));
} finally {
  await pool.end();
}
