import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DataMigrationActivities, PromoteMigrationInput, PromotionOutcome } from './promote-migration.contract';

// Batches one after another, each an activity that commits its rows and its checkpoint together.
// A worker killed mid-batch loses only that uncommitted transaction: the activity's heartbeat
// lapses, it is retried on another worker, and the batch number recorded on the run makes a
// batch that did commit a no-op. The plan is read again on continue-as-new, so done batches are skipped.
const { beginPromotion, finishPromotion } = proxyActivities<DataMigrationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});
const { promoteBatch } = proxyActivities<DataMigrationActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

/** Promotes a validated run into the live tenant; resumable, and a repeat promotes nothing twice. */
export async function promoteMigrationWorkflow(input: PromoteMigrationInput): Promise<PromotionOutcome> {
  const plan = await beginPromotion(input);
  const done = new Set(plan.done);
  for (let batch = 0; batch < plan.batches; batch++) {
    if (done.has(batch)) continue;
    await promoteBatch({ tenantId: input.tenantId, runId: input.runId, batch, batchSize: plan.batchSize });
    // A very large run keeps its history small; the new run reads the batches already in.
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof promoteMigrationWorkflow>(input);
  }
  return finishPromotion({ tenantId: input.tenantId, runId: input.runId });
}
