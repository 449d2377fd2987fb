import { RETAIL_BRANCHES } from './plugin-id';
import { api, pluginPath, type Localized } from '@lianxu/web/plugin-kit/api';

// Types mirror plugins/retail-branches/src (branches.service, branch-summary, assignments.service).

export type Branch = {
  id: string;
  name: string;
  cityCode: string;
  address: string;
  managerName: string;
  managerMobile: string | null;
  headcount: number;
  createdAt: string;
  updatedAt: string;
};

export type NewBranch = { name: string; cityCode: string; address: string; managerName: string; managerMobile?: string | null };

export type BranchSummary = {
  branchId: string;
  name: string;
  cityCode: string;
  headcount: number;
  covered: number;
  uncovered: number;
  /** Integer fen. */
  cost: { month: string; employerFen: number; employeeFen: number; totalFen: number; provisional: boolean; unpriced: { employeeId: string; reason: string }[] };
  openTasks: { total: number; enrollment: number; stop: number };
};

export type BranchEmployee = { employeeId: string; name: string; workCity: string; status: 'active' | 'terminated'; since: string };

export type AssignmentStatus = 'assigned' | 'transfer_started' | 'unchanged' | 'failed';

export type AssignmentResult = {
  employeeId: string;
  status: AssignmentStatus;
  fromBranchId: string | null;
  fromCity: string;
  toCity: string;
  error?: { code: string; message: Localized; fields?: Record<string, Localized> };
};

const at = (slug: string, ...segments: string[]) => pluginPath(slug, RETAIL_BRANCHES, ...segments);

export function listBranches(slug: string): Promise<{ items: Branch[] }> {
  return api(at(slug, 'branches'));
}

export function getBranch(slug: string, id: string): Promise<Branch> {
  return api(at(slug, 'branches', id));
}

export function createBranch(slug: string, body: NewBranch): Promise<Branch> {
  return api(at(slug, 'branches'), { body });
}

/** Every branch's headcount, coverage, this month's cost and open tasks (for the chart). */
export function branchSummaries(slug: string): Promise<{ items: BranchSummary[] }> {
  return api(at(slug, 'branches', 'summary'));
}

export function branchSummary(slug: string, id: string): Promise<BranchSummary> {
  return api(at(slug, 'branches', id, 'summary'));
}

export function branchEmployees(slug: string, id: string): Promise<{ items: BranchEmployee[] }> {
  return api(at(slug, 'branches', id, 'employees'));
}

/** Moves employees to a branch; a branch in another city starts a transfer for that employee. */
export function assignInBulk(slug: string, body: { employeeIds: string[]; branchId: string; effectiveDate?: string }): Promise<{ results: AssignmentResult[]; counts: Record<AssignmentStatus, number> }> {
  return api(at(slug, 'assignments', 'bulk'), { body });
}
