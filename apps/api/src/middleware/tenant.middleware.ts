import { createMiddleware } from 'hono/factory';
import { recordPlatformAudit, type AuthService, type TenantAccess } from '@lianxu/auth';
import type { Kysely } from 'kysely';
import type { Database, TenantRole } from '@lianxu/db';
import { ApiError } from '../errors/api-error';
import { clearSessionCookie, sessionToken, type SessionVariables } from './session.middleware';

export type Role = TenantRole | 'consultant';

export interface TenantVariables extends SessionVariables {
  tenantId: string;
  tenant: TenantAccess;
}

/** Everything under /api/t/{tenant}/ answers 404, as if the tenant did not exist, to anyone without access. */
export const TENANT_NOT_FOUND = () => ApiError.of(404, 'not_found');

export function tenantAccess({ auth, db }: { auth: AuthService; db: Kysely<Database> }) {
  return createMiddleware<{ Variables: TenantVariables }>(async function tenantAccessMiddleware(c, next) {
    const slug = c.req.param('tenant');
    const token = sessionToken(c);
    const found = token && slug ? await auth.validateSessionForTenant(token, slug) : null;
    if (token && !found) clearSessionCookie(c);
    c.set('session', found?.session ?? null);
    c.set('user', found?.user ?? null);
    if (!found || !found.session.twoFactorVerified || !found.access) throw TENANT_NOT_FOUND();
    const { user, session, access } = found;
    if (access.role === 'consultant') {
      if (!auth.consultantSessionAllowed(user, session)) throw TENANT_NOT_FOUND();
      // Every use of a grant is on record.
      await recordPlatformAudit(db, {
        actorId: user.id,
        actor: user.email,
        action: 'consultant_grant.used',
        tenantId: access.tenantId,
        // The path as sent (still percent-encoded): a decoded NUL cannot be stored in jsonb.
        details: { grantId: access.grantId, method: c.req.method, path: new URL(c.req.url).pathname },
      });
    }
    c.set('tenant', access);
    c.set('tenantId', access.tenantId);
    await next();
  });
}

/** Declares which roles a tenant route admits; others get 403 (they can see the tenant exists). */
export function requireRole(...roles: Role[]) {
  return createMiddleware<{ Variables: TenantVariables }>(async function requireRoleMiddleware(c, next) {
    if (!roles.includes(c.get('tenant').role)) {
      throw new ApiError(403, 'forbidden_role', { 'zh-CN': '您的角色无权执行此操作', en: 'Your role does not allow this' });
    }
    await next();
  });
}
