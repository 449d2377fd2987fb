import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { createTenancyActivities } from '@lianxu/core';

export interface WorkerDeps {
  db: Kysely<Database>;
}

/** The composition root of activities: every module's activities, wired to their dependencies. */
export function createActivities(deps: WorkerDeps) {
  return {
    ...createTenancyActivities({ db: deps.db }),
  };
}
