import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MockActivityEnvironment } from '@temporalio/testing';
import { withTenant } from '@lianxu/db';
import {
  baseAdjustmentView, closeDueDate, createBaseAdjustmentActivities, createCloseService, createHttpBureauGateway, createPersonalDataVault, createRiskScanner, expectedLines, listFindings,
  type BillLineInput,
} from '@lianxu/core';
import { createPolicyLibrary, DEFAULT_POLICY_DATA_DIR, getDefaultPolicyLibrary, lateFeeFen, validatePolicyRecord, type PolicyLibrary } from '@lianxu/policy';
import { appDb, firstEntityId, provisionLifecycleTenant, seedCloseEmployees, TEST_MASTER_KEY } from '@lianxu/testing';

// Acceptance (issue #15, items 4 and 5): provisional figures settled when the real ones arrive.
// Beijing's shipped 2025 record (r1) has no work-injury rate range, so every month from 2025-07 is
// priced with 2024's range carried forward (the city's lowest, 0.2%), marked provisional. July and
// August are billed, paid and locked on it; September is billed (not locked yet). In October a
// consultant's revision (r2, validated as the policy library service validates it) publishes the
// range 0.4%–1.9%. The daily check finds the city-year due, the preview lists each employee, month
// and insurance, and HR's confirmation makes one 补差 line each in October equal, to the fen, to
// the difference worked out by hand below, with the late fee of every adjustment line. The risk
// scan's provisional finding resolves once the figures are published.

const db = appDb(3);
const CITY = '110100';
const shipped = getDefaultPolicyLibrary();
let current: PolicyLibrary = shipped;
const activities = createBaseAdjustmentActivities({ db, library: () => current, vault: createPersonalDataVault(TEST_MASTER_KEY), bureau: createHttpBureauGateway({ baseUrl: 'http://127.0.0.1:9' }) });
// The months were closed before the revision: the close priced them with the shipped library.
const close = createCloseService({ db, library: shipped });
const scanner = createRiskScanner({ db, library: () => current });
const env = new MockActivityEnvironment();
let tenant: { id: string };
let actor: { id: string };
let entityId: string;
let A: string, B: string;

/** The consultant's revision r2 of Beijing 2025: the work-injury range published. */
function revisedLibrary(): PolicyLibrary {
  const raw = parse(readFileSync(join(DEFAULT_POLICY_DATA_DIR, 'beijing-2025.yaml'), 'utf8')) as Record<string, any>;
  raw['revision'] = 2;
  raw['insurances'].workInjury.employer.rateRange = { min: { value: '0.004', sources: ['F9'], grade: 'C' }, max: { value: '0.019', sources: ['F9'], grade: 'C' } };
  const sources = [...shipped.sources.values()];
  const r2 = validatePolicyRecord(raw, 'api:consultant@test', new Set(sources.map((s) => s.id)));
  const r1 = shipped.record(CITY, 2025)!;
  const lib = createPolicyLibrary(shipped.records.map((r) => (r === r1 ? r2 : r)), sources);
  // As the service's library: older revisions still resolve by id.
  return { ...lib, recordById: (id) => lib.recordById(id) ?? shipped.recordById(id) };
}

// By hand. Work injury, employer only, on the base the close prices: A's wage 10,000.00; B's wage
// 5,000.00 is below the 2025 floor 7,162.00, so B's base is the floor.
//   carried 0.2%: A 20.00; B 14.324 -> 14.32     published 0.4%: A 40.00; B 28.648 -> 28.65
const DIFF: Record<string, number> = { A: 4_000 - 2_000, B: 2_865 - 1_432 };
const MONTHS = ['2025-07', '2025-08', '2025-09'];

