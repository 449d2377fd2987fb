import { sql } from 'kysely';
import { PluginHttpError, type PluginHost, type RiskFinding } from '@lianxu/plugin-sdk';
import { SHIFT_PRESETS } from './shift-presets';
import type { ShiftSpec, ShiftsTrx } from './shifts.tables';

/** Adds the preset patterns (三班倒, 两班倒) a tenant does not have yet; idempotent. */
export async function ensurePresets(trx: ShiftsTrx, tenantId: string): Promise<void> {
  await trx
    .insertInto('shift_patterns')
    .values(SHIFT_PRESETS.map((p) => ({ tenant_id: tenantId, code: p.code, name: p.name, shifts: JSON.stringify(p.shifts), preset: true })))
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
    .execute();
}

export interface PatternView {
  id: string;
  code: string;
  name: string;
  shifts: ShiftSpec[];
  preset: boolean;
}

export async function listPatterns(host: PluginHost, tenantId: string, actorId: string | null): Promise<PatternView[]> {
  return host.withTenant(
    tenantId,
    async (trx: ShiftsTrx) => {
      const existing = await trx.selectFrom('shift_patterns').select('code').where('tenant_id', '=', tenantId).where('preset', '=', true).execute();
      // Presets are written once, the first time a tenant looks (tenants that never use shifts get none).
      if (existing.length < SHIFT_PRESETS.length) await ensurePresets(trx, tenantId);
      const rows = await trx.selectFrom('shift_patterns').select(['id', 'code', 'name', 'shifts', 'preset']).where('tenant_id', '=', tenantId).orderBy('preset', 'desc').orderBy('code').execute();
      return rows;
    },
    { actorId },
  );
}

export async function createPattern(host: PluginHost, tenantId: string, actorId: string, input: { code: string; name: string; shifts: ShiftSpec[] }): Promise<PatternView> {
  return host.withTenant(
    tenantId,
    async (trx: ShiftsTrx) => {
      const taken = await trx.selectFrom('shift_patterns').select('id').where('tenant_id', '=', tenantId).where('code', '=', input.code).executeTakeFirst();
      const presetCode = SHIFT_PRESETS.some((p) => p.code === input.code);
      if (taken || presetCode) throw PluginHttpError.conflict('pattern_exists', { 'zh-CN': '已有此编码的班次模式', en: 'A shift pattern with this code exists' }, { code: { 'zh-CN': '编码已被使用', en: 'is taken' } });
      return trx
        .insertInto('shift_patterns')
        .values({ tenant_id: tenantId, code: input.code, name: input.name, shifts: JSON.stringify(input.shifts), preset: false })
        .returning(['id', 'code', 'name', 'shifts', 'preset'])
        .executeTakeFirstOrThrow();
    },
    { actorId },
  );
}

export interface ScheduleView {
  id: string;
  employeeId: string;
  employeeName: string;
  patternId: string;
  patternCode: string;
  patternName: string;
  team: string | null;
  validFrom: string;
  validTo: string | null;
}

async function schedules(trx: ShiftsTrx, tenantId: string, filter: { employeeId?: string; id?: string }): Promise<ScheduleView[]> {
  let q = trx
    .selectFrom('shift_schedules as s')
    .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 's.tenant_id').onRef('e.id', '=', 's.employee_id'))
    .innerJoin('shift_patterns as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.pattern_id'))
    .select(['s.id', 's.employee_id', 'e.name as employee_name', 's.pattern_id', 'p.code', 'p.name as pattern_name', 's.team', 's.valid_from', 's.valid_to'])
    .where('s.tenant_id', '=', tenantId);
  if (filter.employeeId) q = q.where('s.employee_id', '=', filter.employeeId);
  if (filter.id) q = q.where('s.id', '=', filter.id);
  const rows = await q.orderBy('s.valid_from', 'desc').orderBy('s.id').limit(500).execute();
  return rows.map((r) => ({
    id: r.id,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    patternId: r.pattern_id,
    patternCode: r.code,
    patternName: r.pattern_name,
    team: r.team,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }));
}

export async function listSchedules(host: PluginHost, tenantId: string, employeeId?: string): Promise<ScheduleView[]> {
  return host.withTenant(tenantId, (trx: ShiftsTrx) => schedules(trx, tenantId, { employeeId }));
}

/**
 * Puts an employee on a pattern from a date. An open schedule of the employee ends the day before
 * (one pattern at a time). 400 naming the field for an unknown employee or pattern.
 */
