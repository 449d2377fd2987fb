import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { withTenant } from '@lianxu/db';
import { baseAdjustmentView, createBaseAdjustmentActivities, createHttpBureauGateway, createPersonalDataVault } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { appDb, firstEntityId, provisionLifecycleTenant, seedCloseEmployees, startBureauSim, TEST_MASTER_KEY, testIdNumber } from '@lianxu/testing';
import { heldBackOf, shadowDualRunOf } from '../dual-run-mode.fixture';

// Issue #15, point 5: once HR confirms the annual adjustment, the base changes are filed "through the
// gateway, or the city's sheet". With a real bureau-sim (PostgreSQL-backed) and the activities run as
// the workflow runs them (MockActivityEnvironment): Beijing's 2025 year is confirmed in September
// while the bureau is down (everything stays pending, nothing fails), then once it is back up;
// each employee with a new base is filed as a 缴费基数申报 from July (or from the first month covered,
// if later), the bureau confirms it with a JS receipt and bills from that month on the new base; a
// person the bureau does not cover is refused and HR is told; a repeat files nothing twice; an
// entity that files by hand gets nothing sent (the city's sheet carries it).

const db = appDb(3);
const library = getDefaultPolicyLibrary();
const vault = createPersonalDataVault(TEST_MASTER_KEY);
const env = new MockActivityEnvironment();
const CITY = '110100';
let bureau: Awaited<ReturnType<typeof startBureauSim>>;
let activities: ReturnType<typeof createBaseAdjustmentActivities>;
let tenant: { id: string; slug: string };
let actor: { id: string };
let creditCode: string;
let ids: Record<'A' | 'B' | 'C' | 'D', { id: string; idNumber: string }>;

const pension = (bill: Awaited<ReturnType<typeof bureau.state.bill>>, idNumber: string) => bill.lines.find((l) => l.idNumber === idNumber && l.insurance === 'pension');

beforeAll(async () => {
  bureau = await startBureauSim({ processingDelayMs: [0, 0] });
  const gateway = createHttpBureauGateway({ baseUrl: bureau.url, timeoutMs: 3000 });
  activities = createBaseAdjustmentActivities({ db, library, vault, bureau: gateway, filingWaitMs: 5_000 });
  ({ tenant, actor } = await provisionLifecycleTenant(db, 'base-change-filing', { seed: 150_701 }));
  const entityId = await firstEntityId(db, tenant.id);
  creditCode = (await withTenant(db, tenant.id, (trx) => trx.selectFrom('entities').select('credit_code').where('id', '=', entityId).executeTakeFirstOrThrow())).credit_code;
  const [A, B, C, D] = await seedCloseEmployees(db, tenant.id, entityId, [
    // 2024 wages 10,000 then 13,000 from July: average 11,500.00 -> the 2025 base.
    { name: '甲', city: CITY, from: '2024-01', wages: [['2024-01-03', 1_000_000], ['2024-07-01', 1_300_000]] },
    // 5,000 a month: the 2025 floor 7,162.00.
    { name: '乙', city: CITY, from: '2024-01', wages: [['2024-01-03', 500_000]] },
    // Covered in Lianxu's records but never enrolled at the bureau: the bureau refuses the change.
    { name: '丙', city: CITY, from: '2024-01', wages: [['2024-01-03', 900_000]] },
    // Joined in 2024-11 in another city and moved to Beijing in 2025-08: filed from August.
    { name: '丁', city: CITY, from: '2025-08', wages: [['2024-11-01', 1_600_000]] },
  ]) as [string, string, string, string];
  const people = { A, B, C, D };
  ids = {} as typeof ids;
  await withTenant(db, tenant.id, async (trx) => {
    for (const [i, [key, id]] of Object.entries(people).entries()) {
      const idNumber = testIdNumber(9_300 + i, '110105');
      const sealed = await vault.encrypt(trx, tenant.id, idNumber);
      await trx.updateTable('employees').set({ id_number_cipher: sealed.cipher, id_number_key_id: sealed.keyId }).where('tenant_id', '=', tenant.id).where('id', '=', id).execute();
      ids[key as keyof typeof ids] = { id, idNumber };
    }
  });
  // What the bureau knows: A and B from 2024-01 on the 2024 bases, D from 2025-08; C was never filed.
  const enrolled: [keyof typeof ids, string, string, number][] = [['A', '甲', '2024-01', 1_000_000], ['B', '乙', '2024-01', 682_100], ['D', '丁', '2025-08', 1_500_000]];
  for (const [key, name, startMonth, base] of enrolled) {
    const { filingId } = await gateway.submitEnrollment({ idempotencyKey: `enroll-${key}`, city: CITY, employerCode: creditCode, registrationNo: `SI-${CITY}-1`, personName: name, idNumber: ids[key].idNumber, hukou: 'local', startMonth, base });
    expect(await gateway.status(CITY, filingId)).toMatchObject({ status: 'confirmed' });
  }
});

