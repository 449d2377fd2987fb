import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { CORE_TASK_QUEUE, WORKFLOW_TYPES, workflowIds, type ProvisionOptions, type ProvisionResult } from '@lianxu/workflows';
import { ensureRiskScanSchedule } from '../risk/index';
import type { TenantSpec } from './tenant-spec';

/**
 * Applies a tenant spec through the provisioning workflow and waits for its result. A second
 * apply while one runs joins the running one instead of racing it.
 */
export async function applyTenantSpec(client: Client, spec: TenantSpec, taskQueue = CORE_TASK_QUEUE, options: ProvisionOptions = {}): Promise<ProvisionResult> {
  const handle = await client.workflow.start(WORKFLOW_TYPES.provisionTenant, {
    taskQueue,
    workflowId: workflowIds.provisionTenant(spec.slug),
    args: [spec, options],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  const result = (await handle.result()) as ProvisionResult;
  // A provisioned tenant gets its daily risk scan (idempotent for an existing one).
  await ensureRiskScanSchedule(client, { id: result.tenantId, slug: spec.slug }, taskQueue);
  return result;
}
