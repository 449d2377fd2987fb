// Issue 5: enrollments end to end on real parts (API -> PostgreSQL outbox -> dispatcher -> Temporal
// dev server -> worker activities -> bureau-sim answering at once -> coverage opened).
//  (a) throughput: 1,000 hires posted at once through the API; time until all are confirmed, beside
//      the same 1,000 filings sent straight to bureau-sim in the same run;
//  (b) latency: 10 hires per second for 30 s; p50/p95 from hire to confirmed;
// and where the time goes (API commit, outbox dispatch, Temporal + activities to the filing, the
// decision and settlement). Prints figures; never fails on a time.
// Run: node --import tsx test/bench/lifecycle.bench.ts   (or: npm run bench lifecycle)
import { spawn } from 'node:child_process';
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { bundleWorkflowCode } from '@temporalio/worker';
import { buildApp } from '@lianxu/api';
import { createAuthService, listenForAuthChanges, SessionCache } from '@lianxu/auth';
import { buildBureauApp, BureauState } from '@lianxu/bureau-sim';
import { createPeopleService, createPersonalDataVault, discoverPlugins, pluginsWithHandler, createPolicyLibraryService, createTenancyService, policyCitiesFrom } from '@lianxu/core';
import { createBusinessClock, createDb, withTenant } from '@lianxu/db';
import { WORKFLOWS_PATH } from '@lianxu/workflows';
import { startBenchStack } from '../support/src/bench-stack';
import { serveOnFreePort } from '../support/src/serve-app';
import { cpuBetween, processCpuSeconds } from '../support/src/process-cpu';
import { provisionForTest } from '../support/src/tenant-fixtures';
import { lifecycleTenantSpec, testIdNumber, testPersonName } from '../support/src/people-fixtures';

const ORIGIN = 'http://localhost:3000';
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const RATE = 10;
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 30);
const say = (line: string) => process.stdout.write(`${line}\n`);
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;
};
const median = (values: number[]) => pct(values, 50);

// The load generator's client: node:http with kept-alive connections, for the hires and for the
// direct baseline alike (fetch costs several times the CPU, which the 2 cores would lose to it).
const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/** Sends `count` requests with at most `limit` in flight. */
async function pooled<T>(count: number, limit: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await send(i);
    }
  }));
  return results;
}

