import { request, type BodyOf, type ResponseOf } from '@lianxu/web/plugin-kit/api';

// Types come from the plugin's routeDocs in /api/openapi.json (the web app's generated schema).

const ROUTES = '/api/t/{tenant}/plugins/retail-branches' as const;

export type Branch = ResponseOf<`${typeof ROUTES}/branches/{id}`, 'get'>;
export type NewBranch = BodyOf<`${typeof ROUTES}/branches`, 'post'>;
export type BranchSummary = ResponseOf<`${typeof ROUTES}/branches/{id}/summary`, 'get'>;
export type BranchEmployee = ResponseOf<`${typeof ROUTES}/branches/{id}/employees`, 'get'>['items'][number];
type BulkAssignment = ResponseOf<`${typeof ROUTES}/assignments/bulk`, 'post'>;
export type AssignmentResult = BulkAssignment['results'][number];
export type AssignmentStatus = AssignmentResult['status'];

export function listBranches(slug: string) {
  return request('get', `${ROUTES}/branches`, { params: { tenant: slug } });
}

export function getBranch(slug: string, id: string) {
  return request('get', `${ROUTES}/branches/{id}`, { params: { tenant: slug, id } });
}

export function createBranch(slug: string, body: NewBranch) {
  return request('post', `${ROUTES}/branches`, { params: { tenant: slug }, body });
}

/** Every branch's headcount, coverage, this month's cost and open tasks (for the chart). */
export function branchSummaries(slug: string) {
  return request('get', `${ROUTES}/branches/summary`, { params: { tenant: slug } });
}

export function branchSummary(slug: string, id: string) {
  return request('get', `${ROUTES}/branches/{id}/summary`, { params: { tenant: slug, id } });
}

export function branchEmployees(slug: string, id: string) {
  return request('get', `${ROUTES}/branches/{id}/employees`, { params: { tenant: slug, id } });
}

/** Moves employees to a branch; a branch in another city starts a transfer for that employee. */
export function assignInBulk(slug: string, body: BodyOf<`${typeof ROUTES}/assignments/bulk`, 'post'>) {
  return request('post', `${ROUTES}/assignments/bulk`, { params: { tenant: slug }, body });
}
