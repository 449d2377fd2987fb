import { sql } from 'kysely';
import { PluginHttpError, type Localized, type PluginHost } from '@lianxu/plugin-sdk';
import type { BranchesTrx } from './branches.tables';

export interface BranchView {
  id: string;
  name: string;
  cityCode: string;
  address: string;
  managerName: string;
  managerMobile: string | null;
  /** Active employees assigned to the branch. */
  headcount: number;
  createdAt: string;
  updatedAt: string;
}

export interface BranchInput {
  name: string;
  cityCode: string;
  address: string;
  managerName: string;
  managerMobile?: string | null;
}

const msg = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });
const noBranch = () => PluginHttpError.notFound(msg('没有这个门店', 'No such branch'));
const UNIQUE_VIOLATION = '23505';

async function branchRows(trx: BranchesTrx, tenantId: string, id?: string): Promise<BranchView[]> {
  let q = trx
    .selectFrom('branches as b')
    .select((eb) => [
      'b.id',
      'b.name',
      'b.city_code',
      'b.address',
      'b.manager_name',
      'b.manager_mobile',
      'b.created_at',
      'b.updated_at',
      eb
        .selectFrom('branch_assignments as a')
        .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'a.tenant_id').onRef('e.id', '=', 'a.employee_id'))
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('a.tenant_id', '=', 'b.tenant_id')
        .whereRef('a.branch_id', '=', 'b.id')
        .where('e.status', '=', 'active')
        .as('headcount'),
    ])
    .where('b.tenant_id', '=', tenantId);
  if (id) q = q.where('b.id', '=', id);
  const rows = await q.orderBy('b.city_code').orderBy('b.name').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    cityCode: r.city_code,
    address: r.address,
    managerName: r.manager_name,
    managerMobile: r.manager_mobile,
    headcount: r.headcount ?? 0,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}

async function checkCity(host: PluginHost, cityCode: string): Promise<void> {
  if (!(await host.policy.knowsCity(cityCode))) {
    throw PluginHttpError.invalid({ cityCode: msg(`政策库中没有城市 ${cityCode}，门店所在城市决定适用的社保政策`, `city ${cityCode} is not in the policy library; the branch's city decides the policy`) });
  }
}

function nameTaken(error: unknown): never {
  if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
    throw PluginHttpError.conflict('branch_exists', msg('已有同名门店', 'A branch with this name exists'), { name: msg('门店名称已被使用', 'is taken') });
  }
  throw error;
}

export function createBranchesService(host: PluginHost) {
  return {
    async list(tenantId: string): Promise<BranchView[]> {
      return host.withTenant(tenantId, (trx: BranchesTrx) => branchRows(trx, tenantId));
    },

    async get(tenantId: string, id: string): Promise<BranchView> {
      const [branch] = await host.withTenant(tenantId, (trx: BranchesTrx) => branchRows(trx, tenantId, id));
      if (!branch) throw noBranch();
      return branch;
    },

    async create(tenantId: string, actorId: string, input: BranchInput): Promise<BranchView> {
      await checkCity(host, input.cityCode);
      return host
        .withTenant(
          tenantId,
          async (trx: BranchesTrx) => {
            const row = await trx
              .insertInto('branches')
              .values({ tenant_id: tenantId, name: input.name, city_code: input.cityCode, address: input.address, manager_name: input.managerName, manager_mobile: input.managerMobile ?? null })
              .returning('id')
              .executeTakeFirstOrThrow();
            return (await branchRows(trx, tenantId, row.id))[0]!;
          },
          { actorId },
        )
        .catch(nameTaken);
    },

    /** Changes name, address or manager; the city only while nobody is assigned (moving people is a transfer). */
    async update(tenantId: string, actorId: string, id: string, input: Partial<BranchInput>): Promise<BranchView> {
      if (input.cityCode !== undefined) await checkCity(host, input.cityCode);
      return host
        .withTenant(
          tenantId,
          async (trx: BranchesTrx) => {
            const current = (await branchRows(trx, tenantId, id))[0];
            if (!current) throw noBranch();
            if (input.cityCode !== undefined && input.cityCode !== current.cityCode) {
              const assigned = await trx.selectFrom('branch_assignments').select('employee_id').where('tenant_id', '=', tenantId).where('branch_id', '=', id).executeTakeFirst();
              if (assigned) {
                throw PluginHttpError.conflict('branch_has_employees', msg('门店已有员工，不能更改城市；请先把员工调往其他门店', 'The branch has employees; move them to another branch before changing its city'), {
                  cityCode: msg('门店已有员工', 'the branch has employees'),
                });
              }
            }
            await trx
              .updateTable('branches')
              .set({
                ...(input.name !== undefined ? { name: input.name } : {}),
                ...(input.cityCode !== undefined ? { city_code: input.cityCode } : {}),
                ...(input.address !== undefined ? { address: input.address } : {}),
                ...(input.managerName !== undefined ? { manager_name: input.managerName } : {}),
                ...(input.managerMobile !== undefined ? { manager_mobile: input.managerMobile } : {}),
                updated_at: new Date(),
              })
              .where('tenant_id', '=', tenantId)
              .where('id', '=', id)
              .execute();
            return (await branchRows(trx, tenantId, id))[0]!;
          },
          { actorId },
        )
        .catch(nameTaken);
    },

    /** Deletes an empty branch (409 while employees are assigned to it). */
    async remove(tenantId: string, actorId: string, id: string): Promise<void> {
      await host.withTenant(
        tenantId,
        async (trx: BranchesTrx) => {
          const assigned = await trx.selectFrom('branch_assignments').select('employee_id').where('tenant_id', '=', tenantId).where('branch_id', '=', id).executeTakeFirst();
          if (assigned) throw PluginHttpError.conflict('branch_has_employees', msg('门店还有员工，不能删除', 'The branch still has employees'));
          const result = await trx.deleteFrom('branches').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
          if (!result.numDeletedRows) throw noBranch();
        },
        { actorId },
      );
    },

    /** The employees assigned to a branch. */
    async employees(tenantId: string, id: string) {
      await this.get(tenantId, id);
      return host.withTenant(tenantId, (trx: BranchesTrx) =>
        trx
          .selectFrom('branch_assignments as a')
          .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'a.tenant_id').onRef('e.id', '=', 'a.employee_id'))
          .select(['e.id', 'e.name', 'e.work_city', 'e.status', 'a.since'])
          .where('a.tenant_id', '=', tenantId)
          .where('a.branch_id', '=', id)
          .orderBy('e.name')
          .orderBy('e.id')
          .execute()
          .then((rows) => rows.map((r) => ({ employeeId: r.id, name: r.name, workCity: r.work_city, status: r.status, since: r.since }))),
      );
    },
  };
}
export type BranchesService = ReturnType<typeof createBranchesService>;
