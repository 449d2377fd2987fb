import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { withTenant } from '@lianxu/db';
import { definePlugin, type ContributionBaseInput, type ExtensionContext } from '@lianxu/plugin-sdk';
import { appDb, provisionForTest, uniqueSlug } from '@lianxu/testing';
import { createPluginRuntime, PluginFailedError, PluginOptionsError, PluginRequirementError, resolvePlugins, type PluginCandidate } from '@lianxu/core';

const db = appDb();
let A: string;
let B: string;

// Three plugins whose order shows in the result: alpha adds 100 fen, beta (which requires alpha)
// doubles, gamma adds 1 fen. Alpha's handler is a spy.
const alphaBase = vi.fn((_ctx: ExtensionContext<{ bonusFen: number }>, input: ContributionBaseInput) => input.wageFen + _ctx.options.bonusFen);
const alpha = definePlugin({
  id: 'alpha-bonus',
  version: '1.0.0',
  description: { 'zh-CN': '甲', en: 'Alpha' },
  options: z.object({ bonusFen: z.number().int().min(0).max(100_000).default(100) }).strict(),
  extensionPoints: { contributionBase: alphaBase },
});
const beta = definePlugin({
  id: 'beta-double',
  version: '1.0.0',
  description: { 'zh-CN': '乙', en: 'Beta' },
  requires: ['alpha-bonus@^1.0.0'],
  extensionPoints: { contributionBase: (_ctx, input) => input.wageFen * 2 },
});
const gamma = definePlugin({
  id: 'gamma-plus-one',
  version: '1.0.0',
  description: { 'zh-CN': '丙', en: 'Gamma' },
  extensionPoints: {
    contributionBase: (_ctx, input) => {
      if (input.month === '1999-01') throw new Error('gamma cannot do 1999');
      if (input.month === '1999-02') return -5;
      return input.wageFen + 1;
    },
    riskRules: (ctx, { today }) => [{ ruleId: 'gamma-rule', employeeId: null, severity: 'info', message: { 'zh-CN': ctx.tenantId, en: today } }],
  },
});
const candidates: PluginCandidate[] = [alpha, beta, gamma].map((definition) => ({ folder: `plugins/${definition.id}`, definition }));

beforeAll(async () => {
  A = await provisionForTest(db, { slug: uniqueSlug('plug-a'), name: 'A', industry: 'manufacturing', workCities: [{ code: '310100', name: '上海' }] });
  B = await provisionForTest(db, { slug: uniqueSlug('plug-b'), name: 'B', industry: 'retail', workCities: [{ code: '440300', name: '深圳' }] });
});
afterAll(async () => {
  await db.destroy();
});

const runtimeOf = (list: PluginCandidate[]) => createPluginRuntime({ db, plugins: resolvePlugins(list) });

describe('extension points per tenant', () => {
  it('calls a plugin\'s handler only for the tenants that enabled it', async () => {
    const runtime = runtimeOf(candidates);
    await runtime.service.setEnabled(A, 'alpha-bonus', { enabled: true });
    alphaBase.mockClear();
    const employeeA = randomUUID();
    const employeeB = randomUUID();
    expect(await runtime.extensions.contributionBase(A, { employeeId: employeeA, month: '2025-07', wageFen: 800_000 })).toBe(800_100);
    expect(await runtime.extensions.contributionBase(B, { employeeId: employeeB, month: '2025-07', wageFen: 800_000 })).toBe(800_000);
    expect(alphaBase).toHaveBeenCalledTimes(1);
    expect(alphaBase.mock.calls[0]![0].tenantId).toBe(A);
    expect(alphaBase.mock.calls[0]![1]).toMatchObject({ employeeId: employeeA, wageFen: 800_000, originalWageFen: 800_000 });
    expect(alphaBase.mock.calls.some(([ctx, input]) => ctx.tenantId === B || input.employeeId === employeeB)).toBe(false);
  });

  it('gives each handler the tenant\'s own options, defaults applied', async () => {
    const runtime = runtimeOf(candidates);
    await runtime.service.setEnabled(B, 'alpha-bonus', { enabled: true, options: { bonusFen: 5000 } });
    await runtime.service.setEnabled(A, 'alpha-bonus', { enabled: true, options: {} });
    expect(await runtime.extensions.contributionBase(B, { employeeId: randomUUID(), month: '2025-07', wageFen: 800_000 })).toBe(805_000);
    expect(await runtime.extensions.contributionBase(A, { employeeId: randomUUID(), month: '2025-07', wageFen: 800_000 })).toBe(800_100);
    await runtime.service.setEnabled(B, 'alpha-bonus', { enabled: false });
    expect(await runtime.extensions.contributionBase(B, { employeeId: randomUUID(), month: '2025-07', wageFen: 800_000 })).toBe(800_000);
  });

  it('gives the same result whatever order the plugins were found in', async () => {
    const first = runtimeOf(candidates);
    for (const id of ['alpha-bonus', 'beta-double', 'gamma-plus-one']) await first.service.setEnabled(A, id, { enabled: true, options: id === 'alpha-bonus' ? {} : undefined });
    const results = new Set<string>();
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 2, 0], [1, 0, 2], [2, 0, 1], [0, 2, 1]]) {
      const runtime = runtimeOf(order.map((i) => candidates[i]!));
      const trail = await runtime.extensions.contributionBaseSteps(A, { employeeId: randomUUID(), month: '2025-07', wageFen: 1000 });
      results.add(JSON.stringify(trail));
    }
    // alpha (+100), then beta (x2, it requires alpha), then gamma (+1): (1000 + 100) x 2 + 1.
    expect([...results]).toEqual([
      JSON.stringify({ wageFen: 2201, steps: [{ pluginId: 'alpha-bonus', wageFen: 1100 }, { pluginId: 'beta-double', wageFen: 2200 }, { pluginId: 'gamma-plus-one', wageFen: 2201 }] }),
    ]);
  });

  it('turns a throwing handler into an error naming the plugin, and the next call works', async () => {
    const runtime = runtimeOf(candidates);
    await runtime.service.setEnabled(A, 'gamma-plus-one', { enabled: true });
    const failure = await runtime.extensions.contributionBase(A, { employeeId: randomUUID(), month: '1999-01', wageFen: 1000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PluginFailedError);
    expect((failure as PluginFailedError).pluginId).toBe('gamma-plus-one');
    expect((failure as PluginFailedError).message).toContain('gamma cannot do 1999');
    expect((failure as PluginFailedError).messages['zh-CN']).toContain('gamma-plus-one');
    // A handler answering a negative base fails the same way.
    await expect(runtime.extensions.contributionBase(A, { employeeId: randomUUID(), month: '1999-02', wageFen: 1000 })).rejects.toThrow(/gamma-plus-one failed in contributionBase: returned -5/);
    expect(await runtime.extensions.contributionBase(A, { employeeId: randomUUID(), month: '2025-07', wageFen: 1000 })).toBeGreaterThan(1000);
  });

  it('collects risk findings of enabled plugins only, each with its plugin id', async () => {
    const runtime = runtimeOf(candidates);
    await runtime.service.setEnabled(A, 'gamma-plus-one', { enabled: true });
    expect(await runtime.extensions.riskRules(A, { today: '2025-07-01' })).toEqual([
      { ruleId: 'gamma-rule', employeeId: null, severity: 'info', message: { 'zh-CN': A, en: '2025-07-01' }, pluginId: 'gamma-plus-one' },
    ]);
    expect(await runtime.extensions.riskRules(B, { today: '2025-07-01' })).toEqual([]);
  });
});

