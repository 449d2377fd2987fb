// The contract between the people module (which records events and writes the outbox), the outbox
// dispatcher (which starts and signals workflows), the lifecycle workflows and their activities
// (implemented in @lianxu/core). Pure types and names.

/** Every lifecycle workflow takes the tenant and the filing task it carries (a row of filing_tasks). */
export interface FilingTaskInput {
  tenantId: string;
  taskId: string;
  /**
   * The task as the people module wrote it, so the workflow need not read it back. Absent when the
   * reconciler or a signal-with-start starts the workflow: then it reads the task from PostgreSQL.
   */
  plan?: TaskPlan;
}

export const LIFECYCLE_WORKFLOW_TYPES = {
  enrollment: 'enrollmentWorkflow',
  stop: 'stopWorkflow',
} as const;

/**
 * Workflow ids carry the tenant (its slug), the employee and the event that caused them, so a
 * duplicate start of the same event joins the running workflow (USE_EXISTING) and a finished one is
 * never started again (REJECT_DUPLICATE).
 */
export const lifecycleWorkflowIds = {
  enrollment: (tenantSlug: string, employeeId: string, eventId: string) => `enroll:${tenantSlug}:${employeeId}:${eventId}`,
  stop: (tenantSlug: string, employeeId: string, eventId: string) => `stop:${tenantSlug}:${employeeId}:${eventId}`,
};

/** Signals a lifecycle workflow accepts; the API writes them to the outbox, the dispatcher sends them. */
export const LIFECYCLE_SIGNALS = {
  /** HR approved a pending enrollment. Args: [{ userId }] */
  approve: 'approve',
  /** HR corrected the employee's data after a rejection; file again. Args: [] */
  resubmit: 'resubmit',
  /** HR entered the bureau's receipt for a filing made by hand (filing-file gateway). Args: [{ receiptNo }] */
  receiptEntered: 'receiptEntered',
  /** The employee left before the enrollment was filed: settle without opening coverage. Args: [] */
  cancel: 'cancel',
  /**
   * HR filed an overdue online task by hand at the bureau's counter: stop waiting for the online
   * filing and close the task as confirmed with the counter's receipt. Args: [{@link FiledByHand}]
   */
  filedByHand: 'filedByHand',
} as const;

/** The counter's receipt of a task HR filed by hand instead of online (the API records it on the task first). */
export interface FiledByHand {
  receiptNo: string;
  /** The day the bureau accepted it (YYYY-MM-DD, Asia/Shanghai). */
  filedOn: string;
  userId: string | null;
}

/**
 * Patch ids of the lifecycle workflows. `filedByHand`: the {@link LIFECYCLE_SIGNALS.filedByHand}
 * signal is taken (checked when it arrives, so a history in which a worker from before the patch
 * left the signal unhandled replays as it ran).
 */
export const LIFECYCLE_PATCHES = { filedByHand: 'lifecycle-filed-by-hand' } as const;

/** What a workflow needs to know of its task when it starts (or restarts after a lost history). */
export interface TaskPlan {
  kind: 'enrollment' | 'stop';
  status: 'pending_approval' | 'submitting' | 'submitted' | 'confirmed' | 'rejected' | 'cancelled';
  open: boolean;
  gateway: 'bureau-sim' | 'filing-file';
  /** Epoch ms, or null when the task has no deadline (stops). */
  warnAt: number | null;
  deadlineAt: number | null;
  /**
   * Epoch ms of the first day of employment (00:00 China time) while it is still ahead: an
   * enrollment confirmed before the start date (a candidate's intake) is filed on that day, not
   * before. Absent or null: file at once. (Histories recorded before this field have none.)
   */
  fileFrom?: number | null;
}

export type FilingOutcome = (
  | { status: 'pending'; filingId: string }
  | { status: 'confirmed'; filingId: string; receiptNo: string }
  | { status: 'rejected'; filingId: string | null; rejection: { code: string; message: string } }
) & {
  /** Already recorded by the step that decided it (settleFiling need not run). */
  settled?: boolean;
};

/** A stop waits until any enrollment of the same employee and city before it has settled. */
export type PredecessorState = { state: 'settled'; coverageOpen: boolean } | { state: 'waiting'; cancellable: string | null };

/** Activities of the lifecycle workflows; implemented in @lianxu/core, wired by the worker. */
export interface LifecycleActivities {
  loadTask(input: FilingTaskInput): Promise<TaskPlan>;
  markApproved(input: FilingTaskInput & { userId: string | null }): Promise<void>;
  /**
   * Files (enrollment: computes the base first) with an idempotency key per task and attempt, then
   * checks once; a decision found then is settled here too (`settled`), saving the workflow a step.
   */
  submitFiling(input: FilingTaskInput): Promise<FilingOutcome>;
  /** Polls the bureau until it decides; heartbeats while waiting. A filing the bureau lost is filed again under the same key (HR told). */
  awaitFilingDecision(input: FilingTaskInput): Promise<FilingOutcome>;
  /** Records the outcome: coverage opened or closed, task closed, people told. Idempotent. */
  settleFiling(input: FilingTaskInput & { outcome: FilingOutcome }): Promise<void>;
  /** HR entered the bureau's receipt (filing-file gateway). */
  recordManualReceipt(input: FilingTaskInput & { receiptNo: string }): Promise<FilingOutcome>;
  /**
   * HR filed the task by hand at the counter (an online task past its deadline): the confirmed
   * outcome with the counter's receipt, for settleFiling; a task the bureau settled meanwhile is
   * answered as it stands (`settled`).
   */
  recordFiledByHand(input: FilingTaskInput & FiledByHand): Promise<FilingOutcome>;
  /** After a rejection was fixed: next attempt, new idempotency key. */
  prepareResubmit(input: FilingTaskInput): Promise<void>;
  cancelTask(input: FilingTaskInput & { reason: string }): Promise<void>;
  /** Day `warnDay` without confirmation: SMS and in-app notice to HR. Idempotent. */
  warnDeadline(input: FilingTaskInput): Promise<void>;
  /** Legal deadline passed: the tenant admins are told, with the exposure. Idempotent. */
  escalateDeadline(input: FilingTaskInput): Promise<void>;
  checkPredecessor(input: FilingTaskInput): Promise<PredecessorState>;
}