async function main() {
  say(`machine: ${os.availableParallelism()} cores, node ${process.version}, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const stack = await startBenchStack({ log: (l) => say(`  ${l}`) });
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    const db = createDb({ connectionString: stack.appUrl, max: 20, applicationName: 'lianxu-bench' });
    cleanups.unshift(() => db.destroy());
    const slug = 'bench-lifecycle';
    const tenantId = await provisionForTest(db, lifecycleTenantSpec(slug, { seed: 777 }));

    // bureau-sim, answering at once.
    const bureauState = new BureauState({ processingDelayMs: [0, 0] });
    const bureau = await serveOnFreePort(buildBureauApp({ state: bureauState }).fetch);
    cleanups.unshift(() => bureau.close());

    // The worker program (activities, workflows, outbox dispatcher) in its own process, as `npm start` runs it.
    const masterKey = Buffer.alloc(32, 7);
    const vault = createPersonalDataVault(masterKey);
    const policies = createPolicyLibraryService({ db });
    const bundlePath = path.join(stack.workDir, 'workflow-bundle.js');
    const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => say(m) } as never });
    await writeFile(bundlePath, bundle.code);
    const profile = process.env.BENCH_WORKER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_PROF}`] : [];
    const worker = spawn(process.execPath, [...profile, '--import', 'tsx', 'apps/worker/src/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: {
        ...process.env,
        DATABASE_URL: stack.appUrl,
        TEMPORAL_ADDRESS: stack.temporalAddress,
        BUREAU_URL: bureau.url,
        LIANXU_MASTER_KEY: masterKey.toString('base64'),
        TASK_QUEUE: `bench-${randomUUID()}`,
        WORKFLOW_BUNDLE_PATH: bundlePath,
        LIANXU_DISPATCH_TENANTS: tenantId,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    cleanups.unshift(() => new Promise<void>((resolve) => {
      if (worker.exitCode !== null) return resolve();
      worker.once('exit', () => resolve());
      worker.kill('SIGTERM');
      setTimeout(() => worker.kill('SIGKILL'), 15_000).unref();
    }));

    // The API as server.ts builds it.
    const clock = createBusinessClock();
    const sessionCache = new SessionCache();
    const authListener = await listenForAuthChanges(stack.appUrl, sessionCache);
    cleanups.unshift(() => authListener.close());
    const app = buildApp({
      db, clock, logger: pino({ level: 'warn' }), allowedOrigins: [ORIGIN],
      auth: createAuthService(db, { demoMode: true }, undefined, { sessionCache }),
      tenancy: createTenancyService(db),
      people: createPeopleService({ db, vault, clock, policyCities: policyCitiesFrom(policies), hireListeners: pluginsWithHandler(await discoverPlugins(), 'employeeHired') }),
      temporal: { ping: async () => undefined },
    } as Parameters<typeof buildApp>[0]);
    const api = await serveOnFreePort(app.fetch);
    cleanups.unshift(() => api.close());
    const signIn = await fetch(`${api.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ email: `hr@${slug}.test`, password: 'lianxu-demo' }) });
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const today = clock.today();
    let person = 0;
    const hire = async () => {
      const n = person++;
      const started = performance.now();
      const response = await postJson(`${api.url}/api/t/${slug}/employees`, { origin: ORIGIN, cookie, 'idempotency-key': `bench-${n}` },
        { name: testPersonName(n), idNumber: testIdNumber(900_000 + n), mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today, monthlyWage: '12000.00' });
      if (response.status !== 201) throw new Error(`hire ${n}: ${response.status} ${response.text}`);
      const body = JSON.parse(response.text) as { id: string };
      return { id: body.id, ms: performance.now() - started };
    };
    const confirmedCount = async () => Number((await withTenant(db, tenantId, (trx) =>
      sql<{ n: string }>`select count(*)::text as n from filing_tasks where tenant_id = ${tenantId} and status = 'confirmed'`.execute(trx))).rows[0]!.n);

    // Warm-up: a few hires through the whole path.
    for (let i = 0; i < 5; i++) await hire();
    while ((await confirmedCount()) < 5) await new Promise((r) => setTimeout(r, 50));

    // (a) baseline: the same number of filings straight to bureau-sim.
    const employer = lifecycleTenantSpec(slug, { seed: 777 }).entities![0]!.creditCode;
    const directStart = performance.now();
    await pooled(BURST, 50, async (i) => {
      const r = await postJson(`${bureau.url}/bureau/440300/enrollments`, {},
        { idempotencyKey: `direct-${i}`, employerCode: employer, registrationNo: 'SI-440300-1', personName: testPersonName(i), idNumber: testIdNumber(700_000 + i), hukou: 'local', startMonth: today.slice(0, 7), base: 1_200_000 });
      if (r.status !== 202) throw new Error(`direct filing ${i}: ${r.status}`);
    });
    const directS = (performance.now() - directStart) / 1000;

    // (a) 1,000 hires posted at once through the API.
    const before = await confirmedCount();
    const cpuBefore = processCpuSeconds();
    const burstStart = performance.now();
    const burst = await pooled(BURST, 100, () => hire());
    const postedS = (performance.now() - burstStart) / 1000;
    let lastReport = performance.now();
    while ((await confirmedCount()) < before + BURST) {
      if (performance.now() - lastReport > 10_000) {
        say(`  ... ${(await confirmedCount()) - before}/${BURST} confirmed after ${((performance.now() - burstStart) / 1000).toFixed(0)} s`);
        lastReport = performance.now();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const burstS = (performance.now() - burstStart) / 1000;
    // PostgreSQL backends by who they serve (application_name), the rest by process.
    const superuser = new pg.Client({ connectionString: stack.superuserUrl });
    await superuser.connect();
    const activity = await superuser.query<{ pid: number; name: string }>(`select pid, coalesce(nullif(application_name, ''), backend_type) as name from pg_stat_activity`);
    await superuser.end();
    const groups: Record<number, string> = { [process.pid]: 'API + bureau-sim + driver', [worker.pid!]: 'worker' };
    for (const row of activity.rows) groups[row.pid] = `postgres: ${row.name}`;
    const burstCpu = cpuBetween(cpuBefore, processCpuSeconds(), groups);

    // (b) 10 hires per second for 30 s.
    const paced: { id: string; ms: number }[] = [];
    const pacedStart = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < RATE * RATE_SECONDS; i++) {
      const due = pacedStart + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(hire().then((h) => void paced.push(h)));
    }
    await Promise.all(inFlight);
    const pacedIds = paced.map((p) => p.id);
    while ((await confirmedCount()) < before + BURST + pacedIds.length) await new Promise((r) => setTimeout(r, 100));

    // Where the time goes, from timestamps the system records: event recorded (API commit),
    // outbox dispatched (workflow started), filing received by the bureau, task closed (confirmed).
    const stages = async (ids: string[]) => {
      const rows = await withTenant(db, tenantId, (trx) => sql<{ employee_id: string; recorded: number; dispatched: number; closed: number; filing_id: string }>`
        select t.employee_id, extract(epoch from ev.recorded_at) * 1000 as recorded, extract(epoch from o.dispatched_at) * 1000 as dispatched,
               extract(epoch from t.closed_at) * 1000 as closed, t.filing_id
        from filing_tasks t
        join employment_events ev on ev.tenant_id = t.tenant_id and ev.id = t.event_id
        join outbox o on o.tenant_id = t.tenant_id and o.workflow_id = t.workflow_id and o.kind = 'start'
        where t.tenant_id = ${tenantId} and t.employee_id = any(${ids}::uuid[])`.execute(trx));
      const received = new Map(bureauState.listFilings().map((f) => [f.filingId, Date.parse(f.receivedAt)]));
      return rows.rows.map((r) => ({
        total: Number(r.closed) - Number(r.recorded),
        outbox: Number(r.dispatched) - Number(r.recorded),
        toFiling: (received.get(r.filing_id) ?? Number.NaN) - Number(r.dispatched),
        settle: Number(r.closed) - (received.get(r.filing_id) ?? Number.NaN),
      }));
    };
    const pacedStages = await stages(pacedIds);
    const hireToConfirmed = pacedStages.map((s, i) => s.total + 0 * i);
    const apiMs = paced.map((p) => p.ms);
    const burstStages = await stages(burst.map((b) => b.id));

    say('');
    say(`(a) throughput, ${BURST} hires posted at once (100 in flight) through the API, bureau-sim answering at once`);
    say(`    all ${BURST} API answers in ${postedS.toFixed(1)} s; all confirmed after ${burstS.toFixed(1)} s -> ${(BURST / burstS).toFixed(1)} enrollments/s (target >= 50)`);
    say(`    baseline: the same ${BURST} filings straight to bureau-sim (50 in flight): ${directS.toFixed(2)} s -> ${(BURST / directS).toFixed(0)} filings/s; ratio lianxu/direct = ${((BURST / burstS) / (BURST / directS)).toFixed(3)}`);
    say(`    median per hire: outbox wait ${median(burstStages.map((s) => s.outbox)).toFixed(0)} ms, dispatch->filed ${median(burstStages.map((s) => s.toFiling)).toFixed(0)} ms, filed->confirmed ${median(burstStages.map((s) => s.settle)).toFixed(0)} ms`);
    const cpuTotal = [...burstCpu.values()].reduce((a, b) => a + b, 0);
    say(`    CPU during (a): ${cpuTotal.toFixed(1)} s of ${(burstS * os.availableParallelism()).toFixed(1)} s available; per enrollment ${((cpuTotal / BURST) * 1000).toFixed(1)} ms:`);
    for (const [name, seconds] of [...burstCpu].sort((x, y) => y[1] - x[1]).filter(([, v]) => v >= 0.1)) {
      say(`      ${name.padEnd(28)} ${seconds.toFixed(1).padStart(6)} s  ${((seconds / BURST) * 1000).toFixed(1).padStart(5)} ms/enrollment`);
    }
    say(`(b) latency, ${RATE} hires/s for ${RATE_SECONDS} s (${paced.length} hires)`);
    say(`    hire -> confirmed: p50 ${median(hireToConfirmed).toFixed(0)} ms, p95 ${pct(hireToConfirmed, 95).toFixed(0)} ms (target p95 <= 2000)`);
    say(`    where the time goes (p50 / p95 ms):`);
    say(`      API request (validate, encrypt, one transaction) ${median(apiMs).toFixed(0)} / ${pct(apiMs, 95).toFixed(0)}`);
    say(`      outbox: commit -> workflow started              ${median(pacedStages.map((s) => s.outbox)).toFixed(0)} / ${pct(pacedStages.map((s) => s.outbox), 95).toFixed(0)}`);
    say(`      Temporal + activity: started -> bureau filing   ${median(pacedStages.map((s) => s.toFiling)).toFixed(0)} / ${pct(pacedStages.map((s) => s.toFiling), 95).toFixed(0)}`);
    say(`      decision + settle: filing -> confirmed in DB    ${median(pacedStages.map((s) => s.settle)).toFixed(0)} / ${pct(pacedStages.map((s) => s.settle), 95).toFixed(0)}`);
    say(`    processes: API + this driver in one, the worker program (activities, workflows, outbox dispatcher) in another, Temporal dev server, PostgreSQL, bureau-sim in this process`);
  } finally {
    agent.destroy();
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`lifecycle bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
