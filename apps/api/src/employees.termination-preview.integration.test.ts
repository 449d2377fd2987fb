import { beforeAll, describe, expect, it } from 'vitest';
import { calculateContributions } from '@lianxu/policy';
import { stopConfirmedSmsText } from '@lianxu/core';
import { peopleApiFixture, type TestClient } from '@lianxu/testing';

// A termination's preview against the run's real PostgreSQL: what the commit would file and the
// SMS it would send, shown before anything is written; the commit then files exactly that month.
// And a hire's preview: the enrollment's month, base and amounts, the deadline's days used and
// left, and for a deadline passed the late fee and fine exposure (business today 2026-03-10).
const people = peopleApiFixture();
const { slugA, slugB, hireBody, counts, json } = people;
let tenantA = '';
let hrA: TestClient;
let hrB: TestClient;
let employeeA: TestClient;
beforeAll(() => {
  tenantA = people.tenants.A;
  ({ hrA, hrB, employeeA } = people.clients);
});

const previewOf = (c: TestClient, id: string, body: unknown, slug = slugA, lang?: string) =>
  c.request('POST', `/api/t/${slug}/employees/${id}/termination/preview`, body, lang ? { 'accept-language': lang } : {});

describe('termination preview', () => {
  it('shows the last contribution month, the stop deadline, the cost that stops and the SMS, and writes nothing', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05', name: '李四', monthlyWage: '12000.00' })));
    const before = await counts(tenantA);
    const r = await previewOf(hrA, e.id, { lastWorkingDay: '2026-03-24', reason: '个人原因' });
    expect(r.status).toBe(200);
    const p = await json(r);
    const quote = calculateContributions({ city: '310100', month: '2026-02', wageFen: 1_200_000, hukou: 'non-local' });
    expect(p).toMatchObject({
      employeeId: e.id,
      name: '李四',
      cityCode: '310100',
      cityName: '上海',
      lastWorkingDay: '2026-03-24',
      lastContributionMonth: '2026-02',
      cutoffDay: 25,
      stopDeadline: '2026-03-25',
      stopDeadlinePassed: false,
      monthlyCost: { month: '2026-02', wage: '12000.00', employer: (quote.totals.employerFen / 100).toFixed(2), employee: (quote.totals.employeeFen / 100).toFixed(2), unavailable: null },
      sms: { to: '138****5678', text: stopConfirmedSmsText({ name: '李四', city: '上海', month: '2026-02', leaving: true }) },
    });
    expect(Number(p.monthlyCost.employer)).toBeGreaterThan(1000);
    expect(p.sms.text).toContain('由本单位缴纳至 2026-02');
    expect(await counts(tenantA)).toEqual(before);

    // The commit files the month the preview showed.
    const done = await json(await hrA.post(`/api/t/${slugA}/employees/${e.id}/termination`, { lastWorkingDay: '2026-03-24', reason: '个人原因' }));
    expect(done.tasks.find((t: any) => t.kind === 'stop').month).toBe(p.lastContributionMonth);
    const again = await previewOf(hrA, e.id, { lastWorkingDay: '2026-03-24', reason: '个人原因' });
    expect(again.status).toBe(409);
  });

  it('leaving after the cut-off day pays this month, and the stop is due by next month\'s cut-off day', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-01-05', workCity: '330100' })));
    const p = await json(await previewOf(hrA, e.id, { lastWorkingDay: '2026-03-16', reason: '离职' }));
    expect(p).toMatchObject({ lastContributionMonth: '2026-03', cutoffDay: 15, stopDeadline: '2026-04-15', cityName: '杭州' });
  });

  it('refuses bad input naming the field, in both languages, and writes nothing', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ hireDate: '2026-02-02' })));
    const before = await counts(tenantA);
    const zh = await previewOf(hrA, e.id, { lastWorkingDay: '2026-02-30', reason: '' }, slugA, 'zh-CN');
    expect(zh.status).toBe(400);
    const body = await json(zh);
    expect(Object.keys(body.error.fields).sort()).toEqual(['lastWorkingDay', 'reason']);
    expect(body.error.fields.reason).toBe('此项必填');
    const en = await json(await previewOf(hrA, e.id, { lastWorkingDay: '2026-01-30', reason: 'x' }, slugA, 'en'));
    expect(en.error.fields.lastWorkingDay).toMatch(/hire date 2026-02-02/);
    expect((await previewOf(hrA, e.id, { lastWorkingDay: '2026-03-01' })).status).toBe(400);
    expect(await counts(tenantA)).toEqual(before);
  });

  it('is for HR only, and never shows another tenant\'s employee', async () => {
    const e = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody()));
    expect((await previewOf(employeeA, e.id, { lastWorkingDay: '2026-03-09', reason: '离职' })).status).toBe(403);
    expect((await previewOf(hrB, e.id, { lastWorkingDay: '2026-03-09', reason: '离职' }, slugB)).status).toBe(404);
    expect((await previewOf(hrB, e.id, { lastWorkingDay: '2026-03-09', reason: '离职' })).status).toBe(404);
  });
});

const previewHire = (c: TestClient, body: unknown, slug = slugA, lang?: string) =>
  c.request('POST', `/api/t/${slug}/employees/preview`, body, lang ? { 'accept-language': lang } : {});
const fen = (yuan: string) => Math.round(Number(yuan) * 100);

