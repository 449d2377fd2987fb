import { sql } from 'kysely';
import { z } from 'zod';
import { addLocalizedIssue, text, type ExtensionContext, type PluginHost, type TenantConfigChange, type TenantConfigHook } from '@lianxu/plugin-sdk';
import type { BranchesTrx } from './branches.tables';

// The plugin's section of tenant.yaml, `config: { branches: [...] }` under its entry in `plugins:`.
// Core knows nothing of it: its loader checks the section with `schema` and `check` below, and the
// provisioning workflow hands it to `apply`. The plugin reads, plans and writes its own tables, in
// the tenant's transaction (row-level security and the audit trigger apply exactly as for the
// plugin's API).

const cityCode = z.string().regex(/^[0-9]{6}$/, 'a GB/T 2260 city code has six digits');

const branchSchema = z
  .object({
    name: text({ max: 100 }),
    /** GB/T 2260 code; one of the tenant's work cities. */
    city: cityCode,
    address: text({ max: 300 }),
    manager: text({ max: 50 }),
    managerMobile: z.string().regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number').optional(),
  })
  .strict();

/** One branch as tenant.yaml declares it, matched by name. */
export type BranchSection = z.output<typeof branchSchema>;

/** The whole section: when present, a live branch not listed is removed (only if nobody works there). */
export const branchesSectionSchema = z
  .object({
    branches: z
      .array(branchSchema)
      .max(2000)
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((b, i) => {
          if (seen.has(b.name)) addLocalizedIssue(ctx, { 'zh-CN': '门店名称重复', en: 'a branch name is listed twice' }, [i, 'name']);
          seen.add(b.name);
        });
      }),
  })
  .strict();
export type BranchesSection = z.output<typeof branchesSectionSchema>;

interface LiveBranch extends BranchSection {
  id: string;
  /** Employees assigned to it (any status): a branch with people cannot be removed or moved to another city. */
  assigned: number;
}

const NOT_INSTALLED = 'the retail-branches plugin is not installed (no branches table)';

/** Whether the plugin's table exists (its migrations ran). */
async function installed(trx: BranchesTrx): Promise<boolean> {
  const r = await sql<{ present: boolean }>`select to_regclass('public.branches') is not null as present`.execute(trx);
  return r.rows[0]?.present ?? false;
}

/** The tenant's branches with how many employees are assigned to each. */
async function readBranches(trx: BranchesTrx, tenantId: string): Promise<LiveBranch[]> {
  const rows = await trx
    .selectFrom('branches as b')
    .select(['b.id', 'b.name', 'b.city_code', 'b.address', 'b.manager_name', 'b.manager_mobile'])
    .select((eb) => eb.selectFrom('branch_assignments as a').select(sql<number>`count(*)::int`.as('n')).whereRef('a.tenant_id', '=', 'b.tenant_id').whereRef('a.branch_id', '=', 'b.id').as('assigned'))
    .where('b.tenant_id', '=', tenantId)
    .orderBy('b.city_code')
    .orderBy('b.name')
    .execute();
  return rows.map((b) => {
    const live: LiveBranch = { id: b.id, name: b.name, city: b.city_code, address: b.address, manager: b.manager_name, assigned: Number(b.assigned ?? 0) };
    if (b.manager_mobile) live.managerMobile = b.manager_mobile;
    return live;
  });
}

const shown = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));
const attributes = (b: BranchSection): Record<string, string | null> => ({ city: b.city, address: b.address, manager: b.manager, managerMobile: b.managerMobile ?? null });

