import { condition, defineSignal, patched, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import { businessDateOf } from '@lianxu/db/business-clock';
import {
  BASE_ADJUSTMENT_SIGNALS,
  BASE_CHANGE_FILING_PATCH,
  type BaseAdjustmentActivities,
  type BaseAdjustmentInput,
  type BaseAdjustmentOutcome,
  type CancelBaseAdjustment,
  type ConfirmBaseAdjustment,
} from './base-adjustment.contract';

// Each step is one activity (one transaction), retried with back-off while the database is down.
const { prepareBaseAdjustment, applyBaseAdjustment, cancelBaseAdjustment, fileBaseChanges } = proxyActivities<BaseAdjustmentActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2, maximumAttempts: 12 },
});

export const confirmBaseAdjustmentSignal = defineSignal<[ConfirmBaseAdjustment]>(BASE_ADJUSTMENT_SIGNALS.confirm);
export const cancelBaseAdjustmentSignal = defineSignal<[CancelBaseAdjustment]>(BASE_ADJUSTMENT_SIGNALS.cancel);

type Decision = ({ kind: 'confirm' } & ConfirmBaseAdjustment) | ({ kind: 'cancel' } & CancelBaseAdjustment);

/**
 * The annual base adjustment of one tenant's employees in one city for one policy year: the preview,
 * then HR's decision (no deadline: the new year's figures can arrive months late, and nothing is
 * filed until HR confirms), then the changes in one transaction, then the base changes filed with the
 * bureau and waited for.
 */
export async function annualBaseAdjustmentWorkflow(input: BaseAdjustmentInput): Promise<BaseAdjustmentOutcome> {
  let decision: Decision | null = null;
  // The first decision counts; a second click (or a cancel after a confirm) changes nothing.
  setHandler(confirmBaseAdjustmentSignal, (s) => void (decision ??= { kind: 'confirm', ...s }));
  setHandler(cancelBaseAdjustmentSignal, (s) => void (decision ??= { kind: 'cancel', ...s }));

  const prepared = await prepareBaseAdjustment({
    tenantId: input.tenantId, cityCode: input.cityCode, policyYear: input.policyYear,
    today: input.today ?? businessDateOf(new Date()), workflowId: workflowInfo().workflowId,
    ...(input.settle ? { settle: input.settle } : {}),
  });
  if (prepared.state !== 'preview') {
    return { adjustmentId: prepared.adjustmentId, state: prepared.state, declared: 0, topUpLines: 0, filed: 0 };
  }
  await condition(() => decision !== null);
  const d = decision as unknown as Decision;
  if (d.kind === 'cancel') {
    return cancelBaseAdjustment({ tenantId: input.tenantId, adjustmentId: prepared.adjustmentId, actorId: d.actorId, reason: d.reason });
  }
  // The 补差 lines go to the month HR confirms in (workflow time, so a replay gives the same month).
  const applied = await applyBaseAdjustment({ tenantId: input.tenantId, adjustmentId: prepared.adjustmentId, actorId: d.actorId, today: input.today ?? businessDateOf(new Date()) });
  // Then the base changes go to the bureau (entities filing through its interface) until every one
  // is decided. Histories recorded before this step existed end after applying, as they did.
  if (applied.state !== 'applied' || !patched(BASE_CHANGE_FILING_PATCH)) return applied;
  // A bureau that is down leaves changes pending: looked at again after 1, 2, 4 ... up to 60 minutes.
  for (let wait = 1; ; wait = Math.min(wait * 2, 60)) {
    const bureau = await fileBaseChanges({ tenantId: input.tenantId, adjustmentId: prepared.adjustmentId });
    if (bureau.pending === 0) return { ...applied, bureau };
    await sleep(`${wait} minutes`);
  }
}