afterAll(async () => {
  await bureau?.close();
  await db.destroy();
});

describe('the annual adjustment files its base changes through the gateway', () => {
  it('files each new base from its first month, keeps the answers, tells HR of a refusal, and the bills follow', async () => {
    const prepared = await env.run(activities.prepareBaseAdjustment, { tenantId: tenant.id, cityCode: CITY, policyYear: 2025, today: '2025-09-10', workflowId: 'wf-file-2025' });
    expect(prepared).toMatchObject({ state: 'preview', employees: 4, changes: 4 });
    // Nothing reaches the bureau before HR confirms.
    expect(await env.run(activities.fileBaseChanges, { tenantId: tenant.id, adjustmentId: prepared.adjustmentId })).toEqual({ viaBureau: 0, confirmed: 0, rejected: 0, pending: 0, byHand: 0 });
    expect(bureau.state.listFilings().filter((f) => f.kind === 'base_change')).toEqual([]);

    await env.run(activities.applyBaseAdjustment, { tenantId: tenant.id, adjustmentId: prepared.adjustmentId, actorId: actor.id, today: '2025-09-12' });
    // The bureau is down: nothing is lost or failed, every change stays pending for the workflow's next look.
    bureau.state.setFaults({ outageUntil: new Date(Date.now() + 3_600_000).toISOString() });
    expect(await env.run(activities.fileBaseChanges, { tenantId: tenant.id, adjustmentId: prepared.adjustmentId })).toEqual({ viaBureau: 4, confirmed: 0, rejected: 0, pending: 4, byHand: 0 });
    bureau.state.setFaults({ outageUntil: null });
    const outcome = await env.run(activities.fileBaseChanges, { tenantId: tenant.id, adjustmentId: prepared.adjustmentId });
    expect(outcome).toEqual({ viaBureau: 4, confirmed: 3, rejected: 1, pending: 0, byHand: 0 });

    const filed = bureau.state.listFilings().filter((f) => f.kind === 'base_change');
    expect(filed.map((f) => [f.payload.idNumber, (f.payload as { fromMonth: string }).fromMonth, (f.payload as { base: number }).base]).sort()).toEqual([
      [ids.A.idNumber, '2025-07', 1_150_000], [ids.B.idNumber, '2025-07', 716_200], [ids.C.idNumber, '2025-07', 900_000], [ids.D.idNumber, '2025-08', 1_600_000],
    ].sort());

    const view = await baseAdjustmentView(db, tenant.id, prepared.adjustmentId);
    const line = (id: string) => view.lines.find((l) => l.employeeId === id)!;
    expect(line(ids.A.id).filing).toEqual({ fromMonth: '2025-07', status: 'confirmed', receiptNo: expect.stringMatching(/^JS110100\d{14}$/), rejection: null, heldBack: false });
    expect(line(ids.C.id).filing).toMatchObject({ status: 'rejected', rejection: { code: 'not_covered_in_month', message: expect.stringContaining('不在本单位参保') } });

    // The bureau bills July on, and only July on, at the new bases.
    expect(pension(bureau.state.bill(CITY, creditCode, '2025-06'), ids.A.idNumber)?.base).toBe(1_000_000);
    expect(pension(bureau.state.bill(CITY, creditCode, '2025-07'), ids.A.idNumber)?.base).toBe(1_150_000);
    expect(pension(bureau.state.bill(CITY, creditCode, '2025-08'), ids.B.idNumber)?.base).toBe(716_200);
    expect(line(ids.D.id).filing).toMatchObject({ fromMonth: '2025-08', status: 'confirmed' });
    expect(pension(bureau.state.bill(CITY, creditCode, '2025-08'), ids.D.idNumber)?.base).toBe(1_600_000);

    // HR and the admin are told of the refusal, in both languages, once.
    const notices = await withTenant(db, tenant.id, (trx) => trx.selectFrom('notifications').select(['subject', 'subject_en']).where('tenant_id', '=', tenant.id).where('kind', '=', 'base_change_rejected').execute());
    expect(notices).toHaveLength(2);
    expect(notices[0]).toEqual({ subject: '社保经办机构退回了 1 条缴费基数申报', subject_en: 'The bureau refused 1 contribution base change' });

    // A repeat (a retried activity, the workflow's next look) files nothing again and tells nobody twice.
    expect(await env.run(activities.fileBaseChanges, { tenantId: tenant.id, adjustmentId: prepared.adjustmentId })).toEqual(outcome);
    expect(bureau.state.listFilings().filter((f) => f.kind === 'base_change')).toHaveLength(4);
    expect(await withTenant(db, tenant.id, (trx) => trx.selectFrom('notifications').select('id').where('tenant_id', '=', tenant.id).where('kind', '=', 'base_change_rejected').execute())).toHaveLength(2);
  });

  it('sends nothing for an entity that files by hand: its lines are counted for the city sheet', async () => {
    await withTenant(db, tenant.id, (trx) => trx.updateTable('entity_registrations').set({ gateway: 'filing-file' }).where('tenant_id', '=', tenant.id).where('city_code', '=', CITY).execute());
    const before = bureau.state.listFilings().length;
    const prepared = await env.run(activities.prepareBaseAdjustment, { tenantId: tenant.id, cityCode: CITY, policyYear: 2026, today: '2026-07-10', workflowId: 'wf-file-2026' });
    await env.run(activities.applyBaseAdjustment, { tenantId: tenant.id, adjustmentId: prepared.adjustmentId, actorId: actor.id, today: '2026-07-12' });
    const outcome = await env.run(activities.fileBaseChanges, { tenantId: tenant.id, adjustmentId: prepared.adjustmentId });
    expect(outcome).toMatchObject({ viaBureau: 0, pending: 0, byHand: prepared.changes });
    expect(prepared.changes).toBeGreaterThan(0);
    expect(bureau.state.listFilings().length).toBe(before);
    expect((await baseAdjustmentView(db, tenant.id, prepared.adjustmentId)).lines.every((l) => l.filing === null)).toBe(true);
  });
});

