import type { Kysely } from 'kysely';
import type { Database, TenantRole } from '@lianxu/db';

export interface TenantMember {
  userId: string;
  email: string;
  name: string;
  mobile: string | null;
  role: TenantRole;
}

/** The tenant's members holding any of `roles`: whom a notice for HR or the admins goes to. */
export async function tenantMembers(db: Kysely<Database>, tenantId: string, roles: TenantRole[]): Promise<TenantMember[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as userId', 'users.email', 'users.name', 'users.mobile', 'memberships.role'])
    .where('memberships.tenant_id', '=', tenantId)
    .where('memberships.role', 'in', roles)
    .orderBy('users.email')
    .execute();
  return rows;
}

/** Sets a staff member's mobile (for SMS notices); null removes it. */
export async function setUserMobile(db: Kysely<Database>, userId: string, mobile: string | null): Promise<void> {
  await db.updateTable('users').set({ mobile }).where('id', '=', userId).execute();
}
