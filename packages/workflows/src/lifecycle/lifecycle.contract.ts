// The contract between the people module (which records events and writes the outbox), the outbox
// dispatcher (which starts and signals workflows) and the lifecycle workflows. Pure types and names.

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
} as const;

/** What a workflow needs to know of its task when it starts (or restarts after a lost history). */
export interface TaskPlan {
  kind: 'enrollment' | 'stop';
  status: 'pending_approval' | 'submitting' | 'submitted' | 'confirmed' | 'rejected' | 'cancelled';
  open: boolean;
  gateway: 'bureau-sim' | 'filing-file';
  /** Epoch ms, or null when the task has no deadline (stops). */
  warnAt: number | null;
  deadlineAt: number | null;
}
