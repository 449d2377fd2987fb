import { beforeEach, describe, expect, it } from 'vitest';
import {
  CITY,
  EMPLOYER_A,
  app,
  makeApp,
  enrollment,
  stop,
  post,
  json,
  adminFilings,
} from './bureau.test-kit';

// Bad input to the bureau simulator: 400 naming the field, nothing filed.
beforeEach(() => makeApp());

describe('bad input answers 400 naming the field and files nothing', () => {
  async function fieldsOf(response: Response | Promise<Response>) {
    const r = await response;
    expect(r.status).toBe(400);
    const body = await json(r);
    expect(body.error.message).toBeTruthy();
    return body.error.fields as Record<string, string>;
  }

  it.each([
    ['missing idempotencyKey', { idempotencyKey: undefined }, 'idempotencyKey'],
    ['empty idempotencyKey', { idempotencyKey: '' }, 'idempotencyKey'],
    ['idempotencyKey with spaces', { idempotencyKey: 'a b' }, 'idempotencyKey'],
    ['idempotencyKey too long', { idempotencyKey: 'k'.repeat(201) }, 'idempotencyKey'],
    ['missing employerCode', { employerCode: undefined }, 'employerCode'],
    ['employerCode with a wrong check character', { employerCode: '91350100M000100Y44' }, 'employerCode'],
    ['employerCode lowercase', { employerCode: '91350100m000100y43' }, 'employerCode'],
    ['registrationNo with markup', { registrationNo: '<b>1</b>' }, 'registrationNo'],
    ['missing personName', { personName: undefined }, 'personName'],
    ['blank personName', { personName: '   ' }, 'personName'],
    ['personName with markup', { personName: '<script>alert(1)</script>' }, 'personName'],
    ['idNumber of 17 digits', { idNumber: '31010119900307001' }, 'idNumber'],
    ['idNumber as a number', { idNumber: 310101199003070019 }, 'idNumber'],
    ['idNumber with SQL', { idNumber: "1' OR '1'='1" }, 'idNumber'],
    ['unknown hukou', { hukou: 'rural' }, 'hukou'],
    ['startMonth month 13', { startMonth: '2025-13' }, 'startMonth'],
    ['startMonth as a date', { startMonth: '2025-03-01' }, 'startMonth'],
    ['base zero', { base: 0 }, 'base'],
    ['base negative', { base: -1 }, 'base'],
    ['base in yuan with decimals', { base: 7362.5 }, 'base'],
    ['base as a string', { base: '736200' }, 'base'],
    ['base absurdly large', { base: 1e12 }, 'base'],
    ['amounts negative', { amounts: { employer: -1, employee: 0 } }, 'amounts.employer'],
    ['an unknown field', { isAdmin: true }, 'isAdmin'],
  ])('enrollment: %s', async (_name, change, field) => {
    const fields = await fieldsOf(post(`/bureau/${CITY}/enrollments`, enrollment(change)));
    expect(fields).toHaveProperty([field]);
    expect(Object.values(fields).every((m) => /[\u4e00-\u9fff]/.test(m))).toBe(true);
    expect((await adminFilings()).counts.total).toBe(0);
  });

  it.each([
    ['missing lastMonth', { lastMonth: undefined }, 'lastMonth'],
    ['lastMonth malformed', { lastMonth: '25-06' }, 'lastMonth'],
    ['blank reason', { reason: ' ' }, 'reason'],
    ['reason too long', { reason: '离'.repeat(201) }, 'reason'],
    ['idNumber missing', { idNumber: undefined }, 'idNumber'],
  ])('stop: %s', async (_name, change, field) => {
    expect(await fieldsOf(post(`/bureau/${CITY}/stops`, stop(change)))).toHaveProperty([field]);
    expect((await adminFilings()).counts.total).toBe(0);
  });

  it('a missing field says it is required', async () => {
    expect(await fieldsOf(post(`/bureau/${CITY}/enrollments`, enrollment({ base: undefined })))).toEqual({ base: '必填字段' });
  });

  it('a body that is not a JSON object names body', async () => {
    for (const raw of ['{"idempotencyKey":', '', 'null', '[1,2]', '"text"']) {
      const fields = await fieldsOf(post(`/bureau/${CITY}/enrollments`, raw, true));
      expect(fields, raw).toHaveProperty('body');
    }
    expect((await adminFilings()).counts.total).toBe(0);
  });

  it('a __proto__ key is refused as an unknown field and pollutes nothing', async () => {
    const raw = JSON.stringify(enrollment()).replace(/}$/, ',"__proto__":{"polluted":true}}');
    expect(await fieldsOf(post(`/bureau/${CITY}/enrollments`, raw, true))).toHaveProperty('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await adminFilings()).counts.total).toBe(0);
  });

  it('a bad city code names city', async () => {
    for (const city of ['31010', 'abcdef', '991234', '3101000']) {
      expect(await fieldsOf(post(`/bureau/${city}/enrollments`, enrollment()))).toHaveProperty('city');
    }
    expect((await adminFilings()).counts.total).toBe(0);
  });

  it('a bill query without employerCode or with a bad month names them', async () => {
    expect(await fieldsOf(app.request(`/bureau/${CITY}/bills?month=2025-03`))).toHaveProperty('employerCode');
    expect(await fieldsOf(app.request(`/bureau/${CITY}/bills?employerCode=${EMPLOYER_A}&month=2025-3`))).toHaveProperty('month');
    expect(await fieldsOf(app.request(`/bureau/${CITY}/bills?employerCode=91350100M000100Y44&month=2025-03`))).toHaveProperty('employerCode');
    // An extra parameter (a cache buster) is ignored, not refused.
    expect((await app.request(`/bureau/${CITY}/bills?employerCode=${EMPLOYER_A}&month=2025-03&_=1`)).status).toBe(200);
  });

  it('a body over the limit is 413', async () => {
    const response = await post(`/bureau/${CITY}/enrollments`, enrollment({ personName: '张'.repeat(40_000) }));
    expect(response.status).toBe(413);
    expect((await adminFilings()).counts.total).toBe(0);
  });

  it('admin faults and name list are validated too', async () => {
    expect(await fieldsOf(post('/admin/faults', { errorRate: 2 }))).toHaveProperty('errorRate');
    expect(await fieldsOf(post('/admin/faults', { latencyMs: -5 }))).toHaveProperty('latencyMs');
    expect(await fieldsOf(post('/admin/faults', { processingDelayMs: [5, 1] }))).toHaveProperty('processingDelayMs');
    expect(await fieldsOf(post('/admin/faults', { outageUntil: 'tomorrow' }))).toHaveProperty('outageUntil');
    expect(await fieldsOf(post('/admin/name-mismatch', { idNumbers: ['123'] }))).toHaveProperty(['idNumbers.0']);
    expect(await json(app.request('/admin/faults'))).toEqual({ outageUntil: null, latencyMs: 0, errorRate: 0, processingDelayMs: [0, 0] });
  });

  it('an unknown filing or route is 404', async () => {
    expect((await app.request(`/bureau/${CITY}/filings/nope`)).status).toBe(404);
    expect((await json(app.request('/nowhere'))).error.code).toBe('route_not_found');
  });
});
