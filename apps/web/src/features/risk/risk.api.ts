import { path } from '../../api';
import { request, type ResponseOf } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts): the risk scan's findings and runs.

export type RiskFinding = ResponseOf<'/api/t/{tenant}/risk/findings', 'get'>['items'][number];
export type RiskScanRun = ResponseOf<'/api/t/{tenant}/risk/scans/{workflowId}', 'get'>;

export interface FindingsFilter {
  state?: 'open' | 'acknowledged' | 'resolved';
  /** risks (money or coverage at stake) or notices (about the figures); both when absent. */
  kind?: 'risks' | 'notices';
  employeeId?: string;
  limit?: number;
  offset?: number;
}

export function listRiskFindings(slug: string, filter: FindingsFilter) {
  return request('get', '/api/t/{tenant}/risk/findings', { params: { tenant: slug }, query: filter });
}

/** 400 naming `reason` when it is empty; 409 when the finding is no longer open. */
export function acknowledgeRiskFinding(slug: string, id: string, reason: string) {
  return request('post', '/api/t/{tenant}/risk/findings/{id}/acknowledge', { params: { tenant: slug, id }, body: { reason } });
}

/** Creates the 补缴 lines a finding suggests in the next open month (201); 409 when already created or not priceable, 404 not this tenant's. */
export function createFindingBackPayment(slug: string, id: string, targetMonth?: string) {
  return request('post', '/api/t/{tenant}/risk/findings/{id}/back-payment', { params: { tenant: slug, id }, body: targetMonth ? { targetMonth } : {} });
}

// The filing-task routes a finding's "start the enrollment" uses (the people feature's own calls
// are not imported: the people page already imports this feature).

/** The employee's filing tasks (from the employee read). */
export async function employeeTasks(slug: string, employeeId: string) {
  return (await request('get', '/api/t/{tenant}/employees/{id}', { params: { tenant: slug, id: employeeId } })).tasks;
}

/** Approves an enrollment waiting for HR's approval: the workflow files it. */
export function approveEnrollment(slug: string, taskId: string) {
  return request('post', '/api/t/{tenant}/tasks/{id}/approve', { params: { tenant: slug, id: taskId } });
}

/** Files a rejected enrollment again as it is (no corrections). */
export function fileEnrollmentAgain(slug: string, taskId: string) {
  return request('post', '/api/t/{tenant}/tasks/{id}/resubmit', { params: { tenant: slug, id: taskId }, body: {} });
}

export function startRiskScan(slug: string) {
  return request('post', '/api/t/{tenant}/risk/scan', { params: { tenant: slug } });
}

export function riskScanRun(slug: string, workflowId: string) {
  return request('get', '/api/t/{tenant}/risk/scans/{workflowId}', { params: { tenant: slug, workflowId } });
}

/** The download address of the 断缴风险报告 (PDF or Excel): a plain link, the session cookie authenticates. */
export function riskReportHref(slug: string, format: 'pdf' | 'xlsx', language: string): string {
  return `${path('/api/t', slug, 'risk')}/report.${format}${language === 'en' ? '?lang=en' : ''}`;
}
