import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { DEDUCTION_COLUMNS, expectedLines, voucherLayoutHeaders, type ExpectedLine } from '@lianxu/core';
import { firstEntityId, peopleApiFixture, seedCloseEmployees, TEST_ORIGIN, type TestClient } from '@lianxu/testing';

// Payroll and finance out (issue #18, item 3) through the API, on a real database: the month's
// employee deductions equal the policy engine's employee lines to the fen for every employee; the
// vouchers balance and their totals equal the month's contributions; CSV and Excel with stable
// columns; the same answers with a session and with an API key; bad input named in both languages.
const people = peopleApiFixture();
const { db, app, slugA, slugB, json } = people;
const MONTH = '2024-09';
const HF = '0.07';
let hrA: TestClient;
let adminA: TestClient;
let entityId: string;
let ids: string[];
let expected: ExpectedLine[];
const q = (extra = '') => `entityId=${entityId}&month=${MONTH}&housingFundRate=${HF}${extra}`;

function withKey(token: string, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'accept-language': 'en' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return app.request(`${TEST_ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function createKey(client: TestClient, slug: string, scopes: string[]): Promise<string> {
  const res = await client.post(`/api/t/${slug}/api-keys`, { name: 'finance sync', scopes, expiresInDays: 30 });
  expect(res.status).toBe(201);
  return (await json(res)).token;
}

/** Every tenant row count an export or a refused mapping must leave alone. */
async function rowCounts(tenantId: string): Promise<Record<string, number>> {
  return withTenant(db, tenantId, async (trx) => {
    const out: Record<string, number> = {};
    for (const t of ['finance_accounts', 'audit_log', 'month_closes', 'close_deductions', 'employees', 'wage_history', 'coverage_periods'] as const) {
      out[t] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)} where tenant_id = ${tenantId}`.execute(trx)).rows[0]!.n;
    }
    return out;
  });
}

beforeAll(async () => {
  ({ hrA, adminA } = people.clients);
  entityId = await firstEntityId(db, people.tenants.A);
  ids = await seedCloseEmployees(db, people.tenants.A, entityId, [
    { name: '北京甲', city: '110100', from: '2024-01', wages: [['2024-01-02', 1_234_567]] },
    { name: '北京乙', city: '110100', from: '2024-01', hukou: 'non-local', wages: [['2024-01-02', 3_000_000], ['2024-09-15', 4_500_000]] },
    // Below the floor: the base is raised, the deduction follows the base, not the wage.
    { name: '上海丙', city: '310100', from: '2024-03', wages: [['2024-03-01', 300_000]] },
    // Left in August: not in September's deductions.
    { name: '上海丁', city: '310100', from: '2024-01', to: '2024-08', wages: [['2024-01-02', 900_000]] },
    // Covered in Nanjing from October, where the policy library has no figures: unpriced, never guessed.
    { name: '南京戊', city: '320100', from: '2024-10', wages: [['2024-10-08', 800_000]] },
  ]);
  expected = [];
  for (const cityCode of ['110100', '310100']) {
    expected.push(...(await expectedLines(db, { tenantId: people.tenants.A, entityId, cityCode, month: MONTH, housingFundRate: HF })).lines);
  }
  expect(expected.length).toBeGreaterThan(10);
});

const sum = (lines: { employeeFen: number; employerFen: number }[], side: 'employeeFen' | 'employerFen') => lines.reduce((s, l) => s + l[side], 0);

