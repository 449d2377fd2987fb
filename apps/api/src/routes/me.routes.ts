import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuthService } from '@lianxu/auth';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';
import { requireSession, type SessionVariables } from '../middleware/session.middleware';

const TenantRef = z.object({ tenantId: z.string(), slug: z.string(), name: z.string(), industry: z.string() });
const me = createRoute({
  method: 'get', path: '/me', tags: ['auth'], summary: 'The signed-in user, memberships and grants',
  responses: {
    200: {
      description: 'The user',
      content: {
        'application/json': {
          schema: z.object({
            user: z.object({ id: z.string(), email: z.string(), name: z.string(), twoFactorEnabled: z.boolean(), platformRole: z.enum(['consultant', 'platform_admin']).nullable() }),
            memberships: z.array(TenantRef.extend({ role: z.enum(['tenant_admin', 'hr', 'employee']) })),
            grants: z.array(TenantRef.extend({ grantId: z.string() })),
            twoFactorRequiredForTenants: z.boolean(),
          }),
        },
      },
    },
    401: { description: 'Not signed in' },
  },
});

export function meRoutes(deps: AppDeps & { auth: AuthService }) {
  const app = new OpenAPIHono<{ Variables: SessionVariables }>({ defaultHook: validationHook });
  app.use('/me', requireSession());
  return app.openapi(me, async (c) => {
    const user = c.get('user')!;
    const session = c.get('session')!;
    const [memberships, grants] = await Promise.all([deps.auth.memberships(user.id), user.platformRole === 'consultant' ? deps.auth.grants(user.id) : Promise.resolve([])]);
    return c.json({
      user: { id: user.id, email: user.email, name: user.name, twoFactorEnabled: user.twoFactorEnabled, platformRole: user.platformRole },
      memberships,
      grants: grants.map((g) => ({ grantId: g.grantId, tenantId: g.tenantId, slug: g.slug, name: g.name, industry: g.industry })),
      // A consultant must enable a second factor before any granted tenant opens (outside demo mode).
      twoFactorRequiredForTenants: user.platformRole === 'consultant' && !deps.auth.consultantSessionAllowed(user, session),
    }, 200);
  });
}
