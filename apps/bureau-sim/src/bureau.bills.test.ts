import { beforeEach, describe, expect, it } from 'vitest';
import {
  CITY,
  OTHER_CITY,
  EMPLOYER_A,
  EMPLOYER_B,
  ZHANG,
  LI,
  WANG,
  BAD_CHECK_DIGIT,
  T0,
  app,
  setClock,
  makeApp,
  enrollment,
  stop,
  file,
  decided,
} from './bureau.test-kit';

// The bureau simulator's monthly bills.
beforeEach(() => makeApp());

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
    setClock(T0 + 1000);
    expect((await bill('2025-03')).totals.persons).toBe(1);
  });
});
