// Issue 18: outgoing webhooks from the outbox to a local receiver, through the real dispatcher
// (startWebhookDispatcher, as the worker runs it: every tenant, LISTEN on the outbox channel) on a
// real PostgreSQL. Two figures, each with its target beside it:
//  (a) deliveries per second with 1,000 events queued before the dispatcher starts (target >= 200/s
//      on 2 cores): from its start until the last delivery is committed as delivered;
//  (b) delay from an event's commit to its arrival at the receiver at a steady 20 events/s
//      (target p95 <= 1 s).
// Events are written by webhook_event(), the SQL function the hire and filing triggers call, so they
// take the path a hire's do. The receiver is its own process (the client's system), answering 204.
// Never fails on a time. Run: node --import tsx test/bench/webhook-delivery.bench.ts (or: npm run bench webhook)
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { createDb, withTenant } from '@lianxu/db';
import { createPersonalDataVault, createWebhookService, startWebhookDispatcher } from '@lianxu/core';
import { startBenchStack } from '../support/src/bench-stack';
import { cpuBetween, postgresServerPids, processCpuSeconds } from '../support/src/process-cpu';
import { provisionDemoTenants } from '../support/src/tenant-fixtures';

const QUEUED = 1000;
/** Two events (hired, then confirmed) per employee: deliveries of one employee go out in order. */
const EVENTS_PER_SUBJECT = 2;
const STEADY_RATE = 20;
const STEADY_S = 30;
const POOL = 10;

const say = (line: string) => process.stdout.write(`${line}\n`);

