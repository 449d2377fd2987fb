import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { withTenant } from '@lianxu/db';
import {
  apiDeps, appDb, buildApp, eventually, lifecycleTenantSpec, ownerDb, provisionForTest, spawnWorkerProcess, startLifecycleStack, TestClient, testIdNumber, uniqueSlug,
} from '@lianxu/testing';

// Resident ID numbers go to the bureau and into the encrypted column, nowhere else: not into the
// API's or the worker's logs (the real worker program, its stdout and stderr at debug level), not
// into notifications, filing tasks, audit rows or any other row, not into Temporal's workflow
// histories, and not even when the request carrying them is refused (a hire failing validation, a
// bad correction). Both tenants file: one through bureau-sim (a confirmation, a name mismatch
// rejected, corrected and filed again, a leave), one by hand (a filing sheet).

const db = appDb(10);
const owner = ownerDb();
const deps = apiDeps(db, { trustProxy: true });
const app = buildApp(deps.deps);
const online = { id: '', slug: uniqueSlug('idleak') };
const byHand = { id: '', slug: uniqueSlug('idleak-m') };
let stack: Awaited<ReturnType<typeof startLifecycleStack>>;
let worker: ReturnType<typeof spawnWorkerProcess>;
let hr: TestClient;
let hrByHand: TestClient;

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
/** Every ID number this file sends, accepted or refused. */
const sent: string[] = [];
let serial = 9_100;
const idNumber = () => {
  const id = testIdNumber(serial++, '310115');
  sent.push(id);
  return id;
};
const wrongCheckDigit = (id: string) => {
  const bad = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  sent.push(bad);
  return bad;
};

beforeAll(async () => {
  online.id = await provisionForTest(db, lifecycleTenantSpec(online.slug, { seed: 9191 }));
  byHand.id = await provisionForTest(db, lifecycleTenantSpec(byHand.slug, { seed: 9292, gateway: 'filing-file' }));
  stack = await startLifecycleStack(db, { tenantIds: [online.id, byHand.id], worker: 'none', dispatcher: false, bureau: { processingDelayMs: [50, 200] } });
  worker = spawnWorkerProcess({ taskQueue: stack.taskQueue, bureauUrl: stack.bureau.url, tenantIds: [online.id, byHand.id], logLevel: 'debug' });
  hr = new TestClient(app);
  hrByHand = new TestClient(app);
  expect((await hr.signIn(`hr@${online.slug}.test`)).status).toBe(200);
  expect((await hrByHand.signIn(`hr@${byHand.slug}.test`)).status).toBe(200);
}, 120_000);
afterAll(async () => {
  await worker?.kill();
  await stack?.close();
  await deps.close();
  await db.destroy();
  await owner.destroy();
});

const hireBody = (id: string, overrides: Record<string, unknown> = {}) => ({
  name: '钱多多', idNumber: id, mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000.00', ...overrides,
});

async function hire(client: TestClient, slug: string, body: object): Promise<string> {
  const res = await client.request('POST', `/api/t/${slug}/employees`, body, { 'idempotency-key': `idleak-${serial}-${Math.random()}` });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return (JSON.parse(text) as { employee?: { id: string }; id?: string }).employee?.id ?? (JSON.parse(text) as { id: string }).id;
}

const tasksOf = (tenantId: string, employeeId: string) =>
  withTenant(db, tenantId, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).orderBy('created_at').execute());

