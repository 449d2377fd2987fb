import { ApplicationFailure } from '@temporalio/common';
import type { DualRunActivities } from '@lianxu/workflows';
import { DomainError } from '../shared/index';
import { compareDualRunDay, markDualRunDayLate, type DualRunDeps } from './dual-run.day';
import { retireDualRun } from './dual-run.service';

// The dual run's activities for the worker. A refusal (no such run, retirement not on offer) is
// final; anything else (the old system unreachable) is retried, and the workflow shows the day late.
const final = <T>(work: () => Promise<T>) =>
  work().catch((error: unknown) => {
    if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.message, error.code);
    throw error;
  });

export function createDualRunActivities(deps: DualRunDeps): DualRunActivities {
  return {
    compareDualRunDay: (input) => final(() => compareDualRunDay(deps, input)),
    markDualRunDayLate: (input) => final(() => markDualRunDayLate(deps, input)),
    retireDualRun: (input) => final(() => retireDualRun(deps, input)),
  };
}