async function billOnCarriedFigures(month: string, lock: boolean) {
  const k = { tenantId: tenant.id, entityId, cityCode: CITY, month };
  const expected = await expectedLines(db, k, shipped);
  const bill: BillLineInput[] = expected.lines.map((l) => ({
    employeeId: l.employeeId, personName: l.employeeId === A ? '甲' : '乙', insurance: l.insurance, periodFrom: month, periodTo: month, baseFen: l.baseFen,
    employerFen: l.employerFen, employeeFen: l.employeeFen, interestFen: 0, lateFeeFen: 0, collectionType: '正常应缴', voucherNo: '332025070000009',
  }));
  await close.open(tenant, actor, k);
  await close.recordBill(tenant, actor, k, 'gateway', bill);
  if (!lock) return;
  await close.recordDeductions(tenant, actor, k, 'api', bill.filter((l) => l.employeeFen > 0).map((l) => ({ employeeId: l.employeeId!, insurance: l.insurance, employeeFen: l.employeeFen })));
  expect((await close.match(tenant, actor, k)).differences).toBe(0);
  await close.lock(tenant, actor, k);
}

beforeAll(async () => {
  ({ tenant, actor } = await provisionLifecycleTenant(db, 'prov-settle', { seed: 150_777 }));
  entityId = await firstEntityId(db, tenant.id);
  [A, B] = await seedCloseEmployees(db, tenant.id, entityId, [
    { name: '甲', city: CITY, from: '2024-01', wages: [['2024-01-02', 1_000_000]] },
    { name: '乙', city: CITY, from: '2024-01', wages: [['2024-01-02', 500_000]] },
  ]) as [string, string];
  await billOnCarriedFigures('2025-07', true);
  await billOnCarriedFigures('2025-08', true);
  await billOnCarriedFigures('2025-09', false);
});
afterAll(async () => {
  await db.destroy();
});