/** Branches matched by name. Removing a branch, or moving it to another city, needs it to be empty (moving people is a transfer). */
function diffBranches(live: readonly LiveBranch[] | null, wanted: readonly BranchSection[], knownCity: (code: string) => boolean): TenantConfigChange[] {
  const changes: TenantConfigChange[] = [];
  const have = new Map((live ?? []).map((b) => [b.name, b]));
  for (const b of wanted) {
    const h = have.get(b.name);
    let change: TenantConfigChange | null = null;
    if (!h) change = { op: '+', kind: 'branch', name: b.name, details: [`${b.city}, ${b.address}, manager ${b.manager}`] };
    else {
      const before = attributes(h);
      const after = attributes(b);
      const details = Object.keys(after).filter((n) => before[n] !== after[n]).map((n) => `${n}: ${shown(before[n])} → ${shown(after[n])}`);
      if (details.length) change = { op: '~', kind: 'branch', name: b.name, details };
      if (change && h.city !== b.city && h.assigned) change.blocked = `${h.assigned} employees work at this branch; move them before changing its city`;
    }
    if (change && !knownCity(b.city)) change.blocked = `city ${b.city} is not in the policy library; a branch's city decides the policy`;
    if (change && live === null) change.blocked = NOT_INSTALLED;
    if (change) changes.push(change);
  }
  const want = new Set(wanted.map((b) => b.name));
  for (const h of live ?? []) {
    if (want.has(h.name)) continue;
    const change: TenantConfigChange = { op: '-', kind: 'branch', name: h.name, details: [h.city] };
    if (h.assigned) change.blocked = `${h.assigned} employees are assigned to it; move them to another branch first`;
    changes.push(change);
  }
  return changes;
}

const VERB = { '+': 'added', '~': 'changed', '-': 'removed' } as const;

/** Writes a plan (from diffBranches on the same rows) and reports each change. */
async function applyPlan(trx: BranchesTrx, tenantId: string, plan: TenantConfigChange[], wanted: readonly BranchSection[], live: readonly LiveBranch[]): Promise<string[]> {
  const applied: string[] = [];
  for (const c of plan) {
    const w = wanted.find((b) => b.name === c.name);
    const h = live.find((b) => b.name === c.name);
    if (c.op === '-' && h) {
      await trx.deleteFrom('branches').where('tenant_id', '=', tenantId).where('id', '=', h.id).execute();
    } else if (c.op === '+' && w) {
      await trx
        .insertInto('branches')
        .values({ tenant_id: tenantId, name: w.name, city_code: w.city, address: w.address, manager_name: w.manager, manager_mobile: w.managerMobile ?? null })
        .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
        .execute();
    } else if (c.op === '~' && w && h) {
      await trx
        .updateTable('branches')
        .set({ city_code: w.city, address: w.address, manager_name: w.manager, manager_mobile: w.managerMobile ?? null, updated_at: new Date() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', h.id)
        .execute();
    } else continue;
    applied.push(`${c.kind} ${VERB[c.op]}: ${c.name}`);
  }
  return applied;
}

/** Reads the live branches, then plans (and, with `apply`, writes) in the same tenant transaction. */
function withLive<T>(host: PluginHost, tenantId: string, actorId: string | null, work: (trx: BranchesTrx, live: LiveBranch[] | null) => Promise<T>): Promise<T> {
  return host.withTenant(tenantId, async (trx: BranchesTrx) => work(trx, (await installed(trx)) ? await readBranches(trx, tenantId) : null), { actorId });
}

/** The retail-branches plugin's tenantConfig hook: its section's schema, export, plan and apply. */
export const branchesTenantConfig: TenantConfigHook<Record<string, unknown>, BranchesSection> = {
  schema: branchesSectionSchema,
  formerKey: 'branches',

  check: (section, file) => {
    const cities = new Set(file.workCities);
    return section.branches.flatMap((b, i) =>
      cities.has(b.city) ? [] : [{ path: ['branches', i, 'city'], message: { 'zh-CN': '这个城市不在 workCities 中', en: 'this city is not in workCities' } }],
    );
  },

  read: (ctx: ExtensionContext) =>
    withLive(ctx.host, ctx.tenantId, null, async (_trx, live) => live && { branches: live.map(({ id: _id, assigned: _assigned, ...b }) => b) }),

  plan: (ctx, { wanted, knownCities }) => {
    const known = new Set(knownCities);
    return withLive(ctx.host, ctx.tenantId, null, async (_trx, live) => diffBranches(live, wanted.branches, (code) => known.has(code)));
  },

  apply: (ctx, { wanted, knownCities, actorId }) => {
    const known = new Set(knownCities);
    return withLive(ctx.host, ctx.tenantId, actorId, async (trx, live) => {
      const plan = diffBranches(live, wanted.branches, (code) => known.has(code));
      if (live === null) return { refused: `branches: ${NOT_INSTALLED}` };
      const blocked = plan.find((c) => c.blocked);
      if (blocked) return { refused: `branch ${blocked.name}: ${blocked.blocked}` };
      return { applied: await applyPlan(trx, ctx.tenantId, plan, wanted.branches, live) };
    });
  },
};
