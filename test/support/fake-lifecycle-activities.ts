import { Context } from '@temporalio/activity';
import type { FilingOutcome, LifecycleActivities, TaskPlan } from '@lianxu/workflows';

// Lifecycle activities kept in memory, for workflow tests: the activities are I/O (PostgreSQL and
// the bureau), the workflow's decisions and timers are what those tests check. The fake behaves
// like the real ones (packages/core/src/lifecycle/lifecycle.activities.ts) in what the workflow can
// see: outcomes settled at filing time, attempts, predecessors, and every call with its server time.

/** What the bureau answers to one attempt: at once, or later (the workflow polls), or never (the poll runs until cancelled). */
export type BureauAnswer = 'confirm' | 'reject' | { later: 'confirm' | 'reject' | 'never' };

export interface FakeTask {
  id: string;
  kind: 'enrollment' | 'stop';
  employeeId: string;
  city: string;
  gateway: TaskPlan['gateway'];
  status: TaskPlan['status'];
  open: boolean;
  attempt: number;
  /** Answers per attempt (attempt 1 first); the last one repeats. */
  answers: BureauAnswer[];
  warnAt: number | null;
  deadlineAt: number | null;
  /** First day of employment still ahead (TaskPlan.fileFrom). */
  fileFrom?: number | null;
  workflowId?: string;
  seq: number;
  receiptNo?: string;
  rejection?: { code: string; message: string };
}

export interface ActivityCall {
  name: keyof LifecycleActivities;
  taskId: string;
  /** Server time (the time-skipping clock) when the activity ran. */
  at: number;
  detail?: unknown;
}

export class FakeLifecycle {
  readonly tasks = new Map<string, FakeTask>();
  readonly coverage: { employeeId: string; city: string; openedBy: string; closedBy?: string }[] = [];
  readonly calls: ActivityCall[] = [];
  private seq = 0;

  constructor(private readonly serverTime: () => Promise<number>) {}

  add(task: Omit<FakeTask, 'seq' | 'attempt' | 'open' | 'status' | 'warnAt' | 'deadlineAt'> & Partial<Pick<FakeTask, 'status' | 'warnAt' | 'deadlineAt'>>): FakeTask {
    const full: FakeTask = { status: 'submitting', warnAt: null, deadlineAt: null, ...task, attempt: 1, open: true, seq: this.seq++ };
    this.tasks.set(full.id, full);
    return full;
  }

  plan(taskId: string): TaskPlan {
    const t = this.task(taskId);
    return { kind: t.kind, status: t.status, open: t.open, gateway: t.gateway, warnAt: t.warnAt, deadlineAt: t.deadlineAt, ...(t.fileFrom != null ? { fileFrom: t.fileFrom } : {}) };
  }

  callsOf(taskId: string, name?: keyof LifecycleActivities): ActivityCall[] {
    return this.calls.filter((c) => c.taskId === taskId && (!name || c.name === name));
  }

  private task(taskId: string): FakeTask {
    const t = this.tasks.get(taskId);
    if (!t) throw new Error(`filing task ${taskId} does not exist`);
    return t;
  }

  private async record(name: keyof LifecycleActivities, taskId: string, detail?: unknown) {
    this.calls.push({ name, taskId, at: await this.serverTime(), detail });
  }

  private settle(t: FakeTask, outcome: FilingOutcome) {
    if (outcome.status === 'confirmed') {
      t.status = 'confirmed';
      t.open = false;
      t.receiptNo = outcome.receiptNo;
      if (t.kind === 'enrollment') {
        if (!this.coverage.some((c) => c.openedBy === t.id)) this.coverage.push({ employeeId: t.employeeId, city: t.city, openedBy: t.id });
      } else {
        for (const c of this.coverage) if (c.employeeId === t.employeeId && c.city === t.city && !c.closedBy) c.closedBy = t.id;
      }
    } else if (outcome.status === 'rejected') {
      t.status = 'rejected';
      t.rejection = outcome.rejection;
    }
  }

  private answer(t: FakeTask): BureauAnswer {
    return t.answers[Math.min(t.attempt, t.answers.length) - 1]!;
  }

