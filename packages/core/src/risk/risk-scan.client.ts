import { randomUUID } from 'node:crypto';
import { ScheduleOverlapPolicy, WorkflowNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';
import { CORE_TASK_QUEUE, RISK_SCAN_SCHEDULE, RISK_SCAN_WORKFLOW_TYPE, riskScanIds, type RiskScanInput, type RiskScanOutcome } from '@lianxu/workflows';
import { ensureRiskReportSchedule } from './risk-report.client';
import { upsertSchedule } from '../shared/index';

export interface RiskScanTenant {
  id: string;
  slug: string;
}

function scheduleOptions(tenant: RiskScanTenant, taskQueue: string): ScheduleOptions {
  const args: [RiskScanInput] = [{ tenantId: tenant.id, slug: tenant.slug }];
  return {
    scheduleId: riskScanIds.schedule(tenant.slug),
    spec: { calendars: [{ hour: RISK_SCAN_SCHEDULE.hour, minute: RISK_SCAN_SCHEDULE.minute }], timezone: RISK_SCAN_SCHEDULE.timezone },
    action: { type: 'startWorkflow', workflowType: RISK_SCAN_WORKFLOW_TYPE, workflowId: riskScanIds.scheduled(tenant.slug), taskQueue, args },
    // A day missed while down is caught up once; a scan still running when the next is due is not doubled.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: RISK_SCAN_SCHEDULE.catchupWindow },
  };
}

/**
 * Creates the tenant's daily risk-scan schedule, or brings an existing one to the current settings,
 * and with it the monthly risk report's schedule (risk-report.client.ts); answers for the scan's.
 * Idempotent: the worker calls it for every tenant at start and provisioning for a new tenant.
 */
export async function ensureRiskScanSchedule(client: Client, tenant: RiskScanTenant, taskQueue = CORE_TASK_QUEUE): Promise<'created' | 'updated'> {
  const options = scheduleOptions(tenant, taskQueue);
  const answer = await upsertSchedule(client, options);
  await ensureRiskReportSchedule(client, tenant, taskQueue);
  return answer;
}

/** Starts a scan now (HR's "scan now"); returns the run to follow. */
export async function startRiskScan(client: Client, tenant: RiskScanTenant, taskQueue = CORE_TASK_QUEUE, today?: string): Promise<{ workflowId: string; runId: string }> {
  const workflowId = riskScanIds.onDemand(tenant.slug, randomUUID());
  const args: [RiskScanInput] = [{ tenantId: tenant.id, slug: tenant.slug, ...(today ? { today } : {}) }];
  const handle = await client.workflow.start(RISK_SCAN_WORKFLOW_TYPE, { taskQueue, workflowId, args });
  return { workflowId, runId: handle.firstExecutionRunId };
}

export type RiskScanRunStatus = { status: 'running' } | { status: 'completed'; result: RiskScanOutcome } | { status: 'failed' } | { status: 'not_found' };

/** Where an on-demand run of this tenant stands (another tenant's run is not found). */
export async function riskScanRun(client: Client, tenant: RiskScanTenant, workflowId: string): Promise<RiskScanRunStatus> {
  if (!workflowId.startsWith(`${riskScanIds.schedule(tenant.slug)}:`)) return { status: 'not_found' };
  const handle = client.workflow.getHandle(workflowId);
  try {
    const { status } = await handle.describe();
    if (status.name === 'RUNNING') return { status: 'running' };
    if (status.name === 'COMPLETED') return { status: 'completed', result: (await handle.result()) as RiskScanOutcome };
    return { status: 'failed' };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { status: 'not_found' };
    throw error;
  }
}
