// Issue 18: the same tenant route, GET /api/t/demo-manufacturing/employees (40 employees, first
// page), called with a tenant API key (Authorization: Bearer, scope employees:read) and with a
// session cookie, in the same run, alternating, against one API server. Prints req/s, p50, p99 and
// the CPU per request here (API) and in this bench's PostgreSQL, and the ratio key/session
// (no target in the issue; a key costs one indexed lookup a request, a session is served from the
// session cache). The per-key rate limit (default 600 a minute) is raised for the bench: the limiter
// still counts every request, it only does not refuse. Never fails on a time.
// Run: node --import tsx test/bench/api-key-read.bench.ts   (or: npm run bench api-key)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '@lianxu/api';
import { createAuthService, listenForAuthChanges, SessionCache } from '@lianxu/auth';
import { createPeopleService, createPersonalDataVault, createPolicyLibraryService, createTenancyService, policyCitiesFrom } from '@lianxu/core';
import { createBusinessClock, createDb } from '@lianxu/db';
import { randomBytes } from 'node:crypto';
import { startBenchStack } from '../support/src/bench-stack';
import { serveOnFreePort } from '../support/src/serve-app';
import { cpuBetween, postgresServerPids, processCpuSeconds } from '../support/src/process-cpu';
import { provisionDemoTenants } from '../support/src/tenant-fixtures';
import { testIdNumber, testPersonName } from '../support/src/people-fixtures';

const CONNECTIONS = 50;
const DURATION_S = 8;
const WARMUP_S = 2;
const ROUNDS = 2;
const POOL = 10;
const EMPLOYEES = 40;
const ORIGIN = 'http://localhost:3000';
const SLUG = 'demo-manufacturing';

interface Result { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number }
const autocannonCli = createRequire(import.meta.url).resolve('autocannon');