  private decided(t: FakeTask, decision: 'confirm' | 'reject', filingId: string): FilingOutcome {
    return decision === 'confirm'
      ? { status: 'confirmed', filingId, receiptNo: `R-${t.id}-${t.attempt}` }
      : { status: 'rejected', filingId, rejection: { code: 'id_mismatch', message: '身份证号码与姓名不符' } };
  }

  activities(): LifecycleActivities {
    return {
      loadTask: async (input) => {
        await this.record('loadTask', input.taskId);
        return this.plan(input.taskId);
      },
      markApproved: async ({ userId, ...input }) => {
        await this.record('markApproved', input.taskId, { userId });
        const t = this.task(input.taskId);
        if (t.status === 'pending_approval') t.status = 'submitting';
      },
      submitFiling: async (input) => {
        const t = this.task(input.taskId);
        const filingId = t.gateway === 'filing-file' ? `file:${t.id}:${t.attempt}` : `F-${t.id}-${t.attempt}`;
        await this.record('submitFiling', input.taskId, { attempt: t.attempt });
        const answer = this.answer(t);
        if (t.gateway === 'filing-file' || typeof answer === 'object') {
          t.status = 'submitted';
          return { status: 'pending', filingId };
        }
        const outcome = this.decided(t, answer, filingId);
        this.settle(t, outcome);
        return { ...outcome, settled: true };
      },
      awaitFilingDecision: async (input) => {
        const t = this.task(input.taskId);
        await this.record('awaitFilingDecision', input.taskId);
        const answer = this.answer(t);
        if (typeof answer === 'object' && answer.later === 'never') {
          // A bureau that never answers: heartbeat until the workflow cancels the wait.
          for (;;) {
            Context.current().heartbeat();
            await Context.current().sleep(50);
          }
        }
        return this.decided(t, typeof answer === 'object' ? (answer.later as 'confirm' | 'reject') : answer, `F-${t.id}-${t.attempt}`);
      },
      settleFiling: async ({ outcome, ...input }) => {
        await this.record('settleFiling', input.taskId, outcome);
        this.settle(this.task(input.taskId), outcome);
      },
      recordManualReceipt: async ({ receiptNo, ...input }) => {
        const t = this.task(input.taskId);
        await this.record('recordManualReceipt', input.taskId, { receiptNo });
        return { status: 'confirmed', filingId: `file:${t.id}:${t.attempt}`, receiptNo };
      },
      recordFiledByHand: async ({ receiptNo, filedOn, userId, ...input }) => {
        const t = this.task(input.taskId);
        await this.record('recordFiledByHand', input.taskId, { receiptNo, filedOn, userId });
        if (!t.open) return { status: 'confirmed', filingId: `F-${t.id}-${t.attempt}`, receiptNo: t.receiptNo ?? receiptNo, settled: true };
        return { status: 'confirmed', filingId: `hand:${t.id}:${t.attempt}`, receiptNo };
      },
      prepareResubmit: async (input) => {
        const t = this.task(input.taskId);
        await this.record('prepareResubmit', input.taskId);
        if (t.status === 'rejected') {
          t.attempt += 1;
          t.status = 'submitting';
          t.rejection = undefined;
        }
      },
      cancelTask: async ({ reason, ...input }) => {
        const t = this.task(input.taskId);
        await this.record('cancelTask', input.taskId, { reason });
        if (t.open) {
          t.status = 'cancelled';
          t.open = false;
        }
      },
      warnDeadline: async (input) => this.record('warnDeadline', input.taskId),
      escalateDeadline: async (input) => this.record('escalateDeadline', input.taskId),
      checkPredecessor: async (input) => {
        const t = this.task(input.taskId);
        await this.record('checkPredecessor', input.taskId);
        const open = [...this.tasks.values()].filter((o) => o.kind === 'enrollment' && o.open && o.employeeId === t.employeeId && o.city === t.city && o.seq < t.seq);
        if (open.length) {
          const cancellable = open.find((o) => o.status === 'pending_approval' || o.status === 'rejected');
          return { state: 'waiting', cancellable: cancellable?.workflowId ?? null };
        }
        return { state: 'settled', coverageOpen: this.coverage.some((c) => c.employeeId === t.employeeId && c.city === t.city && !c.closedBy) };
      },
    };
  }
}
