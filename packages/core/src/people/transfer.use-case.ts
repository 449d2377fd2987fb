import { firstCoveredMonth, insertEnrollmentTask, insertFundFiling, insertStopTask, latestEnrollment, registrationGateway } from '../coverage/index';
import { addMonths, conflict, FieldProblems, invalidField, monthOf } from '../shared/index';
import { employeeRow, insertEvent, recordOnce, viewOf } from './employee.records';
import { checkCityShape, checkDate, checkPolicyCity, notRegistered } from './people.checks';
import type { EmployeeView, PeopleActor, PeopleServiceDeps, PeopleTenant, RecordedAnswer, TransferInput } from './people.types';

/**
 * Moves an employee to another city: a stop in the old city ending the month before the
 * effective month and an enrollment in the new one from the effective month, so no month is
 * left uncovered.
 */
export async function transfer(deps: PeopleServiceDeps, tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: TransferInput, idempotencyKey?: string): Promise<RecordedAnswer<EmployeeView>> {
  const { db, clock } = deps;
  const problems = new FieldProblems();
  const workCity = checkCityShape(problems, 'workCity', input.workCity);
  const effectiveDate = checkDate(problems, 'effectiveDate', input.effectiveDate, clock.today());
  await checkPolicyCity(deps.policyCities, problems, 'workCity', workCity);
  problems.throwIfAny();

  return recordOnce(db, tenant, actor, 'transfer', { employeeId, ...input }, idempotencyKey, async (trx, ctx) => {
    const e = await employeeRow(trx, tenant.id, employeeId, true);
    if (e.status === 'terminated') throw conflict('employee_terminated', '该员工已离职，不能调动', 'The employee has left and cannot be transferred');
    if (workCity === e.work_city) throw invalidField('workCity', '新的工作城市与当前城市相同', 'is the current work city');
    if (effectiveDate < e.hire_date) {
      throw invalidField('effectiveDate', `调动生效日期不能早于入职日期 ${e.hire_date}`, `must not be before the hire date ${e.hire_date}`);
    }
    // The city was checked against the policy library before the transaction; the entity must file there.
    const newGateway = await registrationGateway(trx, tenant.id, e.entity_id, workCity);
    if (!newGateway) throw notRegistered('workCity', workCity);
    const oldCity = e.work_city;
    const coveredFrom = await firstCoveredMonth(trx, tenant.id, e);
    const monthBefore = addMonths(monthOf(effectiveDate), -1);
    const stopMonth = monthBefore < coveredFrom ? coveredFrom : monthBefore;
    const oldEnrollment = await latestEnrollment(trx, tenant.id, e.id, oldCity);
    const oldGateway = (await registrationGateway(trx, tenant.id, e.entity_id, oldCity)) ?? oldEnrollment?.gateway ?? 'bureau-sim';

    const eventId = await insertEvent(trx, tenant.id, actor, ctx, {
      employeeId: e.id,
      kind: 'transfer',
      effectiveDate,
      details: { fromCity: oldCity, toCity: workCity, stopMonth, startMonth: monthOf(effectiveDate) },
    });
    await insertStopTask(trx, tenant, { employeeId: e.id, eventId, cityCode: oldCity, gateway: oldGateway, month: stopMonth });
    await insertEnrollmentTask(trx, tenant, { employeeId: e.id, eventId, cityCode: workCity, gateway: newGateway, fromDate: effectiveDate });
    // The housing fund moves with the centres of the two cities: sealed in the old, opened in the new.
    await insertFundFiling(trx, tenant.id, e.entity_id, { employeeId: e.id, eventId, kind: 'seal', cityCode: oldCity, month: stopMonth, eventDate: effectiveDate });
    await insertFundFiling(trx, tenant.id, e.entity_id, { employeeId: e.id, eventId, kind: 'open', cityCode: workCity, month: monthOf(effectiveDate), eventDate: effectiveDate });
    await trx.updateTable('employees').set({ work_city: workCity, updated_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', e.id).execute();
    return { status: 200, body: await viewOf(trx, clock, tenant.id, e.id), eventId };
  });
}
