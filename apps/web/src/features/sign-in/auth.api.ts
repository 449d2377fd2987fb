import { api, path } from '../../api';
import type { Role } from '../tenant/tenants.api';

export type User = { id: string; email: string; name: string };

export type Me = {
  user: User & { twoFactorEnabled: boolean; platformRole?: 'consultant' | 'platform_admin' | null };
  memberships: { tenantId: string; slug: string; name: string; role: Role }[];
  grants: { tenantId: string; slug: string; name: string }[];
};

export type SessionInfo = { id: string; createdAt: string; lastUsedAt: string; current: boolean };

export type TwoFactorSetup = { secret: string; otpauthUri: string };

/** 401 without a session. */
export function getMe(): Promise<Me> {
  return api('/api/me');
}

/** Sets the session cookie; when twoFactorRequired the session is usable only after twoFactor(). */
export function signIn(email: string, password: string): Promise<{ user: User; twoFactorRequired: boolean }> {
  return api('/api/auth/sign-in', { body: { email, password } });
}

export function twoFactor(code: string): Promise<{ user: User }> {
  return api('/api/auth/two-factor', { body: { code } });
}

export function signOut(): Promise<unknown> {
  return api('/api/auth/sign-out', { method: 'POST' });
}

export function signOutEverywhere(): Promise<unknown> {
  return api('/api/auth/sign-out-everywhere', { method: 'POST' });
}

export function listSessions(): Promise<{ items: SessionInfo[] }> {
  return api('/api/auth/sessions');
}

export function endSession(id: string): Promise<unknown> {
  return api(path('/api/auth/sessions', id), { method: 'DELETE' });
}

export function setUpTwoFactor(): Promise<TwoFactorSetup> {
  return api('/api/auth/two-factor/setup', { method: 'POST' });
}

export function confirmTwoFactor(code: string): Promise<{ recoveryCodes: string[] }> {
  return api('/api/auth/two-factor/confirm', { body: { code } });
}
