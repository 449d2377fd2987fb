import { sql, type Kysely } from 'kysely';
import { withTenant, type BusinessClock, type Database, type FilingTaskRow } from '@lianxu/db';
import { LIFECYCLE_SIGNALS } from '@lianxu/workflows';
import { conflict, invalidField, notFound } from '../shared/index';
import { lockedTask, taskView, type TaskTenant, type TaskView } from './filing-tasks';
import { notifyOutbox, writeOutboxSignal } from './outbox.dispatcher';
import { markFiledByHand, type FiledByHandInput } from './filed-by-hand';

type Trx = Kysely<Database>;

export interface TaskServiceDeps {
  db: Kysely<Database>;
  clock: BusinessClock;
}

async function employeeName(trx: Trx, tenantId: string, employeeId: string): Promise<string> {
  const e = await trx.selectFrom('employees').select('name').where('tenant_id', '=', tenantId).where('id', '=', employeeId).executeTakeFirst();
  if (!e) throw notFound('employee');
  return e.name;
}

/** 409 unless the task is open and rejected (only such a task can be filed again). */
export function checkResubmittable(task: FilingTaskRow): void {
  if (task.status !== 'rejected' || !task.open) throw conflict('task_not_rejected', '只有被退回的任务可以重新提交', 'Only a rejected task can be resubmitted');
}

/** Tells a task's workflow to file again after HR fixed a rejection (in the caller's transaction). */
export async function requestResubmit(trx: Trx, tenantId: string, task: FilingTaskRow): Promise<void> {
  checkResubmittable(task);
  await writeOutboxSignal(trx, tenantId, task.workflow_id, LIFECYCLE_SIGNALS.resubmit, []);
  await notifyOutbox(trx, tenantId);
}

/** Tells an enrollment not yet filed (awaiting approval, or rejected) to cancel; the caller's transaction notifies. */
export async function cancelUnfiledEnrollment(trx: Trx, tenantId: string, enrollment: FilingTaskRow | undefined): Promise<void> {
  if (enrollment && enrollment.open && (enrollment.status === 'pending_approval' || enrollment.status === 'rejected')) {
    await writeOutboxSignal(trx, tenantId, enrollment.workflow_id, LIFECYCLE_SIGNALS.cancel, []);
  }
}

/** HR's work on filing tasks: the list, approval, and a receipt entered by hand. */
export function createTaskService({ db, clock }: TaskServiceDeps) {
  return {
    /** Filing tasks with the employee's name, the nearest deadline first. */
    async listTasks(tenant: TaskTenant, query: { open?: boolean; employeeId?: string } = {}): Promise<TaskView[]> {
      return withTenant(db, tenant.id, async (trx) => {
        let q = trx
          .selectFrom('filing_tasks as t')
          .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 't.tenant_id').onRef('e.id', '=', 't.employee_id'))
          .leftJoin('tenant_cities as c', (j) => j.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.city_code', '=', 't.city_code'))
          .selectAll('t')
          .select(['e.name as employee_name', 'c.cutoff_day'])
          .where('t.tenant_id', '=', tenant.id);
        if (query.open !== undefined) q = q.where('t.open', '=', query.open);
        if (query.employeeId) q = q.where('t.employee_id', '=', query.employeeId);
        const rows = await q.orderBy(sql`t.deadline_at asc nulls last`).orderBy('t.created_at', 'desc').limit(500).execute();
        const today = clock.today();
        const views = rows.map(({ employee_name, cutoff_day, ...t }) => taskView(t as FilingTaskRow, employee_name, today, cutoff_day ?? undefined));
        // A stop's deadline is computed (its city's cut-off day), so the nearest-first order is set here too (stable: ties keep the newest first).
        return views.sort((a, b) => (a.deadline === b.deadline ? 0 : a.deadline === null ? 1 : b.deadline === null ? -1 : a.deadline < b.deadline ? -1 : 1));
      });
    },

    /** HR approves an enrollment waiting for approval; the workflow is told through the outbox. */
    async approve(tenant: TaskTenant, actor: { id: string }, taskId: string): Promise<TaskView> {
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          const t = await lockedTask(trx, tenant.id, taskId);
          if (t.status !== 'pending_approval' || !t.open) {
            throw conflict('task_not_pending_approval', '该任务不在待审批状态', 'The task is not waiting for approval');
          }
          if (t.approved_by) throw conflict('task_already_approved', '该任务已经批准，正在处理', 'The task was already approved and is being processed');
          await trx.updateTable('filing_tasks').set({ approved_by: actor.id, updated_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', t.id).execute();
          await writeOutboxSignal(trx, tenant.id, t.workflow_id, LIFECYCLE_SIGNALS.approve, [{ userId: actor.id }]);
          await notifyOutbox(trx, tenant.id);
          return taskView({ ...t, approved_by: actor.id }, await employeeName(trx, tenant.id, t.employee_id), clock.today());
        },
        { actorId: actor.id },
      );
    },

    /** HR filed an overdue online task by hand at the counter: its receipt and day; the workflow closes the task. */
    async markFiledByHand(tenant: TaskTenant, actor: { id: string }, taskId: string, input: FiledByHandInput): Promise<TaskView> {
      return markFiledByHand(db, tenant, actor, taskId, input, clock.today(), employeeName);
    },

    /** HR enters the bureau's receipt of a filing made by hand (filing-file gateway). */
    async enterReceipt(tenant: TaskTenant, actor: { id: string }, taskId: string, receiptNo: string): Promise<TaskView> {
      const receipt = typeof receiptNo === 'string' ? receiptNo.trim() : '';
      if (!/^[A-Za-z0-9][A-Za-z0-9/_-]{0,63}$/.test(receipt)) {
        throw invalidField('receiptNo', '回执号应为 1 至 64 个字母、数字或 / _ -', 'must be 1 to 64 letters, digits or / _ -');
      }
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          const t = await lockedTask(trx, tenant.id, taskId);
          if (t.gateway !== 'filing-file') {
            throw conflict('task_not_manual', '该任务由系统直接向经办机构申报，无需录入回执', 'This task is filed with the bureau directly; there is no receipt to enter');
          }
          if (t.status !== 'submitted' || !t.open) {
            throw conflict('task_not_submitted', '只有已提交、等待回执的任务可以录入回执', 'Only a submitted task waiting for its receipt takes a receipt number');
          }
          await writeOutboxSignal(trx, tenant.id, t.workflow_id, LIFECYCLE_SIGNALS.receiptEntered, [{ receiptNo: receipt }]);
          await notifyOutbox(trx, tenant.id);
          return taskView(t, await employeeName(trx, tenant.id, t.employee_id), clock.today());
        },
        { actorId: actor.id },
      );
    },
  };
}
export type TaskService = ReturnType<typeof createTaskService>;
