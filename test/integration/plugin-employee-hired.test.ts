import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@lianxu/db';
import { definePlugin, type EmployeeHiredPayload } from '@lianxu/plugin-sdk';
import { createPeopleService, createPersonalDataVault, createPluginRuntime, createPolicyLibraryService, discoverPlugins, pluginsWithHandler, policyCitiesFrom, resolvePlugins, startLifecycleRuntime } from '@lianxu/core';
import { createBusinessClock } from '@lianxu/db';
import { appDb, eventually, lifecycleTenantSpec, TEST_MASTER_KEY, provisionForTest, startLifecycleStack, testIdNumber, uniqueSlug } from '@lianxu/testing';

// employeeHired: written to the outbox in the hire's transaction, delivered by the real dispatcher
// after the commit, to each enabled plugin at least once; a plugin that throws is isolated and
// retried alone after a back-off.

const db = appDb(10);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

// A test plugin that fails the first delivery of each event, then takes it.
const seen: EmployeeHiredPayload[] = [];
const flaky = definePlugin({
  id: 'flaky-hired-test',
  version: '0.1.0',
  description: { 'zh-CN': '测试：第一次投递失败', en: 'Test: fails the first delivery' },
  extensionPoints: {
    employeeHired(_ctx, hired) {
      seen.push(hired);
      if (seen.filter((s) => s.eventId === hired.eventId).length === 1) throw new Error('not ready yet');
    },
  },
});

const installed = await discoverPlugins();
const plugins = resolvePlugins([...installed.list.map((p) => ({ folder: p.folder, definition: p.definition })), { folder: 'test-plugins/flaky-hired-test', definition: flaky }]);

let tenant: { id: string; slug: string };
let actor: { id: string };
beforeAll(async () => {
  const slug = uniqueSlug('hired');
  tenant = { id: await provisionForTest(db, lifecycleTenantSpec(slug)), slug };
  actor = { id: (await db.selectFrom('users').select('id').where('email', '=', `hr@${slug}.test`).executeTakeFirstOrThrow()).id };
});
afterAll(async () => {
  await db.destroy();
});