describe('provisional figures settled when a revision publishes them', () => {
  let adjustmentId: string;

  it('the months were priced provisionally, and the risk scan lists every employee concerned', async () => {
    const july = await expectedLines(db, { tenantId: tenant.id, entityId, cityCode: CITY, month: '2025-07' }, shipped);
    expect(july.lines.find((l) => l.employeeId === A && l.insurance === 'workInjury')).toMatchObject({ employerFen: 2_000, provisional: true, policyId: '110100-2025-r1' });
    expect(july.lines.find((l) => l.employeeId === B && l.insurance === 'workInjury')).toMatchObject({ baseFen: 716_200, employerFen: 1_432, provisional: true });
    await scanner.scan(tenant.id, '2025-10-15');
    const found = (await listFindings(db, tenant.id, { rule: 'provisional_figures', state: 'open' })).items.map((f) => f.employeeId).sort();
    expect(found).toEqual([A, B].sort());
    // Nothing is due while the figures are still carried.
    expect(await env.run(activities.dueProvisionalSettlements, { tenantId: tenant.id, today: '2025-10-15' })).toEqual([]);
  });

  it('after the revision, the check finds the city-year due and the preview has the difference per employee, month and insurance', async () => {
    current = revisedLibrary();
    const due = await env.run(activities.dueProvisionalSettlements, { tenantId: tenant.id, today: '2025-10-15' });
    expect(due).toEqual([{ cityCode: CITY, policyYear: 2025, policyId: '110100-2025-r2', settlesPolicyId: '110100-2025-r1' }]);
    // The annual adjustment of 2025 is a different thing: still due on its own.
    expect(await env.run(activities.dueBaseAdjustments, { tenantId: tenant.id, today: '2025-10-15' })).toContainEqual({ cityCode: CITY, policyYear: 2025 });
    const prepared = await env.run(activities.prepareBaseAdjustment, { tenantId: tenant.id, cityCode: CITY, policyYear: 2025, today: '2025-10-15', workflowId: 'wf-settle', settle: { policyId: due[0]!.policyId, settlesPolicyId: due[0]!.settlesPolicyId } });
    expect(prepared).toMatchObject({ state: 'preview', employees: 2, changes: 2 });
    adjustmentId = prepared.adjustmentId;
    expect(await env.run(activities.prepareBaseAdjustment, { tenantId: tenant.id, cityCode: CITY, policyYear: 2025, today: '2025-10-16', workflowId: 'wf-settle', settle: due[0]! })).toEqual(prepared);
    const view = await baseAdjustmentView(db, tenant.id, adjustmentId);
    expect(view).toMatchObject({ kind: 'provisional', policyId: '110100-2025-r2', settlesPolicyId: '110100-2025-r1', state: 'preview', employerChangeFen: 3 * (DIFF.A! + DIFF.B!), employeeChangeFen: 0 });
    expect(view.settlementLines).toHaveLength(6);
    for (const month of MONTHS) {
      expect(view.settlementLines.find((l) => l.employeeId === A && l.month === month)).toMatchObject({ insurance: 'workInjury', baseFen: 1_000_000, oldEmployerFen: 2_000, newEmployerFen: 4_000 });
      expect(view.settlementLines.find((l) => l.employeeId === B && l.month === month)).toMatchObject({ insurance: 'workInjury', baseFen: 716_200, oldEmployerFen: 1_432, newEmployerFen: 2_865 });
    }
    // HR is told in the inbox.
    const notices = await withTenant(db, tenant.id, (trx) => trx.selectFrom('notifications').select('subject').where('tenant_id', '=', tenant.id).where('kind', '=', 'provisional_settlement_preview').execute());
    expect(notices[0]?.subject).toBe('北京 2025 年度暂定政策数据已公布，补差待确认');
    expect(await env.run(activities.dueProvisionalSettlements, { tenantId: tenant.id, today: '2025-10-16' })).toEqual([]);
  });

  it('after HR confirms, makes the 补差 lines in October equal to the fen to the hand computation, with the late fee', async () => {
    const outcome = await env.run(activities.applyBaseAdjustment, { tenantId: tenant.id, adjustmentId, actorId: actor.id, today: '2025-10-20' });
    expect(outcome).toMatchObject({ state: 'applied', declared: 0, topUpLines: 6 });
    const rows = await withTenant(db, tenant.id, (trx) => trx.selectFrom('adjustment_lines').selectAll().where('tenant_id', '=', tenant.id).execute());
    expect(rows).toHaveLength(6);
    const payOn = await withTenant(db, tenant.id, (trx) => closeDueDate(trx, tenant.id, CITY, '2025-10'));
    for (const month of MONTHS) {
      const due = await withTenant(db, tenant.id, (trx) => closeDueDate(trx, tenant.id, CITY, month));
      for (const [who, id] of [['A', A], ['B', B]] as const) {
        const got = rows.filter((r) => r.employee_id === id && r.original_month === month);
        expect(got, `${who} ${month}`).toHaveLength(1);
        expect(got[0]).toMatchObject({ month: '2025-10', insurance: 'workInjury', kind: 'top_up', employer_fen: String(DIFF[who]), employee_fen: '0', due_date: due });
        expect(Number(got[0]!.late_fee_fen), `${who} ${month} late fee`).toBe(lateFeeFen(DIFF[who]!, due, payOn).feeFen);
      }
    }
    // A repeat (a retried activity) writes nothing more; the locked months keep their figures.
    expect(await env.run(activities.applyBaseAdjustment, { tenantId: tenant.id, adjustmentId, actorId: actor.id, today: '2025-10-20' })).toMatchObject({ state: 'applied', topUpLines: 6 });
    expect(await withTenant(db, tenant.id, (trx) => trx.selectFrom('adjustment_lines').select('id').where('tenant_id', '=', tenant.id).execute())).toHaveLength(6);
  });

  it("the risk scan's provisional finding resolves once the figures are published", async () => {
    await scanner.scan(tenant.id, '2025-10-21');
    expect((await listFindings(db, tenant.id, { rule: 'provisional_figures', state: 'open' })).items).toEqual([]);
    expect((await listFindings(db, tenant.id, { rule: 'provisional_figures', state: 'resolved' })).items.map((f) => f.employeeId).sort()).toEqual([A, B].sort());
  });
});
