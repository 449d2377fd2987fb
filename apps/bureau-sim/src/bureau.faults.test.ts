import { beforeEach, describe, expect, it } from 'vitest';
import { buildBureauApp } from './bureau.app';
import {
  CITY,
  EMPLOYER_A,
  ZHANG,
  T0,
  state,
  app,
  slept,
  setClock,
  makeApp,
  enrollment,
  stop,
  post,
  json,
  file,
  decided,
  adminFilings,
} from './bureau.test-kit';

// The bureau simulator's admin fault injection (outages, errors, latency, reset) and lost filings.
beforeEach(() => makeApp());

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

    setClock(T0 + 90_000);
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
