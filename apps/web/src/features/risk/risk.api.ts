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
