import { request, type ResponseOf, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts).

export type User = Schema<'User'>;
export type Me = ResponseOf<'/api/me', 'get'>;
export type SessionInfo = ResponseOf<'/api/auth/sessions', 'get'>['items'][number];
export type TwoFactorSetup = ResponseOf<'/api/auth/two-factor/setup', 'post'>;

/** 401 without a session. */
export function getMe() {
  return request('get', '/api/me', {});
}

/** Sets the session cookie; when twoFactorRequired the session is usable only after twoFactor(). */
export function signIn(email: string, password: string) {
  return request('post', '/api/auth/sign-in', { body: { email, password } });
}

export function twoFactor(code: string) {
  return request('post', '/api/auth/two-factor', { body: { code } });
}

export function signOut() {
  return request('post', '/api/auth/sign-out', {});
}

export function signOutEverywhere() {
  return request('post', '/api/auth/sign-out-everywhere', {});
}

export function listSessions() {
  return request('get', '/api/auth/sessions', {});
}

export function endSession(id: string) {
  return request('delete', '/api/auth/sessions/{id}', { params: { id } });
}

export function setUpTwoFactor() {
  return request('post', '/api/auth/two-factor/setup', {});
}

export function confirmTwoFactor(code: string) {
  return request('post', '/api/auth/two-factor/confirm', { body: { code } });
}
