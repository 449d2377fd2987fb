import type { Context } from 'hono';
import { API_KEY_SCOPE_LABELS, API_KEY_SCOPES, type ApiKeyCaller, type ApiKeyScope, type ApiKeyService } from '@lianxu/auth';
import type { PluginRuntime, PluginSet } from '@lianxu/core';
import { ApiError } from '../errors/api-error';
import { requestHeader } from './node-env';

export interface ApiKeyRoute {
  method: string;
  path: RegExp;
  scope: ApiKeyScope;
}

/**
 * Which scope each route a key may use needs: method and path (after /api/t/{tenant}). A route not
 * listed here is not open to keys at all (managing keys and members, revealing ID numbers...):
 * deny by default, so a route added later is not reachable with a key until someone decides so.
 * Plugins open their own routes by declaring `apiKeyScope` in their route descriptions (pluginKeyRoutes).
 */
export const API_KEY_ROUTES: ApiKeyRoute[] = [
  { method: 'GET', path: /^\/(employees(\/[^/]+)?|employees\/export\.xlsx|entities|tasks(\/[^/]+)?|fund-filings)$/, scope: 'employees:read' },
  { method: 'POST', path: /^\/employees$/, scope: 'employees:write' },
  { method: 'POST', path: /^\/employees\/[^/]+\/(termination|transfer|wage)$/, scope: 'employees:write' },
  { method: '*', path: /^\/webhooks(\/.*)?$/, scope: 'webhooks:manage' },
  { method: 'POST', path: /^\/payroll\/wages$/, scope: 'payroll:write' },
  { method: 'GET', path: /^\/payroll\/.+$/, scope: 'contributions:read' },
  // Finance reads the month's vouchers and the account mapping (changing the mapping is for people).
  { method: 'GET', path: /^\/finance\/.+$/, scope: 'contributions:read' },
  // Recruiting systems push candidates (intake links) like hires.
  { method: 'POST', path: /^\/candidates$/, scope: 'employees:write' },
  // The consultant's command line (`lianxu migrations pack|upload|run|status|promote|report|retire`):
  // fetching the tenant's transfer key (pack), reading runs, uploading, starting a run from the old
  // system's database, loading, promoting, starting and retiring the dual run. Sign-offs and
  // the shadow/live switch are a person's (those routes refuse keys), and mappings stay on the page.
  { method: 'GET', path: /^\/migrations(\/[^/]+(\/(report|quarantine|progress|dual-run(\/differences)?))?)?$/, scope: 'migrations:manage' },
  { method: 'POST', path: /^\/migrations(\/(transfer-key|sources)|\/[^/]+\/(load|promote|dual-run(\/retire)?))?$/, scope: 'migrations:manage' },
];

const escaped = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The routes plugins open to API keys (`apiKeyScope` of a route description), under
 * `/plugins/<id>`; a scope the API does not know stops start-up naming the plugin and route.
 */
export function pluginKeyRoutes(plugins: { list: readonly Pick<PluginSet['list'][number], 'id' | 'definition'>[] }): ApiKeyRoute[] {
  const routes: ApiKeyRoute[] = [];
  for (const p of plugins.list) {
    for (const doc of p.definition.routeDocs ?? []) {
      if (!doc.apiKeyScope) continue;
      if (!(API_KEY_SCOPES as readonly string[]).includes(doc.apiKeyScope)) {
        throw new Error(`plugins/${p.id}: route ${doc.method.toUpperCase()} ${doc.path} asks for the API key scope ${doc.apiKeyScope}, which is not one of ${API_KEY_SCOPES.join(', ')}`);
      }
      const path = `/plugins/${p.id}${doc.path}`.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : escaped(part))).join('/');
      routes.push({ method: doc.method.toUpperCase(), path: new RegExp(`^${path}$`), scope: doc.apiKeyScope as ApiKeyScope });
    }
  }
  return routes;
}

