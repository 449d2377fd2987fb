import { API_KEY_SCOPE_LABELS, type ApiKeyScope } from '@lianxu/auth';
import { API_KEY_ROUTES, scopeFor, type ApiKeyRoute } from '../middleware/api-key.middleware';
import { SESSION_COOKIE } from '../middleware/session.middleware';

// Who may call each operation of /api/openapi.json: derived from the app itself, never restated.
// The API-key scope of a tenant route comes from the api-key middleware's table (API_KEY_ROUTES);
// whether a route needs a session from the session middleware the app mounts in front of it.

export const API_KEY_SCHEME = 'apiKey';
export const SESSION_SCHEME = 'session';

/** The extension naming the scope an API key needs for an operation (absent: keys cannot use it). */
export const SCOPE_EXTENSION = 'x-api-key-scope';

export const SECURITY_SCHEMES = {
  [API_KEY_SCHEME]: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'lxk_<prefix>_<secret>',
    description:
      'A tenant API key, created by a tenant admin (Settings → API keys, or POST /api/t/{tenant}/api-keys) and shown once: `Authorization: Bearer lxk_…`. ' +
      'Only on the tenant routes listed with this scheme, each needing the scope named in the requirement (and in `x-api-key-scope`); a key without it gets 403 naming the scope. ' +
      '600 requests a minute per key, then 429 with Retry-After. Scopes: ' +
      Object.entries(API_KEY_SCOPE_LABELS).map(([scope, label]) => `\`${scope}\` (${label.en})`).join(', ') + '.',
  },
  [SESSION_SCHEME]: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The web app\'s session, set by POST /api/auth/sign-in (and the second factor when enabled). Writes also need an allowed Origin header.',
  },
} as const;

type Operation = { description?: string; security?: Record<string, string[]>[]; [SCOPE_EXTENSION]?: ApiKeyScope };
type Document = { paths?: Record<string, Record<string, Operation>>; components?: Record<string, unknown> };

const TENANT_PREFIX = '/api/t/{tenant}';
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** A Hono route pattern (`/api/console/*`, `/api/policies/:city/:year/revisions`) as a test of OpenAPI paths. */
function honoPattern(path: string): RegExp {
  const body = path
    .split('/')
    .map((part) => (part === '*' ? '\u0000' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
    .replace('/\u0000', '(/.*)?');
  return new RegExp(`^${body}$`);
}

/** `/employees/{id}/termination` → `/employees/x/termination`: a path the middleware's patterns can test. */
const concrete = (openApiPath: string) => openApiPath.replace(/\{[^}]+\}/g, 'x');

/** The scope an API key needs for a documented operation, or null when keys may not use it. */
export function documentedScope(method: string, openApiPath: string, keyRoutes: readonly ApiKeyRoute[] = API_KEY_ROUTES): ApiKeyScope | null {
  if (!openApiPath.startsWith(`${TENANT_PREFIX}/`)) return null;
  return scopeFor(method.toUpperCase(), concrete(openApiPath.slice(TENANT_PREFIX.length)), keyRoutes);
}

/**
 * Adds the security schemes and each operation's `security`: tenant routes take the session, and an
 * API key with the route's scope where the key table opens it; routes behind requireSession take the
 * session; the rest are public (sign-in, invitations, intake links, health, these docs) or answer
 * anonymous callers and signed-in ones alike.
 */
export function withSecurity<T extends Document>(doc: T, appRoutes: readonly { method: string; path: string; handler: { name: string } }[], keyRoutes: readonly ApiKeyRoute[] = API_KEY_ROUTES): T {
  const sessionOnly = appRoutes.filter((r) => r.method === 'ALL' && r.handler.name === 'requireSessionMiddleware').map((r) => honoPattern(r.path));
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      if (path.startsWith(`${TENANT_PREFIX}/`)) {
        const scope = documentedScope(method, path, keyRoutes);
        operation.security = scope ? [{ [SESSION_SCHEME]: [] }, { [API_KEY_SCHEME]: [scope] }] : [{ [SESSION_SCHEME]: [] }];
        if (scope) operation[SCOPE_EXTENSION] = scope;
        const note = scope ? `API keys: scope \`${scope}\`.` : 'Not open to API keys (sign in).';
        operation.description = operation.description ? `${operation.description}\n\n${note}` : note;
      } else if (sessionOnly.some((p) => p.test(concrete(path)))) {
        operation.security = [{ [SESSION_SCHEME]: [] }];
      } else {
        // Public, or the answer depends on whether the caller is signed in (an empty requirement: anonymous allowed).
        operation.security = [{}, { [SESSION_SCHEME]: [] }];
      }
    }
  }
  doc.components = { ...(doc.components ?? {}), securitySchemes: SECURITY_SCHEMES };
  return doc;
}
