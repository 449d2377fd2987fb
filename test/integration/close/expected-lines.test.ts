import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { employeeContributions, expectedLines, stageExpectedLines } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { calculateContributions, getDefaultPolicyLibrary } from '@lianxu/policy';
import { appDb, firstEntityId, provisionLifecycleTenant, seedCloseEmployees } from '@lianxu/testing';

// The expected lines of a month are the policy engine's quote of each covered employee's base that
// month (declared, else filed with the confirmed enrollment, else the wage in effect), to the fen;
// people not covered in the city that month have none.

const db = appDb(3);
const library = getDefaultPolicyLibrary();
let tenant: { id: string };
let other: { id: string };
let entityId: string;
let ids: string[];

beforeAll(async () => {
  ({ tenant } = await provisionLifecycleTenant(db, 'close-exp', { seed: 120_001 }));
  ({ tenant: other } = await provisionLifecycleTenant(db, 'close-exp-b', { seed: 120_002 }));
  entityId = await firstEntityId(db, tenant.id);
  ids = await seedCloseEmployees(db, tenant.id, entityId, [
    { city: '110100', from: '2024-01', wages: [['2024-01-02', 1_200_000], ['2024-09-01', 1_500_000]] },
    { city: '110100', from: '2024-03', hukou: 'non-local', wages: [['2024-03-01', 300_000]] },
    { city: '110100', from: '2024-01', to: '2024-08', wages: [['2024-01-02', 900_000]], terminated: '2024-08-20' },
    { city: '310100', from: '2024-01', wages: [['2024-01-02', 1_000_000]] },
    { city: '110100', from: '2024-10', wages: [['2024-10-08', 2_000_000]] },
    { city: '110100', from: '2024-05', wages: [['2024-05-06', 9_000_000]] },
  ]);
});

