import { beforeEach, describe, expect, it } from 'vitest';
import { calculateContributions } from '@lianxu/policy';
import { EMPLOYER_A, EMPLOYER_B, LI, ZHANG, app, decided, enrollment, file, makeApp, post, json, stop, adminFilings } from './bureau.test-kit';

// 缴费基数申报 at the bureau simulator: a base change is a filing like the others (idempotent by key,
// decided after the delay, with its own JS receipt), refused for a person the employer does not
// cover in that month, and from its month on the bills are priced on the new base.
const BJ = '110100';
beforeEach(() => makeApp());

const change = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: 'base:adj1:e1',
  employerCode: EMPLOYER_A,
  registrationNo: 'SH-0001',
  idNumber: ZHANG,
  fromMonth: '2024-10',
  base: 1_250_000,
  ...overrides,
});

async function bill(month: string) {
  const response = await app.request(`/bureau/${BJ}/bills?employerCode=${EMPLOYER_A}&month=${month}`);
  expect(response.status).toBe(200);
  return response.json() as Promise<any>;
}

const pension = (b: any) => b.lines.find((l: any) => l.idNumber === ZHANG && l.insurance === 'pension');

describe('base changes (缴费基数申报)', () => {
  it('is confirmed with a JS receipt and prices the bills from its month on; earlier months keep the enrollment base', async () => {
    await decided(await file('enrollments', enrollment({ startMonth: '2024-07', base: 1_000_000 }), BJ), BJ);
    const filing = await decided(await file('base-changes', change(), BJ), BJ);
    expect(filing).toMatchObject({ kind: 'base_change', status: 'confirmed' });
    expect(filing.receiptNo).toMatch(/^JS110100\d{14}$/);

    expect(pension(await bill('2024-09'))).toMatchObject({ base: 1_000_000 });
    const october = pension(await bill('2024-10'));
    const expected = calculateContributions({ city: BJ, month: '2024-10', wageFen: 1_250_000, hukou: 'local' }).lines.find((l) => l.insurance === 'pension')!;
    expect(october).toMatchObject({ base: expected.baseFen, employer: expected.employerFen, employee: expected.employeeFen });
    expect(pension(await bill('2025-03'))).toMatchObject({ base: expected.baseFen });
    expect((await adminFilings()).counts.byKind).toEqual({ enrollment: 1, stop: 0, base_change: 1 });
  });

  it('a repeat returns the first receipt; the key with another base is 409', async () => {
    await decided(await file('enrollments', enrollment({ startMonth: '2024-07' }), BJ), BJ);
    const first = await json(post(`/bureau/${BJ}/base-changes`, change()));
    expect(await json(post(`/bureau/${BJ}/base-changes`, change()))).toEqual(first);
    expect((await post(`/bureau/${BJ}/base-changes`, change({ base: 1_300_000 }))).status).toBe(409);
  });

  it('is rejected for a person the employer does not cover in that month (not enrolled, left before, another employer)', async () => {
    const notEnrolled = await decided(await file('base-changes', change({ idNumber: LI }), BJ), BJ);
    expect(notEnrolled).toMatchObject({ status: 'rejected', rejection: { code: 'not_covered_in_month' } });
    await decided(await file('enrollments', enrollment({ startMonth: '2024-07' }), BJ), BJ);
    await decided(await file('stops', stop({ lastMonth: '2024-09' }), BJ), BJ);
    expect(await decided(await file('base-changes', change({ idempotencyKey: 'after-leave' }), BJ), BJ)).toMatchObject({ status: 'rejected' });
    expect(await decided(await file('base-changes', change({ idempotencyKey: 'other', employerCode: EMPLOYER_B, fromMonth: '2024-08' }), BJ), BJ)).toMatchObject({ status: 'rejected' });
    expect(pension(await bill('2024-09'))).toMatchObject({ base: 736_200 });
  });

  it('names the field of a bad body (400) and files nothing', async () => {
    const bad = await post(`/bureau/${BJ}/base-changes`, change({ fromMonth: '2024-7', base: -1 }));
    expect(bad.status).toBe(400);
    const body = await json(bad);
    expect(Object.keys(body.error.fields).sort()).toEqual(['base', 'fromMonth']);
    expect((await adminFilings()).counts.total).toBe(0);
  });
});
