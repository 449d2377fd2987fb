import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { withTenant } from '@lianxu/db';
import { createCloseService, createPersonalDataVault, expectedLines, type ExpectedLine } from '@lianxu/core';
import { apiDeps, appDb, buildApp, firstEntityId, provisionLifecycleTenant, seedCloseEmployees, TEST_MASTER_KEY, testIdNumber, TestClient } from '@lianxu/testing';

// Payroll's export (CSV and Excel) and the city's Excel bill imported into the close through the
// routes: the columns proposed from the headers the first time, saved, and reused the next month;
// a bad cell or an unknown ID number answers 400 naming its row and column with nothing written;
// another tenant can neither import into this tenant's month nor see its mapping.

const db = appDb(3);
const vault = createPersonalDataVault(TEST_MASTER_KEY);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let deps: ReturnType<typeof apiDeps>;
let app: ReturnType<typeof buildApp>;
let A: { id: string; slug: string };
let B: { id: string; slug: string };
let entityA: string;
let ids: string[];
const idNo = [testIdNumber(4101), testIdNumber(4102)];
let expected: ExpectedLine[];

const json = async (r: Response) => (await r.json()) as any;
async function as(email: string) {
  const c = new TestClient(app);
  expect((await c.signIn(email)).status).toBe(200);
  return c;
}
function upload(c: TestClient, path: string, type: string, data: BodyInit) {
  return app.request(`http://localhost:3000${path}`, { method: 'POST', headers: { cookie: c.cookie!, origin: 'http://localhost:3000', 'content-type': type }, body: data });
}
async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const yuan = (fen: number) => (fen / 100).toFixed(2);
const ee = (i: number, ins: string) => expected.find((l) => l.employeeId === ids[i] && l.insurance === ins)!.employeeFen;
const deductionCount = async (month: string) => (await withTenant(db, A.id, (trx) => trx.selectFrom('close_deductions').select('employee_fen').where('tenant_id', '=', A.id).where('month', '=', month).execute())).length;

beforeAll(async () => {
  deps = apiDeps(db, { close: createCloseService({ db, vault }) });
  app = buildApp(deps.deps);
  ({ tenant: A } = await provisionLifecycleTenant(db, 'close-imp-a', { seed: 150_401 }));
  ({ tenant: B } = await provisionLifecycleTenant(db, 'close-imp-b', { seed: 150_402 }));
  entityA = await firstEntityId(db, A.id);
  ids = await seedCloseEmployees(db, A.id, entityA, [
    { name: '甲', city: '110100', from: '2024-01', wages: [['2024-01-02', 1_000_000]] },
    { name: '乙', city: '110100', from: '2024-01', wages: [['2024-01-02', 1_500_000]] },
  ]);
  // Their ID numbers as the vault indexes them, so payroll's and the bureau's rows find them.
  await withTenant(db, A.id, async (trx) => {
    for (const [i, id] of ids.entries()) await trx.updateTable('employees').set({ id_number_index: vault.blindIndex(A.id, idNo[i]!) }).where('tenant_id', '=', A.id).where('id', '=', id).execute();
  });
  expected = (await expectedLines(db, { tenantId: A.id, entityId: entityA, cityCode: '110100', month: '2024-09' })).lines;
}, 120_000);
afterAll(async () => {
  await deps?.close();
  await db.destroy();
});

