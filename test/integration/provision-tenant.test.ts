import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { Worker } from '@temporalio/worker';
import { createTenancyActivities } from '@lianxu/core';
import { applyTenantSpec, type TenantSpec } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { appDb, createTestWorker, temporalClient } from '@lianxu/testing';

const db = appDb();
let temporal: Awaited<ReturnType<typeof temporalClient>>;
beforeAll(async () => {
  temporal = await temporalClient();
});
afterAll(async () => {
  await temporal.close();
  await db.destroy();
});

const spec = (slug: string, cities = [{ code: '310100', name: '上海' }, { code: '440300', name: '深圳' }]): TenantSpec => ({
  slug,
  name: `测试租户 ${slug}`,
  industry: 'manufacturing',
  workCities: cities,
});

describe('provisionTenant on the real Temporal dev server', () => {
  it('creates the tenant, then reports no change when the same file is applied again', async () => {
    const { worker, taskQueue, close } = await createTestWorker(createTenancyActivities({ db }));
    try {
      await worker.runUntil(async () => {
        const first = await applyTenantSpec(temporal.client, spec('prov-a'), taskQueue);
        expect(first.created).toBe(true);
        expect(first.changes).toEqual(['tenant created', 'work city added: 310100', 'work city added: 440300', 'settings created']);

        const before = await db.selectFrom('tenants').selectAll().where('slug', '=', 'prov-a').executeTakeFirstOrThrow();
        const second = await applyTenantSpec(temporal.client, spec('prov-a'), taskQueue);
        expect(second).toEqual({ tenantId: first.tenantId, created: false, changes: [] });
        const after = await db.selectFrom('tenants').selectAll().where('slug', '=', 'prov-a').executeTakeFirstOrThrow();
        expect(after.updated_at).toEqual(before.updated_at);

        const third = await applyTenantSpec(temporal.client, spec('prov-a', [{ code: '440300', name: '深圳' }, { code: '110100', name: '北京' }]), taskQueue);
        expect(third.changes.sort()).toEqual(['work city added: 110100', 'work city removed: 310100']);
        const cities = await withTenant(db, first.tenantId, (trx) =>
          trx.selectFrom('tenant_cities').select('city_code').where('tenant_id', '=', first.tenantId).orderBy('city_code').execute(),
        );
        expect(cities.map((c) => c.city_code)).toEqual(['110100', '440300']);
      });
    } finally {
      await close();
    }
  });

  it('replays its recorded history deterministically', async () => {
    const { worker, taskQueue, close } = await createTestWorker(createTenancyActivities({ db }));
    try {
      await worker.runUntil(() => applyTenantSpec(temporal.client, spec('prov-replay'), taskQueue));
      const history = await temporal.client.workflow.getHandle('provision-tenant:prov-replay').fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') } }, history);
    } finally {
      await close();
    }
  });
});
