import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createPolicyLibraryService, createStatementService, PDF_MEDIA_TYPE, type StatementService } from '@lianxu/core';
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

/** GET /api/t/{tenant}/employees/{id}/statement.pdf */
export function statementRoutes(deps: StatementDeps) {
  const statements = statementServiceOf(deps);
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  return app.openapi(download, async (c) => {
    const { id } = c.req.valid('param');
    const lang = c.req.valid('query').lang ?? 'zh-CN';
    const issued = await statements.issue(c.get('tenant').tenantId, c.get('user')!.id, id, lang);
    return c.body(issued.pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': PDF_MEDIA_TYPE,
      'content-disposition': `attachment; filename="coverage-statement-${deps.clock.today()}.pdf"`,
      'cache-control': 'no-store',
    }) as never;
  });
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
