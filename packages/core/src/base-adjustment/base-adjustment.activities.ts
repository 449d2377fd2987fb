import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import type { PolicyLibrary } from '@lianxu/policy';
import type { BaseAdjustmentActivities, BaseAdjustmentCheckActivities } from '@lianxu/workflows';
import type { BureauGateway } from '../filing/index';
import type { PersonalDataVault } from '../shared/index';
import { applyBaseAdjustment, cancelBaseAdjustment } from './base-adjustment.apply';
import { fileBaseChanges } from './base-adjustment.filing';
import { dueBaseAdjustments } from './base-adjustment.due';
import { prepareBaseAdjustment } from './base-adjustment.prepare';
import { dueProvisionalSettlements, prepareProvisionalSettlement } from './base-adjustment.settle';

export interface BaseAdjustmentActivitiesDeps {
  db: Kysely<Database>;
  /** The policy library, or how to get the current one (consultants' revisions included: the new year's figures). */
  library: PolicyLibrary | (() => PolicyLibrary | Promise<PolicyLibrary>);
  /** Opens ID numbers for the bureau filings. */
  vault: PersonalDataVault;
  /** The bureau's HTTP interface, where the base changes of entities registered with it are filed. */
  bureau: BureauGateway;
  /** How long one fileBaseChanges call waits for the bureau's decisions (default 20 s). */
  filingWaitMs?: number;
}

/** The annual base adjustment's activities (annualBaseAdjustmentWorkflow, baseAdjustmentCheckWorkflow), wired by the worker. */
export function createBaseAdjustmentActivities(deps: BaseAdjustmentActivitiesDeps): BaseAdjustmentActivities & BaseAdjustmentCheckActivities {
  const library = async () => (typeof deps.library === 'function' ? deps.library() : deps.library);
  return {
    async prepareBaseAdjustment(input) {
      // A settlement of provisional figures runs the same workflow: its own preview, then the same apply.
      if (input.settle) return prepareProvisionalSettlement(deps.db, await library(), { ...input, settle: input.settle });
      return prepareBaseAdjustment(deps.db, await library(), input);
    },
    async applyBaseAdjustment(input) {
      return applyBaseAdjustment(deps.db, await library(), input);
    },
    async cancelBaseAdjustment(input) {
      return cancelBaseAdjustment(deps.db, input);
    },
    async fileBaseChanges(input) {
      return fileBaseChanges({ db: deps.db, vault: deps.vault, bureau: deps.bureau, ...(deps.filingWaitMs !== undefined ? { waitMs: deps.filingWaitMs } : {}) }, input);
    },
    async dueBaseAdjustments(input) {
      return dueBaseAdjustments(deps.db, await library(), input);
    },
    async dueProvisionalSettlements(input) {
      return dueProvisionalSettlements(deps.db, await library(), input);
    },
  };
}
