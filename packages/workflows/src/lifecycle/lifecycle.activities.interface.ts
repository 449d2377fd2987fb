import type { FilingTaskInput, TaskPlan } from './lifecycle.contract';

export type { TaskPlan } from './lifecycle.contract';


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
  /** After a rejection was fixed: next attempt, new idempotency key. */
  prepareResubmit(input: FilingTaskInput): Promise<void>;
  cancelTask(input: FilingTaskInput & { reason: string }): Promise<void>;
  /** Day `warnDay` without confirmation: SMS and in-app notice to HR. Idempotent. */
  warnDeadline(input: FilingTaskInput): Promise<void>;
  /** Legal deadline passed: the tenant admins are told, with the exposure. Idempotent. */
  escalateDeadline(input: FilingTaskInput): Promise<void>;
  checkPredecessor(input: FilingTaskInput): Promise<PredecessorState>;
}