const schedulesOf = (employeeId: string) =>
  withTenant(db, tenant.id, (trx) =>
    (trx as any).selectFrom('shift_schedules as s').innerJoin('shift_patterns as p', (j: any) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.pattern_id'))
      .select(['p.code', 's.team', 's.valid_from']).where('s.tenant_id', '=', tenant.id).where('s.employee_id', '=', employeeId).execute() as Promise<{ code: string; team: string | null; valid_from: string }[]>);

const eventRow = (eventId: string) =>
  withTenant(db, tenant.id, (trx) => trx.selectFrom('outbox').selectAll().where('tenant_id', '=', tenant.id).where('workflow_id', '=', `employeeHired:${eventId}`).executeTakeFirst());

describe('employeeHired through the outbox', () => {
  it('puts the new hire on the default shift pattern after the commit, retries only the plugin that failed, once each', async () => {
    const runtime = createPluginRuntime({ db, plugins });
    await runtime.service.setEnabled(tenant.id, 'manufacturing-shifts', { enabled: true, options: { defaultPattern: 'two-shift', defaultTeam: '甲班' } });
    await runtime.service.setEnabled(tenant.id, 'flaky-hired-test', { enabled: true });
    const stack = await startLifecycleStack(db, { tenantIds: [tenant.id], dispatcher: false });
    let dispatcher: ReturnType<typeof startLifecycleRuntime> | undefined;
    try {
      const hireDate = today();
      const hired = await stack.people.hire(tenant, actor, { name: '王五', idNumber: testIdNumber(612_001), mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate, monthlyWage: '9000' });
      expect(hired.status).toBe(201);
      const employeeId = hired.body.id;
      const event = await withTenant(db, tenant.id, (trx) => trx.selectFrom('employment_events').select('id').where('tenant_id', '=', tenant.id).where('employee_id', '=', employeeId).executeTakeFirstOrThrow());

      // Committed with the hire, not yet delivered: no dispatcher runs.
      const pending = await eventRow(event.id);
      expect(pending).toMatchObject({ kind: 'plugin_event', signal_name: 'employeeHired', dispatched_at: null, attempts: 0 });
      expect(pending!.args[0]).toEqual({ employeeId, eventId: event.id, hireDate, entityId: expect.any(String), workCity: '310100' });
      expect(await schedulesOf(employeeId)).toEqual([]);

      dispatcher = startLifecycleRuntime({ db, client: stack.client, taskQueue: stack.taskQueue, tenantIds: [tenant.id], pollMs: 200, reconcileMs: 60_000, pluginEvents: runtime.extensions });
      // First round: manufacturing-shifts has it, the flaky plugin failed and is owed it.
      const failedOnce = await eventually(async () => {
        const row = await eventRow(event.id);
        return row && row.attempts === 1 ? row : undefined;
      }, 20_000, 'a partial delivery');
      expect(failedOnce.dispatched_at).toBeNull();
      expect(failedOnce.args[1]).toEqual(['flaky-hired-test']);
      expect(failedOnce.last_error).toContain('flaky-hired-test');
      expect(failedOnce.not_before!.getTime()).toBeGreaterThan(Date.now() - 1000);
      expect(await schedulesOf(employeeId)).toEqual([{ code: 'two-shift', team: '甲班', valid_from: hireDate }]);

      // After the back-off the flaky plugin gets it again, alone; then the row is done.
      const delivered = await eventually(async () => {
        const row = await eventRow(event.id);
        return row?.dispatched_at ? row : undefined;
      }, 20_000, 'the delivery');
      expect(delivered.attempts).toBe(1);
      expect(seen.filter((s) => s.eventId === event.id)).toHaveLength(2);
      expect(await schedulesOf(employeeId)).toHaveLength(1);
      // The failure was shown to the tenant admin, once.
      const notices = await withTenant(db, tenant.id, (trx) => trx.selectFrom('notifications').select(['subject', 'recipient_user_id']).where('tenant_id', '=', tenant.id).where('kind', '=', 'plugin_failed').execute());
      expect(notices).toHaveLength(1);
      expect(notices[0]!.subject).toContain('flaky-hired-test');
      expect(notices[0]!.subject).toContain('employeeHired');
    } finally {
      await dispatcher?.stop();
      await stack.close();
    }
  }, 90_000);
});

describe('a hire writes its plugin event only where someone hears it', () => {
  it('writes none while no plugin with an employeeHired handler is enabled, and one once such a plugin is', async () => {
    const listeners = pluginsWithHandler(installed, 'employeeHired');
    // Of the repository's plugins, manufacturing-shifts hears hires; retail-branches has no handler.
    expect(listeners).toContain('manufacturing-shifts');
    expect(listeners).not.toContain('retail-branches');
    expect(pluginsWithHandler(plugins, 'employeeHired')).toEqual(expect.arrayContaining(['manufacturing-shifts', 'flaky-hired-test']));

    const slug = uniqueSlug('quiet');
    const quiet = { id: await provisionForTest(db, lifecycleTenantSpec(slug)), slug };
    const hr = { id: (await db.selectFrom('users').select('id').where('email', '=', `hr@${slug}.test`).executeTakeFirstOrThrow()).id };
    const people = createPeopleService({ db, clock: createBusinessClock(), vault: createPersonalDataVault(TEST_MASTER_KEY), policyCities: policyCitiesFrom(createPolicyLibraryService({ db })), hireListeners: listeners });
    const runtime = createPluginRuntime({ db, plugins: installed });
    const hireOne = async (n: number) => {
      const hired = await people.hire(quiet, hr, { name: '孙七', idNumber: testIdNumber(613_000 + n), mobile: '13912345678', hukou: 'local', workCity: '310100', hireDate: today(), monthlyWage: '9000' });
      expect(hired.status).toBe(201);
      return withTenant(db, quiet.id, async (trx) => {
        const { id: eventId } = await trx.selectFrom('employment_events').select('id').where('tenant_id', '=', quiet.id).where('employee_id', '=', hired.body.id).executeTakeFirstOrThrow();
        return trx.selectFrom('outbox').select(['kind', 'args']).where('tenant_id', '=', quiet.id).where('workflow_id', '=', `employeeHired:${eventId}`).execute();
      });
    };
    // retail-branches enabled: still nobody hears hires.
    await runtime.service.setEnabled(quiet.id, 'retail-branches', { enabled: true });
    expect(await hireOne(1)).toEqual([]);
    await runtime.service.setEnabled(quiet.id, 'manufacturing-shifts', { enabled: true, options: { defaultPattern: 'two-shift', defaultTeam: '甲班' } });
    const rows = await hireOne(2);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'plugin_event', args: [expect.objectContaining({ workCity: '310100' })] });
    await runtime.service.setEnabled(quiet.id, 'manufacturing-shifts', { enabled: false });
    expect(await hireOne(3)).toEqual([]);
  }, 60_000);
});
