import { beforeEach, describe, expect, it } from 'vitest';
import {
  OTHER_CITY,
  EMPLOYER_B,
  LI,
  WANG,
  BAD_CHECK_DIGIT,
  T0,
  state,
  setClock,
  makeApp,
  enrollment,
  stop,
  post,
  file,
  statusOf,
  decided,
} from './bureau.test-kit';

// Filings the bureau simulator rejects, with the bureau's code and Chinese message.
beforeEach(() => makeApp());

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
    setClock(T0 + 10);
    const b = await file('enrollments', enrollment({ idempotencyKey: 'b', employerCode: EMPLOYER_B }));
    setClock(T0 + 5000);
    // a is polled first, but b fell due first (T0+1010 before T0+2000), so b holds the person.
    expect((await statusOf(a)).rejection?.code).toBe('enrolled_elsewhere');
    expect((await statusOf(b)).status).toBe('confirmed');
  });
});
