import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Database, TenantRole } from '@lianxu/db';
import { InvitationError } from './auth.errors';
import { hashPassword, verifyPassword } from './password';
import { recordPlatformAudit } from './platform-audit';
import { hashSecret } from './session-token';

/** An invitation link works for a week, once. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 3600_000;
export const TENANT_ROLES: readonly TenantRole[] = ['tenant_admin', 'hr', 'employee'];

/** 32 random bytes, base32: 52 characters of [a-z2-7]. */
const TOKEN_PATTERN = /^[a-z2-7]{52}$/;

/** Who made a change, as platform_audit records it. */
export interface InvitationActor {
  id: string | null;
  label: string;
}

export interface InvitationView {
  id: string;
  email: string;
  role: TenantRole;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: TenantRole;
  since: Date;
}

export interface InvitationPreview {
  tenantName: string;
  tenantSlug: string;
  email: string;
  role: TenantRole;
  hasAccount: boolean;
  expiresAt: Date;
}

type Now = () => Date;
const systemNow: Now = () => new Date();

function tokenHash(token: string): Buffer | undefined {
  return TOKEN_PATTERN.test(token) ? Buffer.from(hashSecret(token)) : undefined;
}

/**
 * Invites `email` to the tenant with `role`. Returns the one-time token (the link is
 * `${origin}/invite/${token}`); only its SHA-256 is stored. A newer invitation for the same
 * e-mail replaces a pending one, so only the latest link works.
 */
export async function createInvitation(
  db: Kysely<Database>,
  input: { tenantId: string; email: string; role: TenantRole; actor: InvitationActor },
  now: Now = systemNow,
): Promise<{ invitation: InvitationView; token: string }> {
  const email = input.email.trim().toLowerCase();
  const member = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .where('memberships.tenant_id', '=', input.tenantId)
    .where('users.email', '=', email)
    .executeTakeFirst();
  if (member) throw new InvitationError('already_member');

  const token = encodeBase32LowerCaseNoPadding(randomBytes(32));
  const at = now();
  return db.transaction().execute(async (trx) => {
    const replaced = await trx
      .updateTable('invitations')
      .set({ revoked_at: at })
      .where('tenant_id', '=', input.tenantId)
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    const row = await trx
      .insertInto('invitations')
      .values({
        tenant_id: input.tenantId,
        email,
        role: input.role,
        token_hash: tokenHash(token)!,
        invited_by: input.actor.id,
        created_at: at,
        expires_at: new Date(at.getTime() + INVITATION_LIFETIME_MS),
      })
      .returning(['id', 'email', 'role', 'created_at', 'expires_at'])
      .executeTakeFirstOrThrow();
    await recordPlatformAudit(trx, {
      actorId: input.actor.id,
      actor: input.actor.label,
      action: 'invitation.created',
      tenantId: input.tenantId,
      details: { invitationId: row.id, email, role: input.role, replaced: replaced.map((r) => r.id) },
    });
    return {
      token,
      invitation: { id: row.id, email: row.email, role: row.role, invitedBy: input.actor.label, createdAt: row.created_at, expiresAt: row.expires_at },
    };
  });
}

/** What the invitation page shows before accepting; undefined for unknown, expired, revoked or used links. */
export async function previewInvitation(db: Kysely<Database>, token: string, now: Now = systemNow): Promise<InvitationPreview | undefined> {
  const hash = tokenHash(token);
  if (!hash) return undefined;
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('tenants as t', 't.id', 'i.tenant_id')
    .leftJoin('users as u', 'u.email', 'i.email')
    .select(['t.name as tenantName', 't.slug as tenantSlug', 'i.email', 'i.role', 'i.expires_at', 'u.id as userId'])
    .where('i.token_hash', '=', hash)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', now())
    .executeTakeFirst();
  if (!row) return undefined;
  return { tenantName: row.tenantName, tenantSlug: row.tenantSlug, email: row.email, role: row.role, hasAccount: row.userId !== null, expiresAt: row.expires_at };
}