/** Every row of the tenant in every table with a tenant_id, as text, with binary (encrypted) columns left out. */
async function storedText(tenantId: string): Promise<string> {
  const tables = await sql<{ schema: string; name: string }>`
    select c.table_schema as schema, c.table_name as name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.column_name = 'tenant_id' and c.table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`.execute(owner);
  const texts: string[] = [];
  await withTenant(owner, tenantId, async (trx) => {
    for (const { schema, name } of tables.rows) {
      const bytea = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = ${schema} and table_name = ${name} and data_type = 'bytea'`.execute(trx);
      const drop = bytea.rows.map((r) => r.column_name);
      const rows = await sql<{ t: string }>`select (to_jsonb(x) - ${sql.val(drop)}::text[])::text as t from ${sql.table(`${schema}.${name}`)} x where tenant_id = ${tenantId}`.execute(trx);
      texts.push(...rows.rows.map((r) => `${schema}.${name}: ${r.t}`));
    }
  });
  return texts.join('\n');
}

/** The workflow histories on the Temporal server, with every payload decoded. */
async function historiesText(workflowIds: string[]): Promise<string> {
  const out: string[] = [];
  for (const id of workflowIds) {
    const json = historyToJSON(await stack.client.workflow.getHandle(id).fetchHistory());
    out.push(json);
    for (const [, data] of json.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)) out.push(Buffer.from(data!, 'base64').toString('utf8'));
  }
  return out.join('\n');
}

// An 18-character resident ID number (17 digits, then a digit or X), standing on its own.
// Eighteen characters shaped like an ID number, not the fraction digits of a decimal (0.0297...).
const ID_SHAPE = /(?<![0-9A-Za-z.])\d{17}[\dXx](?![0-9A-Za-z])/g;

describe('ID numbers stay out of logs, rows and histories', () => {
  it('through hires, refused requests, a rejection and its correction, a leave and a filing by hand', async () => {
    // Refused requests: each carries an ID number the server must forget.
    const refused: [string, object][] = [
      ['wrong check digit', hireBody(wrongCheckDigit(testIdNumber(serial++, '310115')))],
      ['bad wage', hireBody(idNumber(), { monthlyWage: '九千' })],
      ['unknown city', hireBody(idNumber(), { workCity: '999999' })],
      ['digits in the name', hireBody(idNumber(), { name: '钱2多' })],
      ['unknown field', { ...hireBody(idNumber()), salary: 1 }],
    ];
    for (const [what, body] of refused) {
      const res = await hr.request('POST', `/api/t/${online.slug}/employees`, body, { 'idempotency-key': `idleak-refused-${serial++}` });
      const text = await res.text();
      expect(res.status, `${what}: ${text}`).toBe(400);
      for (const id of sent) expect(text, what).not.toContain(id);
    }
    // Malformed JSON around a number.
    const broken = idNumber();
    const res = await app.request(`http://localhost:3000/api/t/${online.slug}/employees`, {
      method: 'POST', body: `{"name":"钱多多","idNumber":"${broken}",`,
      headers: { 'content-type': 'application/json', cookie: hr.cookie!, origin: 'http://localhost:3000', 'x-forwarded-for': hr.address },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain(broken);

    // Accepted: confirmed; rejected for a name mismatch, then corrected; filed by hand.
    const confirmedId = idNumber();
    const mismatchId = idNumber();
    stack.bureau.state.setNameMismatch([mismatchId]);
    const confirmed = await hire(hr, online.slug, hireBody(confirmedId));
    const mismatched = await hire(hr, online.slug, hireBody(mismatchId, { name: '孙错名' }));
    const manual = await hire(hrByHand, byHand.slug, hireBody(idNumber()));
    // The same person hired twice: refused, without echoing the number.
    const dup = await hr.request('POST', `/api/t/${online.slug}/employees`, hireBody(confirmedId), { 'idempotency-key': `idleak-dup-${serial++}` });
    expect(dup.status).toBeGreaterThanOrEqual(400);
    expect(dup.status).toBeLessThan(500);
    expect(await dup.text()).not.toContain(confirmedId);

    await eventually(async () => ((await tasksOf(online.id, confirmed))[0]?.status === 'confirmed' ? true : undefined), 60_000, 'the first hire confirmed');
    const [rejected] = await eventually(async () => {
      const tasks = await tasksOf(online.id, mismatched);
      return tasks[0]?.status === 'rejected' ? tasks : undefined;
    }, 60_000, 'the name mismatch rejected');
    await eventually(async () => ((await tasksOf(byHand.id, manual))[0]?.status === 'submitted' ? true : undefined), 60_000, 'the filing sheet made');
    // HR is told of the rejection.
    const notices = await eventually(async () => {
      const rows = await withTenant(db, online.id, (trx) => trx.selectFrom('notifications').select(['kind', 'body']).where('tenant_id', '=', online.id).where('task_id', '=', rejected!.id).execute());
      return rows.length ? rows : undefined;
    }, 30_000, 'a notification of the rejection');
    expect(notices.length).toBeGreaterThan(0);

    // A bad correction is refused; a good one files again and is confirmed.
    const badFix = await hr.post(`/api/t/${online.slug}/tasks/${rejected!.id}/resubmit`, { idNumber: wrongCheckDigit(idNumber()) });
    expect(badFix.status).toBe(400);
    const fix = await hr.post(`/api/t/${online.slug}/tasks/${rejected!.id}/resubmit`, { idNumber: idNumber(), name: '孙错名' });
    expect(fix.status, await fix.clone().text()).toBe(200);
    await eventually(async () => ((await tasksOf(online.id, mismatched)).every((t) => t.status === 'confirmed') ? true : undefined), 60_000, 'the corrected filing confirmed');

    // A leave: a stop filing and an SMS to the employee.
    const leave = await hr.request('POST', `/api/t/${online.slug}/employees/${confirmed}/termination`, { lastWorkingDay: today(), reason: '个人原因' }, { 'idempotency-key': `idleak-leave-${serial++}` });
    expect(leave.status, await leave.clone().text()).toBe(200);
    await eventually(async () => {
      const tasks = await tasksOf(online.id, confirmed);
      return tasks.length === 2 && tasks.every((t) => !t.open) ? true : undefined;
    }, 60_000, 'the stop confirmed');

    // What was written.
    const logs = [...deps.logLines].join('\n');
    const workerLog = worker.output();
    expect(logs.length).toBeGreaterThan(0);
    expect(workerLog).toContain('worker running');
    const stored = `${await storedText(online.id)}\n${await storedText(byHand.id)}`;
    expect(stored).toMatch(/filing_tasks: .*"status": "confirmed"/);
    expect(stored).toMatch(/notifications: /);
    expect(stored).toMatch(/audit_log: /);
    const workflowIds = (await Promise.all([online, byHand].map((t) => withTenant(db, t.id, (trx) => trx.selectFrom('filing_tasks').select('workflow_id').where('tenant_id', '=', t.id).execute()))))
      .flat().map((r) => r.workflow_id).filter((id): id is string => !!id);
    expect(workflowIds.length).toBeGreaterThanOrEqual(4);
    const histories = await historiesText(workflowIds);

    expect(sent.length).toBeGreaterThanOrEqual(12);
    console.log(`[id-number] ${sent.length} numbers sent; scanned ${logs.length} B of API log, ${workerLog.length} B of worker log, ${stored.split("\n").length} rows, ${workflowIds.length} workflow histories (${histories.length} B)`);
    const places = { 'API log': logs, 'worker log': workerLog, 'stored rows': stored, 'workflow histories': histories };
    for (const [where, text] of Object.entries(places)) {
      const found = sent.filter((id) => text.toUpperCase().includes(id.toUpperCase()));
      expect(found, `ID numbers in the ${where}`).toEqual([]);
      expect(text.match(ID_SHAPE) ?? [], `something shaped like an ID number in the ${where}`).toEqual([]);
    }
    // The bureau did receive them: what is absent above is absent by design, not for lack of data.
    const filed = stack.bureau.state.listFilings().map((f) => (f.payload as { idNumber?: string }).idNumber);
    expect(filed).toEqual(expect.arrayContaining([confirmedId, mismatchId]));
  }, 240_000);
});
