import type { Kysely } from 'kysely';
import { withTenant, type Database, type FilingTaskRow } from '@lianxu/db';
import { LIFECYCLE_SIGNALS, type FiledByHand } from '@lianxu/workflows';
import { conflict, FieldProblems, isRealDate } from '../shared/index';
import { lockedTask, taskView, cutoffDayOf, type TaskTenant, type TaskView } from './filing-tasks';
import { notifyOutbox, writeOutboxSignal } from './outbox.dispatcher';

// An online filing past its deadline that HR filed by hand at the bureau's counter (or on its own
// portal): the counter's receipt number and the day, recorded on the task in an audited transaction
// (who and when), then the task's workflow is told (`filedByHand`), stops waiting for the online
// filing and closes the task as confirmed with that receipt. Filings made by hand from the start
// (the filing-file gateway) take their receipt through `enterReceipt` instead.

/** What HR typed: the receipt number and the day the bureau accepted the filing (default today). */
export interface FiledByHandInput {
  receiptNo?: unknown;
  filedOn?: unknown;
}

const STATUSES_WAITING: readonly FilingTaskRow['status'][] = ['pending_approval', 'submitting', 'submitted', 'rejected'];

/** The receipt and day, checked; 400 naming each field that is wrong (nothing written). */
export function checkFiledByHand(input: FiledByHandInput, today: string): { receiptNo: string; filedOn: string } {
  const problems = new FieldProblems();
  const receiptNo = typeof input.receiptNo === 'string' ? input.receiptNo.trim() : '';
  if (!receiptNo) problems.add('receiptNo', '请填写经办机构窗口给的受理回执号', 'enter the receipt number the bureau gave you');
  else if (receiptNo.length > 64 || /[\u0000-\u001f]/.test(receiptNo)) problems.add('receiptNo', '回执号最多 64 个字符', 'at most 64 characters');
  const filedOn = input.filedOn === undefined || input.filedOn === null || input.filedOn === '' ? today : input.filedOn;
  if (!isRealDate(filedOn)) {
    problems.add('filedOn', '请填写有效的办理日期，例如 2026-12-04', 'enter a valid date, for example 2026-12-04');
  } else if (filedOn > today) problems.add('filedOn', '办理日期不能晚于今天', 'cannot be after today');
  problems.throwIfAny();
  return { receiptNo, filedOn: filedOn as string };
}

/**
 * Records that HR filed an overdue online task by hand and tells its workflow. The same receipt
 * again changes nothing; 409 for a task that is closed, filed by hand from the start, not yet past
 * its deadline, or already recorded with another receipt.
 */
export async function markFiledByHand(
  db: Kysely<Database>,
  tenant: TaskTenant,
  actor: { id: string },
  taskId: string,
  input: FiledByHandInput,
  today: string,
  employeeName: (trx: Kysely<Database>, tenantId: string, employeeId: string) => Promise<string>,
): Promise<TaskView> {
  const hand = checkFiledByHand(input, today);
  return withTenant(
    db,
    tenant.id,
    async (trx) => {
      const t = await lockedTask(trx, tenant.id, taskId);
      const cutoff = t.kind === 'stop' ? await cutoffDayOf(trx, tenant.id, t.city_code) : undefined;
      const view = () => employeeName(trx, tenant.id, t.employee_id);
      if (t.hand_receipt_no !== null) {
        if (t.hand_receipt_no === hand.receiptNo) return taskView(t, await view(), today, cutoff);
        throw conflict('task_already_filed_by_hand', `这项申报已于 ${t.hand_filed_on} 登记为线下办理，回执号 ${t.hand_receipt_no}`,
          `This filing was already recorded as filed by hand on ${t.hand_filed_on} with receipt ${t.hand_receipt_no}`, 'receiptNo');
      }
      if (!t.open || !STATUSES_WAITING.includes(t.status)) {
        throw conflict('task_closed', '这项申报已经办结，无需登记线下办理', 'This filing is already settled; there is nothing to record');
      }
      if (t.gateway === 'filing-file') {
        throw conflict('task_manual_gateway', '这项申报本来就是线下办理，请用“录入回执”登记经办机构的回执号', 'This filing is made by hand anyway: enter the bureau’s receipt with “Enter receipt”');
      }
      const current = taskView(t, '', today, cutoff);
      if (current.daysLeft === null || current.daysLeft >= 0) {
        throw conflict('task_not_overdue', `这项申报还在期限内（${current.deadlineDate ?? ''} 截止），系统正在线上申报；超过期限后才能登记为线下办理`,
          `This filing is within its deadline (${current.deadlineDate ?? ''}) and being filed online; it can be recorded as filed by hand once the deadline has passed`);
      }
      const when = new Date();
      const updated = await trx
        .updateTable('filing_tasks')
        .set({ hand_receipt_no: hand.receiptNo, hand_filed_on: hand.filedOn, hand_filed_by: actor.id, hand_recorded_at: when, updated_at: when })
        .where('tenant_id', '=', tenant.id)
        .where('id', '=', t.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const signal: FiledByHand = { receiptNo: hand.receiptNo, filedOn: hand.filedOn, userId: actor.id };
      await writeOutboxSignal(trx, tenant.id, t.workflow_id, LIFECYCLE_SIGNALS.filedByHand, [signal]);
      await notifyOutbox(trx, tenant.id);
      return taskView(updated, await view(), today, cutoff);
    },
    { actorId: actor.id },
  );
}
