import { z } from 'zod';
import type { PluginHost } from '@lianxu/plugin-sdk';
import { averageWageWithOvertime, centiFromNumeric, monthBounds, monthsOf, type AverageBase } from './overtime.rules';
import type { ShiftsTrx } from './shifts.tables';

export const BASE_RULES = ['wage_only', 'wage_plus_overtime_avg'] as const;

/** The tenant's options for this plugin. */
export const shiftOptionsSchema = z
  .object({
    /**
     * wage_only: the wage is the base. wage_plus_overtime_avg: the base is last calendar year's
     * average monthly wage including overtime pay.
     */
    baseRule: z.enum(BASE_RULES).default('wage_only'),
    /** Hourly rate for overtime pay, in fen; without it: monthly wage / 21.75 / 8. */
    hourlyRateFen: z.number().int().min(1).max(10_000_000).optional(),
    /** Code of the shift pattern a new hire is put on from the hire date (employeeHired); none: nobody is scheduled automatically. */
    defaultPattern: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/).optional(),
    /** Team (班组) of that default schedule. */
    defaultTeam: z.string().trim().min(1).max(50).optional(),
  })
  .strict();
export type ShiftOptions = z.output<typeof shiftOptionsSchema>;

export interface BaseExplanation {
  rule: ShiftOptions['baseRule'];
  wageFen: number;
  baseFen: number;
  /** The calendar year averaged over (wage_plus_overtime_avg), and its months. */
  year: number | null;
  months: AverageBase['months'];
}

/**
 * The base under the tenant's rule, with how it came about. For wage_plus_overtime_avg: every month
 * of last calendar year in which the employee was employed on any day counts with the wage in
 * force at its end plus that month's overtime pay; no such month (a new hire) keeps the wage.
 */
export async function explainBase(host: PluginHost, tenantId: string, options: ShiftOptions, input: { employeeId: string; month: string; wageFen: number }): Promise<BaseExplanation> {
  if (options.baseRule === 'wage_only') return { rule: 'wage_only', wageFen: input.wageFen, baseFen: input.wageFen, year: null, months: [] };
  const year = Number(input.month.slice(0, 4)) - 1;
  return host.withTenant(tenantId, async (trx: ShiftsTrx) => {
    const employee = await trx
      .selectFrom('employees')
      .select(['id', 'hire_date', 'termination_date', 'monthly_wage_fen'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', input.employeeId)
      .executeTakeFirst();
    if (!employee) throw new Error(`employee ${input.employeeId} does not exist in this tenant`);
    // One connection per transaction: the two reads go one after the other.
    const wages = await trx
      .selectFrom('wage_history')
      .select(['effective_from', 'monthly_wage_fen'])
      .where('tenant_id', '=', tenantId)
      .where('employee_id', '=', employee.id)
      .where('effective_from', '<=', `${year}-12-31`)
      .orderBy('effective_from')
      .execute();
    const overtime = await trx
      .selectFrom('overtime_monthly')
      .select(['month', 'overtime_hours'])
      .where('tenant_id', '=', tenantId)
      .where('employee_id', '=', employee.id)
      .where('month', 'like', `${year}-%`)
      .execute();
    const overtimeByMonth = new Map(overtime.map((o) => [o.month, centiFromNumeric(o.overtime_hours)]));
    const figures = monthsOf(year)
      .filter((m) => {
        const [first, last] = monthBounds(m);
        return employee.hire_date <= last && (employee.termination_date === null || employee.termination_date >= first);
      })
      .map((m) => {
        const last = monthBounds(m)[1];
        const inForce = wages.filter((w) => w.effective_from <= last).at(-1);
        return { month: m, wageFen: Number(inForce?.monthly_wage_fen ?? employee.monthly_wage_fen), overtimeCentiHours: overtimeByMonth.get(m) ?? 0 };
      });
    const average = averageWageWithOvertime(figures, options.hourlyRateFen);
    if (!average) return { rule: options.baseRule, wageFen: input.wageFen, baseFen: input.wageFen, year, months: [] };
    return { rule: options.baseRule, wageFen: input.wageFen, baseFen: average.baseFen, year, months: average.months };
  });
}
