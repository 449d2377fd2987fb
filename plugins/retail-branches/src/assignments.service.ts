import { PluginHttpError, type Localized, type PluginHost } from '@lianxu/plugin-sdk';
import type { BranchesTrx } from './branches.tables';

export type AssignmentStatus = 'assigned' | 'transfer_started' | 'unchanged' | 'failed';

export interface AssignmentResult {
  employeeId: string;
  status: AssignmentStatus;
  fromBranchId: string | null;
  fromCity: string;
  toCity: string;
  error?: { code: string; message: Localized; fields?: Record<string, Localized> };
}

const msg = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

/** A people-module refusal (status, code, messages, fields), or anything else. */
function describe(error: unknown): AssignmentResult['error'] {
  const e = error as { code?: unknown; messages?: Localized; fields?: Record<string, Localized>; message?: string };
  if (typeof e?.code === 'string' && e.messages) return { code: e.code, message: e.messages, ...(e.fields ? { fields: e.fields } : {}) };
  return { code: 'transfer_failed', message: msg('调动未能发起', `The transfer could not be started: ${e?.message ?? String(error)}`) };
}

/**
 * Moves employees to a branch. Where the branch lies in another city than the employee's work
 * city, a transfer is started through core's people module (stop in the old city, enrollment in
 * the new one, no month uncovered); the assignment is written only once the transfer is recorded.
 * Everything is checked first (400 naming each bad entry, nothing written). Repeating the same
 * request changes nothing: the people module records each transfer once per idempotency key.
 */
export async function assignInBulk(
  host: PluginHost,
  tenant: { id: string; slug: string },
  actor: { id: string },
  input: { employeeIds: string[]; branchId: string; effectiveDate: string },
): Promise<{ results: AssignmentResult[]; counts: Record<AssignmentStatus, number> }> {
  const { branch, employees, current } = await host.withTenant(tenant.id, async (trx: BranchesTrx) => {
    const branch = await trx.selectFrom('branches').select(['id', 'city_code']).where('tenant_id', '=', tenant.id).where('id', '=', input.branchId).executeTakeFirst();
    const employees = await trx
      .selectFrom('employees')
      .select(['id', 'work_city', 'status', 'hire_date'])
      .where('tenant_id', '=', tenant.id)
      .where('id', 'in', input.employeeIds)
      .execute();
    const current = await trx.selectFrom('branch_assignments').select(['employee_id', 'branch_id']).where('tenant_id', '=', tenant.id).where('employee_id', 'in', input.employeeIds).execute();
    return { branch, employees, current };
  });

  const fields: Record<string, Localized> = {};
  if (!branch) fields.branchId = msg('没有这个门店', 'no such branch');
  const byId = new Map(employees.map((e) => [e.id, e]));
  input.employeeIds.forEach((id, i) => {
    const e = byId.get(id);
    if (!e) fields[`employeeIds[${i}]`] = msg('本单位没有这名员工', 'no such employee in this company');
    else if (e.status !== 'active') fields[`employeeIds[${i}]`] = msg('该员工已离职', 'the employee has left');
    else if (input.effectiveDate < e.hire_date) fields[`employeeIds[${i}]`] = msg(`生效日期早于该员工的入职日期 ${e.hire_date}`, `the effective date is before the hire date ${e.hire_date}`);
  });
  if (Object.keys(fields).length) throw PluginHttpError.invalid(fields);

  const from = new Map(current.map((c) => [c.employee_id, c.branch_id]));
  const results: AssignmentResult[] = [];
  for (const id of input.employeeIds) {
    const e = byId.get(id)!;
    const base = { employeeId: id, fromBranchId: from.get(id) ?? null, fromCity: e.work_city, toCity: branch!.city_code };
    if (from.get(id) === branch!.id) {
      results.push({ ...base, status: 'unchanged' });
      continue;
    }
    let status: AssignmentStatus = 'assigned';
    if (e.work_city !== branch!.city_code) {
      try {
        await host.people.transfer(tenant, actor, id, { workCity: branch!.city_code, effectiveDate: input.effectiveDate }, `retail-branches:${branch!.id}:${id}:${input.effectiveDate}`);
        status = 'transfer_started';
      } catch (error) {
        results.push({ ...base, status: 'failed', error: describe(error) });
        continue;
      }
    }
    await host.withTenant(
      tenant.id,
      (trx: BranchesTrx) =>
        trx
          .insertInto('branch_assignments')
          .values({ tenant_id: tenant.id, employee_id: id, branch_id: branch!.id, since: input.effectiveDate })
          .onConflict((oc) => oc.columns(['tenant_id', 'employee_id']).doUpdateSet({ branch_id: branch!.id, since: input.effectiveDate, updated_at: new Date() }))
          .execute(),
      { actorId: actor.id },
    );
    results.push({ ...base, status });
  }
  const counts = { assigned: 0, transfer_started: 0, unchanged: 0, failed: 0 };
  for (const r of results) counts[r.status]++;
  return { results, counts };
}
