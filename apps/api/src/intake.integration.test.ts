import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { peopleApiFixture, TestClient, type TestClient as Client } from '@lianxu/testing';

// The intake routes: HR's link, the recruiting systems' idempotent push, the public form (single
// use, expiry, tampering, field-named refusals in zh and en, rate limit), the confirmed hire, and
// two tenants kept apart.
const people = peopleApiFixture();
const { deps, slugA, slugB, newIdNumber, json } = people;
let hrA: Client;
let hrB: Client;
let employeeA: Client;
beforeAll(() => ({ hrA, hrB, employeeA } = people.clients));

const offer = (o: Record<string, unknown> = {}) => ({ name: '王芳', mobile: '13912345678', cityCode: '310100', startDate: '2026-03-16', monthlyWage: '5000', ...o });
function answers(idNumber: string, o: Record<string, unknown> = {}) {
  return {
    idType: 'resident_id', idNumber, name: '王芳',
    sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
    ethnicity: '汉族', hukouType: 'local-urban', hukouAddress: '上海市浦东新区世纪大道 100 号', mobile: '13912345678',
    education: 'master', maritalStatus: 'married', firstInsured: false, lastPaidMonth: '2026-01', bankName: '工商银行', bankCard: '6222020200112233445',
    ...o,
  };
}
const anon = () => new TestClient(people.app);

