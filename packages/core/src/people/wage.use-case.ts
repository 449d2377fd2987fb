import { lockedMonthsPricedOnWage, refusingLocked, settleLockedWageChange, wageChangeRefused } from '../close/index';
import { conflict, FieldProblems, invalidField } from '../shared/index';
import { employeeRow, insertEvent, recordOnce, viewOf } from './employee.records';
import { checkDate, checkWage } from './people.checks';
import type { EmployeeView, PeopleActor, PeopleServiceDeps, PeopleTenant, RecordedAnswer, WageChangeInput } from './people.types';

/**
 * Records a wage change (history plus event); the employee's wage is the latest one. No workflow.
 * A change dated back into a locked month that was priced on the wage is refused (409 naming the
 * month) unless `settleLockedMonths` asks for its difference as adjustment lines in this month.
 */
export async function changeWage(deps: PeopleServiceDeps, tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: WageChangeInput, idempotencyKey?: string): Promise<RecordedAnswer<EmployeeView>> {
  const { db, clock } = deps;
  const problems = new FieldProblems();
  const wageFen = checkWage(problems, 'monthlyWage', input.monthlyWage);
  const effectiveFrom = checkDate(problems, 'effectiveFrom', input.effectiveFrom, clock.today());
  if (input.settleLockedMonths !== undefined && typeof input.settleLockedMonths !== 'boolean') {
    problems.add('settleLockedMonths', '请选择是否将已锁账月份的差额记为调整', 'must be true or false');
  }
  problems.throwIfAny();

  return refusingLocked(() => recordOnce(db, tenant, actor, 'wage_change', { employeeId, ...input }, idempotencyKey, async (trx, ctx) => {
    const e = await employeeRow(trx, tenant.id, employeeId, true);
    if (e.status === 'terminated') throw conflict('employee_terminated', '该员工已离职，不能调整工资', 'The employee has left; the wage cannot change');
    if (effectiveFrom < e.hire_date) {
      throw invalidField('effectiveFrom', `生效日期不能早于入职日期 ${e.hire_date}`, `must not be before the hire date ${e.hire_date}`);
    }
    const locked = await lockedMonthsPricedOnWage(trx, tenant.id, e.id, effectiveFrom.slice(0, 7));
    if (locked.length > 0 && input.settleLockedMonths !== true) throw wageChangeRefused(locked);
    const before = locked.length === 0 ? [] : (await trx.selectFrom('wage_history').select(['effective_from', 'monthly_wage_fen']).where('tenant_id', '=', tenant.id).where('employee_id', '=', e.id).execute())
      .map((w) => ({ effectiveFrom: w.effective_from, wageFen: Number(w.monthly_wage_fen) }));
    const same = await trx.selectFrom('wage_history').select('effective_from').where('tenant_id', '=', tenant.id).where('employee_id', '=', e.id).where('effective_from', '=', effectiveFrom).executeTakeFirst();
    if (same) throw conflict('wage_change_exists', `已有从 ${effectiveFrom} 起的工资记录`, `A wage from ${effectiveFrom} is already recorded`, 'effectiveFrom');
    const eventId = await insertEvent(trx, tenant.id, actor, ctx, {
      employeeId: e.id,
      kind: 'wage_change',
      effectiveDate: effectiveFrom,
      details: { monthlyWageFen: wageFen.toString(), previousWageFen: e.monthly_wage_fen },
    });
    await trx.insertInto('wage_history').values({ tenant_id: tenant.id, employee_id: e.id, effective_from: effectiveFrom, monthly_wage_fen: wageFen.toString(), event_id: eventId }).execute();
    if (locked.length > 0) {
      await settleLockedWageChange(trx, {
        tenantId: tenant.id, actorId: actor.id, employeeId: e.id, hukou: e.hukou, months: locked, before,
        after: [...before, { effectiveFrom, wageFen: Number(wageFen) }], targetMonth: clock.today().slice(0, 7),
        reason: `工资自 ${effectiveFrom} 起调整为 ${(Number(wageFen) / 100).toFixed(2)} 元（已锁账月份的差额）`,
      });
    }
    // A back-dated correction does not override a later change: the wage is the latest one.
    const latest = await trx.selectFrom('wage_history').select('monthly_wage_fen').where('tenant_id', '=', tenant.id).where('employee_id', '=', e.id).orderBy('effective_from', 'desc').executeTakeFirstOrThrow();
    await trx.updateTable('employees').set({ monthly_wage_fen: latest.monthly_wage_fen, updated_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', e.id).execute();
    return { status: 200, body: await viewOf(trx, clock, tenant.id, e.id), eventId, quiet: true };
  }));
}
