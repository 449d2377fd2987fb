import { beforeAll, describe, expect, it } from 'vitest';
import { calculateContributions } from '@lianxu/policy';
import { stopConfirmedSmsText } from '@lianxu/core';
import { peopleApiFixture, type TestClient } from '@lianxu/testing';

// A termination's preview against the run's real PostgreSQL: what the commit would file and the
// SMS it would send, shown before anything is written; the commit then files exactly that month.
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