describe('during a dual run in shadow mode (the old system files)', () => {
  it('computes each base change but sends none: held back, the line closed as filed by the old system, a repeat sends nothing either', async () => {
    const shadow = await provisionLifecycleTenant(db, 'base-change-shadow', { seed: 150_702 });
    const entityId = await firstEntityId(db, shadow.tenant.id);
    const [A] = await seedCloseEmployees(db, shadow.tenant.id, entityId, [{ name: '甲', city: CITY, from: '2024-01', wages: [['2024-01-03', 1_000_000], ['2024-07-01', 1_300_000]] }]) as [string];
    const idNumber = testIdNumber(9_390, '110105');
    await withTenant(db, shadow.tenant.id, async (trx) => {
      const sealed = await vault.encrypt(trx, shadow.tenant.id, idNumber);
      await trx.updateTable('employees').set({ id_number_cipher: sealed.cipher, id_number_key_id: sealed.keyId }).where('tenant_id', '=', shadow.tenant.id).where('id', '=', A).execute();
    });
    const runId = await shadowDualRunOf(db, shadow.tenant.id);
    const prepared = await env.run(activities.prepareBaseAdjustment, { tenantId: shadow.tenant.id, cityCode: CITY, policyYear: 2025, today: '2025-09-10', workflowId: 'wf-shadow-2025' });
    await env.run(activities.applyBaseAdjustment, { tenantId: shadow.tenant.id, adjustmentId: prepared.adjustmentId, actorId: shadow.actor.id, today: '2025-09-12' });
    const outcome = await env.run(activities.fileBaseChanges, { tenantId: shadow.tenant.id, adjustmentId: prepared.adjustmentId });
    expect(outcome).toEqual({ viaBureau: 1, confirmed: 1, rejected: 0, pending: 0, byHand: 0 });
    expect(bureau.state.listFilings().filter((f) => f.payload.idNumber === idNumber)).toEqual([]);
    const line = (await baseAdjustmentView(db, shadow.tenant.id, prepared.adjustmentId)).lines.find((l) => l.employeeId === A)!;
    expect(line.filing).toEqual({ fromMonth: '2025-07', status: 'confirmed', receiptNo: null, rejection: null, heldBack: true });
    expect(await heldBackOf(db, shadow.tenant.id)).toEqual([expect.objectContaining({
      run_id: runId, kind: 'base_change', employee_id: A, task_id: null, city_code: CITY, month: '2025-07', base_fen: '1150000', idempotency_key: `base-change:${prepared.adjustmentId}:${A}`,
    })]);
    expect(await env.run(activities.fileBaseChanges, { tenantId: shadow.tenant.id, adjustmentId: prepared.adjustmentId })).toEqual(outcome);
    expect(bureau.state.listFilings().filter((f) => f.payload.idNumber === idNumber)).toEqual([]);
  });
});
