import { beforeEach, describe, expect, it } from 'vitest';
import { buildBureauApp } from './bureau.app';
import { BureauState } from './bureau.state';

const CITY = '310100';
const OTHER_CITY = '440300';
const EMPLOYER_A = '91350100M000100Y43';
const EMPLOYER_B = '91310000MA1FL1234Q';
const ZHANG = '310101199003070019';
const LI = '310115198506120034';
const WANG = '11010119900307002X';
const BAD_CHECK_DIGIT = '310101199003070010';
const T0 = Date.parse('2025-03-10T02:00:00Z');

let clock = T0;
let state: BureauState;
let app: ReturnType<typeof buildBureauApp>;
let slept: number[];

function makeApp(options: { delay?: [number, number]; random?: () => number } = {}) {
  clock = T0;
  slept = [];
  state = new BureauState({ now: () => clock, processingDelayMs: options.delay ?? [0, 0], ...(options.random ? { random: options.random } : {}) });
  app = buildBureauApp({ state, sleep: async (ms) => void slept.push(ms) });
}

function enrollment(overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: 'enroll:t1:e1:ev1',
    employerCode: EMPLOYER_A,
    registrationNo: 'SH-0001',
    personName: '张三',
    idNumber: ZHANG,
    hukou: 'local',
    startMonth: '2025-03',
    base: 736_200,
    ...overrides,
  };
}

function stop(overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: 'stop:t1:e1:ev2',
    employerCode: EMPLOYER_A,
    registrationNo: 'SH-0001',
    idNumber: ZHANG,
    lastMonth: '2025-06',
    reason: '解除劳动合同',
    ...overrides,
  };
}

function post(path: string, body: unknown, raw = false) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
}

async function json(response: Response | Promise<Response>) {
  // Responses are checked field by field below, so an untyped body is what the assertions want.
  return (await response).json() as Promise<any>;
}

async function file(kind: 'enrollments' | 'stops', body: unknown, city = CITY): Promise<string> {
  const response = await post(`/bureau/${city}/${kind}`, body);
  expect(response.status).toBe(202);
  return (await json(response)).filingId;
}

async function statusOf(filingId: string, city = CITY) {
  return json(app.request(`/bureau/${city}/filings/${filingId}`));
}

/** Polls like a filer would, until the bureau has decided. */
async function decided(filingId: string, city = CITY) {
  for (let i = 0; i < 50; i += 1) {
    const filing = await statusOf(filingId, city);
    if (filing.status === 'confirmed' || filing.status === 'rejected') return filing;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`filing ${filingId} never decided`);
}

async function adminFilings() {
  return json(app.request('/admin/filings'));
}

beforeEach(() => makeApp());

describe('idempotent filings', () => {
  it('a repeat with the same key returns the first receipt and never files twice', async () => {
    const first = await post(`/bureau/${CITY}/enrollments`, enrollment());
    expect(first.status).toBe(202);
    const receipt = await first.json();
    expect(receipt).toEqual({ filingId: expect.any(String), status: 'received' });

    const again = await post(`/bureau/${CITY}/enrollments`, enrollment());
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(receipt);

    const { counts } = await adminFilings();
    expect(counts).toEqual({ total: 1, byKind: { enrollment: 1, stop: 0 }, byIdempotencyKey: { 'enroll:t1:e1:ev1': 1 } });
  });

  it('twenty concurrent repeats make one filing', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => json(post(`/bureau/${CITY}/enrollments`, enrollment()))));
    expect(new Set(answers.map((a) => a.filingId)).size).toBe(1);
    expect((await adminFilings()).counts.total).toBe(1);
  });

  it('a replay after the filing was decided still returns the first receipt', async () => {
    const filingId = await file('enrollments', enrollment());
    expect((await decided(filingId)).status).toBe('confirmed');
    expect(await json(post(`/bureau/${CITY}/enrollments`, enrollment()))).toEqual({ filingId, status: 'received' });
    expect(state.listCoverages()).toHaveLength(1);
  });

  it('the same key with another body is 409 and changes nothing', async () => {
    const filingId = await file('enrollments', enrollment());
    const changed = await post(`/bureau/${CITY}/enrollments`, enrollment({ base: 800_000 }));
    expect(changed.status).toBe(409);
    const body = await json(changed);
    expect(body.error.code).toBe('idempotency_key_reused');
    expect(body.error.fields).toHaveProperty('idempotencyKey');

    // The same key sent as a stop is a reuse with another body as well.
    const asStop = await post(`/bureau/${CITY}/stops`, stop({ idempotencyKey: 'enroll:t1:e1:ev1' }));
    expect(asStop.status).toBe(409);

    const { filings, counts } = await adminFilings();
    expect(counts.total).toBe(1);
    expect(filings[0]).toMatchObject({ filingId, payload: { base: 736_200 } });
  });

  it('stops follow the same rules', async () => {
    await decided(await file('enrollments', enrollment()));
    const first = await json(post(`/bureau/${CITY}/stops`, stop()));
    expect(await json(post(`/bureau/${CITY}/stops`, stop()))).toEqual(first);
    expect((await post(`/bureau/${CITY}/stops`, stop({ lastMonth: '2025-07' }))).status).toBe(409);
    expect((await adminFilings()).counts.byKind).toEqual({ enrollment: 1, stop: 1 });
  });

  it('keys are per city: each city is its own bureau', async () => {
    const here = await file('enrollments', enrollment());
    const there = await file('enrollments', enrollment(), OTHER_CITY);
    expect(there).not.toBe(here);
    expect((await adminFilings()).counts.byIdempotencyKey).toEqual({ 'enroll:t1:e1:ev1': 2 });
    // A city only answers for its own filings.
    expect((await app.request(`/bureau/${OTHER_CITY}/filings/${here}`)).status).toBe(404);
  });
});

