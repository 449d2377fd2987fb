import { cancelUnfiledEnrollment, cutoffDayOf, firstCoveredMonth, insertStopTask, latestEnrollment, registrationGateway } from '../coverage/index';
import { conflict, FieldProblems, invalidField, lastContributionMonth } from '../shared/index';
import { employeeRow, viewOf } from './employee.records';
import { checkDate } from './people.checks';
import type { EmployeeView, PeopleActor, PeopleServiceDeps, PeopleTenant, RecordedAnswer, TerminationInput } from './people.types';
import { insertEvent, recordOnce } from './recorded-event';

/**
 * Terminates: the stop task's month follows the city's cut-off day; an enrollment not yet
 * filed (awaiting approval, or rejected) is told to cancel, so no coverage is opened and left open.
 */
export async function terminate(deps: PeopleServiceDeps, tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: TerminationInput, idempotencyKey?: string): Promise<RecordedAnswer<EmployeeView>> {
  const { db, clock } = deps;
  const problems = new FieldProblems();
  const lastWorkingDay = checkDate(problems, 'lastWorkingDay', input.lastWorkingDay, clock.today());
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason) problems.add('reason', '请填写离职原因', 'is required');
  else if ([...reason].length > 500) problems.add('reason', '离职原因最多 500 个字', 'at most 500 characters');
  else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(reason)) problems.add('reason', '离职原因含有控制字符', 'contains control characters');
  problems.throwIfAny();

  return recordOnce(db, tenant, actor, 'terminate', { employeeId, ...input }, idempotencyKey, async (trx, ctx) => {
    const e = await employeeRow(trx, tenant.id, employeeId, true);
    if (e.status === 'terminated') {
      throw conflict('already_terminated', `该员工已于 ${e.termination_date} 离职`, `The employee already left on ${e.termination_date}`);
    }
    if (lastWorkingDay < e.hire_date) {
      throw invalidField('lastWorkingDay', `最后工作日不能早于入职日期 ${e.hire_date}`, `must not be before the hire date ${e.hire_date}`);
    }
    const cutoff = await cutoffDayOf(trx, tenant.id, e.work_city);
    const coveredFrom = await firstCoveredMonth(trx, tenant.id, e);
    const month = lastContributionMonth(lastWorkingDay, cutoff, coveredFrom);
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
    await cancelUnfiledEnrollment(trx, tenant.id, enrollment);
    return { status: 200, body: await viewOf(trx, clock, tenant.id, e.id), eventId };
  });
}
