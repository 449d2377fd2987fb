import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRiskScanner, listFindings, listRiskReportRows } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { calculateContributions, getDefaultPolicyLibrary } from '@lianxu/policy';
import { apiDeps, appDb, lifecycleTenantSpec, provisionForTest, testIdNumber, testPersonName, uniqueSlug } from '@lianxu/testing';
import { RISK_OVERTIME_BASE } from './overtime-base.risk';
import type { ShiftsTrx } from './shifts.tables';

// The plugin's overtime rule through core's riskRules extension point and the stored scan: under
// wage_plus_overtime_avg, an employee whose 2025 overtime raised the average wage while the base in
// force stayed at the plain wage is found, with the monthly difference; a colleague whose months
// carry no overtime is not; the finding resolves once the base filed matches, and the tenant
// without the plugin gets nothing.

const db = appDb();
const deps = apiDeps(db);
const T = { id: '', slug: uniqueSlug('mfg-risk') };
const O = { id: '', slug: uniqueSlug('mfg-risk-off') };
const staff: Record<string, string> = {};
const TODAY = '2026-03-10';
const RULE = `manufacturing-shifts:${RISK_OVERTIME_BASE}`;
const scanner = createRiskScanner({ db, library: getDefaultPolicyLibrary(), extensions: deps.deps.plugins.extensions });

async function confirmEnrollment(tenantId: string, employeeId: string, baseFen: number) {
  await withTenant(db, tenantId, (trx) =>
    trx.updateTable('filing_tasks').set({ status: 'confirmed', open: false, base_fen: String(baseFen) }).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).where('kind', '=', 'enrollment').execute(),
  );
}

beforeAll(async () => {
  T.id = await provisionForTest(db, { ...lifecycleTenantSpec(T.slug), plugins: [{ id: 'manufacturing-shifts', enabled: true, options: { baseRule: 'wage_plus_overtime_avg' } }] });
  O.id = await provisionForTest(db, lifecycleTenantSpec(O.slug));
  for (const [tenant, key, n] of [[T, 'overtime', 6201], [T, 'plain', 6202], [O, 'other', 6203]] as const) {
    const actor = { id: (await db.selectFrom('users').select('id').where('email', '=', `admin@${tenant.slug}.test`).executeTakeFirstOrThrow()).id };
    const answer = await deps.deps.people.hire(tenant, actor, { name: testPersonName(n), idNumber: testIdNumber(n), mobile: `139${String(n).padStart(8, '0')}`, hukou: 'local', workCity: '310100', hireDate: '2024-05-06', monthlyWage: '8000.00' });
    expect(answer.status).toBe(201);
    staff[key] = answer.body.id;
    // The base in force: the plain wage, confirmed by the bureau.
    await confirmEnrollment(tenant.id, answer.body.id, 800_000);
  }
  // 2025's attendance: 40 hours of overtime a month for one, none for the other (as the import writes it).
  await withTenant(db, T.id, async (trx) => {
    const rows = ['overtime', 'plain'].flatMap((key) =>
      Array.from({ length: 12 }, (_, i) => ({ tenant_id: T.id, employee_id: staff[key]!, month: `2025-${String(i + 1).padStart(2, '0')}`, regular_hours: '174.00', overtime_hours: key === 'overtime' ? '40.00' : '0.00', days: 22 })),
    );
    await (trx as unknown as ShiftsTrx).insertInto('overtime_monthly').values(rows).execute();
  });
});
afterAll(async () => {
  await deps.close();
  await db.destroy();
});