describe('close imports', () => {
  const month = (m: string) => `/api/t/${A.slug}/close/${entityA}/110100/${m}`;
  const HEAD = ['工号', '姓名', '身份证号', '养老保险(个人)', '医疗保险(个人)', '失业保险(个人)'];

  it('imports payroll’s CSV with columns proposed from the headers, saves the mapping, and reuses it for next month’s Excel export', async () => {
    const hr = await as(`hr@${A.slug}.test`);
    expect((await json(await hr.get(`/api/t/${A.slug}/close-mappings/deductions`))).mapping).toBeNull();
    const csv = [HEAD.join(','), ...[0, 1].map((i) => ['E1', '甲', idNo[i], yuan(ee(i, 'pension')), yuan(ee(i, 'medical')), yuan(ee(i, 'unemployment'))].join(','))].join('\n');
    const first = await upload(hr, `${month('2024-09')}/deductions/import`, 'text/csv', csv);
    expect(first.status).toBe(200);
    const r1 = await json(first);
    expect(r1).toMatchObject({ rows: 6, mappingSource: 'proposed', mapping: { idNumber: '身份证号', pension: '养老保险(个人)', medical: '医疗保险(个人)', unemployment: '失业保险(个人)' } });
    expect((await json(await hr.get(`/api/t/${A.slug}/close-mappings/deductions`))).mapping).toEqual(r1.mapping);
    expect(await deductionCount('2024-09')).toBe(6);

    // Next month, payroll's Excel export: the saved mapping is used.
    const book = await xlsx([HEAD, ...[0, 1].map((i) => ['E1', '甲', idNo[i]!, ee(i, 'pension') / 100, ee(i, 'medical') / 100, ''])]);
    const next = await upload(hr, `${month('2024-10')}/deductions/import`, XLSX, book);
    expect(next.status).toBe(200);
    expect(await json(next)).toMatchObject({ rows: 4, mappingSource: 'saved' });
    expect(await deductionCount('2024-10')).toBe(4);
  });

  it('uses a mapping HR saved for renamed columns; a file without a mapped column is named', async () => {
    const hr = await as(`hr@${A.slug}.test`);
    const put = await hr.request('PUT', `/api/t/${A.slug}/close-mappings/deductions`, { mapping: { employeeId: '员工ID', pension: '代扣养老' } });
    expect(put.status).toBe(200);
    const book = await xlsx([['员工ID', '代扣养老'], [ids[0]!, '80.00'], [ids[1]!, '120.00']]);
    const r = await upload(hr, `${month('2024-11')}/deductions/import`, XLSX, book);
    expect(await json(r)).toMatchObject({ rows: 2, mappingSource: 'saved' });
    const wrong = await upload(hr, `${month('2024-11')}/deductions/import`, 'text/csv', `身份证号,养老\n${idNo[0]},1.00\n`);
    expect(wrong.status).toBe(400);
    expect(Object.keys((await json(wrong)).error.fields).sort()).toEqual(['columns.代扣养老', 'columns.员工ID'].sort());
  });

  it('answers 400 naming the row and column of a bad cell or an unknown person, with nothing written', async () => {
    const hr = await as(`hr@${A.slug}.test`);
    await hr.request('PUT', `/api/t/${A.slug}/close-mappings/deductions`, { mapping: { idNumber: '身份证号', pension: '养老保险(个人)' } });
    const before = await deductionCount('2024-12');
    const bad = await upload(hr, `${month('2024-12')}/deductions/import`, 'text/csv', `身份证号,养老保险(个人)\n${idNo[0]},80.00\n${idNo[1]},八十\n`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.fields).toHaveProperty(['rows[3].养老保险(个人)']);
    const unknown = await upload(hr, `${month('2024-12')}/deductions/import`, 'text/csv', `身份证号,养老保险(个人)\n${idNo[0]},80.00\n${testIdNumber(4999)},80.00\n`);
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error.fields).toHaveProperty(['rows[3].身份证号']);
    expect(await deductionCount('2024-12')).toBe(before);
    const notAFile = await upload(hr, `${month('2024-12')}/deductions/import`, XLSX, 'not a workbook');
    expect(notAFile.status).toBe(400);
    expect((await json(notAFile)).error.fields).toHaveProperty('file');
    expect((await upload(hr, `${month('2024-12')}/deductions/import`, 'application/json', '{}')).status).toBe(415);
  });

  it('imports the city’s Excel bill with its columns proposed and saved; the month then matches', async () => {
    const hr = await as(`hr@${A.slug}.test`);
    const head = ['序号', '姓名', '证件号码', '险种', '费款所属期起', '费款所属期止', '缴费基数', '单位缴费', '个人缴费', '滞纳金', '征收类型', '税票号'];
    const word: Record<string, string> = { pension: '基本养老保险', medical: '基本医疗保险', maternity: '生育保险', unemployment: '失业保险', workInjury: '工伤保险' };
    const rows = expected.map((l, n) => [n + 1, ids.indexOf(l.employeeId) === 0 ? '甲' : '乙', idNo[ids.indexOf(l.employeeId)]!, word[l.insurance]!, '202409', '202409', yuan(l.baseFen), yuan(l.employerFen), yuan(l.employeeFen), '0', '正常应缴', '']);
    const r = await upload(hr, `${month('2024-09')}/bill/import`, XLSX, await xlsx([head, ...rows]));
    expect(r.status).toBe(200);
    expect(await json(r)).toMatchObject({ rows: expected.length, unknownPeople: 0, mappingSource: 'proposed', mapping: { idNumber: '证件号码', insurance: '险种', periodFrom: '费款所属期起', periodTo: '费款所属期止', base: '缴费基数', employer: '单位缴费', employee: '个人缴费' } });
    const bill = await withTenant(db, A.id, (trx) => trx.selectFrom('close_bills').select(['source', 'line_count']).where('tenant_id', '=', A.id).where('month', '=', '2024-09').executeTakeFirstOrThrow());
    expect(bill).toEqual({ source: 'excel', line_count: expected.length });
    const matched = await json(await hr.post(`${month('2024-09')}/match`, {}));
    expect(matched.differences).toBe(0);
    // A bad insurance word is named by row and column; the bill stays as it was.
    const bad = await upload(hr, `${month('2024-09')}/bill/import`, XLSX, await xlsx([head, rows[0]!, [...rows[1]!.slice(0, 3), '住房公积金', ...rows[1]!.slice(4)]]));
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.fields).toHaveProperty(['rows[3].险种']);
    expect((await withTenant(db, A.id, (trx) => trx.selectFrom('close_bills').select('line_count').where('tenant_id', '=', A.id).where('month', '=', '2024-09').executeTakeFirstOrThrow())).line_count).toBe(expected.length);
  });

  it('keeps another tenant out: its import into this tenant’s entity is a 404, its mappings are its own', async () => {
    const hr = await as(`hr@${B.slug}.test`);
    const r = await upload(hr, `/api/t/${B.slug}/close/${entityA}/110100/2024-09/deductions/import`, 'text/csv', `身份证号,养老保险(个人)\n${idNo[0]},1.00\n`);
    expect(r.status).toBe(404);
    expect((await upload(hr, `/api/t/${B.slug}/close/${entityA}/110100/2024-09/bill/import`, 'text/csv', 'a\n1\n')).status).toBe(404);
    expect((await json(await hr.get(`/api/t/${B.slug}/close-mappings/deductions`))).mapping).toBeNull();
    expect((await json(await hr.get(`/api/t/${B.slug}/close-mappings/bill`))).mapping).toBeNull();
    // At the database level too: B's transaction sees none of A's saved mappings, and cannot write one for A.
    for (const table of ['deduction_mappings', 'close_bill_mappings'] as const) {
      expect(await withTenant(db, B.id, (trx) => trx.selectFrom(table).select('tenant_id').where('tenant_id', '=', A.id).execute())).toEqual([]);
      await expect(withTenant(db, B.id, (trx) => trx.insertInto(table).values({ tenant_id: A.id, columns: '{}' }).execute())).rejects.toThrow(/row-level security/);
    }
  });
});
