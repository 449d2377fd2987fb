import type { ExtensionHandlers } from '@lianxu/plugin-sdk';
import { explainBase, type ShiftOptions } from './contribution-base';
import { centiFromNumeric, formatHours } from './overtime.rules';
import { shiftFormSections, scheduleNewHire } from './shifts.form';
import { scheduledWithoutCoverage } from './shifts.service';
import { overtimeBaseNotReflected } from './overtime-base.risk';
import type { ShiftsTrx } from './shifts.tables';

/** The plugin's handlers of core's extension points. */
export const shiftsExtensions: ExtensionHandlers<ShiftOptions> = {
  async contributionBase(ctx, input) {
    return (await explainBase(ctx.host, ctx.tenantId, ctx.options, input)).baseFen;
  },

  employeeHired(ctx, hired) {
    return scheduleNewHire(ctx.host, ctx.tenantId, ctx.options, hired);
  },

  employeeForm(ctx, { employeeId }) {
    return shiftFormSections(ctx.host, ctx.tenantId, ctx.options, employeeId);
  },

  async employeeListColumns(ctx, { employeeIds }) {
    const month = ctx.host.clock.today().slice(0, 7);
    const rows = employeeIds.length
      ? await ctx.host.withTenant(ctx.tenantId, (trx: ShiftsTrx) =>
          trx
            .selectFrom('overtime_monthly')
            .select(['employee_id', 'overtime_hours'])
            .where('tenant_id', '=', ctx.tenantId)
            .where('month', '=', month)
            .where('employee_id', 'in', employeeIds)
            .execute(),
        )
      : [];
    return [
      {
        key: 'overtime_this_month',
        label: { 'zh-CN': '本月加班（小时）', en: 'Overtime this month (h)' },
        values: Object.fromEntries(rows.map((r) => [r.employee_id, formatHours(centiFromNumeric(r.overtime_hours))])),
      },
    ];
  },

  // Beyond the manifest's 用工备案 report (any month): last month's, the one usually filed now.
  reports(ctx) {
    const [y, m] = ctx.host.clock.today().split('-').map(Number) as [number, number];
    const last = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    return [{ id: 'headcount-last-month', title: { 'zh-CN': `用工备案人数月报（上月 ${last}）`, en: `Monthly headcount (用工备案), last month ${last}` }, format: 'xlsx', path: `reports/headcount.xlsx?month=${last}` }];
  },

  async riskRules(ctx, { today }) {
    return [...(await scheduledWithoutCoverage(ctx.host, ctx.tenantId, today)), ...(await overtimeBaseNotReflected(ctx.host, ctx.tenantId, ctx.options, today))];
  },
};
