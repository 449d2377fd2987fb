import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { withTenant } from '@lianxu/db';
import { createPolicyLibraryService, createRiskActivities, listFindings } from '@lianxu/core';
import { appDb, provisionLifecycleTenant } from '@lianxu/testing';

// The risk scan's activity on its own, in MockActivityEnvironment, with its real dependencies
// (PostgreSQL of the test run, the policy library service): what the workflow gets back, and the
// findings it stored.

const db = appDb();
let tenantId: string;
let leaver: string;

beforeAll(async () => {
  const { tenant } = await provisionLifecycleTenant(db, 'risk-acts', { seed: 4201 });
  tenantId = tenant.id;
  leaver = randomUUID();
  await withTenant(db, tenantId, async (trx) => {
    const entity = await trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    await trx.insertInto('employees').values({
      tenant_id: tenantId, id: leaver, entity_id: entity.id, name: '离职未减员', mobile: '13800000000', id_number_cipher: Buffer.from('x'), id_number_key_id: 'k',
      id_number_index: Buffer.from(randomUUID()), id_number_masked: '310101********0022', hukou: 'local', work_city: '310100', hire_date: '2025-07-07',
      termination_date: '2026-01-20', monthly_wage_fen: 1_000_000, status: 'terminated',
    }).execute();
    await trx.insertInto('coverage_periods').values({ tenant_id: tenantId, employee_id: leaver, city_code: '310100', start_month: '2025-07', end_month: null, opened_by: randomUUID() }).execute();
  });
});
afterAll(async () => {
  await db.destroy();
});

describe('risk scan activity', () => {
  it('scans the tenant as of the given date and answers what it stored', async () => {
    const policies = createPolicyLibraryService({ db });
    const activities = createRiskActivities({ db, library: () => policies.library() });
    const env = new MockActivityEnvironment();
    const outcome = await env.run(activities.scanTenantRisks, { tenantId, today: '2026-03-10' });
    expect(outcome).toMatchObject({ tenantId, today: '2026-03-10', employees: 1, resolved: 0 });
    expect(outcome.created).toBeGreaterThanOrEqual(2);
    const stored = await listFindings(db, tenantId, { employeeId: leaver, state: 'open' });
    expect(stored.items.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['stop_not_filed', 'coverage_after_leave']));
    // The same day again: nothing new, nothing resolved (a retried activity is harmless).
    expect(await env.run(activities.scanTenantRisks, { tenantId, today: '2026-03-10' })).toMatchObject({ created: 0, resolved: 0 });
  });
});