function autocannon(url: string, seconds: number, header: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const args = [autocannonCli, '-c', String(CONNECTIONS), '-d', String(seconds), '-j', '-n', '-H', header, url];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Result) : reject(new Error(`autocannon exited ${code}`))));
  });
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  say(`machine: ${os.availableParallelism()} cores, node ${process.version}, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (shared machine: other work may run meanwhile)`);
  say(`setup: autocannon ${CONNECTIONS} connections (separate process), ${WARMUP_S} s warm-up each, then ${ROUNDS} rounds of ${DURATION_S} s per caller (session, key, alternating), DB pool ${POOL}, API logger 'warn'`);
  const stack = await startBenchStack({ log: (l) => say(`  ${l}`), temporal: false });
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    const db = createDb({ connectionString: stack.appUrl, max: POOL, applicationName: 'lianxu-bench' });
    cleanups.unshift(() => db.destroy());
    await provisionDemoTenants(db);
    // As the API server runs: validated sessions reused while change announcements are heard.
    const sessionCache = new SessionCache();
    const authListener = await listenForAuthChanges(stack.appUrl, sessionCache);
    cleanups.unshift(() => authListener.close());
    const clock = createBusinessClock();
    const app = buildApp({
      db,
      auth: createAuthService(db, { demoMode: true }, undefined, { sessionCache }),
      allowedOrigins: [ORIGIN],
      logger: pino({ level: 'warn' }),
      clock,
      tenancy: createTenancyService(db),
      people: createPeopleService({ db, clock, vault: createPersonalDataVault(randomBytes(32)), policyCities: policyCitiesFrom(createPolicyLibraryService({ db })) }),
      temporal: { ping: async () => undefined },
      apiKeyRequestsPerMinute: Number.MAX_SAFE_INTEGER,
      // A loaded shared machine stalls the loop often; one warning per request would drown the figures.
      eventLoopStallMs: 60_000,
    } as Parameters<typeof buildApp>[0]);
    const api = await serveOnFreePort(app.fetch);
    cleanups.unshift(() => api.close());

    const signIn = async (email: string) => {
      const res = await fetch(`${api.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ email, password: 'lianxu-demo' }) });
      if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    };
    const adminCookie = await signIn(`admin@${SLUG}.demo`);
    const cookie = await signIn(`hr@${SLUG}.demo`);
    const post = (path: string, body: unknown, who = cookie) =>
      fetch(`${api.url}/api/t/${SLUG}${path}`, { method: 'POST', headers: { cookie: who, origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const entities = (await (await fetch(`${api.url}/api/t/${SLUG}/entities`, { headers: { cookie } })).json()) as { items: { id: string }[] };
    const entityId = entities.items[0]!.id;
    for (let i = 0; i < EMPLOYEES; i++) {
      const res = await post('/employees', { name: testPersonName(i), idNumber: testIdNumber(880_000 + i), mobile: '13812345678', hukou: 'local', workCity: '310100', hireDate: '2026-03-02', monthlyWage: '9000.00', entityId });
      if (res.status !== 201) throw new Error(`hire ${i}: ${res.status} ${await res.text()}`);
    }
    const created = await post('/api-keys', { name: 'bench', scopes: ['employees:read'], expiresInDays: 30 }, adminCookie);
    if (created.status !== 201) throw new Error(`api key: ${created.status} ${await created.text()}`);
    const { token } = (await created.json()) as { token: string };

    const url = `${api.url}/api/t/${SLUG}/employees`;
    const callers = { session: `cookie=${cookie}`, 'api key': `authorization=Bearer ${token}` } as const;
    for (const [name, header] of Object.entries(callers)) {
      const [key, value] = [header.slice(0, header.indexOf('=')), header.slice(header.indexOf('=') + 1)];
      const res = await fetch(url, { headers: { [key]: value } });
      const body = (await res.json()) as { items?: unknown[] };
      if (res.status !== 200 || body.items?.length !== 20) throw new Error(`${name}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    }

    const probe = new pg.Client({ connectionString: stack.superuserUrl.replace(/\/postgres$/, '/lianxu_bench') });
    await probe.connect();
    cleanups.unshift(() => probe.end());
    const pgPids = postgresServerPids(Number((await probe.query('select pg_backend_pid() as pid')).rows[0].pid), 'pg-bench');

    for (const header of Object.values(callers)) await autocannon(url, WARMUP_S, header);
    say('  measuring...');
    const totals = { session: { req: 0, seconds: 0 }, 'api key': { req: 0, seconds: 0 } };
    say('');
    say(`${'round  caller'.padEnd(18)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'non-2xx'.padStart(9)}${'api µs'.padStart(9)}${'pg µs'.padStart(9)}`);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, header] of Object.entries(callers) as [keyof typeof callers, string][]) {
        const cpuBefore = processCpuSeconds();
        const before = process.cpuUsage();
        const r = await autocannon(url, DURATION_S, header);
        const here = process.cpuUsage(before);
        const cpu = cpuBetween(cpuBefore, processCpuSeconds(), pgPids);
        const per = (seconds: number) => ((1e6 * seconds) / Math.max(r.requests.total, 1)).toFixed(0);
        totals[name].req += r.requests.total;
        totals[name].seconds += DURATION_S;
        say(`${`${round}      ${name}`.padEnd(18)}${r.requests.average.toFixed(0).padStart(9)}${String(r.latency.p50).padStart(9)}${String(r.latency.p99).padStart(9)}${String(r.non2xx + r.errors + r.timeouts).padStart(9)}${per((here.user + here.system) / 1e6).padStart(9)}${per(cpu.get('pg-bench') ?? 0).padStart(9)}`);
      }
    }
    say('(api µs, pg µs: CPU time per request in the API process and in this bench\'s PostgreSQL server, measured window only)');
    const rate = (name: keyof typeof totals) => totals[name].req / totals[name].seconds;
    say(`GET /api/t/${SLUG}/employees: session ${rate('session').toFixed(0)} req/s, api key ${rate('api key').toFixed(0)} req/s; ratio api key/session = ${(rate('api key') / rate('session')).toFixed(3)} (the issue sets no target; 1.0 would mean a key costs no more than a session)`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`api-key-read bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
