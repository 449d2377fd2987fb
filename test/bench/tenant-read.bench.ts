// Issue 3: an authenticated tenant-scoped read (session check, tenant access, withTenant, one
// indexed query) beside the same indexed query run straight on a pool with no session, no
// transaction and no row-level security, in the same run. Prints req/s, p50, p99, the ratio, the
// database round trips per request and the CPU each request cost in this process (API or plain
// server) and in PostgreSQL: on a 2-core machine the three processes share the cores, so CPU per
// request, not waiting, decides req/s. Never fails on a time.
// Run: node --import tsx test/bench/tenant-read.bench.ts   (or: npm run bench tenant-read)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import pg from 'pg';
import { Hono } from 'hono';
import pino from 'pino';
import { buildApp } from '@lianxu/api';
import { createAuthService, listenForAuthChanges, SessionCache } from '@lianxu/auth';
import { createTenancyService } from '@lianxu/core';
import { createBusinessClock, createDb } from '@lianxu/db';
import { startBenchStack } from '../support/src/bench-stack';
import { serveOnFreePort } from '../support/src/serve-app';
import { cpuBetween, processCpuSeconds } from '../support/src/process-cpu';
import { provisionDemoTenants } from '../support/src/tenant-fixtures';
import { countRoundTrips } from '../support/src/round-trips';

const CONNECTIONS = 50;
const DURATION_S = 10;
const WARMUP_S = 2;
const POOL = 10;
const ORIGIN = 'http://localhost:3000';

interface Result { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number }
const autocannonCli = createRequire(import.meta.url).resolve('autocannon');

function autocannon(url: string, seconds: number, headers: string[] = []): Promise<Result> {
  return new Promise((resolve, reject) => {
    const args = [autocannonCli, '-c', String(CONNECTIONS), '-d', String(seconds), '-j', '-n', ...headers.flatMap((h) => ['-H', h]), url];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Result) : reject(new Error(`autocannon exited ${code}`))));
  });
}

// Round trips of every pg client, reported per request (pipelined queries ride along with the first).
const trips = countRoundTrips();

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Runs `measure` as the measured window: the round-trip counter and the CPU readings start when it
 * starts and are read when it ends, so nothing before it (warm-up, setup, the sequential probe)
 * counts. Answers its result with the round trips and CPU microseconds per request, here and in PostgreSQL.
 */
async function measured(measure: () => Promise<Result>): Promise<Result & { roundTrips: number; cpu: { here: number; postgres: number | undefined } }> {
  const tripsBefore = trips.count;
  const cpuBefore = processCpuSeconds();
  const before = process.cpuUsage();
  const result = await measure();
  const here = process.cpuUsage(before);
  const cpuAfter = processCpuSeconds();
  const tripCount = trips.count - tripsBefore;
  const postgres = cpuBetween(cpuBefore, cpuAfter).get('postgres');
  const perRequest = (n: number) => n / Math.max(result.requests.total, 1);
  return { ...result, roundTrips: perRequest(tripCount), cpu: { here: perRequest(here.user + here.system), postgres: cpuAfter.size ? perRequest((postgres ?? 0) * 1e6) : undefined } };
}

