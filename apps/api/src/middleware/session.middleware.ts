import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { parse as parseCookie } from 'hono/utils/cookie';
import { createMiddleware } from 'hono/factory';
import type { AuthService, AuthSession, AuthUser } from '@lianxu/auth';
import { ApiError } from '../errors/api-error';
import { requestHeader } from './node-env';

export const SESSION_COOKIE = 'lianxu_session';

export interface SessionVariables {
  session: AuthSession | null;
  user: AuthUser | null;
}

function isLocal(c: Context): boolean {
  const host = new URL(c.req.url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: !isLocal(c), path: '/', expires: expiresAt });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: !isLocal(c) });
}

export function sessionToken(c: Context): string | undefined {
  const header = requestHeader(c, 'cookie');
  return header ? parseCookie(header, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
}

/**
 * Reads the session cookie (one query) and sets `session` and `user`, or null for both. Paths for
 * which `deferTo` answers true are left to a later middleware that checks the session together
 * with more (the tenant middleware does it in the same query).
 */
export function sessionMiddleware({ auth, deferTo = () => false }: { auth: AuthService; deferTo?: (path: string) => boolean }) {
  return createMiddleware<{ Variables: SessionVariables }>(async function session(c, next) {
    if (deferTo(c.req.path)) return next();
    const token = sessionToken(c);
    const found = token ? await auth.validateSessionToken(token) : null;
    if (token && !found) clearSessionCookie(c);
    c.set('session', found?.session ?? null);
    c.set('user', found?.user ?? null);
    await next();
  });
}

export const UNAUTHENTICATED = () => new ApiError(401, 'unauthenticated', { 'zh-CN': '请先登录', en: 'Please sign in' });

/** Routes behind it need a signed-in user whose second factor (if enabled) is done. */
export function requireSession() {
  return createMiddleware<{ Variables: SessionVariables }>(async function requireSessionMiddleware(c, next) {
    const session = c.get('session');
    if (!session) throw UNAUTHENTICATED();
    if (!session.twoFactorVerified) {
      throw new ApiError(401, 'two_factor_required', { 'zh-CN': '请完成两步验证', en: 'Enter your second-factor code first' });
    }
    await next();
  });
}
