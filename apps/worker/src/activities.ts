import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import {
  createHttpBureauGateway,
  createLifecycleActivities,
  createPolicyLibraryService,
  createTenancyActivities,
  smtpProviderFromEnv,
  type LifecycleDeps,
  type PersonalDataVault,
} from '@lianxu/core';

export interface WorkerDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  /** Base URL of the bureau's HTTP interface (bureau-sim). */
  bureauUrl: string;
  /** The plugins' contributionBase extension point (`contributionBasePlugins(runtime)`). */
  contributionBase?: LifecycleDeps['contributionBase'];
  /** E-mail provider (SMTP when SMTP_URL is set). */
  email?: LifecycleDeps['email'];
}

export { smtpProviderFromEnv };

/** The composition root of activities: every module's activities, wired to their dependencies. */
export function createActivities(deps: WorkerDeps) {
  const policies = createPolicyLibraryService({ db: deps.db });
  return {
    ...createTenancyActivities({ db: deps.db }),
    ...createLifecycleActivities({
      db: deps.db,
      vault: deps.vault,
      bureau: createHttpBureauGateway({ baseUrl: deps.bureauUrl }),
      policy: () => policies.library(),
      ...(deps.email ? { email: deps.email } : {}),
      ...(deps.contributionBase ? { contributionBase: deps.contributionBase } : {}),
    }),
  };
}
