import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { createRiskScanner } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { apiDeps, appDb, buildApp, provisionLifecycleTenant, TestClient } from '@lianxu/testing';

// POST /api/t/{tenant}/risk/findings/{id}/back-payment through the app: a coverage gap's 补缴 lines
// created in the close's open month (original month and late fee on each), the next scan resolving
// the finding, one back payment per gap, bad input named, roles, and a second tenant that gets 404.

const db = appDb();
const SCAN_DAY = '2026-03-10';
let deps: ReturnType<typeof apiDeps>;
let app: ReturnType<typeof buildApp>;
const T: Record<'a' | 'b', { id: string; slug: string; gap: string; leaver: string }> = { a: { id: '', slug: '', gap: '', leaver: '' }, b: { id: '', slug: '', gap: '', leaver: '' } };

/** An employee in Beijing covered 2025-07..09 and from 2026-01 (a gap 2025-10..12), and a leaver never stopped. */
async function seed(tenantId: string) {
  await withTenant(db, tenantId, async (trx) => {
    const entity = await trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    const person = (name: string, extra: { termination_date?: string; status?: 'terminated' } = {}) => ({
      tenant_id: tenantId, id: randomUUID(), entity_id: entity.id, name, mobile: '13800000000', id_number_cipher: Buffer.from('x'), id_number_key_id: 'k',
      id_number_index: Buffer.from(randomUUID()), id_number_masked: '110101********0033', hukou: 'local' as const, work_city: '110100', hire_date: '2025-07-07',
      monthly_wage_fen: 1_000_000, ...extra,
    });
    const gap = person('断缴员工');
    const leaver = person('离职未减员', { termination_date: '2026-01-20', status: 'terminated' });
    await trx.insertInto('employees').values([gap, leaver]).execute();
    await trx.insertInto('coverage_periods').values([
      { tenant_id: tenantId, employee_id: gap.id, city_code: '110100', start_month: '2025-07', end_month: '2025-09', opened_by: randomUUID() },
      { tenant_id: tenantId, employee_id: gap.id, city_code: '110100', start_month: '2026-01', end_month: null, opened_by: randomUUID() },
      { tenant_id: tenantId, employee_id: leaver.id, city_code: '110100', start_month: '2025-07', end_month: null, opened_by: randomUUID() },
    ]).execute();
  });
}

const scan = (tenantId: string) => createRiskScanner({ db, library: getDefaultPolicyLibrary() }).scan(tenantId, SCAN_DAY);
const finding = (tenantId: string, rule: string) =>
  withTenant(db, tenantId, (trx) => trx.selectFrom('risk_findings').select(['id', 'state', 'owed_fen']).where('tenant_id', '=', tenantId).where('rule_id', '=', rule).executeTakeFirstOrThrow());

async function as(email: string) {
  const c = new TestClient(app);
  expect((await c.signIn(email)).status).toBe(200);
  return c;
}

beforeAll(async () => {
  deps = apiDeps(db);
  app = buildApp(deps.deps);
  for (const k of ['a', 'b'] as const) {
    const { tenant } = await provisionLifecycleTenant(db, `risk-bp${k}`, { seed: k === 'a' ? 4311 : 4312 });
    await seed(tenant.id);
    await scan(tenant.id);
    T[k] = { ...tenant, gap: (await finding(tenant.id, 'coverage_gap')).id, leaver: (await finding(tenant.id, 'stop_not_filed')).id };
  }
}, 120_000);
afterAll(async () => {
  await deps?.close();
  await db.destroy();
});

describe('risk finding back payment', () => {
  it('names bad input and writes nothing', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    const url = `/api/t/${T.a.slug}/risk/findings/${T.a.gap}/back-payment`;
    for (const body of [{ targetMonth: '2026-13' }, { targetMonth: '2025-11' }, { targetMonth: '2026-03', extra: 1 }]) {
      const res = await hr.post(url, body);
      expect(res.status).toBe(400);
      const fields = Object.keys((await res.json()).error.fields ?? {});
      expect(fields.length).toBeGreaterThan(0);
      if (!('extra' in body)) expect(fields).toEqual(['targetMonth']);
    }
    expect((await hr.post(`/api/t/${T.a.slug}/risk/findings/not-a-uuid/back-payment`, {})).status).toBe(400);
    const lines = await withTenant(db, T.a.id, (trx) => trx.selectFrom('adjustment_lines').select('id').where('tenant_id', '=', T.a.id).execute());
    expect(lines).toEqual([]);
  });

  it('is HR’s or a tenant admin’s, and another tenant sees no such finding', async () => {
    const hrB = await as(`hr@${T.b.slug}.test`);
    const res = await hrB.post(`/api/t/${T.b.slug}/risk/findings/${T.a.gap}/back-payment`, { targetMonth: '2026-03' });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('risk_finding_not_found');
    expect((await hrB.post(`/api/t/${T.a.slug}/risk/findings/${T.a.gap}/back-payment`, { targetMonth: '2026-03' })).status).toBe(404);
    // A finding whose action is not a back payment (a stop not filed) is refused.
    const hr = await as(`hr@${T.a.slug}.test`);
    const stop = await hr.post(`/api/t/${T.a.slug}/risk/findings/${T.a.leaver}/back-payment`, {});
    expect(stop.status).toBe(409);
    expect((await stop.json()).error.code).toBe('risk_action_unavailable');
  });

  it('creates the gap’s 补缴 lines in the open month, once, and the next scan resolves the finding', async () => {
    const hr = await as(`hr@${T.a.slug}.test`);
    const before = await finding(T.a.id, 'coverage_gap');
    const res = await hr.post(`/api/t/${T.a.slug}/risk/findings/${T.a.gap}/back-payment`, { targetMonth: '2026-03' });
    expect(res.status).toBe(201);
    const made = await res.json();
    expect(made.targetMonth).toBe('2026-03');
    expect([...new Set(made.lines.map((l: { originalMonth: string }) => l.originalMonth))]).toEqual(['2025-10', '2025-11', '2025-12']);
    expect(made.lines.every((l: { kind: string; month: string; lateFeeFen: number }) => l.kind === 'back_payment' && l.month === '2026-03' && l.lateFeeFen > 0)).toBe(true);
    // The lines total what the finding said was owed for the gap.
    expect(made.owedFen).toBe(Number(before.owed_fen));
    const listed = await (await hr.get(`/api/t/${T.a.slug}/close-adjustments?city=110100&month=2026-03`)).json();
    expect(listed.items.map((l: { id: string }) => l.id).sort()).toEqual(made.lines.map((l: { id: string }) => l.id).sort());
    // A second click makes nothing more.
    const again = await hr.post(`/api/t/${T.a.slug}/risk/findings/${T.a.gap}/back-payment`, { targetMonth: '2026-03' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('back_payment_exists');
    const audit = await withTenant(db, T.a.id, (trx) => trx.selectFrom('audit_log').select('action').where('tenant_id', '=', T.a.id).where('action', '=', 'risk_finding.back_payment').execute());
    expect(audit).toHaveLength(1);

    await scan(T.a.id);
    expect((await finding(T.a.id, 'coverage_gap')).state).toBe('resolved');
    const resolved = await hr.post(`/api/t/${T.a.slug}/risk/findings/${T.a.gap}/back-payment`, {});
    expect(resolved.status).toBe(409);
    // Tenant B's gap is untouched.
    expect((await finding(T.b.id, 'coverage_gap')).state).toBe('open');
  });
});