describe('asynchronous processing', () => {
  it('received, then processing, then confirmed with a receipt number once the delay has passed', async () => {
    makeApp({ delay: [1000, 1000] });
    const filingId = await file('enrollments', enrollment());
    expect(await statusOf(filingId)).toMatchObject({ filingId, kind: 'enrollment', status: 'received' });
    clock = T0 + 500;
    expect((await statusOf(filingId)).status).toBe('processing');
    clock = T0 + 999;
    expect((await statusOf(filingId)).status).toBe('processing');
    clock = T0 + 1000;
    const done = await statusOf(filingId);
    expect(done).toMatchObject({ status: 'confirmed', decidedAt: '2025-03-10T02:00:01.000Z' });
    // ZY (增员) + city + Shanghai business date + sequence.
    expect(done.receiptNo).toBe('ZY31010020250310000001');
    expect(done.rejection).toBeUndefined();
  });

  it('the default delay is random between 1 and 3 seconds', async () => {
    clock = T0;
    const slowest = new BureauState({ now: () => clock, random: () => 0.999_999 });
    const fastest = new BureauState({ now: () => clock, random: () => 0 });
    const slowId = slowest.submitEnrollment(CITY, 'k', enrollment() as never);
    const fastId = fastest.submitEnrollment(CITY, 'k', enrollment() as never);
    if (slowId.outcome !== 'created' || fastId.outcome !== 'created') throw new Error('not created');
    clock = T0 + 999;
    expect(fastest.getFiling(CITY, fastId.receipt.filingId)?.status).toBe('processing');
    clock = T0 + 1000;
    expect(fastest.getFiling(CITY, fastId.receipt.filingId)?.status).toBe('confirmed');
    clock = T0 + 2999;
    expect(slowest.getFiling(CITY, slowId.receipt.filingId)?.status).toBe('processing');
    clock = T0 + 3000;
    expect(slowest.getFiling(CITY, slowId.receipt.filingId)?.status).toBe('confirmed');
  });

  it('a zero delay set through the admin API confirms on the next poll', async () => {
    makeApp({ delay: [5000, 5000] });
    expect((await post('/admin/faults', { processingDelayMs: [0, 0] })).status).toBe(200);
    const filing = await decided(await file('enrollments', enrollment()));
    expect(filing.status).toBe('confirmed');
    expect(filing.receiptNo).toMatch(/^ZY310100\d{14}$/);
  });

  it('a stop is confirmed with its own receipt number', async () => {
    await decided(await file('enrollments', enrollment()));
    const filing = await decided(await file('stops', stop()));
    expect(filing).toMatchObject({ kind: 'stop', status: 'confirmed' });
    expect(filing.receiptNo).toMatch(/^JY310100/);
  });
});

