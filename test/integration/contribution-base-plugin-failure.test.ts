import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { definePlugin } from '@lianxu/plugin-sdk';
import { contributionBasePlugins, createPluginRuntime, resolvePlugins } from '@lianxu/core';
import { appDb, eventually, lifecycleTenantSpec, provisionForTest, startLifecycleStack, testIdNumber, uniqueSlug } from '@lianxu/testing';

// contributionBase is the one hook where a failing plugin is not skipped: the base without its
// adjustment would be a different base, filed silently. The enrollment is rejected with the reason
// naming the plugin, HR is told, nothing is filed.

const db = appDb(6);
const broken = definePlugin({
  id: 'broken-base-test',
  version: '0.1.0',
  description: { 'zh-CN': '测试：基数插件出错', en: 'Test: base plugin fails' },
  extensionPoints: {
    contributionBase: () => {
      throw new Error('overtime table unreachable');
    },
  },
});
const runtime = createPluginRuntime({ db, plugins: resolvePlugins([{ folder: 'test-plugins/broken-base-test', definition: broken }]) });
let stack: Awaited<ReturnType<typeof startLifecycleStack>>;
const tenant = { id: '', slug: uniqueSlug('basefail') };
let actor: { id: string };

beforeAll(async () => {
  tenant.id = await provisionForTest(db, lifecycleTenantSpec(tenant.slug, { seed: 5252 }));
  actor = { id: (await db.selectFrom('users').select('id').where('email', '=', `hr@${tenant.slug}.test`).executeTakeFirstOrThrow()).id };
  await runtime.service.setEnabled(tenant.id, 'broken-base-test', { enabled: true });
  stack = await startLifecycleStack(db, { tenantIds: [tenant.id], lifecycle: { contributionBase: contributionBasePlugins(runtime, 0) } });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await db.destroy();
});

describe('a contributionBase plugin that throws', () => {
  it('rejects the enrollment naming the plugin, tells HR, and files nothing (never the base without the plugin)', async () => {
    const answer = await stack.people.hire(tenant, actor, { name: '插件出错', idNumber: testIdNumber(525), mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), monthlyWage: '9000' });
    expect(answer.status).toBe(201);
    const rejected = await eventually(async () => {
      const t = await withTenant(db, tenant.id, (trx) => trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenant.id).where('employee_id', '=', answer.body.id).executeTakeFirst());
      return t?.status === 'rejected' ? t : undefined;
    }, 30_000, 'enrollment rejected');
    expect(rejected.rejection).toMatchObject({ code: 'contribution_base_unavailable', message: expect.stringContaining('broken-base-test') });
    expect(rejected.rejection?.message).toContain('overtime table unreachable');
    expect(rejected.base_fen).toBeNull();
    expect(rejected.filing_id).toBeNull();
    expect(stack.bureau.state.listFilings()).toEqual([]);
    const notices = await withTenant(db, tenant.id, (trx) =>
      trx.selectFrom('notifications').select('body').where('tenant_id', '=', tenant.id).where('task_id', '=', rejected.id).where('kind', '=', 'contribution_base_unavailable').execute());
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]!.body).toContain('broken-base-test');
  });
});
