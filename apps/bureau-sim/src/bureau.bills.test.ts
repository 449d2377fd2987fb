import { beforeEach, describe, expect, it } from 'vitest';
import { calculateContributions } from '@lianxu/policy';
import {
  EMPLOYER_A,
  EMPLOYER_B,
  ZHANG,
  LI,
  WANG,
  BAD_CHECK_DIGIT,
  T0,
  app,
  state,
  setClock,
  makeApp,
  enrollment,
  stop,
  file,
  decided,
  post,
  json,
} from './bureau.test-kit';

// The bureau simulator's monthly bills, in the national platform's line shape, with the faults an
// admin injects per employer and month, and voucher numbers once the month is paid.
const BJ = '110100';
const OTHER = '440300';
const MONTH = '2024-09';
beforeEach(() => makeApp());

async function bill(month: string, employerCode = EMPLOYER_A, city = BJ) {
  const response = await app.request(`/bureau/${city}/bills?employerCode=${employerCode}&month=${month}`);
  expect(response.status).toBe(200);
  return response.json() as Promise<any>;
}

const priced = (base: number) => calculateContributions({ city: BJ, month: MONTH, wageFen: base, hukou: 'local' }).lines.filter((l) => l.insurance !== 'housingFund');
const ofPerson = (b: any, id: string) => b.lines.filter((l: any) => l.idNumber === id);

async function enrollThree() {
  await decided(await file('enrollments', enrollment({ startMonth: '2024-01', base: 1_000_000 }), BJ), BJ);
  await decided(await file('enrollments', enrollment({ idempotencyKey: 'li', personName: '李四', idNumber: LI, startMonth: '2024-01', base: 1_200_000 }), BJ), BJ);
  await decided(await file('enrollments', enrollment({ idempotencyKey: 'wang', personName: '王五', idNumber: WANG, startMonth: '2024-01', base: 900_000 }), BJ), BJ);
  // 王五 left in August.
  await decided(await file('stops', stop({ idNumber: WANG, lastMonth: '2024-08' }), BJ), BJ);
}