describe('manufacturing-shifts overtime rule in the stored scan', () => {
  it('finds the base that leaves out last year\'s overtime, and nothing for the colleague without overtime', async () => {
    const result = await scanner.scan(T.id, TODAY);
    expect(result.plugins).toContain('manufacturing-shifts');
    const found = (await listFindings(db, T.id, { employeeId: staff.overtime, rule: RULE })).items;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ source: 'plugin:manufacturing-shifts', severity: 'warning', subject: '2026', since: '2026-01-01', state: 'open' });
    expect(found[0]!.message['zh-CN']).toContain('未计入加班工资');
    expect(found[0]!.message['zh-CN']).toContain('8000.00');
    expect((await listFindings(db, T.id, { employeeId: staff.plain, rule: RULE })).items).toEqual([]);
  });

  it('carries the money at stake (each month of 2026 on the base without overtime, by the policy engine) into the dashboard and report totals', async () => {
    const finding = (await listFindings(db, T.id, { employeeId: staff.overtime, rule: RULE })).items[0]!;
    const { details } = await withTenant(db, T.id, (trx) => trx.selectFrom('risk_findings').select('details').where('tenant_id', '=', T.id).where('id', '=', finding.id).executeTakeFirstOrThrow());
    const expectedBase = Number(details.expectedBaseFen);
    // By hand through the engine: January to March 2026, the quote on the base with overtime minus the quote on the base filed.
    const library = getDefaultPolicyLibrary();
    const total = (month: string, wageFen: number) => calculateContributions({ city: '310100', month, wageFen, hukou: 'local' }, library).totals;
    const owed = ['2026-01', '2026-02', '2026-03'].reduce((sum, month) => {
      const should = total(month, expectedBase);
      const was = total(month, 800_000);
      return sum + should.employerFen + should.employeeFen - was.employerFen - was.employeeFen;
    }, 0);
    expect(owed).toBeGreaterThan(0);
    expect(finding.money).toEqual({ owedFen: owed, lateFeeFen: 0, fineMinFen: 0, fineMaxFen: 0, overpaidFen: 0, atStakeFen: owed });
    expect(finding.suggestedAction).toMatchObject({ kind: 'adjust_base', label: { 'zh-CN': '调整缴费基数' } });
    expect(finding.employeeLoss?.['zh-CN']).toContain('养老金');
    expect(details).toMatchObject({ months: 3, differenceFen: owed });
    // The dashboard's open risks (listFindings' total) and the 断缴风险报告's rows count it.
    const open = await listFindings(db, T.id, { state: 'open', kind: 'risks' });
    expect(open.totalAtStakeFen).toBeGreaterThanOrEqual(owed);
    expect((await listFindings(db, T.id, { state: 'open', rule: RULE })).totalAtStakeFen).toBe(owed);
    const rows = await listRiskReportRows(db, T.id, { asOf: TODAY });
    expect(rows.find((r) => r.findingId === finding.id)).toMatchObject({ atStakeFen: owed, owedFen: owed, suggestedAction: { 'zh-CN': '调整缴费基数' } });
    expect(rows.reduce((sum, r) => sum + r.atStakeFen, 0)).toBe(open.totalAtStakeFen);
  });

  it('resolves the finding once the base filed includes the overtime, and leaves a tenant without the plugin alone', async () => {
    const details = (await listFindings(db, T.id, { employeeId: staff.overtime, rule: RULE })).items[0]!;
    expect(details.state).toBe('open');
    const expectedBase = Number((await withTenant(db, T.id, (trx) => trx.selectFrom('risk_findings').select('details').where('tenant_id', '=', T.id).where('id', '=', details.id).executeTakeFirstOrThrow())).details.expectedBaseFen);
    expect(expectedBase).toBeGreaterThan(800_000);
    await confirmEnrollment(T.id, staff.overtime!, expectedBase);
    const again = await scanner.scan(T.id, TODAY);
    expect(again.resolved).toBeGreaterThanOrEqual(1);
    expect((await listFindings(db, T.id, { employeeId: staff.overtime, rule: RULE })).items[0]).toMatchObject({ state: 'resolved' });

    const other = await scanner.scan(O.id, TODAY);
    expect(other.plugins).not.toContain('manufacturing-shifts');
    expect((await listFindings(db, O.id, { rule: RULE })).items).toEqual([]);
  });
});