// Time from sending each statement to its answer, summed by statement (its first words), while
// `profiling` is on: where the dispatcher's database time goes.
let profiling = false;
const statementMs = new Map<string, { n: number; ms: number }>();
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function timedQuery(this: pg.Client, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
  if (!profiling || !text) return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  const started = performance.now();
  const name = text.replace(/\s+/g, ' ').trim().slice(0, 70);
  const done = () => {
    const entry = statementMs.get(name) ?? { n: 0, ms: 0 };
    entry.n += 1;
    entry.ms += performance.now() - started;
    statementMs.set(name, entry);
  };
  // The pipelined driver passes a callback; everything else awaits the promise.
  const last = args.length - 1;
  const callback = args[last];
  if (typeof callback === 'function') {
    args[last] = (...r: unknown[]) => {
      done();
      return (callback as (...a: unknown[]) => unknown)(...r);
    };
  }
  const result = (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  if (typeof callback !== 'function' && result instanceof Promise) result.then(done, done);
  return result;
} as typeof pg.Client.prototype.query;

// The receiver: answers 204 to every POST and keeps (webhook-id, arrival time); the first request
// whole, so the bench can check it is signed.
const RECEIVER = `
const http = require('node:http');
let seen = [];
let first = null;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const id = String(req.headers['webhook-id']);
    let seq = null;
    try { seq = JSON.parse(body).data.seq ?? null; } catch {}
    seen.push([id, Date.now(), seq]);
    if (!first) first = { id, timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']), body };
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', () => { process.send({ seen, first }); seen = []; });
process.on('disconnect', () => process.exit(0));
`;

interface Receipts { seen: [string, number, number | null][]; first: { id: string; timestamp: string; signature: string; body: string } | null }

function startReceiver() {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let waiting: ((r: Receipts) => void) | undefined;
  const port = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (m: { port?: number } & Receipts) => {
      if (m.port) resolve(m.port);
      else waiting?.(m);
    });
  });
  return {
    pid: child.pid!,
    port,
    /** What arrived since the last call. */
    take: () => new Promise<Receipts>((resolve) => {
      waiting = resolve;
      child.send('take');
    }),
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

async function main() {
  say(`machine: ${os.availableParallelism()} cores, node ${process.version}, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (shared machine: other work may run meanwhile)`);
  say(`setup: dispatcher as the worker runs it (every tenant, LISTEN, batch 100), receiver in its own process answering 204, DB pool ${POOL}`);
  const stack = await startBenchStack({ log: (l) => say(`  ${l}`), temporal: false });
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    const db = createDb({ connectionString: stack.appUrl, max: POOL, applicationName: 'lianxu-bench' });
    cleanups.unshift(() => db.destroy());
    const tenants = await provisionDemoTenants(db);
    const tenantId = tenants['demo-manufacturing']!;
    const admin = await db.selectFrom('users').select('id').where('email', '=', 'admin@demo-manufacturing.demo').executeTakeFirstOrThrow();
    const receiver = startReceiver();
    cleanups.unshift(() => receiver.stop());
    const url = `http://127.0.0.1:${await receiver.port}/hooks`;
    const vault = createPersonalDataVault(randomBytes(32));
    const endpoint = await createWebhookService({ db, vault, production: false }).create(tenantId, admin.id, { url, events: ['employee.hired', 'enrollment.confirmed'] });

    // Counts what the dispatcher has committed, read beside it (superuser: no tenant needed).
    const probe = new pg.Client({ connectionString: stack.superuserUrl.replace(/\/postgres$/, '/lianxu_bench') });
    await probe.connect();
    cleanups.unshift(() => probe.end());
    const delivered = async () => Number((await probe.query(`select count(*) as n from webhook_deliveries where status = 'delivered'`)).rows[0].n);

    // (a) 1,000 events committed (one transaction) before the dispatcher starts.
    await withTenant(db, tenantId, (trx) => sql`
      select webhook_event(${tenantId}::uuid, case when g % ${EVENTS_PER_SUBJECT} = 1 then 'employee.hired' else 'enrollment.confirmed' end,
             md5('bench-' || ((g + 1) / ${EVENTS_PER_SUBJECT}))::uuid::text,
             jsonb_build_object('employeeId', md5('bench-' || ((g + 1) / ${EVENTS_PER_SUBJECT}))::uuid, 'entityId', gen_random_uuid(), 'name', '基准员工' || g,
                                'workCity', '310100', 'hireDate', '2026-03-02', 'hukou', 'local', 'eventId', gen_random_uuid()))
        from generate_series(1, ${QUEUED}) g`.execute(trx));
    const queued = Number((await probe.query(`select count(*) as n from outbox where kind = 'webhook' and dispatched_at is null`)).rows[0].n);
    say(`  queued ${queued} events (${QUEUED / EVENTS_PER_SUBJECT} employees x ${EVENTS_PER_SUBJECT}) for 1 endpoint`);

    // WEBHOOK_BENCH_CPU_PROFILE=file.cpuprofile: a V8 CPU profile of this process during (a) only.
    const profilePath = process.env.WEBHOOK_BENCH_CPU_PROFILE;
    const inspector = profilePath ? new Session() : undefined;
    if (inspector) {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    }
    const cpuBefore = processCpuSeconds();
    profiling = true;
    const started = performance.now();
    const startedAt = Date.now();
    const dispatcher = startWebhookDispatcher({ db, vault, production: false, listenUrl: stack.appUrl, log: (level, message, fields) => level !== 'info' && say(`  dispatcher ${level}: ${message} ${JSON.stringify(fields ?? {})}`) });
    cleanups.unshift(() => dispatcher.stop());
    let done = 0;
    const deadline = Date.now() + 120_000;
    // The dispatcher's own count first (no load on the database), then the committed rows.
    while (dispatcher.stats.delivered < QUEUED && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    while ((done = await delivered()) < QUEUED && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const seconds = (performance.now() - started) / 1000;
    profiling = false;
    if (inspector && profilePath) {
      writeFileSync(profilePath, JSON.stringify((await inspector.post('Profiler.stop')).profile));
      inspector.disconnect();
    }
    const ours = postgresServerPids(Number((await probe.query('select pg_backend_pid() as pid')).rows[0].pid), 'pg-bench');
    const cpu = cpuBetween(cpuBefore, processCpuSeconds(), { ...ours, [process.pid]: 'dispatcher', [receiver.pid]: 'receiver' });
    const burst = await receiver.take();
    const ids = new Set(burst.seen.map(([id]) => id));
    const lastArrival = Math.max(...burst.seen.map(([, at]) => at));
    if (burst.first) {
      const secret = Buffer.from(endpoint.secret.slice('whsec_'.length), 'base64');
      const mac = createHmac('sha256', secret).update(`${burst.first.id}.${burst.first.timestamp}.${burst.first.body}`).digest('base64');
      if (!burst.first.signature.split(' ').includes(`v1,${mac}`)) throw new Error('the receiver got a delivery whose signature does not verify');
    }
    if (done < QUEUED) say(`  only ${done} of ${QUEUED} delivered within 120 s`);
    const perDelivery = (name: string) => ((1e6 * (cpu.get(name) ?? 0)) / Math.max(done, 1)).toFixed(0);
    say(`  received ${burst.seen.length} requests, ${ids.size} distinct webhook-ids; the last arrived ${((lastArrival - startedAt) / 1000).toFixed(2)} s after the start`);
    say(`  CPU per delivery: dispatcher ${perDelivery('dispatcher')} µs, postgres ${perDelivery('pg-bench')} µs (this bench's server only), receiver ${perDelivery('receiver')} µs`);

    say('  database time by statement during (a), top 6 (sent to answered, ms total / count):');
    for (const [name, { n, ms }] of [...statementMs].sort((a, b) => b[1].ms - a[1].ms).slice(0, 6)) say(`    ${ms.toFixed(0).padStart(6)} ms ${String(n).padStart(5)}x  ${name}`);

    // (b) A steady stream: one event per transaction, STEADY_RATE a second, each timed from its commit.
    say(`  streaming ${STEADY_RATE} events/s for ${STEADY_S} s...`);
    // Each event carries its sequence number (data.seq), which the receiver reads back.
    const committedAt = new Map<number, number>();
    const writes: Promise<void>[] = [];
    const streamStart = Date.now();
    for (let seq = 0; seq < STEADY_RATE * STEADY_S; seq++) {
      const due = streamStart + (seq * 1000) / STEADY_RATE;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      const subject = `steady-${Math.floor(seq / EVENTS_PER_SUBJECT)}`;
      const type = seq % EVENTS_PER_SUBJECT === 0 ? 'employee.hired' : 'enrollment.confirmed';
      writes.push(withTenant(db, tenantId, (trx) => sql`select webhook_event(${tenantId}::uuid, ${type}, ${subject}, ${JSON.stringify({ employeeId: subject, workCity: '310100', seq })}::jsonb)`.execute(trx))
        .then(() => void committedAt.set(seq, Date.now())));
    }
    await Promise.all(writes);
    const achieved = (STEADY_RATE * STEADY_S) / ((Date.now() - streamStart) / 1000);
    const arrivals = new Map<number, number>();
    const waitUntil = Date.now() + 30_000;
    while (arrivals.size < committedAt.size && Date.now() < waitUntil) {
      for (const [, at, seq] of (await receiver.take()).seen) if (seq !== null && committedAt.has(seq) && !arrivals.has(seq)) arrivals.set(seq, at);
      if (arrivals.size < committedAt.size) await new Promise((r) => setTimeout(r, 200));
    }
    const delays = [...arrivals].map(([seq, at]) => Math.max(0, at - committedAt.get(seq)!)).sort((a, b) => a - b);
    await dispatcher.stop();

    say('');
    say(`(a) ${QUEUED} events queued, 1 endpoint: ${(done / seconds).toFixed(0)} deliveries/s committed (${done} in ${seconds.toFixed(2)} s)   target >= 200/s on 2 cores`);
    say(`(b) commit -> delivery at ${achieved.toFixed(1)} events/s for ${STEADY_S} s (${arrivals.size}/${committedAt.size} arrived): p50 ${quantile(delays, 0.5)} ms, p95 ${quantile(delays, 0.95)} ms, p99 ${quantile(delays, 0.99)} ms, max ${delays.at(-1)} ms   target p95 <= 1000 ms`);
    say(`dispatcher stats: ${JSON.stringify(dispatcher.stats)}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`webhook-delivery bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
