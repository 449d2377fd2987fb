import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuthService } from '@lianxu/auth';
import { recordPlatformAudit } from '@lianxu/auth';
import type { AppDeps } from '../app.deps';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { clientAddress, proxyHopsOf } from '../middleware/client-address';
import { clearSessionCookie, requireSession, setSessionCookie, UNAUTHENTICATED, type SessionVariables } from '../middleware/session.middleware';

const User = z.object({ id: z.string(), email: z.string(), name: z.string(), twoFactorEnabled: z.boolean() }).openapi('User');
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const INVALID = () =>
  new ApiError(401, 'invalid_credentials', { 'zh-CN': '邮箱或密码不正确', en: 'Email or password is incorrect' });
const RATE_LIMITED = (retryAfterSeconds: number) =>
  new ApiError(429, 'too_many_attempts', { 'zh-CN': '登录失败次数过多，请 15 分钟后再试', en: 'Too many failed sign-ins; try again in 15 minutes' }).retryAfter(retryAfterSeconds);
const TOO_MANY_CODES = (retryAfterSeconds: number) =>
  new ApiError(429, 'too_many_attempts', { 'zh-CN': '验证码错误次数过多，请 15 分钟后再试', en: 'Too many wrong codes; try again in 15 minutes' }).retryAfter(retryAfterSeconds);
const WRONG_CODE = () => new ApiError(401, 'invalid_code', { 'zh-CN': '验证码不正确', en: 'The code is not correct' }, { code: { 'zh-CN': '验证码不正确', en: 'The code is not correct' } });

const publicUser = (u: { id: string; email: string; name: string; twoFactorEnabled: boolean }) => ({ id: u.id, email: u.email, name: u.name, twoFactorEnabled: u.twoFactorEnabled });

const signIn = createRoute({
  method: 'post', path: '/auth/sign-in', tags: ['auth'], summary: 'Sign in with email and password',
  request: body(z.strictObject({ email: z.string().trim().min(3).max(254).email(), password: z.string().min(1).max(1000) })),
  responses: {
    200: { description: 'Signed in; the session cookie is set', ...json(z.object({ user: User, twoFactorRequired: z.boolean() })) },
    401: { description: 'Wrong email or password (the same answer for both)' },
    429: { description: 'Too many failed attempts; Retry-After says when to try again' },
  },
});
const twoFactor = createRoute({
  method: 'post', path: '/auth/two-factor', tags: ['auth'], summary: 'Second sign-in step: a TOTP or recovery code',
  request: body(z.strictObject({ code: z.string().trim().min(6).max(20) })),
  responses: { 200: { description: 'Second factor accepted', ...json(z.object({ user: User })) }, 401: { description: 'Wrong code' }, 429: { description: 'Too many wrong codes; Retry-After says when to try again' } },
});
const signOut = createRoute({ method: 'post', path: '/auth/sign-out', tags: ['auth'], summary: 'End this session', responses: { 204: { description: 'Signed out' } } });
const signOutEverywhere = createRoute({ method: 'post', path: '/auth/sign-out-everywhere', tags: ['auth'], summary: 'End all of the user\'s sessions', responses: { 204: { description: 'All sessions ended' } } });
const sessions = createRoute({
  method: 'get', path: '/auth/sessions', tags: ['auth'], summary: 'The user\'s sessions',
  responses: { 200: { description: 'Sessions', ...json(z.object({ items: z.array(z.object({ id: z.string(), createdAt: z.string(), lastUsedAt: z.string(), userAgent: z.string().nullable(), current: z.boolean() })), nextCursor: z.null() })) } },
});
const endSession = createRoute({
  method: 'delete', path: '/auth/sessions/{id}', tags: ['auth'], summary: 'End one of the user\'s sessions',
  request: { params: z.object({ id: z.string().regex(/^[a-z2-7]{24}$/) }) },
  responses: { 204: { description: 'Ended' }, 404: { description: 'No such session of this user' } },
});
const setup = createRoute({
  method: 'post', path: '/auth/two-factor/setup', tags: ['auth'], summary: 'Start enabling TOTP: a new secret to confirm',
  responses: { 200: { description: 'Secret and otpauth URI', ...json(z.object({ secret: z.string(), otpauthUri: z.string() })) } },
});
const confirm = createRoute({
  method: 'post', path: '/auth/two-factor/confirm', tags: ['auth'], summary: 'Enable TOTP with one code from the new secret',
  request: body(z.object({ code: z.string().trim().regex(/^[0-9]{6}$/) })),
  responses: { 200: { description: 'Enabled; recovery codes shown once', ...json(z.object({ recoveryCodes: z.array(z.string()) })) }, 400: { description: 'Wrong code' } },
});

