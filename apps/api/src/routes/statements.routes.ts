import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createPolicyLibraryService, createSelfService, createStatementService, officialPortalFor, PDF_MEDIA_TYPE, type StatementService } from '@lianxu/core';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';
import { clientAddress, proxyHopsOf } from '../middleware/client-address';
import { rateLimit } from '../middleware/rate-limit.middleware';
import { requireRole, type TenantVariables } from '../middleware/tenant.middleware';
import { ErrorSchema, errors, UuidParam } from './people.schemas';

// Coverage statements (参保情况说明, issue #17): HR downloads one per employee as a PDF; anyone can
// check a statement's verification code on the public page, which learns only the issue date and
// whether the code is genuine.

type Env = { Variables: TenantVariables };
type StatementDeps = Pick<AppDeps, 'db' | 'clock' | 'allowedOrigins' | 'trustProxy' | 'trustedProxyHops' | 'statements' | 'statementVerificationsPerMinute'>;

/** The service the routes use: the one given, else one over the app's database and policy library. */
export function statementServiceOf(deps: StatementDeps): StatementService {
  return (
    deps.statements ??
    createStatementService({
      db: deps.db,
      clock: deps.clock,
      policies: createPolicyLibraryService({ db: deps.db }),
      // The page a reader of the PDF opens to check it: the web app's own origin.
      verifyUrl: `${deps.allowedOrigins[0] ?? 'http://localhost:3000'}/verify`,
    })
  );
}

const download = createRoute({
  method: 'get',
  path: '/employees/{id}/statement.pdf',
  tags: ['documents'],
  summary: 'The employee\'s coverage statement (参保情况说明, not an official certificate) as a PDF with a verification code; each download is a new, recorded statement',
  middleware: [requireRole('tenant_admin', 'hr')] as const,
  request: {
    params: UuidParam,
    query: z.object({ lang: z.enum(['zh-CN', 'en']).optional().openapi({ description: 'language of the statement (default zh-CN)' }) }),
  },
  responses: {
    200: { description: 'The statement', content: { [PDF_MEDIA_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
    400: errors[400],
    403: errors[403],
    404: errors[404],
  },
});

// The employee's own statement and their city's portal (the self-service pages): the employee is
// the one linked to the caller, never an id from the request.
const myDownload = createRoute({
  method: 'get',
  path: '/me/statement.pdf',
  tags: ['documents'],
  summary: 'My coverage statement (参保情况说明, not an official certificate) as a PDF with a verification code (employee role, linked record)',
  middleware: [requireRole('employee')] as const,
  request: { query: download.request.query },
  responses: download.responses,
});

export const OfficialPortalSchema = z
  .object({
    cityCode: z.string(),
    cityName: z.string(),
    name: z.string(),
    url: z.string().nullable(),
    sourced: z.boolean().openapi({ description: 'false while the portal is not confirmed against an official page' }),
  })
  .openapi('OfficialPortal');

const myPortal = createRoute({
  method: 'get',
  path: '/me/official-portal',
  tags: ['documents'],
  summary: "Where my work city's official, sealed 参保证明 is issued (employee role, linked record)",
  middleware: [requireRole('employee')] as const,
  responses: { 200: { description: 'The portal', content: { 'application/json': { schema: OfficialPortalSchema } } }, 403: errors[403], 404: errors[404] },
});

export const StatementCheckSchema = z
  .object({
    genuine: z.boolean(),
    issuedOn: z.string().nullable().openapi({ description: 'issue date (YYYY-MM-DD) of a genuine statement, else null' }),
  })
  .openapi('StatementCheck');

const verify = createRoute({
  method: 'post',
  path: '/statements/verify',
  tags: ['documents'],
  summary: 'Check a coverage statement\'s verification code (public): answers only whether it is genuine and its issue date',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ code: z.string().trim().min(1).max(64).openapi({ example: '7KQ2-M9XD-4TBA-R0VE' }) }).strict() } },
    },
  },
  responses: {
    200: { description: 'The same shape for every code: genuine with its issue date, or not genuine', content: { 'application/json': { schema: StatementCheckSchema } } },
    400: errors[400],
    429: { description: 'Too many checks from this address; Retry-After says when to try again', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

/** GET /api/t/{tenant}/employees/{id}/statement.pdf (HR), /me/statement.pdf and /me/official-portal (the employee). */
export function statementRoutes(deps: StatementDeps) {
  const statements = statementServiceOf(deps);
  const self = createSelfService({ db: deps.db, clock: deps.clock });
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  const pdfHeaders = () => ({
    'content-type': PDF_MEDIA_TYPE,
    'content-disposition': `attachment; filename="coverage-statement-${deps.clock.today()}.pdf"`,
    'cache-control': 'no-store',
  });
  app.openapi(download, async (c) => {
    const { id } = c.req.valid('param');
    const lang = c.req.valid('query').lang ?? 'zh-CN';
    const issued = await statements.issue(c.get('tenant').tenantId, c.get('user')!.id, id, lang);
    return c.body(issued.pdf as Uint8Array<ArrayBuffer>, 200, pdfHeaders()) as never;
  });
  app.openapi(myDownload, async (c) => {
    const tenant = { id: c.get('tenant').tenantId };
    const userId = c.get('user')!.id;
    const issued = await statements.issue(tenant.id, userId, await self.employeeOf(tenant, userId), c.req.valid('query').lang ?? 'zh-CN');
    return c.body(issued.pdf as Uint8Array<ArrayBuffer>, 200, pdfHeaders()) as never;
  });
  app.openapi(myPortal, async (c) => {
    const me = await self.me({ id: c.get('tenant').tenantId }, c.get('user')!.id);
    const { cityCode, cityName, name, url, sourced } = officialPortalFor(me.workCity);
    return c.json({ cityCode, cityName, name, url, sourced }, 200);
  });
  return app;
}

/** POST /api/statements/verify: public, limited per client address (default 20 a minute). */
export function statementVerifyRoutes(deps: StatementDeps) {
  const statements = statementServiceOf(deps);
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use('/statements/verify', rateLimit({ max: deps.statementVerificationsPerMinute ?? 20, windowMs: 60_000, key: (c) => clientAddress(c, proxyHopsOf(deps)) }));
  return app.openapi(verify, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await statements.verify(c.req.valid('json').code), 200);
  });
}
