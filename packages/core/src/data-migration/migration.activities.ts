import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DataMigrationActivities } from '@lianxu/workflows';
import { DomainError } from '../shared/index';
import { beginPromotion, finishPromotion, promoteBatch, type PromotionDeps } from './migration.promotion';

// The promotion's activities for the worker. A refusal (run not validated, no such run) is final:
// retrying cannot change it, so it fails the workflow at once instead of retrying for ever.
const final = <T>(work: () => Promise<T>) =>
  work().catch((error: unknown) => {
    if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.message, error.code);
    throw error;
  });

const heartbeat = () => {
  try {
    Context.current().heartbeat();
  } catch {
    // outside an activity (a direct call): nothing to report to
  }
};

export function createDataMigrationActivities(deps: PromotionDeps): DataMigrationActivities {
  return {
    beginPromotion: (input) => final(() => beginPromotion(deps, input)),
    promoteBatch: (input) => final(() => promoteBatch(deps, input, heartbeat)),
    finishPromotion: (input) => final(() => finishPromotion(deps, input)),
  };
}
