import { createMiddleware } from 'hono/factory';
import { recordPlatformAudit, type AuthService, type TenantAccess } from '@lianxu/auth';
import type { Kysely } from 'kysely';
import type { Database, TenantRole } from '@lianxu/db';
import { ApiError } from '../errors/api-error';
import { ERROR_MESSAGES } from '../errors/messages';
import { clearSessionCookie, sessionToken, type SessionVariables } from './session.middleware';
import { bearerToken, type ApiKeyGate } from './api-key.middleware';

export type Role = TenantRole | 'consultant';

export interface TenantVariables extends SessionVariables {
  tenantId: string;
  tenant: TenantAccess;
  /** Set when the caller is a tenant API key (then `user` stands for the key: its id is the audit trail's actor). */
  apiKey?: { id: string; prefix: string; name: string };
}

/** Everything under /api/t/{tenant}/ answers 404, as if the tenant did not exist, to anyone without access. */
// Same answer whether the company does not exist or the user may not see it (no probing for slugs),
// worded so a person without access knows it may be a permission matter.
export const TENANT_NOT_FOUND = () => new ApiError(404, 'not_found', ERROR_MESSAGES.tenant_not_accessible);

export function tenantAccess({ auth, db, apiKeys }: { auth: AuthService; db: Kysely<Database>; apiKeys?: ApiKeyGate }) {
  return createMiddleware<{ Variables: TenantVariables }>(async function tenantAccessMiddleware(c, next) {
    const slug = c.req.param('tenant');
    const bearer = apiKeys ? bearerToken(c) : undefined;
    if (bearer !== undefined && apiKeys) {
      // A tenant API key: checked (tenant, scope, rate) before any route; it acts as HR would on
      // the routes its scopes open, and is the actor of what it writes.
      const key = await apiKeys(c, bearer, slug ?? '', TENANT_NOT_FOUND);
      c.set('session', null);
      c.set('user', { id: key.keyId, email: key.prefix, name: key.name, platformRole: null, twoFactorEnabled: false });
      c.set('apiKey', { id: key.keyId, prefix: key.prefix, name: key.name });
      c.set('tenant', { tenantId: key.tenantId, slug: key.slug, name: key.tenantName, industry: key.industry, role: 'hr', grantId: null });
      c.set('tenantId', key.tenantId);
      return next();
    }
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
    // An API key reached this route through its scope (checked in tenantAccess); roles are for people.
    if (c.get('apiKey')) return next();
    if (!roles.includes(c.get('tenant').role)) {
      throw new ApiError(403, 'forbidden_role', { 'zh-CN': '您的角色无权执行此操作', en: 'Your role does not allow this' });
    }
    await next();
  });
}
