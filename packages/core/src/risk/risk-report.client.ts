import { ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { CORE_TASK_QUEUE, RISK_REPORT_SCHEDULE, RISK_REPORT_WORKFLOW_TYPE, riskReportIds, type RiskReportInput } from '@lianxu/workflows';
import { upsertSchedule } from '../shared/index';

/** The tenant a schedule is for (the same shape as the scan's RiskScanTenant). */
interface ReportTenant {
  id: string;
  slug: string;
}

function scheduleOptions(tenant: ReportTenant, taskQueue: string): ScheduleOptions {
  const args: [RiskReportInput] = [{ tenantId: tenant.id, slug: tenant.slug }];
  const { dayOfMonth, hour, minute, timezone, catchupWindow } = RISK_REPORT_SCHEDULE;
  return {
    scheduleId: riskReportIds.schedule(tenant.slug),
    spec: { calendars: [{ dayOfMonth, hour, minute }], timezone },
    action: { type: 'startWorkflow', workflowType: RISK_REPORT_WORKFLOW_TYPE, workflowId: riskReportIds.scheduled(tenant.slug), taskQueue, args },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow },
  };
}

/**
 * Creates the tenant's monthly risk-report schedule, or brings an existing one to the current
 * settings. Idempotent; called with the daily scan's schedule (ensureRiskScanSchedule).
 */
export async function ensureRiskReportSchedule(client: Client, tenant: ReportTenant, taskQueue = CORE_TASK_QUEUE): Promise<'created' | 'updated'> {
  const options = scheduleOptions(tenant, taskQueue);
  return upsertSchedule(client, options);
}
