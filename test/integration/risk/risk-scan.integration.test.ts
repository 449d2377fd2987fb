import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { createRiskScanner, listFindings, listRiskReportRows, acknowledgeFinding, putRiskSettings } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { appDb, provisionLifecycleTenant } from '@lianxu/testing';

// The stored scan on real PostgreSQL: each seeded problem is found once, nothing where nothing is
// wrong, a fixed problem resolves by itself on the next scan, and findings stay in their tenant.

const db = appDb();
const library = getDefaultPolicyLibrary();
const scanner = createRiskScanner({ db, library, pageSize: 3 });
const TODAY = '2026-03-10';

interface Seed {
  name: string;
  hire: string;
  termination?: string;
  periods: [string, string | null][];
  tasks?: { kind: 'enrollment' | 'stop'; status: string; month: string; baseFen?: number }[];
  wageFen?: number;
  city?: string;
}

async function seed(trx: Kysely<Database>, tenantId: string, entityId: string, s: Seed): Promise<string> {
  const id = randomUUID();
  const wage = s.wageFen ?? 1_000_000;
  const city = s.city ?? '310100';
  await trx
    .insertInto('employees')
    .values({
      tenant_id: tenantId, id, entity_id: entityId, name: s.name, mobile: '13800000000',
      id_number_cipher: Buffer.from('x'), id_number_key_id: 'k', id_number_index: Buffer.from(randomUUID()), id_number_masked: '110101********0011',
      hukou: 'local', work_city: city, hire_date: s.hire, termination_date: s.termination ?? null, monthly_wage_fen: wage,
      status: s.termination ? 'terminated' : 'active',
    })
    .execute();
  const eventId = randomUUID();
  await trx.insertInto('wage_history').values({ tenant_id: tenantId, employee_id: id, effective_from: s.hire, monthly_wage_fen: wage, event_id: eventId }).execute();
  for (const [start, end] of s.periods) {
    await trx.insertInto('coverage_periods').values({ tenant_id: tenantId, employee_id: id, city_code: city, start_month: start, end_month: end, opened_by: randomUUID() }).execute();
  }
  for (const t of s.tasks ?? [{ kind: 'enrollment', status: 'confirmed', month: s.hire.slice(0, 7), baseFen: wage }]) {
    await trx
      .insertInto('filing_tasks')
      .values({
        tenant_id: tenantId, employee_id: id, event_id: eventId, kind: t.kind, city_code: city, gateway: 'bureau-sim', workflow_id: `wf-${randomUUID()}`,
        status: t.status as 'confirmed', open: t.status !== 'confirmed', month: t.month, base_fen: t.baseFen ?? null,
      })
      .execute();
  }
  return id;
}

let A: string;
let B: string;
let actor: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const a = await provisionLifecycleTenant(db, 'risk-a', { seed: 4101 });
  const b = await provisionLifecycleTenant(db, 'risk-b', { seed: 4102 });
  A = a.tenant.id;
  B = b.tenant.id;
  actor = a.actor.id;
  for (const [tenantId, prefix] of [[A, 'a'], [B, 'b']] as const) {
    await withTenant(db, tenantId, async (trx) => {
      const entity = await trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
      const add = async (key: string, s: Seed) => (ids[`${prefix}:${key}`] = await seed(trx, tenantId, entity.id, s));
      // Shanghai's policy year runs July–June and its 2025 figures are complete: a base filed in
      // 2025-07 is current on 2026-03-10. Beijing's 2025 record carries work-injury figures forward.
      await add('healthy', { name: '健康', hire: '2025-07-07', periods: [['2025-07', null]] });
      await add('healthyLeaver', { name: '正常离职', hire: '2025-07-07', termination: '2026-01-20', periods: [['2025-07', '2025-12']],
        tasks: [{ kind: 'enrollment', status: 'confirmed', month: '2025-07', baseFen: 1_000_000 }, { kind: 'stop', status: 'confirmed', month: '2025-12' }] });
      await add('gap', { name: '断缴', hire: '2025-07-07', periods: [['2025-07', '2025-09'], ['2026-01', null]] });
      await add('pending', { name: '待确认', hire: '2026-02-02', periods: [], tasks: [{ kind: 'enrollment', status: 'submitted', month: '2026-02' }] });
      await add('leaver', { name: '未减员', hire: '2025-07-07', termination: '2026-01-20', periods: [['2025-07', null]] });
      await add('provisional', { name: '暂定', hire: '2025-07-07', city: '110100', periods: [['2025-07', null]] });
      await add('belowFloor', { name: '基数过低', hire: '2025-07-07', periods: [['2025-07', null]], tasks: [{ kind: 'enrollment', status: 'confirmed', month: '2025-07', baseFen: 100_000 }] });
    });
  }
});
afterAll(async () => {
  await db.destroy();
});

const rulesOf = async (tenantId: string, key: string) =>
  (await listFindings(db, tenantId, { employeeId: ids[key], state: 'open' })).items.map((f) => f.ruleId).sort();

