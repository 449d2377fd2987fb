import type { Kysely } from 'kysely';
import { createBusinessClock, withTenant, type BusinessClock, type Database } from '@lianxu/db';
import { calculateContributions } from '@lianxu/policy';
import type { PeoplePort, PluginHost, PluginLogger, PolicyPort } from '@lianxu/plugin-sdk';
import { createPolicyLibraryService, type PolicyLibraryService } from '../policy-library/index';

/** What core needs to offer plugins its services; everything but `db` has a default. */
export interface PluginHostDeps {
  db: Kysely<Database>;
  clock?: BusinessClock;
  /** The people module (its `transfer`); without it, a plugin asking for a transfer fails. */
  people?: PeoplePort;
  /** The effective policy library; default: shipped files plus stored revisions. */
  policies?: Pick<PolicyLibraryService, 'library'>;
  logger?: PluginLogger;
}

const silent: PluginLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const noPeople: PeoplePort = {
  async transfer() {
    throw new Error('the people module is not wired into the plugin host (pass `people` to createPluginRuntime)');
  },
};

/** The policy engine as plugins see it: social-insurance totals of one wage, city and month (no housing fund). */
export function policyPortFrom(policies: Pick<PolicyLibraryService, 'library'>): PolicyPort {
  return {
    async quote({ city, month, wageFen, hukou }) {
      const quote = calculateContributions({ city, month, wageFen, hukou }, await policies.library());
      return {
        policyId: quote.policyId,
        provisional: quote.provisional,
        complete: quote.complete,
        missing: quote.missing.map((m) => m.insurance),
        policyYear: quote.policyYear,
        provisionalFrom: [...new Set(quote.lines.flatMap((l) => l.provisionalFrom))].sort((a, b) => a - b),
        employerFen: quote.totals.employerFen,
        employeeFen: quote.totals.employeeFen,
      };
    },
    async knowsCity(cityCode) {
      return (await policies.library()).cities.some((c) => c.code === cityCode);
    },
  };
}

/** Core's services as one PluginHost (see @lianxu/plugin-sdk). */
export function createPluginHost(deps: PluginHostDeps): PluginHost {
  const clock = deps.clock ?? createBusinessClock();
  return {
    withTenant: <T, DB = Database>(tenantId: string, work: (trx: Kysely<DB>) => Promise<T>, options?: { actorId?: string | null }) =>
      // Plugin tables are not in core's Database type; the plugin types the transaction itself.
      withTenant(deps.db, tenantId, (trx) => work(trx as unknown as Kysely<DB>), options),
    clock: { now: () => clock.now(), today: () => clock.today() },
    people: deps.people ?? noPeople,
    policy: policyPortFrom(deps.policies ?? createPolicyLibraryService({ db: deps.db })),
    logger: deps.logger ?? silent,
  };
}
