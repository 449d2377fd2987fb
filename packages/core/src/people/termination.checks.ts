import type { Kysely } from 'kysely';
import type { Database, EmployeeRow } from '@lianxu/db';
import { cutoffDayOf, firstCoveredMonth } from '../coverage/index';
import { FieldProblems, invalidField, lastContributionMonth } from '../shared/index';
import { checkDate } from './people.checks';
import type { TerminationInput } from './people.types';

// What a termination and its preview check alike: the same input rules and the same stop month,
// so the preview never promises a month the commit would not file.

export function checkTermination(input: TerminationInput, today: string): { lastWorkingDay: string; reason: string } {
  const problems = new FieldProblems();
  const lastWorkingDay = checkDate(problems, 'lastWorkingDay', input.lastWorkingDay, today);
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason) problems.add('reason', '请填写离职原因', 'Enter the reason for leaving');
  else if ([...reason].length > 500) problems.add('reason', '离职原因最多 500 个字', 'at most 500 characters');
  else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(reason)) problems.add('reason', '离职原因含有控制字符', 'contains control characters');
  problems.throwIfAny();
  return { lastWorkingDay, reason };
}

/** The last contribution month of a termination on `lastWorkingDay`, by the city's cut-off day. */
export async function stopMonth(trx: Kysely<Database>, tenantId: string, e: EmployeeRow, lastWorkingDay: string): Promise<{ month: string; cutoff: number }> {
  if (lastWorkingDay < e.hire_date) {
    throw invalidField('lastWorkingDay', `最后工作日不能早于入职日期 ${e.hire_date}`, `must not be before the hire date ${e.hire_date}`);
  }
  const cutoff = await cutoffDayOf(trx, tenantId, e.work_city);
  const coveredFrom = await firstCoveredMonth(trx, tenantId, e);
  return { month: lastContributionMonth(lastWorkingDay, cutoff, coveredFrom), cutoff };
}
