import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DataMigrationActivities, MigrationLoadActivities } from '@lianxu/workflows';
import { DomainError } from '../shared/index';
import { failMigrationLoad, finishMigrationLoad, loadMigrationFile, type MigrationLoadDeps } from './migration.load';
import { beginPromotion, finishPromotion, promoteBatch, type PromotionDeps } from './migration.promotion';

// The data migration's activities for the worker (loading and promotion). A refusal (a package
// that fails its checks, a run not validated, no such run) is final: retrying cannot change it, so
// it fails the workflow at once instead of retrying for ever.
const final = <T>(work: () => Promise<T>, onRefused?: (error: DomainError) => Promise<void>) =>
  work().catch(async (error: unknown) => {
    if (error instanceof DomainError) {
      await onRefused?.(error);
      throw ApplicationFailure.nonRetryable(error.message, error.code, { code: error.code, messages: error.messages });
    }
    throw error;
  });

const heartbeat = (details?: unknown) => {
  try {
    Context.current().heartbeat(details);
  } catch {
    // outside an activity (a direct call): nothing to report to
  }
};

/**
 * Beats while `work` runs, besides the beats it sends itself: the long steps of a file (moving
 * staged rows into the sandbox, writing the quarantine) report nothing for a while, yet a worker
 * that died stops beating at once, which is what the heartbeat timeout is there to notice.
 */
async function beating<T>(work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => heartbeat(), 5_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

export function createDataMigrationActivities(deps: PromotionDeps & Partial<Omit<MigrationLoadDeps, 'db' | 'vault'>>): DataMigrationActivities & MigrationLoadActivities {
  const loading = (): MigrationLoadDeps => {
    if (!deps.pool) throw ApplicationFailure.nonRetryable('this worker has no migration pool', 'migration_unavailable');
    return { ...deps, pool: deps.pool };
  };
  return {
    beginPromotion: (input) => final(() => beginPromotion(deps, input)),
    promoteBatch: (input) => final(() => promoteBatch(deps, input, heartbeat)),
    finishPromotion: (input) => final(() => finishPromotion(deps, input)),
    loadMigrationFile: (input) =>
      final(() => beating(() => loadMigrationFile(loading(), input, (counts) => heartbeat({ file: input.file, ...counts }))), (e) => failMigrationLoad(deps.db, input.tenantId, input.runId, e)),
    finishMigrationLoad: (input) => final(() => finishMigrationLoad(loading(), input), (e) => failMigrationLoad(deps.db, input.tenantId, input.runId, e)),
  };
}
