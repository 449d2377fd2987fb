import { PluginHttpError, type ExtensionHandlers, type FormSection, type PluginHost } from '@lianxu/plugin-sdk';
import { assignInBulk } from './assignments.service';
import { branchSummaries } from './branch-summary';
import { branchCityWithoutTransfer } from './branch-city.risk';
import { branchesTenantConfig } from './branches.tenant-config';
import type { BranchesTrx } from './branches.tables';

export const BRANCH_FORM_SAVE_PATH = 'employee-form/{employeeId}';

/** The branch section of the employee form: which branch the employee works at (editable). */
export async function branchFormSections(host: PluginHost, tenantId: string, employeeId: string | null): Promise<FormSection[]> {
  const { branches, current } = await host.withTenant(tenantId, async (trx: BranchesTrx) => ({
    branches: await trx.selectFrom('branches').select(['id', 'name', 'city_code']).where('tenant_id', '=', tenantId).orderBy('city_code').orderBy('name').execute(),
    current: employeeId
      ? await trx.selectFrom('branch_assignments').select(['branch_id', 'since']).where('tenant_id', '=', tenantId).where('employee_id', '=', employeeId).executeTakeFirst()
      : undefined,
  }));
  return [
    {
      key: 'branch',
      title: { 'zh-CN': '门店', en: 'Branch' },
      savePath: BRANCH_FORM_SAVE_PATH,
      fields: [
        {
          key: 'branch',
          label: { 'zh-CN': '所属门店', en: 'Branch' },
          type: 'single_select',
          value: current?.branch_id ?? null,
          options: branches.map((b) => ({ value: b.id, label: { 'zh-CN': b.name, en: b.name } })),
          editable: true,
        },
      ],
    },
  ];
}

/**
 * Saves the branch section: the employee is assigned to the branch from today (from the hire date
 * for someone not started yet); a branch in another city starts a transfer, as a bulk assignment does.
 */
export async function saveBranchForm(host: PluginHost, tenant: { id: string; slug: string }, actor: { id: string }, employeeId: string, branchId: string | null | undefined) {
  if (!branchId) return { saved: false };
  const employee = await host.withTenant(tenant.id, (trx: BranchesTrx) =>
    trx.selectFrom('employees').select('hire_date').where('tenant_id', '=', tenant.id).where('id', '=', employeeId).executeTakeFirst(),
  );
  if (!employee) throw PluginHttpError.notFound({ 'zh-CN': '没有这名员工', en: 'No such employee' });
  const today = host.clock.today();
  const { results } = await assignInBulk(host, tenant, actor, { employeeIds: [employeeId], branchId, effectiveDate: employee.hire_date > today ? employee.hire_date : today });
  const result = results[0]!;
  if (result.status === 'failed') throw new PluginHttpError(409, result.error?.code ?? 'assignment_failed', result.error!.message, result.error?.fields);
  return { saved: true, result };
}

/** The branch cost report: this month's expected social-insurance cost per branch, as CSV (yuan). */
export async function branchCostCsv(host: PluginHost, tenantId: string): Promise<{ month: string; csv: string }> {
  const rows = await branchSummaries(host, tenantId);
  const month = host.clock.today().slice(0, 7);
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [['门店 Branch', '城市代码 City', '人数 Headcount', '已参保 Covered', '单位缴费 Employer (¥)', '个人缴费 Employee (¥)', '合计 Total (¥)', '暂定 Provisional'].join(',')];
  for (const r of rows) {
    lines.push([quote(r.name), r.cityCode, r.headcount, r.covered, yuan(r.cost.employerFen), yuan(r.cost.employeeFen), yuan(r.cost.totalFen), r.cost.provisional ? '是' : '否'].join(','));
  }
  return { month, csv: `\uFEFF${lines.join('\r\n')}\r\n` };
}

/** The plugin's handlers of core's extension points. */
export const branchesExtensions: ExtensionHandlers = {
  // The plugin's section of tenant.yaml (`config: { branches }` under its entry): its schema, export, plan and apply.
  tenantConfig: branchesTenantConfig,

  employeeForm: (ctx, { employeeId }) => branchFormSections(ctx.host, ctx.tenantId, employeeId),

  async employeeListColumns(ctx, { employeeIds }) {
    const rows = employeeIds.length
      ? await ctx.host.withTenant(ctx.tenantId, (trx: BranchesTrx) =>
          trx
            .selectFrom('branch_assignments as a')
            .innerJoin('branches as b', (j) => j.onRef('b.tenant_id', '=', 'a.tenant_id').onRef('b.id', '=', 'a.branch_id'))
            .select(['a.employee_id', 'b.name'])
            .where('a.tenant_id', '=', ctx.tenantId)
            .where('a.employee_id', 'in', employeeIds)
            .execute(),
        )
      : [];
    return [{ key: 'branch', label: { 'zh-CN': '门店', en: 'Branch' }, values: Object.fromEntries(rows.map((r) => [r.employee_id, r.name])) }];
  },

  riskRules: (ctx) => branchCityWithoutTransfer(ctx.host, ctx.tenantId),
};