describe('monthly bills', () => {
  it('one line per person covered that month and insurance, priced at the city rates on the filed base, no voucher before payment', async () => {
    await enrollThree();
    // Not billed: rejected, other employer, other city.
    await decided(await file('enrollments', enrollment({ idempotencyKey: 'bad', idNumber: BAD_CHECK_DIGIT, startMonth: '2024-01' }), BJ), BJ);
    await decided(await file('enrollments', enrollment({ idempotencyKey: 'b', employerCode: EMPLOYER_B, idNumber: WANG, startMonth: '2024-09' }), BJ), BJ);
    await decided(await file('enrollments', enrollment({ idempotencyKey: 'o', startMonth: '2024-01' }), OTHER), OTHER);

    expect((await bill('2023-12')).lines).toEqual([]);
    const september = await bill(MONTH);
    expect(september).toMatchObject({ city: BJ, employerCode: EMPLOYER_A, month: MONTH, paid: false, paidOn: null });
    const zhang = priced(1_000_000);
    expect(ofPerson(september, ZHANG)).toEqual(zhang.map((l) => ({
      idNumber: ZHANG, personName: '张三', insurance: l.insurance, period: MONTH, periodFrom: MONTH, periodTo: MONTH,
      base: l.baseFen, employer: l.employerFen, employee: l.employeeFen, interest: 0, lateFee: 0, collectionType: '正常应缴',
      receiptNo: expect.stringMatching(/^ZY110100/), voucherNo: null,
    })));
    expect(zhang.map((l) => l.insurance)).toContain('pension');
    expect(new Set(september.lines.map((l: any) => l.idNumber))).toEqual(new Set([ZHANG, LI]));
    const all = [...zhang, ...priced(1_200_000)];
    expect(september.totals).toEqual({
      persons: 2, lines: all.length, employer: all.reduce((s, l) => s + l.employerFen, 0), employee: all.reduce((s, l) => s + l.employeeFen, 0), interest: 0, lateFee: 0,
    });
    expect(ofPerson(await bill('2024-08'), WANG)).toHaveLength(zhang.length);
    expect((await bill(MONTH, EMPLOYER_B)).lines.map((l: any) => l.idNumber)).toEqual(expect.arrayContaining([WANG]));
  });

  it('a month marked paid carries a tax e-voucher number on every line, once (a repeat keeps the first payment)', async () => {
    await enrollThree();
    const paid = await post('/admin/bills/paid', { city: BJ, employerCode: EMPLOYER_A, month: MONTH, paidOn: '2024-09-20' });
    expect(paid.status).toBe(200);
    expect(await json(paid)).toEqual({ city: BJ, employerCode: EMPLOYER_A, month: MONTH, paidOn: '2024-09-20' });
    expect(await json(post('/admin/bills/paid', { city: BJ, employerCode: EMPLOYER_A, month: MONTH }))).toMatchObject({ paidOn: '2024-09-20' });
    const september = await bill(MONTH);
    expect(september).toMatchObject({ paid: true, paidOn: '2024-09-20' });
    const vouchers = september.lines.map((l: any) => l.voucherNo);
    expect(vouchers.every((v: string) => /^3110100202409\d{7}$/.test(v))).toBe(true);
    expect(new Set(vouchers).size).toBe(vouchers.length);
    // Another month is not paid.
    expect((await bill('2024-08')).lines.every((l: any) => l.voucherNo === null)).toBe(true);
    // Bad input names the field.
    const bad = await json(post('/admin/bills/paid', { city: BJ, employerCode: EMPLOYER_A, month: '2024-9' }));
    expect(bad.error.fields).toHaveProperty('month');
  });

  it('each injected fault shows in that month\'s bill, and only there', async () => {
    await enrollThree();
    const clean = await bill(MONTH);
    const response = await post('/admin/bill-faults', {
      city: BJ, employerCode: EMPLOYER_A, month: MONTH,
      faults: [
        { kind: 'rounding_drift', idNumber: ZHANG, insurance: 'pension' },
        { kind: 'duplicate_line', idNumber: ZHANG, insurance: 'medical' },
        { kind: 'wrong_base', idNumber: LI, baseFen: 1_100_000 },
        { kind: 'leaver_billed', idNumber: WANG },
      ],
    });
    expect(response.status).toBe(200);
    const faulty = await bill(MONTH);
    const line = (b: any, id: string, ins: string) => b.lines.filter((l: any) => l.idNumber === id && l.insurance === ins);
    expect(line(faulty, ZHANG, 'pension')[0].employer).toBe(line(clean, ZHANG, 'pension')[0].employer + 1);
    expect(line(faulty, ZHANG, 'medical')).toHaveLength(2);
    expect(line(faulty, ZHANG, 'medical')[1]).toEqual(line(faulty, ZHANG, 'medical')[0]);
    expect(ofPerson(faulty, LI).map((l: any) => [l.insurance, l.base, l.employer, l.employee])).toEqual(priced(1_100_000).map((l) => [l.insurance, l.baseFen, l.employerFen, l.employeeFen]));
    expect(ofPerson(faulty, WANG).map((l: any) => l.base)).toEqual(priced(900_000).map((l) => l.baseFen));
    expect(faulty.totals.persons).toBe(3);

    // A missing employee: replaces the month's faults.
    await post('/admin/bill-faults', { city: BJ, employerCode: EMPLOYER_A, month: MONTH, faults: [{ kind: 'missing_employee', idNumber: LI }] });
    const missing = await bill(MONTH);
    expect(ofPerson(missing, LI)).toEqual([]);
    expect(ofPerson(missing, ZHANG)).toEqual(ofPerson(clean, ZHANG));
    // Other months and employers are untouched; [] clears.
    expect(ofPerson(await bill('2024-08'), LI)).toHaveLength(priced(1_200_000).length);
    expect(await json(app.request('/admin/bill-faults'))).toMatchObject({ billFaults: [{ city: BJ, month: MONTH, faults: [{ kind: 'missing_employee' }] }] });
    await post('/admin/bill-faults', { city: BJ, employerCode: EMPLOYER_A, month: MONTH, faults: [] });
    expect(await bill(MONTH)).toEqual(clean);
    expect(state.listBillFaults()).toEqual([]);
  });

  it('refuses a fault it does not know, naming the field', async () => {
    const bad = await json(post('/admin/bill-faults', { city: BJ, employerCode: EMPLOYER_A, month: MONTH, faults: [{ kind: 'wrong_base', idNumber: ZHANG }] }));
    expect(Object.keys(bad.error.fields).join()).toMatch(/faults/);
    const unknown = await post('/admin/bill-faults', { city: BJ, employerCode: EMPLOYER_A, month: MONTH, faults: [{ kind: 'nonsense', idNumber: ZHANG }] });
    expect(unknown.status).toBe(400);
  });

  it('a filing not yet confirmed is not on the bill', async () => {
    makeApp({ delay: [1000, 1000] });
    await file('enrollments', enrollment({ startMonth: '2024-01' }), BJ);
    expect((await bill(MONTH)).totals.persons).toBe(0);
    setClock(T0 + 1000);
    expect((await bill(MONTH)).totals.persons).toBe(1);
  });
});

