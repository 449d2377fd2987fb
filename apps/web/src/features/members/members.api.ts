import { request, type BodyOf, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts).

export type Member = Schema<'Member'>;
export type TenantRole = Member['role'];
export const TENANT_ROLES: readonly TenantRole[] = ['tenant_admin', 'hr', 'employee'];

export type Invitation = Schema<'Invitation'>;
export type CreatedInvitation = Schema<'CreatedInvitation'>;
export type InvitationPreview = Schema<'InvitationPreview'>;
type AcceptBody = BodyOf<'/api/invitations/accept', 'post'>;

const tenant = (slug: string) => ({ tenant: slug });

export const listMembers = (slug: string) => request('get', '/api/t/{tenant}/members', { params: tenant(slug) });
export const changeRole = (slug: string, userId: string, role: TenantRole) =>
  request('patch', '/api/t/{tenant}/members/{userId}', { params: { tenant: slug, userId }, body: { role } });
export const removeMember = (slug: string, userId: string) => request('delete', '/api/t/{tenant}/members/{userId}', { params: { tenant: slug, userId } });
export const listInvitations = (slug: string) => request('get', '/api/t/{tenant}/invitations', { params: tenant(slug) });
/** The link comes back only when it was not e-mailed (no SMTP): show it once. */
export const inviteMember = (slug: string, email: string, role: TenantRole) =>
  request('post', '/api/t/{tenant}/invitations', { params: tenant(slug), body: { email, role } });
export const revokeInvitation = (slug: string, id: string) => request('delete', '/api/t/{tenant}/invitations/{id}', { params: { tenant: slug, id } });
export const previewInvitation = (token: string) => request('get', '/api/invitations/{token}', { params: { token } });
export const acceptInvitation = (token: string, input: Omit<AcceptBody, 'token'>) =>
  request('post', '/api/invitations/accept', { body: { token, ...input } });