export async function createSchedule(
  host: PluginHost,
  tenantId: string,
  actorId: string,
  input: { employeeId: string; patternCode?: string; patternId?: string; team?: string | null; validFrom: string; validTo?: string | null },
): Promise<ScheduleView> {
  return host.withTenant(
    tenantId,
    async (trx: ShiftsTrx) => {
      await ensurePresets(trx, tenantId);
      const employee = await trx.selectFrom('employees').select(['id', 'hire_date', 'termination_date']).where('tenant_id', '=', tenantId).where('id', '=', input.employeeId).executeTakeFirst();
      let pattern = trx.selectFrom('shift_patterns').select('id').where('tenant_id', '=', tenantId);
      pattern = input.patternId ? pattern.where('id', '=', input.patternId) : pattern.where('code', '=', input.patternCode ?? '');
      const found = await pattern.executeTakeFirst();
      const fields: Record<string, { 'zh-CN': string; en: string }> = {};
      if (!employee) fields.employeeId = { 'zh-CN': '本单位没有这名员工', en: 'no such employee in this company' };
      else if (employee.termination_date && employee.termination_date < input.validFrom) fields.validFrom = { 'zh-CN': `员工已于 ${employee.termination_date} 离职`, en: `the employee left on ${employee.termination_date}` };
      if (!found) fields[input.patternId ? 'patternId' : 'patternCode'] = { 'zh-CN': '没有这个班次模式', en: 'no such shift pattern' };
      if (Object.keys(fields).length) throw PluginHttpError.invalid(fields);
      // A schedule starting the same day is replaced (one pattern at a time).
      await trx.deleteFrom('shift_schedules').where('tenant_id', '=', tenantId).where('employee_id', '=', input.employeeId).where('valid_from', '=', input.validFrom).execute();
      await trx
        .updateTable('shift_schedules')
        .set({ valid_to: sql<string>`(${input.validFrom}::date - 1)` })
        .where('tenant_id', '=', tenantId)
        .where('employee_id', '=', input.employeeId)
        .where('valid_from', '<', input.validFrom)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', input.validFrom)]))
        .execute();
      const row = await trx
        .insertInto('shift_schedules')
        .values({ tenant_id: tenantId, employee_id: input.employeeId, pattern_id: found!.id, team: input.team ?? null, valid_from: input.validFrom, valid_to: input.validTo ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (await schedules(trx, tenantId, { id: row.id }))[0]!;
    },
    { actorId },
  );
}

/**
 * Risk rule: an active employee on a schedule today who has no coverage period open this month.
 * Critical, unless an enrollment is under way (then a warning: it may still land in time).
 */
export const RISK_SCHEDULED_WITHOUT_COVERAGE = 'scheduled_without_coverage';

export async function scheduledWithoutCoverage(host: PluginHost, tenantId: string, today: string): Promise<RiskFinding[]> {
  const month = today.slice(0, 7);
  return host.withTenant(tenantId, async (trx: ShiftsTrx) => {
    const rows = await trx
      .selectFrom('shift_schedules as s')
      .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 's.tenant_id').onRef('e.id', '=', 's.employee_id'))
      .innerJoin('shift_patterns as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.pattern_id'))
      .select((eb) => [
        's.employee_id',
        'e.name',
        'p.name as pattern',
        eb
          .exists(
            eb
              .selectFrom('filing_tasks as f')
              .select('f.id')
              .whereRef('f.tenant_id', '=', 's.tenant_id')
              .whereRef('f.employee_id', '=', 's.employee_id')
              .where('f.kind', '=', 'enrollment')
              .where('f.open', '=', true),
          )
          .as('enrolling'),
      ])
      .where('s.tenant_id', '=', tenantId)
      .where('s.valid_from', '<=', today)
      .where((eb) => eb.or([eb('s.valid_to', 'is', null), eb('s.valid_to', '>=', today)]))
      .where('e.status', '=', 'active')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('coverage_periods as c')
              .select('c.id')
              .whereRef('c.tenant_id', '=', 's.tenant_id')
              .whereRef('c.employee_id', '=', 's.employee_id')
              .where('c.start_month', '<=', month)
              .where((eb) => eb.or([eb('c.end_month', 'is', null), eb('c.end_month', '>=', month)])),
          ),
        ),
      )
      .orderBy('e.name')
      .orderBy('s.employee_id')
      .execute();
    const seen = new Set<string>();
    return rows
      .filter((r) => !seen.has(r.employee_id) && seen.add(r.employee_id))
      .map((r) => ({
        ruleId: RISK_SCHEDULED_WITHOUT_COVERAGE,
        employeeId: r.employee_id,
        severity: r.enrolling ? ('warning' as const) : ('critical' as const),
        message: r.enrolling
          ? { 'zh-CN': `${r.name} 已排班（${r.pattern}），社保增员办理中，尚未参保`, en: `${r.name} is on the ${r.pattern} schedule; enrollment is under way but not yet confirmed` }
          : { 'zh-CN': `${r.name} 已排班（${r.pattern}），但没有在缴的社保`, en: `${r.name} is on the ${r.pattern} schedule with no open coverage period` },
        details: { pattern: r.pattern, month },
      }));
  });
}
