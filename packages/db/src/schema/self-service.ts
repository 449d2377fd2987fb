import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted } from './columns';

// Employee self-service and coverage statements (0013, 0014).

/** A user who signs in as an employee of the tenant, linked to their employee record by HR. */
export interface EmployeeUserLinksTable {
  tenant_id: string;
  user_id: string;
  employee_id: string;
  linked_by: string | null;
  created_at: CreatedAt;
}

/** A request an employee sends HR: a leave date to plan, or a correction of their record. */
export interface EmployeeRequestsTable {
  tenant_id: string;
  id: Generated<string>;
  employee_id: string;
  kind: 'leave' | 'correction';
  leave_date: string | null;
  message: string;
  status: Defaulted<'open' | 'done'>;
  created_by: string;
  created_at: CreatedAt;
  closed_at: Date | null;
}

/** An issued 参保情况说明; the verification code is kept only as its SHA-256. */
export interface CoverageStatementsTable {
  tenant_id: string;
  id: Generated<string>;
  employee_id: string;
  code_hash: Buffer;
  issued_at: ColumnType<Date, Date | undefined, never>;
  issued_by: string | null;
  language: 'zh-CN' | 'en';
  months_counted: number;
  document_sha256: Buffer;
}

/** Platform table for the public check: a code's hash and its issue date, nothing else. */
export interface StatementVerificationsTable {
  code_hash: Buffer;
  /** YYYY-MM-DD (Asia/Shanghai). */
  issued_on: string;
}