describe('rejections', () => {
  async function rejection(kind: 'enrollments' | 'stops', body: unknown) {
    const filing = await decided(await file(kind, body));
    expect(filing.status).toBe('rejected');
    expect(filing.receiptNo).toBeUndefined();
    return filing.rejection as { code: string; message: string };
  }

  it('an ID number with a wrong check digit', async () => {
    const r = await rejection('enrollments', enrollment({ idNumber: BAD_CHECK_DIGIT }));
    expect(r).toEqual({ code: 'invalid_id_number', message: expect.stringContaining('校验位') });
    expect(state.listCoverages()).toEqual([]);
    expect((await rejection('stops', stop({ idNumber: BAD_CHECK_DIGIT }))).code).toBe('invalid_id_number');
  });

  it('a name that does not match the ID number, from the admin list', async () => {
    const set = await post('/admin/name-mismatch', { idNumbers: [LI, '11010119900307002x'] });
    expect(await set.json()).toEqual({ idNumbers: [WANG, LI].sort() });
    const r = await rejection('enrollments', enrollment({ idNumber: WANG, idempotencyKey: 'w' }));
    expect(r).toEqual({ code: 'name_id_mismatch', message: '姓名与公民身份号码不一致，请核对姓名和证件号码后重新申报' });
    // Someone not on the list goes through.
    expect((await decided(await file('enrollments', enrollment()))).status).toBe('confirmed');
    // An empty list clears it.
    await post('/admin/name-mismatch', { idNumbers: [] });
    expect((await decided(await file('enrollments', enrollment({ idNumber: WANG, idempotencyKey: 'w2' })))).status).toBe('confirmed');
  });

  it('a person already enrolled elsewhere until the other employer stops', async () => {
    await decided(await file('enrollments', enrollment()));
    const elsewhere = enrollment({ idempotencyKey: 'b1', employerCode: EMPLOYER_B, registrationNo: 'SH-0002', startMonth: '2025-05' });
    const r = await rejection('enrollments', elsewhere);
    expect(r.code).toBe('enrolled_elsewhere');
    expect(r.message).toContain('其他单位');

    // Employer A stops with May: June is free, May is still covered by A.
    expect((await decided(await file('stops', stop({ lastMonth: '2025-05' })))).status).toBe('confirmed');
    expect((await rejection('enrollments', { ...elsewhere, idempotencyKey: 'b2' })).code).toBe('enrolled_elsewhere');
    expect((await decided(await file('enrollments', { ...elsewhere, idempotencyKey: 'b3', startMonth: '2025-06' }))).status).toBe('confirmed');
  });

  it('another city does not see this city’s enrollment', async () => {
    await decided(await file('enrollments', enrollment()));
    const there = enrollment({ employerCode: EMPLOYER_B, registrationNo: 'SZ-1' });
    expect((await decided(await file('enrollments', there, OTHER_CITY), OTHER_CITY)).status).toBe('confirmed');
  });

  it('the same employer enrolling the same person twice', async () => {
    await decided(await file('enrollments', enrollment()));
    expect((await rejection('enrollments', enrollment({ idempotencyKey: 'again' }))).code).toBe('already_enrolled');
  });

  it('a stop of someone not enrolled with this employer, or before the start month', async () => {
    expect((await rejection('stops', stop())).code).toBe('not_enrolled');
    await decided(await file('enrollments', enrollment()));
    expect((await rejection('stops', stop({ idempotencyKey: 's2', employerCode: EMPLOYER_B }))).code).toBe('not_enrolled');
    const early = await rejection('stops', stop({ idempotencyKey: 's3', lastMonth: '2025-02' }));
    expect(early).toEqual({ code: 'stop_before_start', message: expect.stringContaining('停保月份') });
    // A rejected stop leaves the coverage open.
    expect(state.listCoverages()[0]?.lastMonth).toBeUndefined();
  });

  it('decides in the order filings fall due, not the order they arrived or were polled', async () => {
    makeApp({ delay: [2000, 2000] });
    const a = await file('enrollments', enrollment());
    await post('/admin/faults', { processingDelayMs: [1000, 1000] });
    clock = T0 + 10;
    const b = await file('enrollments', enrollment({ idempotencyKey: 'b', employerCode: EMPLOYER_B }));
    clock = T0 + 5000;
    // a is polled first, but b fell due first (T0+1010 before T0+2000), so b holds the person.
    expect((await statusOf(a)).rejection?.code).toBe('enrolled_elsewhere');
    expect((await statusOf(b)).status).toBe('confirmed');
  });
});

