import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRiskScanner, listFindings } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { apiDeps, appDb, lifecycleTenantSpec, provisionForTest, testIdNumber, testPersonName, uniqueSlug } from '@lianxu/testing';
import type { BranchesTrx } from './branches.tables';

// The plugin's risk rule through core's riskRules extension point and the stored scan: an employee
// assigned to a branch in another city without a transfer is found; one in the same city is not.

const db = appDb();
const deps = apiDeps(db);
const T = { id: '', slug: uniqueSlug('retail-risk') };
const staff: Record<string, string> = {};
let actor: { id: string };

beforeAll(async () => {
  T.id = await provisionForTest(db, { ...lifecycleTenantSpec(T.slug), plugins: [{ id: 'retail-branches', enabled: true }] });
  actor = { id: (await db.selectFrom('users').select('id').where('email', '=', `admin@${T.slug}.test`).executeTakeFirstOrThrow()).id };
  for (const [key, n] of [['moved', 6101], ['stayed', 6102]] as const) {
    const answer = await deps.deps.people.hire(T, actor, { name: testPersonName(n), idNumber: testIdNumber(n), mobile: `139${String(n).padStart(8, '0')}`, hukou: 'local', workCity: '310100', hireDate: '2024-05-06', monthlyWage: '9000.00' });
    expect(answer.status).toBe(201);
    staff[key] = answer.body.id;
  }
  // Assignments written directly, as a data import would: no transfer recorded.
  await withTenant(db, T.id, async (trx) => {
    const b = trx as unknown as BranchesTrx;
    const sh = randomUUID();
    const sz = randomUUID();
    await b.insertInto('branches').values([
      { tenant_id: T.id, id: sh, name: '上海一店', city_code: '310100', address: '上海', manager_name: '王芳', manager_mobile: null },
      { tenant_id: T.id, id: sz, name: '深圳一店', city_code: '440300', address: '深圳', manager_name: '李强', manager_mobile: null },
    ]).execute();
    await b.insertInto('branch_assignments').values([
      { tenant_id: T.id, employee_id: staff.moved!, branch_id: sz, since: '2026-02-01' },
      { tenant_id: T.id, employee_id: staff.stayed!, branch_id: sh, since: '2026-02-01' },
    ]).execute();
  });
});
afterAll(async () => {
  await deps.close();
  await db.destroy();
});

describe('retail-branches risk rule', () => {
  it('finds the employee moved to a branch in another city without a transfer', async () => {
    const scanner = createRiskScanner({ db, library: getDefaultPolicyLibrary(), extensions: deps.deps.plugins.extensions });
    const result = await scanner.scan(T.id, '2026-03-10');
    expect(result.plugins).toContain('retail-branches');
    const moved = await listFindings(db, T.id, { employeeId: staff.moved, rule: 'retail-branches:branch_city_without_transfer' });
    expect(moved.items).toHaveLength(1);
    expect(moved.items[0]).toMatchObject({ source: 'plugin:retail-branches', severity: 'critical', since: '2026-02-01' });
    expect(moved.items[0]!.message['zh-CN']).toContain('深圳一店');
    expect((await listFindings(db, T.id, { employeeId: staff.stayed, rule: 'retail-branches:branch_city_without_transfer' })).items).toEqual([]);
  });

  it('resolves the finding by itself once the transfer to the branch city is made', async () => {
    const moved = await deps.deps.people.transfer(T, actor, staff.moved!, { workCity: '440300', effectiveDate: deps.deps.clock.today() });
    expect(moved.status).toBe(200);
    const scanner = createRiskScanner({ db, library: getDefaultPolicyLibrary(), extensions: deps.deps.plugins.extensions });
    await scanner.scan(T.id, '2026-03-10');
    const after = await listFindings(db, T.id, { employeeId: staff.moved, rule: 'retail-branches:branch_city_without_transfer' });
    expect(after.items.map((f) => f.state)).toEqual(['resolved']);
  });
});