describe('hire preview', () => {
  it('a hire dated 20 days back: what will be filed, on which base and amounts, and the days used and left; writes nothing', async () => {
    const before = await counts(tenantA);
    const r = await previewHire(hrA, hireBody({ name: '周预览', hireDate: '2026-02-18', monthlyWage: '8,500' }));
    expect(r.status).toBe(200);
    const p = await json(r);
    const quote = calculateContributions({ city: '310100', month: '2026-02', wageFen: 850_000, hukou: 'non-local' });
    expect(p).toMatchObject({
      name: '周预览', entityName: '甲公司', cityCode: '310100', cityName: '上海', hireDate: '2026-02-18', firstContributionMonth: '2026-02',
      base: (quote.lines.find((l) => l.insurance === 'pension')!.baseFen / 100).toFixed(2),
      monthlyCost: { month: '2026-02', employer: (quote.totals.employerFen / 100).toFixed(2), employee: (quote.totals.employeeFen / 100).toFixed(2), unavailable: null },
      deadline: { date: '2026-03-20', daysUsed: 20, daysLeft: 10, daysOverdue: 0, passed: false },
      exposure: null,
      housingFund: false,
    });
    expect(await counts(tenantA)).toEqual(before);
    // The save files the month the preview showed.
    const hired = await json(await hrA.post(`/api/t/${slugA}/employees`, hireBody({ name: '周预览', hireDate: '2026-02-18', monthlyWage: '8500' })));
    expect(hired.tasks.find((t: any) => t.kind === 'enrollment').month).toBe(p.firstContributionMonth);
  });

  it('a hire dated 40 days back: the deadline passed, the contributions owed, the late fee at 0.05% a day and the fine range', async () => {
    const p = await json(await previewHire(hrA, hireBody({ hireDate: '2026-01-29', monthlyWage: '8500.00' })));
    expect(p.deadline).toMatchObject({ date: '2026-02-28', daysUsed: 30, daysLeft: 0, daysOverdue: 10, passed: true });
    const monthFen = (m: string) => { const q = calculateContributions({ city: '310100', month: m, wageFen: 850_000, hukou: 'non-local' }); return q.totals.employerFen + q.totals.employeeFen; };
    const owed = monthFen('2026-01') + monthFen('2026-02') + monthFen('2026-03');
    // 第86条 by hand from each month's due date, the tenant's Shanghai cut-off day (25, the close's
    // due date): January due 25 Jan, 44 days late on 10 Mar (6 + 28 + 10); February due 25 Feb, 13
    // days; March not due yet. 0.05% a day, half up to the fen.
    const byHand = (fen: number, days: number) => Math.floor((fen * days * 5 + 5_000) / 10_000);
    const fee = byHand(monthFen('2026-01'), 44) + byHand(monthFen('2026-02'), 13);
    expect(p.exposure).toMatchObject({ months: ['2026-01', '2026-02', '2026-03'], owed: (owed / 100).toFixed(2), lateFee: (fee / 100).toFixed(2), fineMin: (owed / 100).toFixed(2), fineMax: ((owed * 3) / 100).toFixed(2), lateFeeLaw: '社会保险法 第86条', fineLaw: '社会保险法 第84条', unavailable: null });
    expect(fen(p.exposure.lateFee)).toBeGreaterThan(0);
  });

  it('where the policy library has no figures, says which are missing instead of an amount (never 0.00)', async () => {
    const p = await json(await previewHire(hrA, hireBody({ workCity: '330100', hireDate: '2026-01-20' }), slugA, 'zh-CN'));
    expect(p.base).toBeNull();
    expect(p.monthlyCost).toMatchObject({ employer: null, employee: null });
    expect(p.monthlyCost.unavailable['zh-CN']).toMatch(/^无法计算：政策库缺少杭州 2026 年度/);
    expect(p.exposure).toMatchObject({ owed: null, lateFee: null, fineMin: null, fineMax: null });
    expect(p.exposure.unavailable.en).toMatch(/^Cannot be computed/);
    expect(JSON.stringify(p)).not.toMatch(/"(base|employer|employee|owed|lateFee|fineMin|fineMax)":"0\.00"/);
  });

  it('refuses bad input naming each field, in both languages, and writes nothing', async () => {
    const before = await counts(tenantA);
    const zh = await previewHire(hrA, hireBody({ name: '', hireDate: '2026-02-30' }), slugA, 'zh-CN');
    expect(zh.status).toBe(400);
    expect(Object.keys((await json(zh)).error.fields).sort()).toEqual(['hireDate', 'name']);
    const wage = await json(await previewHire(hrA, hireBody({ monthlyWage: '0' }), slugA, 'zh-CN'));
    expect(wage.error.fields).toEqual({ monthlyWage: '月工资必须大于 0' });
    const en = await json(await previewHire(hrA, hireBody({ workCity: '440300' }), slugA, 'en'));
    expect(en.error.fields.workCity).toMatch(/no social insurance registration/);
    expect((await previewHire(hrA, { name: '缺字段' })).status).toBe(400);
    // The same ID number as an active employee: refused as the save would be.
    const first = hireBody();
    expect((await hrA.post(`/api/t/${slugA}/employees`, first)).status).toBe(201);
    const dup = await previewHire(hrA, { ...first, name: '另一个' });
    expect(dup.status).toBe(409);
    expect(Object.keys((await json(dup)).error.fields)).toEqual(['idNumber']);
    expect((await counts(tenantA)).employees).toBe(before.employees + 1);
  });

  it('is for HR only, and another tenant\'s HR gets a 404', async () => {
    expect((await previewHire(employeeA, hireBody())).status).toBe(403);
    expect((await previewHire(hrB, hireBody())).status).toBe(404);
    expect((await previewHire(hrB, hireBody(), slugB)).status).toBe(200);
  });
});