describe('fault injection', () => {
  it('an outage answers 503 to every bureau route, never to admin, and ends on time', async () => {
    const filingId = await file('enrollments', enrollment());
    const until = new Date(T0 + 90_000).toISOString();
    expect(await json(post('/admin/faults', { outageUntil: until }))).toMatchObject({ outageUntil: until });

    const down = await post(`/bureau/${CITY}/enrollments`, enrollment({ idempotencyKey: 'during' }));
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('90');
    expect((await json(down)).error.code).toBe('bureau_outage');
    expect((await app.request(`/bureau/${CITY}/filings/${filingId}`)).status).toBe(503);
    expect((await app.request(`/bureau/${CITY}/bills?employerCode=${EMPLOYER_A}&month=2025-03`)).status).toBe(503);
    expect((await post(`/bureau/${CITY}/stops`, {})).status).toBe(503);
    expect((await app.request('/admin/filings')).status).toBe(200);
    expect((await adminFilings()).counts.total).toBe(1);

    clock = T0 + 90_000;
    expect((await post(`/bureau/${CITY}/enrollments`, enrollment({ idempotencyKey: 'after' }))).status).toBe(202);
  });

  it('outageUntil null ends an outage at once', async () => {
    await post('/admin/faults', { outageUntil: '2099-01-01T00:00:00+08:00' });
    expect((await post(`/bureau/${CITY}/enrollments`, enrollment())).status).toBe(503);
    await post('/admin/faults', { outageUntil: null });
    expect((await post(`/bureau/${CITY}/enrollments`, enrollment())).status).toBe(202);
  });

  it('errorRate 1 answers 500, 502 and 503; a 502 lost the receipt but the filing exists', async () => {
    // Per request: the error roll, then which status; the 502 request also rolls its processing delay.
    const rolls = [0, 0.1, 0, 0.5, 0, 0, 0.9];
    makeApp({ random: () => rolls.shift() ?? 0 });
    await post('/admin/faults', { errorRate: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await post(`/bureau/${CITY}/enrollments`, enrollment())).status);
    expect(statuses).toEqual([500, 502, 503]);
    expect((await adminFilings()).counts.total).toBe(1);

    await post('/admin/faults', { errorRate: 0 });
    const retry = await post(`/bureau/${CITY}/enrollments`, enrollment());
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('errorRate 1 with the real random source answers only 5xx', async () => {
    makeApp({ random: Math.random });
    await post('/admin/faults', { errorRate: 1 });
    for (let i = 0; i < 30; i += 1) {
      const response = await app.request(`/bureau/${CITY}/bills?employerCode=${EMPLOYER_A}&month=2025-03`);
      expect([500, 502, 503]).toContain(response.status);
      expect((await json(response)).error.message).toMatch(/社保经办平台/);
    }
    expect((await app.request('/admin/faults')).status).toBe(200);
  });

  it('latency is added to bureau requests only', async () => {
    await post('/admin/faults', { latencyMs: 250 });
    await app.request('/admin/filings');
    expect(slept).toEqual([]);
    await post(`/bureau/${CITY}/enrollments`, enrollment());
    expect(slept).toEqual([250]);
  });

  it('latency really waits with the default sleep', async () => {
    const real = buildBureauApp({ processingDelayMs: [0, 0] });
    await real.request('/admin/faults', { method: 'POST', body: JSON.stringify({ latencyMs: 40 }) });
    const started = performance.now();
    await real.request(`/bureau/${CITY}/bills?employerCode=${EMPLOYER_A}&month=2025-03`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('reset forgets filings, faults and the name list', async () => {
    await file('enrollments', enrollment());
    await post('/admin/faults', { errorRate: 0.5, latencyMs: 10, processingDelayMs: [1, 2] });
    await post('/admin/name-mismatch', { idNumbers: [ZHANG] });
    expect((await post('/admin/reset', {})).status).toBe(200);
    expect((await adminFilings()).counts.total).toBe(0);
    expect(await json(app.request('/admin/faults'))).toEqual({ outageUntil: null, latencyMs: 0, errorRate: 0, processingDelayMs: [0, 0] });
    expect(await json(app.request('/admin/name-mismatch'))).toEqual({ idNumbers: [] });
    // The old key is free again.
    expect((await post(`/bureau/${CITY}/enrollments`, enrollment({ base: 1 }))).status).toBe(202);
  });
});

describe('losing filings (admin forget)', () => {
  it('a forgotten filing is unknown, its key is free again and the coverage it opened is gone', async () => {
    const filingId = await file('enrollments', enrollment());
    expect((await decided(filingId)).status).toBe('confirmed');
    const lost = await post('/admin/forget', { filingIds: [filingId, 'never-filed'] });
    expect(lost.status).toBe(200);
    expect(await lost.json()).toEqual({ forgotten: [filingId] });

    const unknown = await app.request(`/bureau/${CITY}/filings/${filingId}`);
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error).toMatchObject({ code: 'filing_not_found', message: '本经办机构没有该申报记录' });
    expect(state.listCoverages()).toEqual([]);

    // Filed again with the same key: a new filing, confirmed (not "already enrolled").
    const again = await post(`/bureau/${CITY}/enrollments`, enrollment());
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    const refiled = (await json(again)).filingId;
    expect(refiled).not.toBe(filingId);
    expect((await decided(refiled)).status).toBe('confirmed');
    expect((await adminFilings()).counts.total).toBe(1);
  });

  it('forgetting an enrollment\'s stop reopens the coverage', async () => {
    await decided(await file('enrollments', enrollment()));
    const stopId = await file('stops', stop());
    await decided(stopId);
    expect(state.listCoverages()[0]?.lastMonth).toBe('2025-06');
    await post('/admin/forget', { filingIds: [stopId] });
    expect(state.listCoverages()[0]?.lastMonth).toBeUndefined();
  });

  it('a forget body without filing ids names filingIds and forgets nothing', async () => {
    await file('enrollments', enrollment());
    for (const body of [{}, { filingIds: [] }, { filingIds: [''] }, { filingIds: 'x' }]) {
      const response = await post('/admin/forget', body);
      expect(response.status).toBe(400);
      expect(Object.keys((await json(response)).error.fields)[0]).toMatch(/^filingIds/);
    }
    expect((await adminFilings()).counts.total).toBe(1);
  });
});

describe('monthly bills', () => {
  async function bill(month: string, employerCode = EMPLOYER_A, city = CITY) {
    const response = await app.request(`/bureau/${city}/bills?employerCode=${employerCode}&month=${month}`);
    expect(response.status).toBe(200);
    return response.json() as Promise<any>;
  }

  it('lists each person covered that month with base and amounts, and totals', async () => {
    await decided(await file('enrollments', enrollment({ amounts: { employer: 117_792, employee: 58_896 } })));
    await decided(
      await file('enrollments', enrollment({ idempotencyKey: 'li', personName: '李四', idNumber: LI, hukou: 'non-local', startMonth: '2025-05', base: 1_000_000 })),
    );
    await decided(await file('stops', stop({ lastMonth: '2025-05' })));
    // Not billed: rejected, other employer, other city, still pending.
    await decided(await file('enrollments', enrollment({ idempotencyKey: 'bad', idNumber: BAD_CHECK_DIGIT })));
    await decided(await file('enrollments', enrollment({ idempotencyKey: 'wb', idNumber: WANG, employerCode: EMPLOYER_B })));
    await decided(await file('enrollments', enrollment({ idempotencyKey: 'wc', idNumber: WANG }), OTHER_CITY), OTHER_CITY);

    expect((await bill('2025-02')).lines).toEqual([]);
    const march = await bill('2025-03');
    expect(march).toMatchObject({ city: CITY, employerCode: EMPLOYER_A, month: '2025-03' });
    expect(march.lines).toEqual([
      {
        idNumber: ZHANG,
        personName: '张三',
        hukou: 'local',
        startMonth: '2025-03',
        lastMonth: '2025-05',
        base: 736_200,
        amounts: { employer: 117_792, employee: 58_896 },
        receiptNo: expect.stringMatching(/^ZY310100/),
      },
    ]);
    const may = await bill('2025-05');
    expect(may.lines.map((l: { idNumber: string }) => l.idNumber)).toEqual([ZHANG, LI]);
    expect(may.totals).toEqual({ persons: 2, base: 1_736_200, employer: 117_792, employee: 58_896 });
    const june = await bill('2025-06');
    expect(june.lines.map((l: { personName: string }) => l.personName)).toEqual(['李四']);
    expect(june.lines[0].amounts).toBeUndefined();
    expect((await bill('2025-06', EMPLOYER_B)).lines).toHaveLength(1);
    expect((await bill('2025-06', EMPLOYER_A, OTHER_CITY)).lines).toHaveLength(1);
  });

  it('a filing not yet confirmed is not on the bill', async () => {
    makeApp({ delay: [1000, 1000] });
    await file('enrollments', enrollment());
    expect((await bill('2025-03')).totals.persons).toBe(0);
    clock = T0 + 1000;
    expect((await bill('2025-03')).totals.persons).toBe(1);
  });
});

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