describe('intake routes', () => {
  it('goes from the offer to a confirmed hire: link, form, gap, review, correction, confirmation', async () => {
    const res = await hrA.post(`/api/t/${slugA}/intakes`, { ...offer(), delivery: 'sms' });
    expect(res.status).toBe(201);
    const { intake, linkPath } = await json(res);
    expect(intake.state).toBe('sent');
    const form = anon();
    const ctx = await form.get(`/api${linkPath}`);
    expect(ctx.status).toBe(200);
    expect(await json(ctx)).toMatchObject({ cityName: '上海', startDate: '2026-03-16', mobileMasked: '139****5678' });

    const idNumber = newIdNumber();
    const sent = await form.post(`/api${linkPath}`, answers(idNumber));
    expect(sent.status).toBe(200);
    const text = await sent.text();
    expect(text).not.toContain(idNumber);
    // Paid through January, starting in March: February uncovered.
    expect(JSON.parse(text).gap).toMatchObject({ gapMonths: 1, gapFrom: '2026-02', gapTo: '2026-02' });

    const again = await form.get(`/api${linkPath}`);
    expect(again.status).toBe(410);
    expect(await again.text()).not.toContain('王芳');

    const shown = await json(await hrA.get(`/api/t/${slugA}/intakes/${intake.id}`));
    expect(shown.answers).toMatchObject({ idNumberMasked: `${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`, bankCardMasked: '***************3445' });
    const corrected = await hrA.request('PATCH', `/api/t/${slugA}/intakes/${intake.id}`, { ethnicity: '回族', monthlyWage: '5200' });
    expect(corrected.status).toBe(200);
    expect(await json(corrected)).toMatchObject({ monthlyWage: '5200.00', answers: { ethnicity: '回族' } });
    const badFix = await hrA.request('PATCH', `/api/t/${slugA}/intakes/${intake.id}`, { birthDate: '2001-02-29' });
    expect(badFix.status).toBe(400);
    expect((await json(badFix)).error.fields).toHaveProperty('birthDate');

    const confirmed = await hrA.post(`/api/t/${slugA}/intakes/${intake.id}/confirm`);
    expect(confirmed.status).toBe(200);
    const done = await json(confirmed);
    expect(done.state).toBe('confirmed');
    const employee = await json(await hrA.get(`/api/t/${slugA}/employees/${done.employeeId}`));
    expect(employee).toMatchObject({ name: '王芳', hireDate: '2026-03-16', hukou: 'local', monthlyWage: '5200.00' });
    expect(employee.enrollment).toMatchObject({ month: '2026-03', cityCode: '310100' });
  });

  it('refuses reused and tampered links in zh and en; bad answers name the field and write nothing', async () => {
    const { linkPath } = await json(await hrA.post(`/api/t/${slugA}/intakes`, offer()));
    const form = anon();
    const bad = await form.request('POST', `/api${linkPath}`, answers(newIdNumber(), { idNumber: '310115199001011235', birthDate: '1990-13-01' }), { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    const body = await json(bad);
    expect(Object.keys(body.error.fields)).toEqual(expect.arrayContaining(['idNumber', 'birthDate']));
    // Still usable: nothing was written.
    expect((await form.get(`/api${linkPath}`)).status).toBe(200);

    const tampered = linkPath.replace(/.$/, (ch: string) => (ch === 'A' ? 'B' : 'A'));
    const zh = await form.request('GET', `/api${tampered}`, undefined, { 'accept-language': 'zh-CN' });
    expect(zh.status).toBe(404);
    expect((await json(zh)).error.message).toMatch(/链接无效/);
    const en = await form.request('GET', `/api${tampered}`, undefined, { 'accept-language': 'en' });
    expect((await json(en)).error.message).toMatch(/not valid/);
    expect((await form.get(`/api/intake/${slugA}/short`)).status).toBe(404);

    expect((await form.post(`/api${linkPath}`, answers(newIdNumber()))).status).toBe(200);
    const reused = await form.request('POST', `/api${linkPath}`, answers(newIdNumber()), { 'accept-language': 'en' });
    expect(reused.status).toBe(410);
    expect((await json(reused)).error.message).toMatch(/already been submitted/);
  });

  it('names the field for a start date far away and a city without a registered entity', async () => {
    for (const [o, field] of [[{ startDate: '2026-01-02' }, 'startDate'], [{ startDate: '2026-12-01' }, 'startDate'], [{ startDate: '2026-02-29' }, 'startDate'], [{ cityCode: '110100' }, 'cityCode']] as const) {
      const res = await hrA.post(`/api/t/${slugA}/intakes`, offer(o));
      expect(res.status, JSON.stringify(o)).toBe(400);
      expect((await json(res)).error.fields).toHaveProperty(field);
    }
  });

  it('takes pushes from recruiting systems idempotently by their candidate id', async () => {
    const body = { ...offer(), candidateId: 'greenhouse-77' };
    const first = await hrA.post(`/api/t/${slugA}/candidates`, body);
    expect(first.status).toBe(201);
    const second = await hrA.post(`/api/t/${slugA}/candidates`, body);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(second)).intake.id).toBe((await json(first)).intake.id);
    const other = await hrA.post(`/api/t/${slugA}/candidates`, { ...body, startDate: '2026-03-20' });
    expect(other.status).toBe(409);
    expect((await json(other)).error.fields).toHaveProperty('candidateId');
  });

  it("keeps tenants apart and the employee role out", async () => {
    const { intake, linkPath } = await json(await hrA.post(`/api/t/${slugA}/intakes`, offer()));
    expect((await hrB.get(`/api/t/${slugB}/intakes/${intake.id}`)).status).toBe(404);
    expect((await hrB.post(`/api/t/${slugB}/intakes/${intake.id}/confirm`)).status).toBe(404);
    expect((await json(await hrB.get(`/api/t/${slugB}/intakes`))).items.some((i: { id: string }) => i.id === intake.id)).toBe(false);
    expect((await hrB.get(`/api/t/${slugA}/intakes`)).status).toBe(404);
    expect((await employeeA.get(`/api/t/${slugA}/intakes`)).status).toBe(403);
    // Tenant A's token under tenant B's slug opens nothing.
    expect((await anon().get(`/api${linkPath.replace(slugA, slugB)}`)).status).toBe(404);
  });

  it('rate limits the public form per address', async () => {
    const strict = buildApp({ ...deps.deps, intakeRequestsPerMinute: 3 });
    const c = new TestClient(strict);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await c.get(`/api/intake/${slugA}/${'x'.repeat(43)}`)).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });

  it('lists every intake route in /api/openapi.json', async () => {
    const doc = await json(await anon().get('/api/openapi.json'));
    for (const p of ['/api/t/{tenant}/intakes', '/api/t/{tenant}/intakes/{id}', '/api/t/{tenant}/intakes/{id}/confirm', '/api/t/{tenant}/intakes/{id}/link', '/api/t/{tenant}/candidates', '/api/intake/{slug}/{token}']) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
  });
});
