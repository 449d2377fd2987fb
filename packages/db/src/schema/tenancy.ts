import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CreatedAt, UpdatedAt } from './columns';

// Tenants, users and sessions, memberships, invitations, audit, policy records (0001-0003, 0007-0009).

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  industry: string;
  config_hash: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type Tenant = Selectable<TenantsTable>;

/** A tenant holding the generated demo history (0024-demo-data): one row, written once. */
export interface DemoDataSeedsTable {
  tenant_id: string;
  seed: string;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  took_ms: ColumnType<number, number | undefined, number>;
  seeded_at: CreatedAt;
}
export type NewTenant = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;

export interface TenantCitiesTable {
  tenant_id: string;
  city_code: string;
  city_name: string;
  /** Leaving on or before this day ends contributions with the previous month. Default 25. */
  cutoff_day: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}
export type TenantCity = Selectable<TenantCitiesTable>;

export type PlatformRole = 'consultant' | 'platform_admin';
export type TenantRole = 'tenant_admin' | 'hr' | 'employee';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  platform_role: PlatformRole | null;
  totp_key: Buffer | null;
  totp_pending_key: Buffer | null;
  totp_last_step: string | null;
  mobile: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}
export type User = Selectable<UsersTable>;

export interface SessionsTable {
  id: string;
  user_id: string;
  secret_hash: Buffer;
  two_factor_verified: Generated<boolean>;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_used_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
  user_agent: string | null;
}
export type SessionRow = Selectable<SessionsTable>;

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: Buffer;
  used_at: Date | null;
}

export interface MembershipsTable {
  user_id: string;
  tenant_id: string;
  role: TenantRole;
  created_at: CreatedAt;
}

/** An invitation to join a tenant; only SHA-256 of its one-time secret is stored. */
export interface InvitationsTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  role: TenantRole;
  token_hash: Buffer;
  invited_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
}
export type InvitationRow = Selectable<InvitationsTable>;

export interface ConsultantGrantsTable {
  id: Generated<string>;
  consultant_id: string;
  tenant_id: string;
  granted_by: string;
  granted_at: CreatedAt;
  revoked_by: string | null;
  revoked_at: Date | null;
}

export interface SignInFailuresTable {
  key: string;
  at: ColumnType<Date, Date | undefined, never>;
}

export interface PlatformAuditTable {
  id: Generated<string>;
  at: CreatedAt;
  actor_id: string | null;
  actor: string;
  action: string;
  tenant_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface AuditLogTable {
  tenant_id: string;
  id: Generated<string>;
  at: CreatedAt;
  actor_id: string | null;
  table_name: string;
  operation: string;
  row_key: ColumnType<Record<string, unknown>, string, never>;
  changed_columns: ColumnType<string[], string[], never>;
  action: string | null;
}

/** A consultant's revision of one city's policy year (platform data, insert-only). */
export interface PolicyRecordsTable {
  /** `${city_code}-${year}-r${revision}`, e.g. '440300-2025-r2' */
  id: string;
  city_code: string;
  year: number;
  revision: number;
  /** The raw record, same shape as packages/policy/data/*.yaml. */
  record: ColumnType<unknown, string, never>;
  /** Source register entries added with this revision. */
  sources: ColumnType<PolicySourceEntry[], string | undefined, never>;
  note: string;
  created_by: string | null;
  created_at: CreatedAt;
}
export interface PolicySourceEntry {
  id: string;
  grade: string | null;
  title: string;
  url: string | null;
}
export type PolicyRecordRow = Selectable<PolicyRecordsTable>;
export type NewPolicyRecordRow = Insertable<PolicyRecordsTable>;
