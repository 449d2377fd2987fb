import { beforeEach, describe, expect, it } from 'vitest';
import { BureauState } from './bureau.state';
import {
  CITY,
  OTHER_CITY,
  T0,
  state,
  app,
  clockNow,
  setClock,
  makeApp,
  enrollment,
  stop,
  post,
  json,
  file,
  statusOf,
  decided,
  adminFilings,
} from './bureau.test-kit';

// Filings at the bureau simulator: idempotent by key, decided asynchronously after a delay.
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
    expect(counts).toEqual({ total: 1, byKind: { enrollment: 1, stop: 0, base_change: 0 }, byIdempotencyKey: { 'enroll:t1:e1:ev1': 1 } });
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
    expect((await adminFilings()).counts.byKind).toEqual({ enrollment: 1, stop: 1, base_change: 0 });
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
    setClock(T0 + 500);
    expect((await statusOf(filingId)).status).toBe('processing');
    setClock(T0 + 999);
    expect((await statusOf(filingId)).status).toBe('processing');
    setClock(T0 + 1000);
    const done = await statusOf(filingId);
    expect(done).toMatchObject({ status: 'confirmed', decidedAt: '2025-03-10T02:00:01.000Z' });
    // ZY (增员) + city + Shanghai business date + sequence.
    expect(done.receiptNo).toBe('ZY31010020250310000001');
    expect(done.rejection).toBeUndefined();
  });

  it('the default delay is random between 1 and 3 seconds', async () => {
    setClock(T0);
    const slowest = new BureauState({ now: clockNow, random: () => 0.999_999 });
    const fastest = new BureauState({ now: clockNow, random: () => 0 });
    const slowId = slowest.submitEnrollment(CITY, 'k', enrollment() as never);
    const fastId = fastest.submitEnrollment(CITY, 'k', enrollment() as never);
    if (slowId.outcome !== 'created' || fastId.outcome !== 'created') throw new Error('not created');
    setClock(T0 + 999);
    expect(fastest.getFiling(CITY, fastId.receipt.filingId)?.status).toBe('processing');
    setClock(T0 + 1000);
    expect(fastest.getFiling(CITY, fastId.receipt.filingId)?.status).toBe('confirmed');
    setClock(T0 + 2999);
    expect(slowest.getFiling(CITY, slowId.receipt.filingId)?.status).toBe('processing');
    setClock(T0 + 3000);
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