describe('the stored risk scan', () => {
  it('finds each seeded problem and nothing where nothing is wrong', async () => {
    const result = await scanner.scan(A, TODAY);
    expect(result.employees).toBe(7);
    expect(await rulesOf(A, 'a:provisional')).toEqual(['provisional_figures']);
    expect(await rulesOf(A, 'a:healthy')).toEqual([]);
    expect(await rulesOf(A, 'a:healthyLeaver')).toEqual([]);
    expect(await rulesOf(A, 'a:gap')).toEqual(['coverage_gap']);
    expect(await rulesOf(A, 'a:pending')).toEqual(['enrollment_not_confirmed']);
    expect(await rulesOf(A, 'a:leaver')).toEqual(['coverage_after_leave', 'stop_not_filed']);
    expect(await rulesOf(A, 'a:belowFloor')).toEqual(['base_below_floor']);
    const gap = (await listFindings(db, A, { employeeId: ids['a:gap'] })).items[0]!;
    expect(gap).toMatchObject({ subject: '2025-10', since: '2025-10-01', severity: 'critical', suggestedAction: { kind: 'back_payment' } });
    expect(gap.money.owedFen).toBeGreaterThan(0);
    expect(gap.money.atStakeFen).toBe(gap.money.owedFen + gap.money.lateFeeFen);
  });

  it('keeps one open finding per employee, rule and subject across scans', async () => {
    const before = await listFindings(db, A, { state: 'open' });
    const again = await scanner.scan(A, TODAY);
    expect(again.created).toBe(0);
    expect(again.resolved).toBe(0);
    const after = await listFindings(db, A, { state: 'open' });
    expect(after.items.map((f) => f.id).sort()).toEqual(before.items.map((f) => f.id).sort());
  });

  it('resolves a finding automatically once the condition is gone, and an acknowledged one too', async () => {
    const pending = (await listFindings(db, A, { employeeId: ids['a:pending'] })).items[0]!;
    await expect(acknowledgeFinding(db, A, actor, pending.id, '  ')).rejects.toMatchObject({ status: 400, fields: { reason: expect.anything() } });
    const ack = await acknowledgeFinding(db, A, actor, pending.id, '经办机构系统维护，已电话确认');
    expect(ack).toMatchObject({ state: 'acknowledged', stateBy: actor });
    await scanner.scan(A, TODAY);
    expect((await listFindings(db, A, { employeeId: ids['a:pending'] })).items[0]).toMatchObject({ state: 'acknowledged', stateReason: '经办机构系统维护，已电话确认' });

    // The bureau confirms the enrollment and coverage opens; the gap is paid late.
    await withTenant(db, A, async (trx) => {
      await trx.updateTable('filing_tasks').set({ status: 'confirmed', base_fen: '1000000' }).where('tenant_id', '=', A).where('employee_id', '=', ids['a:pending']!).execute();
      await trx.insertInto('coverage_periods').values({ tenant_id: A, employee_id: ids['a:pending']!, city_code: '310100', start_month: '2026-02', end_month: null, opened_by: randomUUID() }).execute();
      await trx.insertInto('coverage_periods').values({ tenant_id: A, employee_id: ids['a:gap']!, city_code: '310100', start_month: '2025-10', end_month: '2025-12', opened_by: randomUUID() }).execute();
    });
    const result = await scanner.scan(A, TODAY);
    expect(result.resolved).toBe(2);
    const resolved = await listFindings(db, A, { state: 'resolved' });
    expect(resolved.items.map((f) => f.employeeId).sort()).toEqual([ids['a:gap'], ids['a:pending']].sort());
    expect(resolved.items.every((f) => f.stateBy === null && f.stateAt !== null)).toBe(true);
    expect(await rulesOf(A, 'a:pending')).toEqual([]);
  });

  it('follows the tenant settings (a longer warning day hides a young enrollment)', async () => {
    await putRiskSettings(db, B, actor, { gapThresholdMonths: 1, warningDay: 30 });
    await expect(putRiskSettings(db, B, actor, { gapThresholdMonths: -1, warningDay: 30 })).rejects.toMatchObject({ status: 400, fields: { gapThresholdMonths: expect.anything() } });
    await scanner.scan(B, '2026-03-01');
    expect(await rulesOf(B, 'b:pending')).toEqual([]);
    await scanner.scan(B, '2026-03-05');
    expect(await rulesOf(B, 'b:pending')).toEqual(['enrollment_not_confirmed']);
  });

  it('gives the report rows with the masked id, entity, rule title and days open', async () => {
    const rows = await listRiskReportRows(db, A, { asOf: TODAY });
    const leaver = rows.filter((r) => r.employeeId === ids['a:leaver']);
    expect(leaver.map((r) => r.ruleId).sort()).toEqual(['coverage_after_leave', 'stop_not_filed']);
    expect(leaver[0]).toMatchObject({ employeeName: '未减员', idNumberMasked: '110101********0011', city: '310100', branch: null });
    expect(leaver.find((r) => r.ruleId === 'stop_not_filed')).toMatchObject({ since: '2026-01-21', daysOpen: 48, ruleTitle: { 'zh-CN': '离职未减员' } });
    expect(leaver.find((r) => r.ruleId === 'coverage_after_leave')!.atStakeFen).toBeGreaterThan(0);
  });

  it('keeps findings in their tenant', async () => {
    const a = await listFindings(db, A, {});
    const b = await listFindings(db, B, {});
    expect(a.items.every((f) => Object.entries(ids).some(([k, v]) => k.startsWith('a:') && v === f.employeeId))).toBe(true);
    expect(b.items.every((f) => Object.entries(ids).some(([k, v]) => k.startsWith('b:') && v === f.employeeId))).toBe(true);
    await expect(acknowledgeFinding(db, B, actor, a.items.find((f) => f.state === 'open')!.id, 'not mine')).rejects.toMatchObject({ status: 404 });
    const leak = await withTenant(db, B, (trx) => sql<{ n: string }>`select count(*)::text as n from risk_findings where tenant_id = ${A}`.execute(trx));
    expect(leak.rows[0]!.n).toBe('0');
  });
});
