import { api, path } from '../../api';
import type { Role } from '../tenant/tenants.api';

// Types mirror apps/api/src/routes/members.routes.ts.

export type TenantRole = Exclude<Role, 'consultant'>;
export const TENANT_ROLES: readonly TenantRole[] = ['tenant_admin', 'hr', 'employee'];

export type Member = { userId: string; email: string; name: string; role: TenantRole; since: string };
export type Invitation = { id: string; email: string; role: TenantRole; invitedBy: string | null; createdAt: string; expiresAt: string };
export type CreatedInvitation = { invitation: Invitation; emailed: boolean; link: string | null };
export type InvitationPreview = { tenantName: string; tenantSlug: string; email: string; role: TenantRole; hasAccount: boolean; expiresAt: string };
export type Accepted = { tenantSlug: string; role: TenantRole; email: string; signedIn: boolean; twoFactorRequired: boolean };

export const listMembers = (slug: string): Promise<{ items: Member[] }> => api(path('/api/t', slug, 'members'));
export const changeRole = (slug: string, userId: string, role: TenantRole): Promise<Member> =>
  api(path('/api/t', slug, 'members', userId), { method: 'PATCH', body: { role } });
export const removeMember = (slug: string, userId: string): Promise<unknown> => api(path('/api/t', slug, 'members', userId), { method: 'DELETE' });
export const listInvitations = (slug: string): Promise<{ items: Invitation[] }> => api(path('/api/t', slug, 'invitations'));
/** The link comes back only when it was not e-mailed (no SMTP): show it once. */
export const inviteMember = (slug: string, email: string, role: TenantRole): Promise<CreatedInvitation> =>
  api(path('/api/t', slug, 'invitations'), { method: 'POST', body: { email, role } });
export const revokeInvitation = (slug: string, id: string): Promise<unknown> => api(path('/api/t', slug, 'invitations', id), { method: 'DELETE' });
export const previewInvitation = (token: string): Promise<InvitationPreview> => api(path('/api/invitations', token));
export const acceptInvitation = (token: string, input: { name?: string; password: string }): Promise<Accepted> =>
  api('/api/invitations/accept', { method: 'POST', body: { token, ...input } });