/** The scope a request needs, or null when keys may not use the route. */
export function scopeFor(method: string, tenantPath: string, routes: readonly ApiKeyRoute[] = API_KEY_ROUTES): ApiKeyScope | null {
  const m = method === 'HEAD' ? 'GET' : method;
  for (const r of routes) if ((r.method === '*' || r.method === m) && r.path.test(tenantPath)) return r.scope;
  return null;
}

/** The token of an `Authorization: Bearer …` header, or undefined when there is none. */
export function bearerToken(c: Context): string | undefined {
  const header = requestHeader(c, 'authorization');
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : '';
}

/** A fixed window of requests per key, kept in this process and bounded. */
class KeyWindows {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly max: number, private readonly windowMs: number, private readonly now: () => number) {}

  /** Seconds to wait when over the limit, else 0. */
  take(key: string): number {
    const at = this.now();
    let w = this.windows.get(key);
    if (!w || at - w.start >= this.windowMs) {
      if (!w && this.windows.size >= 10_000) for (const [k, v] of this.windows) if (at - v.start >= this.windowMs) this.windows.delete(k);
      w = { start: at, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w.count > this.max ? Math.max(1, Math.ceil((w.start + this.windowMs - at) / 1000)) : 0;
  }
}

export interface ApiKeyGateOptions {
  apiKeys: ApiKeyService;
  /** Requests per key and window (default 600 a minute). */
  max?: number;
  windowMs?: number;
  now?: () => number;
  /** The deployment's plugins: their routes with an `apiKeyScope` are open to keys holding it. */
  plugins?: Pick<PluginRuntime, 'ready'>;
}

const INVALID_KEY = () =>
  new ApiError(401, 'invalid_api_key', { 'zh-CN': 'API 密钥无效、已过期或已撤销', en: 'The API key is invalid, expired or revoked' });

/**
 * Checks a bearer token for a tenant route: the key must belong to this tenant (another tenant's
 * key gets the same 404 as a stranger), be live, be under its rate limit and hold the route's scope.
 * Answers the caller, or throws the refusal.
 */
export function apiKeyGate({ apiKeys, max = 600, windowMs = 60_000, now = Date.now, plugins }: ApiKeyGateOptions) {
  const windows = new KeyWindows(max, windowMs, now);
  let routes: Promise<ApiKeyRoute[]> | undefined;
  const keyRoutes = () => (routes ??= plugins ? plugins.ready().then((set) => [...API_KEY_ROUTES, ...pluginKeyRoutes(set)]) : Promise.resolve(API_KEY_ROUTES));
  return async function checkApiKey(c: Context, token: string, slug: string, notFound: () => ApiError): Promise<ApiKeyCaller> {
    if (!token.startsWith('lxk_')) throw INVALID_KEY();
    const caller = await apiKeys.authenticate(token, slug);
    if (!caller) throw INVALID_KEY();
    // A live key of another tenant answers as the tenant route does to anyone without access.
    if (caller === 'other_tenant') throw notFound();
    const wait = windows.take(caller.keyId);
    if (wait) throw ApiError.of(429, 'too_many_requests').retryAfter(wait);
    const tenantPath = c.req.path.slice(`/api/t/${slug}`.length) || '/';
    const scope = scopeFor(c.req.method, tenantPath, await keyRoutes());
    if (!scope) {
      throw new ApiError(403, 'api_key_not_allowed', { 'zh-CN': 'API 密钥不能用于此操作，请登录后操作', en: 'API keys cannot be used for this; sign in to do it' });
    }
    if (!caller.scopes.has(scope)) {
      const label = API_KEY_SCOPE_LABELS[scope];
      throw new ApiError(403, 'missing_scope', { 'zh-CN': `此 API 密钥没有“${label['zh-CN']}”权限（${scope}）`, en: `This API key lacks the scope ${scope} (${label.en})` }, { scope });
    }
    return caller;
  };
}

export type ApiKeyGate = ReturnType<typeof apiKeyGate>;
