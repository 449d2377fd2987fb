import { sql, type Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import type { TenantBranchSpec } from '@lianxu/workflows';
import type { LiveBranch } from './tenant-config.diff';
import { appliedLine, type PlanChange } from '../shared/index';

// Branches in tenant.yaml. The branches table belongs to the retail-branches plugin; core reaches
// it here, and only here, through the columns the plugin's migration declares (name unique per
// tenant, city, address, manager), because a plugin offers no extension point for configuration
// yet. Writes run in the tenant's transaction, so its row-level security and audit trigger apply
// exactly as they do for the plugin's own API. Follow-up: a `tenantConfig` extension point in
// plugin-sdk, so that the plugin applies its own section.

interface BranchRow {
  id: string;
  name: string;
  city_code: string;
  address: string;
  manager_name: string;
  manager_mobile: string | null;
  assigned: number;
}

/** Whether the retail-branches plugin's table exists (its migrations ran). */
export async function branchesInstalled(db: Kysely<Database>): Promise<boolean> {
  const r = await sql<{ present: boolean }>`select to_regclass('public.branches') is not null as present`.execute(db);
  return r.rows[0]?.present ?? false;
}

/** The tenant's branches with how many employees are assigned to each; call inside the tenant's transaction. */
export async function readBranches(trx: Kysely<Database>, tenantId: string): Promise<LiveBranch[]> {
  const r = await sql<BranchRow>`
    select b.id, b.name, b.city_code, b.address, b.manager_name, b.manager_mobile,
           (select count(*)::int from branch_assignments a where a.tenant_id = b.tenant_id and a.branch_id = b.id) as assigned
      from branches b where b.tenant_id = ${tenantId} order by b.city_code, b.name`.execute(trx);
  return r.rows.map((b) => {
    const spec: LiveBranch = { id: b.id, name: b.name, city: b.city_code, address: b.address, manager: b.manager_name, assigned: b.assigned };
    if (b.manager_mobile) spec.managerMobile = b.manager_mobile;
    return spec;
  });
}

/** Writes a branch plan (from diffBranches on the same data) and reports each change. */
export async function applyBranchPlan(trx: Kysely<Database>, tenantId: string, plan: PlanChange[], wanted: readonly TenantBranchSpec[], live: readonly LiveBranch[]): Promise<string[]> {
  const changes: string[] = [];
  for (const c of plan) {
    const w = wanted.find((b) => b.name === c.name);
    const h = live.find((b) => b.name === c.name);
    if (c.op === '-' && h) {
      await sql`delete from branches where tenant_id = ${tenantId} and id = ${h.id}`.execute(trx);
    } else if (c.op === '+' && w) {
      await sql`insert into branches (tenant_id, name, city_code, address, manager_name, manager_mobile)
        values (${tenantId}, ${w.name}, ${w.city}, ${w.address}, ${w.manager}, ${w.managerMobile ?? null})
        on conflict (tenant_id, name) do nothing`.execute(trx);
    } else if (c.op === '~' && w && h) {
      await sql`update branches set city_code = ${w.city}, address = ${w.address}, manager_name = ${w.manager}, manager_mobile = ${w.managerMobile ?? null}, updated_at = now()
        where tenant_id = ${tenantId} and id = ${h.id}`.execute(trx);
    } else continue;
    changes.push(appliedLine(c));
  }
  return changes;
}
