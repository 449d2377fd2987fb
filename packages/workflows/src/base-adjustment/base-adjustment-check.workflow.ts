import { ParentClosePolicy, patched, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { businessDateOf } from '@lianxu/db/business-clock';
import { PROVISIONAL_SETTLEMENT_PATCH, type BaseAdjustmentCheckActivities, type BaseAdjustmentCheckInput, type BaseAdjustmentCheckOutcome, type DueBaseAdjustment, type DueProvisionalSettlement } from './base-adjustment-check.contract';
import { BASE_ADJUSTMENT_WORKFLOW_TYPE, baseAdjustmentId, provisionalSettlementId, type BaseAdjustmentInput } from './base-adjustment.contract';

const { dueBaseAdjustments, dueProvisionalSettlements } = proxyActivities<BaseAdjustmentCheckActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2, maximumAttempts: 12 },
});

/**
 * Starts the annual adjustment of each city whose new policy year is in effect and not adjusted
 * yet; each runs on its own (abandoned by this run) and waits for HR. One already started (by HR
 * through the API, or by yesterday's check) is left as it is.
 */
export async function baseAdjustmentCheckWorkflow(input: BaseAdjustmentCheckInput): Promise<BaseAdjustmentCheckOutcome> {
  const today = input.today ?? businessDateOf(new Date());
  const due = await dueBaseAdjustments({ tenantId: input.tenantId, today });
  const started: DueBaseAdjustment[] = [];
  for (const d of due) {
    const args: [BaseAdjustmentInput] = [{ tenantId: input.tenantId, cityCode: d.cityCode, policyYear: d.policyYear }];
    try {
      await startChild(BASE_ADJUSTMENT_WORKFLOW_TYPE, { workflowId: baseAdjustmentId(input.tenantId, d.cityCode, d.policyYear), args, parentClosePolicy: ParentClosePolicy.ABANDON });
      started.push(d);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  // Then the settlements of provisional figures a consultant's revision published (the same
  // workflow, previewed and confirmed by HR, making 补差/退费 lines instead of new bases). Histories
  // recorded before this step existed end here, as they did.
  if (!patched(PROVISIONAL_SETTLEMENT_PATCH)) return { today, started };
  const settlements: DueProvisionalSettlement[] = [];
  for (const d of await dueProvisionalSettlements({ tenantId: input.tenantId, today })) {
    const args: [BaseAdjustmentInput] = [{ tenantId: input.tenantId, cityCode: d.cityCode, policyYear: d.policyYear, settle: { policyId: d.policyId, settlesPolicyId: d.settlesPolicyId } }];
    try {
      await startChild(BASE_ADJUSTMENT_WORKFLOW_TYPE, { workflowId: provisionalSettlementId(input.tenantId, d.cityCode, d.policyId), args, parentClosePolicy: ParentClosePolicy.ABANDON });
      settlements.push(d);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  return { today, started, settlements };
}
