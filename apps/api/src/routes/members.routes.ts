import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { text } from '@lianxu/plugin-sdk';
import {
  createAttemptLimiter,
  INVITATION_ACCEPT_LIMIT,
  acceptInvitation,
  changeMemberRole,
  createInvitation,
  InvitationError,
  listMembers,
  pendingInvitations,
  previewInvitation,
  removeMember,
  revokeInvitation,
  TENANT_ROLES,
  type InvitationView,
  type MemberView,
} from '@lianxu/auth';
import { smtpProviderFromEnv, type EmailProvider } from '@lianxu/core';
import type { TenantRole } from '@lianxu/db';
import type { AppDeps } from '../app.deps';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { setSessionCookie, type SessionVariables } from '../middleware/session.middleware';
import { clientAddress, proxyHopsOf } from '../middleware/client-address';
import { errors, UuidParam } from './people.schemas';

/** Members and invitations need the e-mail provider only; tests pass their own. */
export type MemberDeps = AppDeps & { email?: EmailProvider; now?: () => Date };

const Role = z.enum(TENANT_ROLES as [TenantRole, ...TenantRole[]]);
const Member = z
  .object({ userId: z.string(), email: z.string(), name: z.string(), role: Role, since: z.string() })
  .openapi('Member');
const Invitation = z
  .object({ id: z.string(), email: z.string(), role: Role, invitedBy: z.string().nullable(), createdAt: z.string(), expiresAt: z.string() })
  .openapi('Invitation');
const CreatedInvitation = z
  .object({
    invitation: Invitation,
    emailed: z.boolean().openapi({ description: 'true when the link went by e-mail (SMTP configured)' }),
    link: z.string().nullable().openapi({ description: 'The one-time link, shown once, when it was not e-mailed' }),
  })
  .openapi('CreatedInvitation');
const InvitationPreview = z
  .object({ tenantName: z.string(), tenantSlug: z.string(), email: z.string(), role: Role, hasAccount: z.boolean(), expiresAt: z.string() })
  .openapi('InvitationPreview');

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const UserParam = z.object({ userId: z.string().uuid().openapi({ param: { name: 'userId', in: 'path' } }) });
const TokenParam = z.object({ token: z.string().max(200).openapi({ param: { name: 'token', in: 'path' } }) });
const admins = () => requireRole('tenant_admin');

const listMembersRoute = createRoute({
  method: 'get', path: '/members', tags: ['members'], summary: 'The tenant\'s users and their roles (tenant admin)', middleware: [admins()] as const,
  responses: { 200: { description: 'Members', ...json(z.object({ items: z.array(Member) })) }, 403: errors[403] },
});
const changeRoleRoute = createRoute({
  method: 'patch', path: '/members/{userId}', tags: ['members'], summary: 'Change a member\'s role (tenant admin); the last tenant admin stays one', middleware: [admins()] as const,
  request: { params: UserParam, ...body(z.object({ role: Role }).strict()) },
  responses: { 200: { description: 'The member as now', ...json(Member) }, 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409] },
});
const removeRoute = createRoute({
  method: 'delete', path: '/members/{userId}', tags: ['members'], summary: 'Remove a member from the tenant (the account stays); never the last tenant admin', middleware: [admins()] as const,
  request: { params: UserParam },
  responses: { 204: { description: 'Removed' }, 403: errors[403], 404: errors[404], 409: errors[409] },
});
const listInvitationsRoute = createRoute({
  method: 'get', path: '/invitations', tags: ['members'], summary: 'Pending invitations (tenant admin)', middleware: [admins()] as const,
  responses: { 200: { description: 'Pending invitations', ...json(z.object({ items: z.array(Invitation) })) }, 403: errors[403] },
});
const createInvitationRoute = createRoute({
  method: 'post', path: '/invitations', tags: ['members'], summary: 'Invite someone by e-mail with a one-time link valid 7 days (tenant admin)', middleware: [admins()] as const,
  request: body(z.object({ email: z.string().trim().toLowerCase().min(3).max(254).email(), role: Role }).strict()),
  responses: { 201: { description: 'Invited; the link is e-mailed when SMTP is configured, otherwise answered once', ...json(CreatedInvitation) }, 400: errors[400], 403: errors[403], 409: errors[409] },
});
const revokeInvitationRoute = createRoute({
  method: 'delete', path: '/invitations/{id}', tags: ['members'], summary: 'Revoke a pending invitation (tenant admin)', middleware: [admins()] as const,
  request: { params: UuidParam },
  responses: { 204: { description: 'Revoked' }, 403: errors[403], 404: errors[404] },
});
const previewRoute = createRoute({
  method: 'get', path: '/invitations/{token}', tags: ['members'], summary: 'What an invitation link offers (public); 404 for unknown, expired, revoked or used links',
  request: { params: TokenParam },
  responses: { 200: { description: 'The invitation', ...json(InvitationPreview) }, 404: errors[404] },
});
const acceptRoute = createRoute({
  method: 'post', path: '/invitations/accept', tags: ['members'], summary: 'Accept an invitation (public, once): a new account with name and password, or the existing account\'s password',
  request: body(z.object({ token: z.string().max(200), name: text({ max: 100 }).optional(), password: z.string().min(1).max(1000) }).strict()),
  responses: {
    200: { description: 'Accepted and signed in (or sign-in needed)', ...json(z.object({ tenantSlug: z.string(), role: Role, email: z.string(), signedIn: z.boolean(), twoFactorRequired: z.boolean() })) },
    400: errors[400], 401: errors[400], 404: errors[404], 409: errors[409], 429: errors[400],
  },
});

