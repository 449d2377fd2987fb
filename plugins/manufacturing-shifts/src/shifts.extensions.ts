import type { ExtensionHandlers } from '@lianxu/plugin-sdk';
import { explainBase, type ShiftOptions } from './contribution-base';
import { centiFromNumeric, formatHours } from './overtime.rules';
import { listSchedules, scheduledWithoutCoverage } from './shifts.service';
import type { ShiftsTrx } from './shifts.tables';

/** The plugin's handlers of core's extension points. */
export const shiftsExtensions: ExtensionHandlers<ShiftOptions> = {
  async contributionBase(ctx, input) {
    return (await explainBase(ctx.host, ctx.tenantId, ctx.options, input)).baseFen;
  },

  async employeeForm(ctx, { employeeId }) {
    if (!employeeId) return [];
    const today = ctx.host.clock.today();
    const current = (await listSchedules(ctx.host, ctx.tenantId, employeeId)).find((s) => s.validFrom <= today && (!s.validTo || s.validTo >= today));
    return [
      {
        key: 'shift',
        title: { 'zh-CN': '排班', en: 'Shifts' },
        fields: [
          { key: 'pattern', label: { 'zh-CN': '班次模式', en: 'Shift pattern' }, type: 'text', value: current?.patternName ?? null },
          { key: 'team', label: { 'zh-CN': '班组', en: 'Team' }, type: 'text', value: current?.team ?? null },
          { key: 'since', label: { 'zh-CN': '起始日期', en: 'Since' }, type: 'date', value: current?.validFrom ?? null },
        ],
      },
    ];
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

  riskRules(ctx, { today }) {
    return scheduledWithoutCoverage(ctx.host, ctx.tenantId, today);
  },
};