async function main() {
  say(`machine: ${os.availableParallelism()} cores, node ${process.version}, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  say(`setup: autocannon ${CONNECTIONS} connections (separate process), ${WARMUP_S} s warm-up + ${DURATION_S} s per route, DB pool ${POOL} per route, API logger 'warn'`);
  const stack = await startBenchStack({ log: (l) => say(`  ${l}`), temporal: false });
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    const db = createDb({ connectionString: stack.appUrl, max: POOL, applicationName: 'lianxu-bench' });
    cleanups.unshift(() => db.destroy());
    const tenants = await provisionDemoTenants(db);
    const tenantId = tenants['demo-manufacturing']!;
    // As the API server runs: validated sessions reused while change announcements are heard.
    const sessionCache = new SessionCache();
    const authListener = await listenForAuthChanges(stack.appUrl, sessionCache);
    cleanups.unshift(() => authListener.close());
    const app = buildApp({
      db,
      auth: createAuthService(db, { demoMode: true }, undefined, { sessionCache }),
      allowedOrigins: [ORIGIN],
      logger: pino({ level: 'warn' }),
      clock: createBusinessClock(),
      tenancy: createTenancyService(db),
      temporal: { ping: async () => undefined },
    });
    const api = await serveOnFreePort(app.fetch);
    cleanups.unshift(() => api.close());

    // The baseline: the same indexed query (tenant_cities primary key) on a superuser pool.
    const plainPool = new pg.Pool({ connectionString: stack.superuserUrl.replace(/\/postgres$/, '/lianxu_bench'), max: POOL });
    // A client idle at shutdown sees PostgreSQL go away; that is not a failure of the bench.
    plainPool.on('error', () => undefined);
    cleanups.unshift(() => plainPool.end());
    const plain = new Hono().get('/plain', async (c) => {
      const r = await plainPool.query('select city_code, city_name from tenant_cities where tenant_id = $1 order by city_code', [tenantId]);
      return c.json({ items: r.rows });
    });
    const plainServer = await serveOnFreePort(plain.fetch);
    cleanups.unshift(() => plainServer.close());

    const signIn = await fetch(`${api.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ email: 'hr@demo-manufacturing.demo', password: 'lianxu-demo' }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const tenantUrl = `${api.url}/api/t/demo-manufacturing/home`;
    const check = await fetch(tenantUrl, { headers: { cookie } });
    const plainCheck = await (await fetch(`${plainServer.url}/plain`)).json() as { items: unknown[] };
    if (check.status !== 200 || plainCheck.items.length !== 2) throw new Error(`routes not ready: ${check.status} ${JSON.stringify(plainCheck)}`);

    // Round trips of one request at a time (no concurrency to blur them), counted over 100 requests.
    for (const [name, url, headers] of [['tenant', tenantUrl, [`cookie=${cookie}`]], ['plain', `${plainServer.url}/plain`, []]] as const) {
      const tripsBefore = trips.count;
      for (let i = 0; i < 100; i++) await fetch(url, { headers: headers.length ? { cookie } : {} });
      say(`  ${name}: ${((trips.count - tripsBefore) / 100).toFixed(2)} database round trips per request`);
    }

    await autocannon(tenantUrl, WARMUP_S, [`cookie=${cookie}`]);
    await autocannon(`${plainServer.url}/plain`, WARMUP_S);
    say(`  measuring...`);
    const tenant = await measured(() => autocannon(tenantUrl, DURATION_S, [`cookie=${cookie}`]));
    const base = await measured(() => autocannon(`${plainServer.url}/plain`, DURATION_S));
    say('');
    say(`${'route'.padEnd(44)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'non-2xx'.padStart(9)}${'trips'.padStart(7)}${'node µs'.padStart(9)}${'pg µs'.padStart(9)}`);
    for (const [name, r] of [['GET /api/t/demo-manufacturing/home (auth+RLS)', tenant], ['GET /plain (pool, no session/tx/RLS)', base]] as const) {
      const cpu = `${r.roundTrips.toFixed(2).padStart(7)}${r.cpu.here.toFixed(0).padStart(9)}${(r.cpu.postgres === undefined ? '-' : r.cpu.postgres.toFixed(0)).padStart(9)}`;
      say(`${name.padEnd(44)}${r.requests.average.toFixed(0).padStart(9)}${String(r.latency.p50).padStart(9)}${String(r.latency.p99).padStart(9)}${String(r.non2xx + r.errors + r.timeouts).padStart(9)}${cpu}`);
    }
    say('(trips: database round trips per request; node µs, pg µs: CPU time per request in this process and in all PostgreSQL processes; all three counted in the measured window only, warm-up excluded)');
    say(`ratio tenant/plain req/s = ${(tenant.requests.average / base.requests.average).toFixed(3)} (target >= 0.5); tenant p99 = ${tenant.latency.p99} ms (target <= 25)`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`tenant-read bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
