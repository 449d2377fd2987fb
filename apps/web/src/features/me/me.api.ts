import { path } from '../../api';
import { request, type BodyOf, type ResponseOf } from '../../api/types';

// The employee's own pages (self-service). Types come from /api/openapi.json (src/api/schema.d.ts);
// every route answers only the signed-in employee's linked record.

export type MyProfile = ResponseOf<'/api/t/{tenant}/me/employee'>;
export type MyCoverage = ResponseOf<'/api/t/{tenant}/me/coverage'>;
export type MyCoveragePeriod = MyCoverage['periods'][number];
export type MyContributions = ResponseOf<'/api/t/{tenant}/me/contributions'>;
export type MyContributionMonth = MyContributions['months'][number];
export type MyContinuity = ResponseOf<'/api/t/{tenant}/me/continuity'>;
export type MyRule = MyContinuity['rules'][number];
export type LeaveEstimate = ResponseOf<'/api/t/{tenant}/me/leave-estimate'>;
export type MyRequest = ResponseOf<'/api/t/{tenant}/me/requests/{id}'>;
export type MyRequestBody = BodyOf<'/api/t/{tenant}/me/requests', 'post'>;
export type MyNotifications = ResponseOf<'/api/t/{tenant}/me/notifications'>;
export type OfficialPortal = ResponseOf<'/api/t/{tenant}/me/official-portal'>;

export function getMyProfile(slug: string) {
  return request('get', '/api/t/{tenant}/me/employee', { params: { tenant: slug } });
}

export function getMyCoverage(slug: string) {
  return request('get', '/api/t/{tenant}/me/coverage', { params: { tenant: slug } });
}

export function getMyContributions(slug: string) {
  return request('get', '/api/t/{tenant}/me/contributions', { params: { tenant: slug } });
}

export function getMyContinuity(slug: string) {
  return request('get', '/api/t/{tenant}/me/continuity', { params: { tenant: slug } });
}

/** 400 naming `leaveDate` or `gapMonths` when either is out of range. */
export function getLeaveEstimate(slug: string, leaveDate: string, gapMonths: string) {
  return request('get', '/api/t/{tenant}/me/leave-estimate', { params: { tenant: slug }, query: { leaveDate, gapMonths } });
}

export function listMyRequests(slug: string) {
  return request('get', '/api/t/{tenant}/me/requests', { params: { tenant: slug } });
}

/** 400 naming `leaveDate` or `message` (a leave without a real date ahead, a correction without a message). */
export function sendMyRequest(slug: string, body: MyRequestBody) {
  return request('post', '/api/t/{tenant}/me/requests', { params: { tenant: slug }, body });
}

export function getMyNotifications(slug: string) {
  return request('get', '/api/t/{tenant}/me/notifications', { params: { tenant: slug } });
}

export function getMyOfficialPortal(slug: string) {
  return request('get', '/api/t/{tenant}/me/official-portal', { params: { tenant: slug } });
}

/** The download address of my coverage statement: a plain link, the session cookie authenticates. */
export function myStatementHref(slug: string, language: 'zh-CN' | 'en'): string {
  return `${path('/api/t', slug, 'me')}/statement.pdf${language === 'en' ? '?lang=en' : ''}`;
}