const NEW_PASSWORD_MIN = 10;
const TOO_MANY = () => new ApiError(429, 'too_many_attempts', { 'zh-CN': '尝试次数过多，请 15 分钟后再试', en: 'Too many attempts; try again in 15 minutes' });


const memberJson = (m: MemberView) => ({ ...m, since: m.since.toISOString() });
const invitationJson = (i: InvitationView) => ({ ...i, createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString() });

/** The origin the link points at: the admin's page when it is one of ours, else the first allowed origin. */
function linkOrigin(c: Context, allowedOrigins: string[]): string {
  const origin = c.req.header('origin');
  if (origin && allowedOrigins.includes(origin)) return origin;
  return allowedOrigins[0] ?? new URL(c.req.url).origin;
}

function invitationEmail(input: { link: string; tenantName: string; role: TenantRole; invitedBy: string }) {
  const roles = { tenant_admin: ['管理员', 'tenant admin'], hr: ['人事', 'HR'], employee: ['员工', 'employee'] } as const;
  const [zhRole, enRole] = roles[input.role];
  return {
    subject: `邀请您加入 ${input.tenantName} / Invitation to ${input.tenantName} on Lianxu`,
    text:
      `${input.invitedBy} 邀请您以「${zhRole}」身份加入连续 Lianxu 上的 ${input.tenantName}。\n` +
      `请在 7 天内打开下面的链接（仅可使用一次）：\n${input.link}\n\n` +
      `${input.invitedBy} invited you to ${input.tenantName} on Lianxu as ${enRole}.\n` +
      `Open this link within 7 days (it works once):\n${input.link}\n`,
  };
}