/**
 * Accepts an invitation once: creates the user (name and password required) or, when the e-mail
 * already has an account, adds the membership after checking that account's password.
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  token: string,
  input: { name?: string; password: string },
  now: Now = systemNow,
): Promise<{ userId: string; email: string; tenantId: string; tenantSlug: string; role: TenantRole; created: boolean }> {
  const preview = await previewInvitation(db, token, now);
  if (!preview) throw new InvitationError('invitation_invalid');
  const existing = await db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', preview.email).executeTakeFirst();
  let newPasswordHash: string | undefined;
  if (existing) {
    if (!existing.password_hash || !(await verifyPassword(existing.password_hash, input.password))) throw new InvitationError('wrong_password');
  } else {
    newPasswordHash = await hashPassword(input.password);
  }
  const hash = tokenHash(token)!;
  return db.transaction().execute(async (trx) => {
    // Claiming the row is the single-use check: a second accept (even a concurrent one) finds nothing.
    const claimed = await trx
      .updateTable('invitations')
      .set({ accepted_at: now() })
      .where('token_hash', '=', hash)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now())
      .returning(['id', 'tenant_id', 'email', 'role'])
      .executeTakeFirst();
    if (!claimed) throw new InvitationError('invitation_invalid');
    let userId = existing?.id;
    if (!userId) {
      const inserted = await trx
        .insertInto('users')
        .values({ email: claimed.email, name: (input.name ?? '').trim() || claimed.email, password_hash: newPasswordHash!, platform_role: null })
        .onConflict((oc) => oc.column('email').doNothing())
        .returning('id')
        .executeTakeFirst();
      // Someone created the account meanwhile: accept only with that account's password.
      if (!inserted) throw new InvitationError('wrong_password');
      userId = inserted.id;
    }
    const membership = await trx
      .insertInto('memberships')
      .values({ user_id: userId, tenant_id: claimed.tenant_id, role: claimed.role })
      .onConflict((oc) => oc.columns(['user_id', 'tenant_id']).doNothing())
      .returning('role')
      .executeTakeFirst();
    if (!membership) throw new InvitationError('already_member');
    await trx.updateTable('invitations').set({ accepted_by: userId }).where('id', '=', claimed.id).execute();
    await recordPlatformAudit(trx, {
      actorId: userId,
      actor: claimed.email,
      action: 'invitation.accepted',
      tenantId: claimed.tenant_id,
      details: { invitationId: claimed.id, role: claimed.role, userCreated: !existing },
    });
    return { userId, email: claimed.email, tenantId: claimed.tenant_id, tenantSlug: preview.tenantSlug, role: claimed.role, created: !existing };
  });
}

/** Revokes a pending invitation of this tenant; false when there is none with this id. */
export async function revokeInvitation(db: Kysely<Database>, input: { tenantId: string; id: string; actor: InvitationActor }, now: Now = systemNow): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('invitations')
      .set({ revoked_at: now() })
      .where('id', '=', input.id)
      .where('tenant_id', '=', input.tenantId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returning(['id', 'email', 'role'])
      .executeTakeFirst();
    if (!row) return false;
    await recordPlatformAudit(trx, {
      actorId: input.actor.id,
      actor: input.actor.label,
      action: 'invitation.revoked',
      tenantId: input.tenantId,
      details: { invitationId: row.id, email: row.email, role: row.role },
    });
    return true;
  });
}

/** Invitations not yet accepted, revoked or expired, newest first. */
export async function pendingInvitations(db: Kysely<Database>, tenantId: string, now: Now = systemNow): Promise<InvitationView[]> {
  const rows = await db
    .selectFrom('invitations as i')
    .leftJoin('users as u', 'u.id', 'i.invited_by')
    .select(['i.id', 'i.email', 'i.role', 'u.email as invitedBy', 'i.created_at', 'i.expires_at'])
    .where('i.tenant_id', '=', tenantId)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', now())
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id')
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, invitedBy: r.invitedBy, createdAt: r.created_at, expiresAt: r.expires_at }));
}

/** The tenant's users with their roles, by e-mail. */
export async function listMembers(db: Kysely<Database>, tenantId: string): Promise<MemberView[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as userId', 'u.email', 'u.name', 'm.role', 'm.created_at as since'])
    .where('m.tenant_id', '=', tenantId)
    .orderBy('u.email')
    .execute();
  return rows;
}

/**
 * Locks the member's membership and returns its role (not_found when there is none). When the
 * change leaves them without the tenant admin role (`to` is their new role, or null when they are
 * removed), locks the tenant's admin memberships too and refuses with last_admin when they are the
 * only one: a tenant keeps at least one tenant admin.
 */
async function lockMember(trx: Kysely<Database>, tenantId: string, userId: string, to: TenantRole | null): Promise<TenantRole> {
  const current = await trx
    .selectFrom('memberships')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  if (!current) throw new InvitationError('not_found');
  if (current.role !== 'tenant_admin' || to === 'tenant_admin') return current.role;
  const admins = await trx
    .selectFrom('memberships')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'tenant_admin')
    .forUpdate()
    .execute();
  if (admins.length === 1 && admins[0]!.user_id === userId) throw new InvitationError('last_admin');
  return current.role;
}

/** Changes a member's role; a tenant keeps at least one tenant admin. */
export async function changeMemberRole(
  db: Kysely<Database>,
  input: { tenantId: string; userId: string; role: TenantRole; actor: InvitationActor },
): Promise<MemberView> {
  return db.transaction().execute(async (trx) => {
    const role = await lockMember(trx, input.tenantId, input.userId, input.role);
    if (role !== input.role) {
      await trx.updateTable('memberships').set({ role: input.role }).where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId).execute();
      await recordPlatformAudit(trx, {
        actorId: input.actor.id,
        actor: input.actor.label,
        action: 'membership.role_changed',
        tenantId: input.tenantId,
        details: { userId: input.userId, from: role, to: input.role },
      });
    }
    return (await memberOf(trx, input.tenantId, input.userId))!;
  });
}

/** Removes a member from the tenant (the user account stays); never the last tenant admin, never the actor themself. */
export async function removeMember(db: Kysely<Database>, input: { tenantId: string; userId: string; actor: InvitationActor }): Promise<void> {
  if (input.actor.id !== null && input.actor.id === input.userId) throw new InvitationError('self_removal');
  await db.transaction().execute(async (trx) => {
    const role = await lockMember(trx, input.tenantId, input.userId, null);
    await trx.deleteFrom('memberships').where('tenant_id', '=', input.tenantId).where('user_id', '=', input.userId).execute();
    await recordPlatformAudit(trx, {
      actorId: input.actor.id,
      actor: input.actor.label,
      action: 'membership.removed',
      tenantId: input.tenantId,
      details: { userId: input.userId, role },
    });
  });
}

async function memberOf(db: Kysely<Database>, tenantId: string, userId: string): Promise<MemberView | undefined> {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as userId', 'u.email', 'u.name', 'm.role', 'm.created_at as since'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
}
