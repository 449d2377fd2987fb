import type { EmployeeHiredPayload, FormSection, PluginHost } from '@lianxu/plugin-sdk';
import { PluginHttpError } from '@lianxu/plugin-sdk';
import type { ShiftOptions } from './contribution-base';
import { createSchedule, ensurePresets, listPatterns, listSchedules } from './shifts.service';
import type { ShiftsTrx } from './shifts.tables';

/** Where the employee form's shift section is saved (PUT `{ values: { pattern, team } }`). */
export const SHIFT_FORM_SAVE_PATH = 'employee-form/{employeeId}';

/**
 * The shift section of the employee form: the pattern (a choice of the tenant's patterns) and the
 * team, editable; on the employee page also since when. A new hire's form shows the tenant's default.
 */
export async function shiftFormSections(host: PluginHost, tenantId: string, options: ShiftOptions, employeeId: string | null): Promise<FormSection[]> {
  const patterns = await listPatterns(host, tenantId, null);
  const today = host.clock.today();
  const current = employeeId
    ? (await listSchedules(host, tenantId, employeeId)).find((s) => s.validTo === null || s.validTo >= today) ?? null
    : null;
  const pattern = employeeId ? current?.patternCode ?? null : options.defaultPattern ?? null;
  const team = employeeId ? current?.team ?? null : options.defaultTeam ?? null;
  return [
    {
      key: 'shift',
      title: { 'zh-CN': '排班', en: 'Shifts' },
      savePath: SHIFT_FORM_SAVE_PATH,
      fields: [
        {
          key: 'pattern',
          label: { 'zh-CN': '班次模式', en: 'Shift pattern' },
          type: 'single_select',
          value: pattern,
          options: patterns.map((p) => ({ value: p.code, label: { 'zh-CN': p.name, en: p.name } })),
          editable: true,
        },
        { key: 'team', label: { 'zh-CN': '班组', en: 'Team' }, type: 'text', value: team, editable: true },
        ...(employeeId ? [{ key: 'since', label: { 'zh-CN': '起始日期', en: 'Since' }, type: 'date' as const, value: current?.validFrom ?? null }] : []),
      ],
    },
  ];
}

/**
 * Saves the shift section: the employee is on the chosen pattern and team from today (from the
 * hire date for someone not started yet). No pattern chosen: nothing changes.
 */
export async function saveShiftForm(host: PluginHost, tenantId: string, actorId: string, employeeId: string, values: { pattern?: string | null; team?: string | null }) {
  if (!values.pattern) return { saved: false };
  const employee = await host.withTenant(tenantId, (trx: ShiftsTrx) =>
    trx.selectFrom('employees').select('hire_date').where('tenant_id', '=', tenantId).where('id', '=', employeeId).executeTakeFirst(),
  );
  if (!employee) throw PluginHttpError.notFound({ 'zh-CN': '没有这名员工', en: 'No such employee' });
  const today = host.clock.today();
  const validFrom = employee.hire_date > today ? employee.hire_date : today;
  const schedule = await createSchedule(host, tenantId, actorId, { employeeId, patternCode: values.pattern, team: values.team ?? null, validFrom });
  return { saved: true, schedule };
}

/**
 * employeeHired: puts the new hire on the tenant's default pattern (option `defaultPattern`) from
 * the hire date. Delivered at least once: an employee who already has a schedule (an earlier
 * delivery, or HR was quicker) is left as is. A default pattern that does not exist fails the
 * delivery (core isolates it, tells the tenant admin and retries).
 */
export async function scheduleNewHire(host: PluginHost, tenantId: string, options: ShiftOptions, hired: EmployeeHiredPayload): Promise<void> {
  const code = options.defaultPattern;
  if (!code) return;
  await host.withTenant(tenantId, async (trx: ShiftsTrx) => {
    const existing = await trx.selectFrom('shift_schedules').select('id').where('tenant_id', '=', tenantId).where('employee_id', '=', hired.employeeId).limit(1).executeTakeFirst();
    if (existing) return;
    await ensurePresets(trx, tenantId);
    const pattern = await trx.selectFrom('shift_patterns').select('id').where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
    if (!pattern) throw new Error(`the default shift pattern "${code}" does not exist`);
    await trx
      .insertInto('shift_schedules')
      .values({ tenant_id: tenantId, employee_id: hired.employeeId, pattern_id: pattern.id, team: options.defaultTeam ?? null, valid_from: hired.hireDate, valid_to: null })
      .execute();
  });
}
