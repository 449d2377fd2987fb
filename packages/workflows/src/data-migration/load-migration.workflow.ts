import { proxyActivities } from '@temporalio/workflow';
import { MIGRATION_LOAD_FILES, type LoadedFile, type LoadMigrationInput, type LoadOutcome, type MigrationLoadActivities } from './load-migration.contract';

// The files one after another, each an activity that commits the file's rows, its quarantine and
// its counts in one transaction. A worker killed mid-file loses only that transaction: the
// heartbeat lapses, the activity is retried on another worker and loads the file from the start
// (replacing whatever a commit that came just before the crash left). Files already completed stay
// completed in the history, so a resumed load goes on with the next one.
const { loadMigrationFile } = proxyActivities<MigrationLoadActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '2 minutes', backoffCoefficient: 2 },
});
const { finishMigrationLoad } = proxyActivities<MigrationLoadActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '2 minutes', backoffCoefficient: 2 },
});

/** Loads a run's package into its sandbox and validates it; a package refused fails at once. */
export async function loadMigrationWorkflow(input: LoadMigrationInput): Promise<LoadOutcome> {
  const files: LoadedFile[] = [];
  for (const file of MIGRATION_LOAD_FILES) files.push(await loadMigrationFile({ ...input, file }));
  const outcome = await finishMigrationLoad({ tenantId: input.tenantId, runId: input.runId });
  return { ...outcome, files };
}
