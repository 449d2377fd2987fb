import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { businessDateOf } from '@lianxu/db/business-clock';
import type { BaseAdjustmentCheckActivities, BaseAdjustmentCheckInput, BaseAdjustmentCheckOutcome, DueBaseAdjustment } from './base-adjustment-check.contract';
import { BASE_ADJUSTMENT_WORKFLOW_TYPE, baseAdjustmentId, type BaseAdjustmentInput } from './base-adjustment.contract';

const { dueBaseAdjustments } = proxyActivities<BaseAdjustmentCheckActivities>({
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
  return { today, started };
}