describe('expectedLines', () => {
  it('prices every employee covered in the city that month with the wage in effect, equal to the quote to the fen', async () => {
    const got = await expectedLines(db, { tenantId: tenant.id, entityId, cityCode: '110100', month: '2024-09' });
    expect(got.headcount).toBe(3);
    expect(got.unpriced).toEqual([]);
    const wages = new Map([[ids[0]!, 1_500_000], [ids[1]!, 300_000], [ids[5]!, 9_000_000]]);
    expect(new Set(got.lines.map((l) => l.employeeId))).toEqual(new Set(wages.keys()));
    for (const [employeeId, wageFen] of wages) {
      const hukou = employeeId === ids[1] ? 'non-local' : 'local';
      const quote = calculateContributions({ city: '110100', month: '2024-09', wageFen, hukou }, library);
      const mine = got.lines.filter((l) => l.employeeId === employeeId);
      expect(mine).toEqual(quote.lines.map((l) => ({ employeeId, insurance: l.insurance, baseFen: l.baseFen, employerFen: l.employerFen, employeeFen: l.employeeFen, policyId: l.policyId, provisional: l.provisional })));
      expect(mine.length).toBeGreaterThanOrEqual(4);
    }
    // The low wage is raised to the floor, the high one cut to the cap.
    const pension = (id: string) => got.lines.find((l) => l.employeeId === id && l.insurance === 'pension')!;
    expect(pension(ids[1]!).baseFen).toBeGreaterThan(300_000);
    expect(pension(ids[5]!).baseFen).toBeLessThan(9_000_000);
  });

  it('uses the wage of the month, not today’s, and leaves out who was no longer covered', async () => {
    const august = await expectedLines(db, { tenantId: tenant.id, entityId, cityCode: '110100', month: '2024-08' });
    expect(august.headcount).toBe(4);
    const a = august.lines.find((l) => l.employeeId === ids[0] && l.insurance === 'pension')!;
    const quote = calculateContributions({ city: '110100', month: '2024-08', wageFen: 1_200_000, hukou: 'local' }, library);
    expect(a.employerFen).toBe(quote.lines.find((l) => l.insurance === 'pension')!.employerFen);
    const september = await expectedLines(db, { tenantId: tenant.id, entityId, cityCode: '110100', month: '2024-09' });
    expect(september.lines.some((l) => l.employeeId === ids[2])).toBe(false);
  });

  it('prices on the base filed with the confirmed enrollment, as the bureau bills, so a raise mid-year is not a difference; a declared base wins', async () => {
    const [raised] = await seedCloseEmployees(db, tenant.id, entityId, [{ city: '110100', from: '2024-07', wages: [['2024-07-02', 1_100_000], ['2024-10-01', 1_700_000]] }]);
    // The enrollment filed (and confirmed) for July on 11,000.00; a rejected refiling's base counts for nothing.
    await withTenant(db, tenant.id, async (trx) => {
      for (const [status, base] of [['confirmed', 1_100_000], ['rejected', 2_500_000]] as const) {
        await trx.insertInto('filing_tasks').values({
          tenant_id: tenant.id, employee_id: raised!, event_id: crypto.randomUUID(), kind: 'enrollment', city_code: '110100', gateway: 'bureau-sim',
          workflow_id: `exp-filed-${status}-${raised}`, status, open: false, month: '2024-07', base_fen: String(base),
        }).execute();
      }
    });
    const pensionOf = async (month: string) => (await expectedLines(db, { tenantId: tenant.id, entityId, cityCode: '110100', month })).lines.find((l) => l.employeeId === raised && l.insurance === 'pension')!;
    const quoted = (month: string, wageFen: number) => calculateContributions({ city: '110100', month, wageFen, hukou: 'local' }, library).lines.find((l) => l.insurance === 'pension')!;
    expect(await pensionOf('2024-11')).toMatchObject({ baseFen: quoted('2024-11', 1_100_000).baseFen, employerFen: quoted('2024-11', 1_100_000).employerFen });
    // Another city's enrollment does not price this one.
    expect((await expectedLines(db, { tenantId: tenant.id, entityId, cityCode: '310100', month: '2024-11' })).lines.some((l) => l.employeeId === raised)).toBe(false);
    // The annual adjustment's declared base replaces the filed one from its month.
    await withTenant(db, tenant.id, async (trx) => {
      const adjustment = await trx.insertInto('base_adjustments').values({
        tenant_id: tenant.id, city_code: '110100', policy_year: 2025, policy_id: 'beijing-2025', effective_month: '2025-07', effective_to: '2026-06', prepared_on: '2025-07-01', state: 'applied', workflow_id: `exp-adj-${raised}`,
      }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('declared_bases').values({ tenant_id: tenant.id, employee_id: raised!, city_code: '110100', effective_month: '2025-07', effective_to: '2026-06', declared_wage_fen: '1600000', adjustment_id: adjustment.id }).execute();
    });
    expect((await pensionOf('2025-06')).employerFen).toBe(quoted('2025-06', 1_100_000).employerFen);
    expect((await pensionOf('2025-08')).employerFen).toBe(quoted('2025-08', 1_600_000).employerFen);
    expect(quoted('2025-08', 1_600_000).employerFen).not.toBe(quoted('2025-08', 1_100_000).employerFen);
    // The employee page's monthly lines are priced on the same base.
    const history = (await employeeContributions(db, tenant.id, raised!, { from: '2024-11', to: '2025-08' }))!;
    for (const month of ['2024-11', '2025-06', '2025-08']) {
      expect(history.lines.find((l) => l.month === month && l.insurance === 'pension')!.employerFen, month).toBe((await pensionOf(month)).employerFen);
    }
  });

  it('marks lines priced on figures carried forward as provisional', async () => {
    const got = await expectedLines(db, { tenantId: tenant.id, entityId, cityCode: '310100', month: '2026-03' });
    const quote = calculateContributions({ city: '310100', month: '2026-03', wageFen: 1_000_000, hukou: 'local' }, library);
    expect(got.lines.map((l) => [l.insurance, l.employerFen, l.provisional])).toEqual(quote.lines.map((l) => [l.insurance, l.employerFen, l.provisional]));
    expect(got.unpriced.length).toBe(quote.complete ? 0 : 1);
  });

  it('says why when the month cannot be priced, with no guessed line', async () => {
    const got = await expectedLines(db, { tenantId: tenant.id, entityId, cityCode: '110100', month: '2001-01' });
    expect(got.headcount).toBe(0);
    const early = await seedCloseEmployees(db, tenant.id, entityId, [{ city: '110100', from: '2001-01', to: '2001-01', wages: [['2001-01-01', 500_000]] }]);
    const again = await expectedLines(db, { tenantId: tenant.id, entityId, cityCode: '110100', month: '2001-01' });
    expect(again.lines).toEqual([]);
    expect(again.unpriced).toMatchObject([{ employeeId: early[0], insurances: 'all' }]);
    expect(again.unpriced[0]!.reason.en).toMatch(/2001-01/);
  });

  it('sees only the tenant’s own employees', async () => {
    const got = await expectedLines(db, { tenantId: other.id, entityId, cityCode: '110100', month: '2024-09' });
    expect(got).toMatchObject({ headcount: 0, lines: [] });
  });

  it('stages in PostgreSQL the same lines and the same unpriced employees as it computes in memory (the close reads them staged)', async () => {
    const cases: [string, string][] = [['110100', '2024-08'], ['110100', '2024-09'], ['110100', '2024-10'], ['310100', '2026-03'], ['110100', '2001-01'], ['440300', '2024-09']];
    for (const [cityCode, month] of cases) {
      const q = { tenantId: tenant.id, entityId, cityCode, month };
      const mem = await expectedLines(db, q);
      const staged = await withTenant(db, tenant.id, async (trx) => {
        const s = await stageExpectedLines(trx, q, library, 'exp_test');
        const rows = await sql<{ employee_id: string; insurance: string; base_fen: string; employer_fen: string; employee_fen: string }>`select * from ${s.relation} as e`.execute(trx);
        return { ...s, rows: rows.rows.map((r) => `${r.employee_id}|${r.insurance}|${r.base_fen}|${r.employer_fen}|${r.employee_fen}`).sort() };
      });
      const key = `${cityCode} ${month}`;
      expect(staged.headcount, key).toBe(mem.headcount);
      expect(staged.lines, key).toBe(mem.lines.length);
      expect(staged.rows, key).toEqual(mem.lines.map((l) => `${l.employeeId}|${l.insurance}|${l.baseFen}|${l.employerFen}|${l.employeeFen}`).sort());
      expect(staged.unpriced, key).toEqual(mem.unpriced);
    }
  });
});