export function authRoutes(deps: AppDeps & { auth: AuthService }) {
  const { auth } = deps;
  const app = new OpenAPIHono<{ Variables: SessionVariables }>({ defaultHook: validationHook });

  app.openapi(signIn, async (c) => {
    const { email, password } = c.req.valid('json');
    const result = await auth.signIn({ email, password, address: clientAddress(c, proxyHopsOf(deps)), userAgent: c.req.header('user-agent') ?? null });
    if (!result.ok) throw result.reason === 'rate_limited' ? RATE_LIMITED(result.retryAfterSeconds) : INVALID();
    setSessionCookie(c, result.token, result.session.expiresAt);
    await recordPlatformAudit(deps.db, { actorId: result.user.id, actor: result.user.email, action: 'session.created', details: { sessionId: result.session.id, twoFactorRequired: result.twoFactorRequired } });
    return c.json({ user: publicUser(result.user), twoFactorRequired: result.twoFactorRequired }, 200);
  });

  app.openapi(twoFactor, async (c) => {
    const session = c.get('session');
    const user = c.get('user');
    if (!session || !user) throw UNAUTHENTICATED();
    const { code } = c.req.valid('json');
    const verdict = await auth.verifySecondFactor(session, code);
    if (!verdict.ok) throw verdict.reason === 'rate_limited' ? TOO_MANY_CODES(verdict.retryAfterSeconds) : WRONG_CODE();
    return c.json({ user: publicUser(user) }, 200);
  });

  app.openapi(signOut, async (c) => {
    const session = c.get('session');
    if (session) await auth.signOut(session.id);
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  app.use('/auth/sign-out-everywhere', requireSession());
  app.openapi(signOutEverywhere, async (c) => {
    await auth.signOutEverywhere(c.get('user')!.id);
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  app.use('/auth/sessions', requireSession());
  app.use('/auth/sessions/*', requireSession());
  app.openapi(sessions, async (c) => {
    const current = c.get('session')!;
    const rows = await auth.listSessions(current.userId);
    return c.json({
      items: rows.map((r) => ({ id: r.id, createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at.toISOString(), userAgent: r.user_agent, current: r.id === current.id })),
      nextCursor: null,
    }, 200);
  });
  app.openapi(endSession, async (c) => {
    if (!(await auth.endSession(c.get('user')!.id, c.req.valid('param').id))) throw ApiError.of(404, 'not_found');
    return c.body(null, 204);
  });

  app.use('/auth/two-factor/*', requireSession());
  app.openapi(setup, async (c) => c.json(await auth.beginTotpSetup(c.get('user')!), 200));
  app.openapi(confirm, async (c) => {
    const codes = await auth.confirmTotpSetup(c.get('session')!, c.req.valid('json').code);
    if (!codes) throw new ApiError(400, 'invalid_code', { 'zh-CN': '验证码不正确', en: 'The code is not correct' }, { code: { 'zh-CN': '验证码不正确', en: 'The code is not correct' } });
    const user = c.get('user')!;
    await recordPlatformAudit(deps.db, { actorId: user.id, actor: user.email, action: 'two_factor.enabled' });
    return c.json({ recoveryCodes: codes }, 200);
  });
  return app;
}