describe('payroll deductions', () => {
  it('equal the policy engine’s lines to the fen, per employee and insurance, for every employee of the month (HR session)', async () => {
    const res = await hrA.get(`/api/t/${slugA}/payroll/deductions?${q()}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.cities).toEqual(['110100', '310100']);
    expect(body.unpriced).toEqual([]);
    expect(body.employees.map((e: any) => e.employeeId).sort()).toEqual([ids[0], ids[1], ids[2]].sort());
    const got = body.employees.flatMap((e: any) => e.lines.map((l: any) => `${e.employeeId}|${l.insurance}|${l.baseFen}|${l.employeeFen}|${l.employerFen}`)).sort();
    expect(got).toEqual(expected.map((l) => `${l.employeeId}|${l.insurance}|${l.baseFen}|${l.employeeFen}|${l.employerFen}`).sort());
    for (const e of body.employees) {
      expect(e.employeeTotalFen).toBe(sum(expected.filter((l) => l.employeeId === e.employeeId), 'employeeFen'));
      expect(e.employerTotalFen).toBe(sum(expected.filter((l) => l.employeeId === e.employeeId), 'employerFen'));
    }
    expect(body.totals).toEqual({ employees: 3, employeeFen: sum(expected, 'employeeFen'), employerFen: sum(expected, 'employerFen') });
    expect(body.employees.find((e: any) => e.employeeId === ids[2]).lines.some((l: any) => l.insurance === 'housingFund')).toBe(true);
  });

  it('as CSV: the stable header and one row per employee, in yuan, matching the JSON', async () => {
    const res = await hrA.get(`/api/t/${slugA}/payroll/deductions.csv?${q()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`payroll-deductions-${MONTH}.csv`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const [header, ...rows] = text.slice(1).trimEnd().split('\r\n');
    expect(header).toBe(
      'employee_id,name,id_number_masked,city_code,month,pension_employee,medical_employee,maternity_employee,unemployment_employee,work_injury_employee,housing_fund_employee,employee_total,'
      + 'pension_employer,medical_employer,maternity_employer,unemployment_employer,work_injury_employer,housing_fund_employer,employer_total',
    );
    expect(rows).toHaveLength(3);
    const cols = header!.split(',');
    for (const row of rows) {
      const cells = Object.fromEntries(row.split(',').map((v, i) => [cols[i]!, v]));
      const mine = expected.filter((l) => l.employeeId === cells.employee_id);
      const yuan = (fen: number) => (fen / 100).toFixed(2);
      expect(cells.month).toBe(MONTH);
      expect(cells.pension_employee).toBe(yuan(mine.find((l) => l.insurance === 'pension')!.employeeFen));
      expect(cells.housing_fund_employer).toBe(yuan(mine.find((l) => l.insurance === 'housingFund')!.employerFen));
      expect(cells.employee_total).toBe(yuan(sum(mine, 'employeeFen')));
      expect(cells.employer_total).toBe(yuan(sum(mine, 'employerFen')));
    }
    expect(rows.find((r) => r.startsWith(ids[0]!))).toContain(',北京甲,');
  });

  it('as Excel: the same columns headed in Chinese and by key, with the same amounts', async () => {
    const res = await hrA.get(`/api/t/${slugA}/payroll/deductions.xlsx?${q()}`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(DEDUCTION_COLUMNS.map((c) => `${c.zh} ${c.key}`));
    const totalCol = DEDUCTION_COLUMNS.findIndex((c) => c.key === 'employee_total') + 1;
    let total = 0;
    for (let r = 2; r <= sheet.rowCount; r++) total += Math.round(Number(sheet.getRow(r).getCell(totalCol).value) * 100);
    expect(sheet.rowCount).toBe(4);
    expect(total).toBe(sum(expected, 'employeeFen'));
  });

  it('lists an employee the policy cannot price apart, with the reason, and never guesses a line', async () => {
    const res = await hrA.get(`/api/t/${slugA}/payroll/deductions?entityId=${entityId}&month=2024-10`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.unpriced).toMatchObject([{ employeeId: ids[4], cityCode: '320100', insurances: 'all' }]);
    expect(body.unpriced[0].reason['zh-CN']).toBeTruthy();
    expect(body.employees.some((e: any) => e.employeeId === ids[4])).toBe(false);
  });
});

describe('finance vouchers', () => {
  it('balance, and their totals equal the month’s contributions', async () => {
    const res = await hrA.get(`/api/t/${slugA}/finance/vouchers?${q()}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    const employerFen = sum(expected, 'employerFen');
    const employeeFen = sum(expected, 'employeeFen');
    for (const v of body.vouchers) {
      expect(v.debitFen, `voucher ${v.number}`).toBe(v.creditFen);
      expect(v.lines.reduce((s: number, l: any) => s + l.debitFen, 0)).toBe(v.debitFen);
      expect(v.lines.reduce((s: number, l: any) => s + l.creditFen, 0)).toBe(v.creditFen);
    }
    const of = (kind: string) => body.vouchers.filter((v: any) => v.kind === kind);
    expect(of('accrual')[0].debitFen).toBe(employerFen);
    expect(of('withholding')[0].creditFen).toBe(employeeFen);
    // One payment per city to the bureau and one to the housing-fund centre.
    expect(of('payment_social_insurance')).toHaveLength(2);
    expect(of('payment_housing_fund')).toHaveLength(2);
    const paid = [...of('payment_social_insurance'), ...of('payment_housing_fund')].reduce((s: number, v: any) => s + v.creditFen, 0);
    expect(paid).toBe(employerFen + employeeFen);
    expect(body.totals).toEqual({ employerFen, employeeFen, debitFen: body.totals.creditFen, creditFen: 2 * (employerFen + employeeFen) });
    // Per insurance, the accrual books exactly the employer lines of the engine.
    for (const ins of ['pension', 'medical', 'housingFund']) {
      const accrued = of('accrual')[0].lines.filter((l: any) => l.insurance === ins).reduce((s: number, l: any) => s + l.creditFen, 0);
      expect(accrued, ins).toBe(sum(expected.filter((l) => l.insurance === ins), 'employerFen'));
    }
  });

  it('are refused (422) while an employee of the month cannot be priced', async () => {
    const res = await hrA.get(`/api/t/${slugA}/finance/vouchers?entityId=${entityId}&month=2024-10`);
    expect(res.status).toBe(422);
    expect((await json(res)).error.code).toBe('expected_unavailable');
  });

  it('use the tenant’s chart of accounts once mapped, and export in a bookkeeping program’s layout', async () => {
    const before = await rowCounts(people.tenants.A);
    const bad = await hrA.request('PUT', `/api/t/${slugA}/finance/accounts`, { accounts: [{ account: 'bank', code: '=1+1', name: '银行' }, { account: 'cash', code: '1001', name: '现金' }] });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields)).toContain('accounts.1.account');
    const badCode = await hrA.request('PUT', `/api/t/${slugA}/finance/accounts`, { accounts: [{ account: 'bank', code: '=1+1', name: '银行' }] });
    expect(badCode.status).toBe(400);
    expect(Object.keys((await json(badCode)).error.fields)).toEqual(['accounts.0.code']);
    expect(await rowCounts(people.tenants.A)).toEqual(before);

    const mapped = await hrA.request('PUT', `/api/t/${slugA}/finance/accounts`, { accounts: [{ account: 'bank', code: '100201', name: '银行存款-工商银行' }] });
    expect(mapped.status).toBe(200);
    expect((await json(mapped)).items.find((a: any) => a.account === 'bank')).toEqual({ account: 'bank', code: '100201', name: '银行存款-工商银行', mapped: true });
    const vouchers = await json(await hrA.get(`/api/t/${slugA}/finance/vouchers?${q()}`));
    const bankLines = vouchers.vouchers.flatMap((v: any) => v.lines).filter((l: any) => l.account === 'bank');
    expect(bankLines.length).toBe(4);
    expect(bankLines.every((l: any) => l.accountCode === '100201')).toBe(true);

    const res = await hrA.get(`/api/t/${slugA}/finance/vouchers.xlsx?${q('&layout=kingdee')}`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header).toEqual(voucherLayoutHeaders('kingdee'));
    const debit = header.indexOf('借方金额') + 1;
    const credit = header.indexOf('贷方金额') + 1;
    let d = 0;
    let c = 0;
    for (let r = 2; r <= sheet.rowCount; r++) {
      d += Math.round(Number(sheet.getRow(r).getCell(debit).value) * 100);
      c += Math.round(Number(sheet.getRow(r).getCell(credit).value) * 100);
    }
    expect(d).toBe(c);
    expect(d).toBe(vouchers.totals.debitFen);
    expect((await hrA.request('PUT', `/api/t/${slugA}/finance/accounts`, { reset: ['bank'] })).status).toBe(200);
  });
});

describe('access and bad input', () => {
  it('an API key with contributions:read gets the same figures; one without it is refused naming the scope; a key cannot change the mapping', async () => {
    const token = await createKey(adminA, slugA, ['contributions:read']);
    const byKey = await withKey(token, 'GET', `/api/t/${slugA}/payroll/deductions?${q()}`);
    expect(byKey.status).toBe(200);
    const bySession = await hrA.get(`/api/t/${slugA}/payroll/deductions?${q()}`);
    expect(await json(byKey)).toEqual(await json(bySession));
    expect((await withKey(token, 'GET', `/api/t/${slugA}/payroll/deductions.csv?${q()}`)).status).toBe(200);
    expect((await withKey(token, 'GET', `/api/t/${slugA}/finance/vouchers?${q()}`)).status).toBe(200);
    expect((await withKey(token, 'GET', `/api/t/${slugA}/finance/vouchers.xlsx?${q('&layout=yonyou')}`)).status).toBe(200);
    const put = await withKey(token, 'PUT', `/api/t/${slugA}/finance/accounts`, { accounts: [{ account: 'bank', code: '1002', name: '银行存款' }] });
    expect(put.status).toBe(403);

    const readOnly = await createKey(adminA, slugA, ['employees:read']);
    const refused = await withKey(readOnly, 'GET', `/api/t/${slugA}/finance/vouchers?${q()}`);
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.fields).toEqual({ scope: 'contributions:read' });
  });

  it('another tenant’s key, HR or entity sees nothing; an employee may not export', async () => {
    const keyB = await createKey(await people.signedIn(`admin@${slugB}.test`), slugB, ['contributions:read']);
    expect((await withKey(keyB, 'GET', `/api/t/${slugA}/payroll/deductions?${q()}`)).status).toBe(404);
    expect((await withKey(keyB, 'GET', `/api/t/${slugA}/finance/vouchers?${q()}`)).status).toBe(404);
    expect((await people.clients.hrB.get(`/api/t/${slugA}/payroll/deductions?${q()}`)).status).toBe(404);
    // A's entity on B's own routes is an unknown entity there.
    const inB = await withKey(keyB, 'GET', `/api/t/${slugB}/payroll/deductions?${q()}`);
    expect(inB.status).toBe(400);
    expect(Object.keys((await json(inB)).error.fields)).toEqual(['entityId']);
    expect((await people.clients.employeeA.get(`/api/t/${slugA}/payroll/deductions?${q()}`)).status).toBe(403);
  });

  it('a bad month, an unknown entity or a rate the city refuses is a 400 naming the field in zh-CN and English; nothing is written', async () => {
    const before = await rowCounts(people.tenants.A);
    const zh = new (hrA.constructor as typeof TestClient)(app, { lang: 'zh-CN' });
    zh.cookie = hrA.cookie;
    const cases: [string, string][] = [
      [`entityId=${entityId}&month=2024-13`, 'month'],
      [`entityId=${entityId}&month=2024-9`, 'month'],
      [`entityId=${entityId}`, 'month'],
      [`entityId=not-an-id&month=${MONTH}`, 'entityId'],
      [`entityId=00000000-0000-4000-8000-000000000000&month=${MONTH}`, 'entityId'],
      [`entityId=${entityId}&month=${MONTH}&housingFundRate=0.5`, 'housingFundRate'],
      [`entityId=${entityId}&month=${MONTH}&injuryRate=abc`, 'injuryRate'],
      [`entityId=${entityId}&month=${MONTH}&city=31`, 'city'],
      [`entityId=${entityId}&month=${MONTH}&sort=name`, 'sort'],
    ];
    for (const path of ['/payroll/deductions', '/payroll/deductions.csv', '/finance/vouchers', '/finance/vouchers.xlsx']) {
      for (const [query, field] of cases) {
        const en = await hrA.get(`/api/t/${slugA}${path}?${query}`);
        expect(en.status, `${path}?${query}`).toBe(400);
        const enFields = (await json(en)).error.fields;
        expect(Object.keys(enFields), `${path}?${query}`).toEqual([field]);
        const cn = await zh.get(`/api/t/${slugA}${path}?${query}`);
        const cnBody = await json(cn);
        expect(cnBody.error.message).toMatch(/[\u4e00-\u9fff]/);
        expect(Object.keys(cnBody.error.fields)).toEqual([field]);
        // Each field is named in Chinese for a zh-CN caller and in English for an English one.
        expect(cnBody.error.fields[field], `${path}?${query}`).toMatch(/[\u4e00-\u9fff]/);
        expect(enFields[field], `${path}?${query}`).toMatch(/[A-Za-z]{3}/);
      }
    }
    expect(await rowCounts(people.tenants.A)).toEqual(before);
  });
});
