import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { BureauState } from './bureau.state';
import { openPostgresStore } from './postgres.store';

// What the run's global setup provides (declared here too: bureau-sim imports no Lianxu package).
declare module 'vitest' {
  export interface ProvidedContext {
    ownerUrl: string;
  }
}

// The bureau keeps its filings like a real one: the server process is killed with SIGKILL and
// started again on the same PostgreSQL schema, and everything it acknowledged is still there.

const SERVER = path.join(import.meta.dirname, 'server.ts');
const CITY = '310100';
const EMPLOYER = '91350100M000100Y43';
const ZHANG = '310101199003070019';
const LI = '310115198506120034';
const WANG = '11010119900307002X';
const schemas: string[] = [];

const newSchema = () => {
  const name = `bureau_sim_test_${randomBytes(4).toString('hex')}`;
  schemas.push(name);
  return name;
};

afterAll(async () => {
  const client = new pg.Client({ connectionString: inject('ownerUrl') });
  await client.connect();
  for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
});

/** A bureau state on `schema` of the run's database (a restart is opening it again), deciding at once. */
const openOn = async (schema: string, now?: () => number) =>
  BureauState.open({ store: await openPostgresStore({ connectionString: inject('ownerUrl'), schema }), processingDelayMs: [0, 0], ...(now ? { now } : {}) });

function enrollment(key: string, idNumber: string) {
  return { idempotencyKey: key, employerCode: EMPLOYER, registrationNo: 'SH-0001', personName: '张三', idNumber, hukou: 'local', startMonth: '2025-03', base: 736_200 };
}

interface RunningServer {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** Runs server.ts as `npm start` does; resolves with its URL once it listens, or rejects with its output when it exits. */
function startServer(env: Record<string, string>): Promise<RunningServer> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BUREAU_')));
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...clean, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) resolve({ url: match[1]!, child, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(Object.assign(new Error(`bureau-sim exited with code ${code}: ${output}`), { code, output })));
  });
}

function exitOf(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return startServer(env).then(
    (running) => {
      running.child.kill('SIGKILL');
      throw new Error(`bureau-sim started where it should have refused: ${running.output()}`);
    },
    (error: { code: number | null; output: string }) => ({ code: error.code, output: error.output }),
  );
}

async function kill(server: RunningServer): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

