// GET /api/health of the real API (real PostgreSQL, real Temporal) beside a bare Hono route that
// returns a constant, both served by @hono/node-server in this process and loaded by autocannon.
// Run: node --import tsx test/bench/health.bench.ts   (or: npm run bench health)
// Prints figures only; it never fails on a time. It exits non-zero only if it cannot run.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Connection } from '@temporalio/client';
import { Hono } from 'hono';
import pino from 'pino';
import { buildApp } from '@lianxu/api';
import { createAuthService } from '@lianxu/auth';
import { createTenancyService } from '@lianxu/core';
import { createBusinessClock, createDb } from '@lianxu/db';
// Straight to the files: the package index also loads vitest helpers and installs a Temporal
// worker runtime, neither of which belongs in a benchmark process.
import { startBenchStack } from '../support/src/bench-stack';
import { serveOnFreePort } from '../support/src/serve-app';

const CONNECTIONS = 50;
const DURATION_S = 10;
const WARMUP_S = 2;
// Same default pool size as apps/api/src/server.ts (DB_POOL_MAX).
const DB_POOL_MAX = 10;
// 'warn' drops the per-request info line, so the figure is the route, not log writing.
const LOG_LEVEL = 'warn';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

const autocannonCli = createRequire(import.meta.url).resolve('autocannon');

/**
 * autocannon runs in its own process: on a small machine, a load generator sharing the servers'
 * event loop would measure itself as much as the routes.
 */
function autocannon(url: string, seconds: number): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [autocannonCli, '-c', String(CONNECTIONS), '-d', String(seconds), '-j', '-n', url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err.trim()}`));
      try {
        resolve(JSON.parse(out) as AutocannonResult);
      } catch {
        reject(new Error(`autocannon printed no JSON: ${out.slice(0, 200)} ${err.slice(0, 200)}`));
      }
    });
  });
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const pad = (value: string, width: number) => value.padStart(width);

async function main() {
  const cpus = os.cpus();
  say(`machine: ${os.availableParallelism()} cores (${cpus[0]?.model.trim() ?? 'unknown cpu'}), ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()}-${os.arch()}, node ${process.version}, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  say(`setup: autocannon ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per route, in a separate process; ` +
    `servers @hono/node-server on 127.0.0.1 in one process; API logger level '${LOG_LEVEL}'; DB pool ${DB_POOL_MAX}; ` +
    `PostgreSQL and Temporal run on the same machine`);

  const started = Date.now();
  const stack = await startBenchStack({ log: (line) => say(`  ${line}`) });
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    const db = createDb({ connectionString: stack.appUrl, max: DB_POOL_MAX, applicationName: 'lianxu-bench' });
    cleanups.unshift(() => db.destroy());
    const temporal = Connection.lazy({ address: stack.temporalAddress });
    cleanups.unshift(() => temporal.close());
    // Wired like apps/api/src/server.ts, without the web app (the health route does not touch it).
    const app = buildApp({
      db,
      auth: createAuthService(db, { demoMode: true }),
      // Only GET is measured, which the origin check lets through.
      allowedOrigins: [],
      logger: pino({ name: 'lianxu-api', level: LOG_LEVEL }),
      clock: createBusinessClock(),
      tenancy: createTenancyService(db),
      temporal: {
        ping: async () => void (await temporal.withDeadline(Date.now() + 2000, () => temporal.workflowService.getSystemInfo({}))),
      },
    });
    const bare = new Hono().get('/bare', (c) => c.json({ status: 'ok' }));

    // Counts answers that are not 200 and keeps the first few, so a 503 in the figures names its cause.
    const failures = { count: 0, samples: [] as string[] };
    const api = await serveOnFreePort(async (request) => {
      const response = await app.fetch(request);
      if (response.status !== 200) {
        failures.count += 1;
        if (failures.samples.length < 3) failures.samples.push(`${response.status} ${await response.clone().text()}`);
      }
      return response;
    });
    cleanups.unshift(() => api.close());
    const bareServer = await serveOnFreePort(bare.fetch);
    cleanups.unshift(() => bareServer.close());
    say(`  stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const routes = [
      { name: 'GET /api/health', url: `${api.url}/api/health` },
      { name: 'GET /bare (Hono constant)', url: `${bareServer.url}/bare` },
    ];
    // A 503 is not a health figure: make sure both parts are up before measuring.
    const probe = await fetch(routes[0]!.url);
    if (probe.status !== 200) throw new Error(`health answered ${probe.status} before the run: ${await probe.text()}`);

    for (const route of routes) await autocannon(route.url, WARMUP_S);
    const results: AutocannonResult[] = [];
    for (const route of routes) {
      say(`  measuring ${route.name} for ${DURATION_S} s...`);
      results.push(await autocannon(route.url, DURATION_S));
    }

    say('');
    say(`${'route'.padEnd(26)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('requests', 10)}${pad('non-2xx', 9)}${pad('errors', 8)}`);
    routes.forEach((route, i) => {
      const r = results[i]!;
      say(`${route.name.padEnd(26)}${pad(r.requests.average.toFixed(0), 10)}${pad(String(r.latency.p50), 9)}${pad(String(r.latency.p99), 9)}` +
        `${pad(String(r.requests.total), 10)}${pad(String(r.non2xx), 9)}${pad(String(r.errors + r.timeouts), 8)}`);
    });
    const [health, bareResult] = results as [AutocannonResult, AutocannonResult];
    say(`ratio health/bare req/s = ${(health.requests.average / bareResult.requests.average).toFixed(3)}`);
    if (health.non2xx || health.errors || health.timeouts) {
      say(`note: health had ${health.non2xx} non-2xx answers and ${health.errors + health.timeouts} errors; its figure includes them`);
      for (const sample of failures.samples) say(`  e.g. ${sample.slice(0, 300)}`);
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`health bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
