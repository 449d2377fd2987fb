// Promotion of a validated migration run into the live tenant: workflow type, id, input and the
// activities it calls. Shared by the worker (activities), the API (start, progress) and tests.

export const PROMOTE_MIGRATION_WORKFLOW_TYPE = 'promoteMigrationWorkflow';

/** One promotion per run: starting it again while it runs (or after it finished) finds the same workflow. */
export const promoteMigrationId = (tenantId: string, runId: string) => `migration-promote:${tenantId}:${runId}`;

export interface PromoteMigrationInput {
  tenantId: string;
  runId: string;
  /** Employees per batch (each batch is one transaction and one checkpoint). */
  batchSize: number;
}

export interface PromotionPlan {
  /** Accepted employees of the sandbox, all to be promoted. */
  total: number;
  batchSize: number;
  batches: number;
  /** Batches already in (a resumed or repeated promotion skips them). */
  done: number[];
}

export interface PromotedBatch {
  batch: number;
  /** Employees written by this call (0 when the batch was already in). */
  promoted: number;
  /** Coverage periods written with them, already confirmed (no filing). */
  coveragePeriods: number;
  /** Legacy contribution lines written with them, as history. */
  historyLines: number;
  /** People of the batch the live tenant already employs: left out, counted. */
  conflicts: number;
  alreadyDone: boolean;
}

export interface PromotionOutcome {
  tenantId: string;
  runId: string;
  total: number;
  promoted: number;
  conflicts: number;
}

/** Activities of the promotion; implemented in @lianxu/core (data-migration), wired by the worker. */
export interface DataMigrationActivities {
  /** Checks the run is validated (or already promoting), records the plan, answers it. */
  beginPromotion(input: PromoteMigrationInput): Promise<PromotionPlan>;
  /** One batch in one transaction, recorded with the batch's number: a repeat writes nothing. */
  promoteBatch(input: { tenantId: string; runId: string; batch: number; batchSize: number }): Promise<PromotedBatch>;
  /** Marks the run promoted and emits migration.promoted (once). */
  finishPromotion(input: { tenantId: string; runId: string }): Promise<PromotionOutcome>;
}
