import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { errors, NotificationSchema, SmsSchema, UuidParam } from './people.schemas';

type Env = { Variables: TenantVariables };

// Everyone reads their own inbox (rows are filtered by recipient); employees get notices too.
const inboxRoles = () => requireRole('tenant_admin', 'hr', 'employee', 'consultant');

const inbox = createRoute({
  method: 'get', path: '/notifications', tags: ['notifications'], summary: 'The caller\'s in-app inbox in this tenant, newest first', middleware: [inboxRoles()] as const,
  request: { query: z.object({ unread: z.enum(['true', 'false']).optional() }) },
  responses: { 200: { description: 'Inbox', content: { 'application/json': { schema: z.object({ items: z.array(NotificationSchema), unread: z.number().int() }) } } }, 400: errors[400], 403: errors[403] },
});

const markRead = createRoute({
  method: 'post', path: '/notifications/{id}/read', tags: ['notifications'], summary: 'Mark one of the caller\'s notifications read', middleware: [inboxRoles()] as const,
  request: { params: UuidParam },
  responses: { 204: { description: 'Read' }, 403: errors[403], 404: errors[404] },
});

const smsOutbox = createRoute({
  method: 'get', path: '/sms-outbox', tags: ['notifications'], summary: 'SMS written by the outbox provider (nothing is really sent; tenant admins)',
  middleware: [requireRole('tenant_admin')] as const,
  responses: { 200: { description: 'Messages, newest first', content: { 'application/json': { schema: z.object({ items: z.array(SmsSchema) }) } } }, 403: errors[403] },
});

function tenantOf(c: Context<Env>) {
  const t = c.get('tenant');
  return { id: t.tenantId, slug: t.slug };
}

/** Routes under /api/t/{tenant}/: the in-app inbox and the SMS outbox. */
export function notificationRoutes(deps: Pick<AppDeps, 'people'>) {
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  app.openapi(inbox, async (c) =>
    c.json(await deps.people.listNotifications(tenantOf(c), c.get('user')!.id, { unreadOnly: c.req.valid('query').unread === 'true' }), 200),
  );
  app.openapi(markRead, async (c) => {
    await deps.people.markRead(tenantOf(c), c.get('user')!.id, c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(smsOutbox, async (c) => c.json({ items: await deps.people.listSmsOutbox(tenantOf(c)) }, 200));
  return app;
}
