import type { FilingTask } from './people.api';

export type TaskAction = 'approve' | 'receipt' | 'resubmit';

/**
 * What HR can do with a task now: approve an enrollment waiting for approval (once), enter the
 * bureau's receipt of a filing made by hand (filing-file gateway, submitted), or correct and file
 * again after a rejection. Closed tasks offer nothing.
 */
export function taskAction(task: Pick<FilingTask, 'open' | 'status' | 'gateway' | 'approvedBy'>): TaskAction | null {
  if (!task.open) return null;
  if (task.status === 'pending_approval') return task.approvedBy ? null : 'approve';
  if (task.status === 'submitted' && task.gateway === 'filing-file') return 'receipt';
  if (task.status === 'rejected') return 'resubmit';
  return null;
}