/** /api/t/{tenant}/members and /invitations: the tenant's users, roles and invitations (tenant admins only). */
export function memberRoutes(deps: MemberDeps) {
  const app = new OpenAPIHono<{ Variables: TenantVariables }>({ defaultHook: validationHook });
  const email = 'email' in deps ? deps.email : smtpProviderFromEnv(process.env);
  const now = deps.now ?? (() => new Date());
  const actor = (c: Context<{ Variables: TenantVariables }>) => {
    const user = c.get('user')!;
    return { id: user.id, label: user.email };
  };

  app.openapi(listMembersRoute, async (c) => c.json({ items: (await listMembers(deps.db, c.get('tenantId'))).map(memberJson) }, 200));

  app.openapi(changeRoleRoute, async (c) => {
    const member = await changeMemberRole(deps.db, { tenantId: c.get('tenantId'), userId: c.req.valid('param').userId, role: c.req.valid('json').role, actor: actor(c) });
    return c.json(memberJson(member), 200);
  });

  app.openapi(removeRoute, async (c) => {
    await removeMember(deps.db, { tenantId: c.get('tenantId'), userId: c.req.valid('param').userId, actor: actor(c) });
    return c.body(null, 204);
  });

  app.openapi(listInvitationsRoute, async (c) => c.json({ items: (await pendingInvitations(deps.db, c.get('tenantId'), now)).map(invitationJson) }, 200));

  app.openapi(createInvitationRoute, async (c) => {
    const input = c.req.valid('json');
    const tenant = c.get('tenant');
    const created = await createInvitation(deps.db, { tenantId: tenant.tenantId, email: input.email, role: input.role, actor: actor(c) }, now);
    const link = `${linkOrigin(c, deps.allowedOrigins)}/invite/${created.token}`;
    let emailed = false;
    if (email) {
      const message = invitationEmail({ link, tenantName: tenant.name, role: input.role, invitedBy: actor(c).label });
      try {
        await email.send(input.email, message.subject, message.text);
        emailed = true;
      } catch (error) {
        // The invitation stands; the admin gets the link to pass on instead.
        deps.logger.warn({ requestId: c.get('requestId' as never), provider: email.name, err: { message: (error as Error).message } }, 'invitation e-mail failed');
      }
    }
    return c.json({ invitation: invitationJson(created.invitation), emailed, link: emailed ? null : link }, 201);
  });

  app.openapi(revokeInvitationRoute, async (c) => {
    if (!(await revokeInvitation(deps.db, { tenantId: c.get('tenantId'), id: c.req.valid('param').id, actor: actor(c) }, now))) throw ApiError.of(404, 'not_found');
    return c.body(null, 204);
  });

  return app;
}

/** /api/invitations/...: the public side of an invitation link. */
export function invitationRoutes(deps: MemberDeps) {
  const app = new OpenAPIHono<{ Variables: SessionVariables }>({ defaultHook: validationHook });
  const now = deps.now ?? (() => new Date());
  // Failed accepts per client address, counted in the database like failed sign-ins (every API process sees them).
  const limiter = createAttemptLimiter(deps.db);

  app.openapi(previewRoute, async (c) => {
    const preview = await previewInvitation(deps.db, c.req.valid('param').token, now);
    if (!preview) throw new InvitationError('invitation_invalid');
    return c.json({ ...preview, expiresAt: preview.expiresAt.toISOString() }, 200);
  });

  app.openapi(acceptRoute, async (c) => {
    const address = clientAddress(c, proxyHopsOf(deps));
    const limits = [{ key: `invitation:${address}`, limit: INVITATION_ACCEPT_LIMIT }];
    const verdict = await limiter.check(limits);
    if (verdict.blocked) throw TOO_MANY().retryAfter(verdict.retryAfterSeconds);
    const input = c.req.valid('json');
    const preview = await previewInvitation(deps.db, input.token, now);
    if (!preview) {
      await limiter.fail([`invitation:${address}`]);
      throw new InvitationError('invitation_invalid');
    }
    // A new account needs a name and a password long enough; an existing one only its own password.
    if (!preview.hasAccount) {
      const fields: Record<string, { 'zh-CN': string; en: string }> = {};
      if (!input.name) fields.name = { 'zh-CN': '请填写姓名', en: 'Enter your name' };
      if (input.password.length < NEW_PASSWORD_MIN) fields.password = { 'zh-CN': `密码至少 ${NEW_PASSWORD_MIN} 个字符`, en: `At least ${NEW_PASSWORD_MIN} characters` };
      if (Object.keys(fields).length) throw ApiError.of(400, 'validation_failed', fields);
    }
    let accepted: Awaited<ReturnType<typeof acceptInvitation>>;
    try {
      accepted = await acceptInvitation(deps.db, input.token, { name: input.name, password: input.password }, now);
    } catch (error) {
      if (error instanceof InvitationError && (error.code === 'wrong_password' || error.code === 'invitation_invalid')) await limiter.fail([`invitation:${address}`]);
      throw error;
    }
    // Sign in with the password just given; if that is refused (rate limit), the page sends to sign-in.
    const signIn = await deps.auth.signIn({ email: accepted.email, password: input.password, address, userAgent: c.req.header('user-agent') ?? null });
    if (signIn.ok) setSessionCookie(c, signIn.token, signIn.session.expiresAt);
    return c.json({ tenantSlug: accepted.tenantSlug, role: accepted.role, email: accepted.email, signedIn: signIn.ok, twoFactorRequired: signIn.ok && signIn.twoFactorRequired }, 200);
  });

  return app;
}
