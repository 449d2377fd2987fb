import { cancelUnfiledEnrollment, insertFundFiling, insertStopTask, latestEnrollment, registrationGateway } from '../coverage/index';
import { conflict } from '../shared/index';
import { employeeRow, insertEvent, recordOnce, viewOf } from './employee.records';
import { checkTermination, stopMonth } from './termination.checks';
import type { EmployeeView, PeopleActor, PeopleServiceDeps, PeopleTenant, RecordedAnswer, TerminationInput } from './people.types';

/**
 * Terminates: the stop task's month follows the city's cut-off day; an enrollment not yet
 * filed (awaiting approval, or rejected) is told to cancel, so no coverage is opened and left open.
 */
export async function terminate(deps: PeopleServiceDeps, tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: TerminationInput, idempotencyKey?: string): Promise<RecordedAnswer<EmployeeView>> {
  const { db, clock } = deps;
  const { lastWorkingDay, reason } = checkTermination(input, clock.today());

  return recordOnce(db, tenant, actor, 'terminate', { employeeId, ...input }, idempotencyKey, async (trx, ctx) => {
    const e = await employeeRow(trx, tenant.id, employeeId, true);
    if (e.status === 'terminated') {
      throw conflict('already_terminated', `该员工已于 ${e.termination_date} 离职`, `The employee already left on ${e.termination_date}`);
    }
    const { month, cutoff } = await stopMonth(trx, tenant.id, e, lastWorkingDay);
    const enrollment = await latestEnrollment(trx, tenant.id, e.id, e.work_city);
    const gateway = (await registrationGateway(trx, tenant.id, e.entity_id, e.work_city)) ?? enrollment?.gateway ?? 'bureau-sim';

    await trx.updateTable('employees').set({ status: 'terminated', termination_date: lastWorkingDay, updated_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', e.id).execute();
    const eventId = await insertEvent(trx, tenant.id, actor, ctx, {
      employeeId: e.id,
      kind: 'terminate',
      effectiveDate: lastWorkingDay,
      details: { reason, cityCode: e.work_city, cutoffDay: cutoff, lastContributionMonth: month },
    });
    await insertStopTask(trx, tenant, { employeeId: e.id, eventId, cityCode: e.work_city, gateway, month });
    // The housing fund's account sealed (封存) with the city's fund centre, within 30 days of leaving.
    await insertFundFiling(trx, tenant.id, e.entity_id, { employeeId: e.id, eventId, kind: 'seal', cityCode: e.work_city, month, eventDate: lastWorkingDay });
    await cancelUnfiledEnrollment(trx, tenant.id, enrollment);
    return { status: 200, body: await viewOf(trx, clock, tenant.id, e.id), eventId };
  });
}
