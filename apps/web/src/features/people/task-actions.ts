import type { FilingTask } from './people.api';

export type TaskAction = 'approve' | 'receipt' | 'resubmit' | 'overdue';

/**
 * What HR can do with a task now: approve an enrollment waiting for approval (once), correct and
 * file again after a rejection, handle a task past its deadline (file now with the filing sheet,
 * enter the receipt of a filing made by hand, 补缴 guidance), or enter the bureau's receipt of a
 * filing made by hand (filing-file gateway, submitted). Closed tasks offer nothing.
 */
export function taskAction(task: Pick<FilingTask, 'open' | 'status' | 'gateway' | 'approvedBy' | 'deadline'>, now: number = Date.now()): TaskAction | null {
  if (!task.open) return null;
  if (task.status === 'pending_approval') return task.approvedBy ? null : 'approve';
  if (task.status === 'rejected') return 'resubmit';
  if (task.deadline && Date.parse(task.deadline) <= now) return 'overdue';
  if (task.status === 'submitted' && task.gateway === 'filing-file') return 'receipt';
  return null;
}