describe('back payments (补缴) of a late enrollment', () => {
  // T0 is 2025-03-10: an enrollment from January filed in March as 补缴.
  const pricedIn = (month: string, base: number) => calculateContributions({ city: BJ, month, wageFen: base, hukou: 'local' }).lines.filter((l) => l.insurance !== 'housingFund');
  // By hand: 0.05% a day, half up to the fen, from the month's due date to March's due date (the
  // payment day, 25 when the employer's is not given: Lianxu's convention for a tenant's city).
  const fee = (fen: number, days: number) => Math.floor((fen * days * 5 + 5_000) / 10_000);

  it('bills the months before the filing month in that month, with the original period and the late fee, and not in their own bills', async () => {
    await decided(await file('enrollments', enrollment({ startMonth: '2025-01', base: 1_000_000, backPay: true }), BJ), BJ);
    expect((await bill('2025-01')).lines).toEqual([]);
    expect((await bill('2025-02')).lines).toEqual([]);
    const march = await bill('2025-03');
    const regular = march.lines.filter((l: any) => l.collectionType === '正常应缴');
    expect(regular).toHaveLength(pricedIn('2025-03', 1_000_000).length);
    expect(regular.every((l: any) => l.periodFrom === '2025-03' && l.lateFee === 0)).toBe(true);
    const back = march.lines.filter((l: any) => l.collectionType === '补缴');
    // January: 25 Jan -> 25 Mar is 59 days late (6 + 28 + 25); February: 25 Feb -> 25 Mar is 28 days.
    const expected = [['2025-01', 59], ['2025-02', 28]].flatMap(([m, days]) => pricedIn(m as string, 1_000_000).map((l) => ({
      idNumber: ZHANG, insurance: l.insurance, period: '2025-03', periodFrom: m, periodTo: m, base: l.baseFen, employer: l.employerFen, employee: l.employeeFen,
      interest: 0, lateFee: fee(l.employerFen + l.employeeFen, days as number), collectionType: '补缴', voucherNo: null,
    })));
    expect(back).toEqual(expected.map((e) => expect.objectContaining(e)));
    expect(march.totals.lateFee).toBe(expected.reduce((s, l) => s + l.lateFee, 0));
    expect(march.totals.lateFee).toBeGreaterThan(0);
    // The employer's payment day sets both due dates: the same figures for day 10, a bad day is refused.
    const onTenth = await app.request(`/bureau/${BJ}/bills?employerCode=${EMPLOYER_A}&month=2025-03&paymentDay=10`);
    expect(((await onTenth.json()) as any).totals.lateFee).toBe(march.totals.lateFee);
    expect((await app.request(`/bureau/${BJ}/bills?employerCode=${EMPLOYER_A}&month=2025-03&paymentDay=31`)).status).toBe(400);
    // Only the filing month carries them.
    expect((await bill('2025-04')).lines.every((l: any) => l.collectionType === '正常应缴' && l.periodFrom === '2025-04')).toBe(true);
  });

  it('without the 补缴 declaration, or starting in the filing month, bills each month in its own bill as before', async () => {
    await decided(await file('enrollments', enrollment({ startMonth: '2025-01', base: 1_000_000 }), BJ), BJ);
    await decided(await file('enrollments', enrollment({ idempotencyKey: 'li', personName: '李四', idNumber: LI, startMonth: '2025-03', base: 1_000_000, backPay: true }), BJ), BJ);
    expect(ofPerson(await bill('2025-01'), ZHANG)).toHaveLength(pricedIn('2025-01', 1_000_000).length);
    const march = await bill('2025-03');
    expect(march.lines.filter((l: any) => l.collectionType !== '正常应缴')).toEqual([]);
    expect(ofPerson(march, LI)).toHaveLength(pricedIn('2025-03', 1_000_000).length);
  });
});
