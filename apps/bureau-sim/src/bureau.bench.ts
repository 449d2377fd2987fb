// Filings per second, in process (app.request) and over HTTP on 127.0.0.1, processing delay 0; with
// BUREAU_DATABASE_URL set, also in process with the PostgreSQL store (a fresh schema, dropped after).
// Run: npx tsx apps/bureau-sim/src/bureau.bench.ts [count]. Prints numbers; never fails on a time.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { buildBureauApp } from './bureau.app';
import { BureauState } from './bureau.state';
import { openPostgresStore } from './postgres.store';
import { residentIdCheckChar } from './resident-id.validator';

const COUNT = Number(process.argv[2] ?? 10_000);
const CITY = '310100';

/** A valid ID number per index: a fixed region and birth date, the sequence varies. */
function idNumber(i: number): string {
  const first17 = `31010119900307${String(i % 1000).padStart(3, '0')}`;
  const region = `3101${String(Math.floor(i / 1000) % 100).padStart(2, '0')}`;
  const body = `${region}${first17.slice(6)}`;
  return body + residentIdCheckChar(body);
}

function body(i: number): string {
  return JSON.stringify({
    idempotencyKey: `bench:${i}`,
    employerCode: '91350100M000100Y43',
    registrationNo: 'SH-0001',
    personName: '测试',
    idNumber: idNumber(i),
    hukou: 'local',
    startMonth: '2025-03',
    base: 736_200,
  });
}

async function run(label: string, request: (path: string, init?: RequestInit) => Promise<Response>, count: number) {
  const started = performance.now();
  const ids: string[] = [];
  const batch = 100;
  for (let from = 0; from < count; from += batch) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(batch, count - from) }, (_, k) =>
        request(`/bureau/${CITY}/enrollments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(from + k) }),
      ),
    );
    for (const answer of answers) {
      if (answer.status !== 202) throw new Error(`${label}: status ${answer.status}`);
      ids.push(((await answer.json()) as { filingId: string }).filingId);
    }
  }
  const filed = performance.now();
  let confirmed = 0;
  for (let from = 0; from < ids.length; from += batch) {
    const views = await Promise.all(ids.slice(from, from + batch).map((id) => request(`/bureau/${CITY}/filings/${id}`).then((r) => r.json() as Promise<{ status: string }>)));
    confirmed += views.filter((v) => v.status === 'confirmed').length;
  }
  const done = performance.now();
  const perSecond = (n: number, ms: number) => Math.round((n * 1000) / ms);
  console.log(
    `${label}: ${count} enrollments filed in ${Math.round(filed - started)} ms (${perSecond(count, filed - started)}/s), ` +
      `${confirmed} confirmed on first poll, polled in ${Math.round(done - filed)} ms (${perSecond(count, done - filed)}/s)`,
  );
}

const inProcess = buildBureauApp({ processingDelayMs: [0, 0] });
await run('app.request', async (path, init) => inProcess.request(path, init), COUNT);

const overHttp = buildBureauApp({ processingDelayMs: [0, 0] });
const server = serve({ fetch: overHttp.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const { port } = server.address() as AddressInfo;
await run('HTTP 127.0.0.1', (path, init) => fetch(`http://127.0.0.1:${port}${path}`, init), Math.min(COUNT, 5_000));
server.close();

if (process.env.BUREAU_DATABASE_URL) {
  const schema = `bureau_sim_bench_${process.pid}`;
  const store = await openPostgresStore({ connectionString: process.env.BUREAU_DATABASE_URL, schema });
  const persisted = buildBureauApp({ state: await BureauState.open({ store, processingDelayMs: [0, 0] }) });
  await run('app.request, PostgreSQL store', async (path, init) => persisted.request(path, init), COUNT);
  await store.close();
  const client = new pg.Client({ connectionString: process.env.BUREAU_DATABASE_URL });
  await client.connect();
  await client.query(`drop schema ${schema} cascade`);
  await client.end();
}