describe('enablement', () => {
  it('refuses options that do not fit, naming the field, and writes nothing', async () => {
    const runtime = runtimeOf(candidates);
    const tenant = await provisionForTest(db, { slug: uniqueSlug('plug-opt'), name: 'O', industry: 'other', workCities: [{ code: '310100', name: '上海' }] });
    const error = await runtime.service.setEnabled(tenant, 'alpha-bonus', { enabled: true, options: { bonusFen: -1, surprise: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginOptionsError);
    expect(Object.keys((error as PluginOptionsError).fields).sort()).toEqual(['options', 'options.bonusFen']);
    expect((await runtime.service.list(tenant)).find((p) => p.id === 'alpha-bonus')).toMatchObject({ enabled: false, updatedAt: null });
  });

  it('enables a plugin only after the plugins it requires, and disables a required one only after its dependents', async () => {
    const runtime = runtimeOf(candidates);
    const tenant = await provisionForTest(db, { slug: uniqueSlug('plug-req'), name: 'R', industry: 'other', workCities: [{ code: '310100', name: '上海' }] });
    await expect(runtime.service.setEnabled(tenant, 'beta-double', { enabled: true })).rejects.toMatchObject({ code: 'plugin_requirement_disabled', related: ['alpha-bonus'] });
    await runtime.service.setEnabled(tenant, 'alpha-bonus', { enabled: true });
    await runtime.service.setEnabled(tenant, 'beta-double', { enabled: true });
    const refused = await runtime.service.setEnabled(tenant, 'alpha-bonus', { enabled: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PluginRequirementError);
    expect((refused as PluginRequirementError).messages.en).toContain('beta-double');
    await runtime.service.setEnabled(tenant, 'beta-double', { enabled: false });
    await runtime.service.setEnabled(tenant, 'alpha-bonus', { enabled: false });
    expect((await runtime.service.enabled(tenant)).map((e) => e.plugin.id)).toEqual([]);
    expect(await runtime.service.setEnabled(tenant, 'not-installed', { enabled: true })).toBeNull();
  });

  it('keeps the choice and options per tenant, audited with the actor, invisible to other tenants', async () => {
    const runtime = runtimeOf(candidates);
    const actor = (await db.insertInto('users').values({ email: `${uniqueSlug('admin')}@example.test`, name: 'Admin', password_hash: null, platform_role: null }).returning('id').executeTakeFirstOrThrow()).id;
    const tenant = await provisionForTest(db, { slug: uniqueSlug('plug-aud'), name: 'Au', industry: 'other', workCities: [{ code: '310100', name: '上海' }] });
    const view = await runtime.service.setEnabled(tenant, 'alpha-bonus', { enabled: true, options: { bonusFen: 7 } }, { actorId: actor });
    expect(view).toMatchObject({ id: 'alpha-bonus', enabled: true, options: { bonusFen: 7 } });
    const audit = await withTenant(db, tenant, (trx) => trx.selectFrom('audit_log').select(['table_name', 'actor_id', 'row_key']).where('tenant_id', '=', tenant).where('table_name', '=', 'tenant_plugins').execute());
    expect(audit).toEqual([{ table_name: 'tenant_plugins', actor_id: actor, row_key: { plugin_id: 'alpha-bonus' } }]);
    const seenFromA = await withTenant(db, A, (trx) => trx.selectFrom('tenant_plugins').select('tenant_id').where('tenant_id', '=', tenant).execute());
    expect(seenFromA).toEqual([]);
    expect(await runtime.service.enableByDefault(tenant, 'alpha-bonus', { bonusFen: 9 })).toBe(false);
    expect((await runtime.service.enabledOne(tenant, 'alpha-bonus'))?.options).toEqual({ bonusFen: 7 });
  });
});
