import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database } from '@lianxu/plugin-sdk';

export interface BranchesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  /** GB/T 2260 code of the branch's city: its policy applies to the branch's employees. */
  city_code: string;
  address: string;
  manager_name: string;
  manager_mobile: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** The branch an employee works at now (one per employee). */
export interface BranchAssignmentsTable {
  tenant_id: string;
  employee_id: string;
  branch_id: string;
  since: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface BranchTables {
  branches: BranchesTable;
  branch_assignments: BranchAssignmentsTable;
}
export type BranchesDb = Database & BranchTables;
export type BranchesTrx = Kysely<BranchesDb>;