async function call(server: RunningServer, method: 'GET' | 'POST', route: string, body?: unknown) {
  const response = await fetch(`${server.url}${route}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, replayed: response.headers.get('idempotent-replayed'), body: (await response.json()) as any };
}

async function decided(server: RunningServer, filingId: string) {
  for (let i = 0; i < 100; i += 1) {
    const { body } = await call(server, 'GET', `/bureau/${CITY}/filings/${filingId}`);
    if (body.status === 'confirmed' || body.status === 'rejected') return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`filing ${filingId} never decided`);
}

describe('bureau-sim persists its filings', () => {
  it('after SIGKILL and a restart: filings, receipts, pending filings, keys and the name list are all still there', async () => {
    const env = { BUREAU_DATABASE_URL: inject('ownerUrl'), BUREAU_DATABASE_SCHEMA: newSchema(), BUREAU_PROCESSING_DELAY_MS: '0,0' };
    const first = await startServer(env);
    let confirmed: any;
    let pendingId: string;
    try {
      const filed = await call(first, 'POST', `/bureau/${CITY}/enrollments`, enrollment('k-zhang', ZHANG));
      expect(filed.status).toBe(202);
      confirmed = await decided(first, filed.body.filingId);
      expect(confirmed).toMatchObject({ status: 'confirmed', receiptNo: expect.stringMatching(/^ZY310100\d{8}000001$/) });
      // A filing still in processing when the bureau dies, and a name the bureau will refuse.
      await call(first, 'POST', '/admin/faults', { processingDelayMs: [600_000, 600_000] });
      pendingId = (await call(first, 'POST', `/bureau/${CITY}/enrollments`, enrollment('k-li', LI))).body.filingId;
      expect((await call(first, 'POST', '/admin/name-mismatch', { idNumbers: [WANG] })).status).toBe(200);
    } finally {
      await kill(first);
    }

    const second = await startServer(env);
    try {
      expect(second.output()).toContain('2 on record');
      expect(await decided(second, confirmed.filingId)).toEqual(confirmed);
      expect((await call(second, 'GET', `/bureau/${CITY}/filings/${pendingId}`)).body).toMatchObject({ filingId: pendingId, status: 'received' });

      // The same keys after the restart: the same filings, no duplicate.
      const replay = await call(second, 'POST', `/bureau/${CITY}/enrollments`, enrollment('k-zhang', ZHANG));
      expect(replay).toMatchObject({ status: 202, replayed: 'true', body: { filingId: confirmed.filingId } });
      expect((await call(second, 'POST', `/bureau/${CITY}/enrollments`, enrollment('k-li', LI))).body.filingId).toBe(pendingId);
      // The key still belongs to its body.
      expect((await call(second, 'POST', `/bureau/${CITY}/enrollments`, { ...enrollment('k-zhang', ZHANG), base: 1 })).status).toBe(409);
      const { body: listed } = await call(second, 'GET', '/admin/filings');
      expect(listed.counts).toMatchObject({ total: 2, byIdempotencyKey: { 'k-zhang': 1, 'k-li': 1 } });

      // The coverage it opened is still there: on the bill, and a second enrollment is refused.
      const bill = await call(second, 'GET', `/bureau/${CITY}/bills?employerCode=${EMPLOYER}&month=2025-03`);
      expect(bill.body.lines.length).toBeGreaterThan(0);
      expect(bill.body.lines.every((l: any) => l.idNumber === ZHANG && l.receiptNo === confirmed.receiptNo)).toBe(true);
      const twice = await call(second, 'POST', `/bureau/${CITY}/enrollments`, enrollment('k-zhang-2', ZHANG));
      expect((await decided(second, twice.body.filingId)).rejection.code).toBe('already_enrolled');
      // The name list survived; receipt numbers go on from where they were.
      expect((await call(second, 'GET', '/admin/name-mismatch')).body).toEqual({ idNumbers: [WANG] });
      const wang = await call(second, 'POST', `/bureau/${CITY}/enrollments`, enrollment('k-wang', WANG));
      expect((await decided(second, wang.body.filingId)).rejection.code).toBe('name_id_mismatch');
      await call(second, 'POST', '/admin/name-mismatch', { idNumbers: [] });
      const wang2 = await call(second, 'POST', `/bureau/${CITY}/enrollments`, enrollment('k-wang-2', WANG));
      expect((await decided(second, wang2.body.filingId)).receiptNo).toMatch(/000002$/);
      // Faults are configuration: back to the defaults.
      expect((await call(second, 'GET', '/admin/faults')).body.processingDelayMs).toEqual([0, 0]);
    } finally {
      await kill(second);
    }
  }, 90_000);

  it('a forgotten filing stays forgotten after a restart, and a reset empties the store', async () => {
    const schema = newSchema();
    const open = () => openOn(schema);
    const a = await open();
    const kept = a.submitEnrollment(CITY, 'keep', enrollment('keep', ZHANG) as never);
    const lost = a.submitEnrollment(CITY, 'lose', enrollment('lose', LI) as never);
    if (kept.outcome !== 'created' || lost.outcome !== 'created') throw new Error('not created');
    expect(a.listCoverages()).toHaveLength(2);
    expect(a.forget([lost.receipt.filingId])).toEqual([lost.receipt.filingId]);
    await a.durable();
    await a.store.close();

    const b = await open();
    expect(b.listFilings().map((f) => f.idempotencyKey)).toEqual(['keep']);
    expect(b.listCoverages().map((c) => c.idNumber)).toEqual([ZHANG]);
    expect(b.getFiling(CITY, lost.receipt.filingId)).toBeUndefined();
    b.reset();
    await b.durable();
    await b.store.close();

    const c = await open();
    expect(c.listFilings()).toEqual([]);
    await c.store.close();
  }, 30_000);

  it('bill faults and paid months survive a restart; a reset clears them', async () => {
    const schema = newSchema();
    const open = () => openOn(schema);
    const BJ = '110100';
    const a = await open();
    a.submitEnrollment(BJ, 'z', { ...enrollment('z', ZHANG), startMonth: '2024-01', base: 1_000_000 } as never);
    a.submitEnrollment(BJ, 'l', { ...enrollment('l', LI), personName: '李四', startMonth: '2024-01', base: 1_200_000 } as never);
    a.setBillFaults(BJ, EMPLOYER, '2024-09', [{ kind: 'missing_employee', idNumber: LI }, { kind: 'rounding_drift', idNumber: ZHANG, insurance: 'pension', fen: 1 }]);
    a.setBillFaults(BJ, EMPLOYER, '2024-10', [{ kind: 'duplicate_line', idNumber: LI, insurance: 'medical' }]);
    a.setBillFaults(BJ, EMPLOYER, '2024-10', []);
    a.markPaid(BJ, EMPLOYER, '2024-09', '2024-09-20');
    const before = a.bill(BJ, EMPLOYER, '2024-09');
    expect(before.lines.every((l) => l.idNumber === ZHANG && l.voucherNo !== null)).toBe(true);
    await a.durable();
    await a.store.close();

    const b = await open();
    expect(b.listBillFaults()).toEqual([{ city: BJ, employerCode: EMPLOYER, month: '2024-09', faults: [{ kind: 'missing_employee', idNumber: LI }, { kind: 'rounding_drift', idNumber: ZHANG, insurance: 'pension', fen: 1 }] }]);
    expect(b.bill(BJ, EMPLOYER, '2024-09')).toEqual(before);
    expect(b.bill(BJ, EMPLOYER, '2024-10').lines.filter((l) => l.idNumber === LI && l.insurance === 'medical')).toHaveLength(1);
    b.reset();
    await b.durable();
    await b.store.close();

    const c = await open();
    expect(c.listBillFaults()).toEqual([]);
    expect(c.markPaid(BJ, EMPLOYER, '2024-09', '2024-10-01').paidOn).toBe('2024-10-01');
    await c.durable();
    await c.store.close();
  }, 30_000);

  it('a late enrollment filed as 补缴 still bills its back payments in the filing month after a restart', async () => {
    const schema = newSchema();
    // Filed on 10 March 2025 from January on.
    const now = () => Date.parse('2025-03-10T02:00:00Z');
    const open = () => openOn(schema, now);
    const BJ = '110100';
    const a = await open();
    a.submitEnrollment(BJ, 'z', { ...enrollment('z', ZHANG), startMonth: '2025-01', base: 1_000_000, backPay: true } as never);
    const before = a.bill(BJ, EMPLOYER, '2025-03');
    expect(new Set(before.lines.filter((l) => l.collectionType === '补缴').map((l) => l.periodFrom))).toEqual(new Set(['2025-01', '2025-02']));
    expect(a.bill(BJ, EMPLOYER, '2025-01').lines).toEqual([]);
    await a.durable();
    await a.store.close();

    const b = await open();
    expect(b.bill(BJ, EMPLOYER, '2025-03')).toEqual(before);
    expect(b.bill(BJ, EMPLOYER, '2025-01').lines).toEqual([]);
    await b.store.close();
  }, 30_000);

  it('a confirmed base change (缴费基数申报) still prices the bills after a restart', async () => {
    const schema = newSchema();
    const now = () => Date.parse('2025-03-10T02:00:00Z');
    const open = () => openOn(schema, now);
    const BJ = '110100';
    const a = await open();
    a.submitEnrollment(BJ, 'z', { ...enrollment('z', ZHANG), startMonth: '2024-07', base: 1_000_000 } as never);
    a.submitBaseChange(BJ, 'b', { employerCode: EMPLOYER, registrationNo: 'SH-0001', idNumber: ZHANG, fromMonth: '2024-10', base: 1_250_000 });
    const before = a.bill(BJ, EMPLOYER, '2024-11');
    expect(before.lines.find((l) => l.insurance === 'pension')?.base).toBe(1_250_000);
    await a.durable();
    await a.store.close();

    const b = await open();
    expect(b.listFilings().find((f) => f.kind === 'base_change')).toMatchObject({ status: 'confirmed', receiptNo: expect.stringMatching(/^JS110100/) });
    expect(b.bill(BJ, EMPLOYER, '2024-11')).toEqual(before);
    expect(b.bill(BJ, EMPLOYER, '2024-09').lines.find((l) => l.insurance === 'pension')?.base).toBe(1_000_000);
    await b.store.close();
  }, 30_000);

  it('refuses to start without an explicit storage choice, or when its database cannot be reached', async () => {
    const none = await exitOf({});
    expect(none.code).toBe(2);
    expect(none.output).toContain('BUREAU_DATABASE_URL is not set');
    expect(none.output).toContain('BUREAU_STORAGE=memory');

    const unreachable = await exitOf({ BUREAU_DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.output).toContain('cannot open its PostgreSQL store');

    const badSchema = await exitOf({ BUREAU_DATABASE_URL: inject('ownerUrl'), BUREAU_DATABASE_SCHEMA: 'Robert"); drop' });
    expect(badSchema.code).toBe(1);
    expect(badSchema.output).toContain('schema name');

    const memory = await startServer({ BUREAU_STORAGE: 'memory' });
    expect(memory.output()).toContain('filings in memory only');
    await kill(memory);
  }, 60_000);
});
