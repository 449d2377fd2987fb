import { developerTextIn } from './developer-text';
import { catalogueProblem } from './error-catalogue';

// #19: the read side of the error crawl. Every GET route of /api/openapi.json is asked with bad
// path ids (not an id, an id that does not exist, another tenant's id, another tenant's slug), bad
// query values (dates, months, enums, numbers, page sizes, ids, lengths) and as every role (a
// signed-in user without the permission included); every refusal is read in zh-CN and in English.
// A fixed list of cases, no randomness: the same requests on every run.

export type GetRole = 'tenant_admin' | 'hr' | 'employee' | 'consultant' | 'anonymous';
type Schema = Record<string, any>;

export interface GetRoute {
  path: string;
  params: { name: string; schema: Schema }[];
  query: { name: string; schema: Schema; required: boolean }[];
}

export interface GetCase {
  route: GetRoute;
  role: GetRole;
  /** What is bad about it: 'as <role>', 'path id: …', 'query month=…'. */
  what: string;
  url: string;
  /** Another tenant's record (or slug): in the path the answer is a refusal; as a filter, never its data. */
  foreign?: 'path' | 'query';
}

/** Real values (ids of the crawled tenant, a valid month, a city) for path and query parameters. */
export interface GetCrawlContext {
  /** A value the route accepts for the parameter (a real id where there is one). */
  valid: (route: GetRoute, name: string) => string;
  /** Another tenant's record of the kind the parameter names, if the crawl has one. */
  foreign: (route: GetRoute, name: string) => string | undefined;
  /** Another tenant's slug (the tenant admin is no member there). */
  otherSlug: string;
  /** Text only the other tenant's records hold (its employee's name): an answer showing it leaks. */
  otherMarker: string;
}

export function getRoutesOf(doc: any): GetRoute[] {
  const routes: GetRoute[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    const op = item.get;
    if (!op) continue;
    const parameters = (op.parameters ?? []) as { in: string; name: string; schema?: Schema; required?: boolean }[];
    routes.push({
      path,
      params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1]!, schema: parameters.find((p) => p.in === 'path' && p.name === m[1])?.schema ?? {} })),
      query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {}, required: p.required === true })),
    });
  }
  return routes;
}

/** Format placeholders of a spec (YYYY-MM, HH:MM), where people need an example. */
const PLACEHOLDERS = /\bYYYY\b|\bYYYY-MM|\bHH:MM\b/;
const GENERIC_NOT_FOUND = /请求的资源不存在|requested resource does not exist/i;

const MONTH = /\\d\{4\}-\(0\[1-9\]/;

/** Bad values for a path parameter of this schema. */
function badPathValues(schema: Schema): string[] {
  if (schema.format === 'uuid') return ['not-an-id', '12345', '00000000-0000-4000-8000-0000000fe404'];
  if (schema.enum) return ['bogus'];
  if (typeof schema.pattern === 'string' && MONTH.test(schema.pattern)) return ['2026-13', 'March'];
  if (schema.pattern === '^\\d{6}$') return ['31010', 'shanghai'];
  if (schema.pattern) return ['Not_Valid!'];
  return ['no-such-thing', `x${'y'.repeat((schema.maxLength ?? 200) + 1)}`];
}

/** Bad values for a query parameter of this schema (what people and scripts really send). */
function badQueryValues(name: string, schema: Schema): string[] {
  const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.enum) return ['bogus', ''];
  if (types.includes('integer')) return ['-1', 'ten', '1.5', String((schema.maximum ?? 100) + 1)];
  if (schema.format === 'uuid') return ['not-an-id', '00000000-0000-0000-0000-000000000000'];
  if (schema.format === 'date') return ['2026-02-30', 'yesterday'];
  if (typeof schema.pattern === 'string' && MONTH.test(schema.pattern)) return ['2026-13', '2026-3', 'March'];
  if (schema.pattern === '^\\d{6}$') return ['31010', 'shanghai'];
  if (schema.pattern) return ['Not Valid!'];
  // Free text with a meaning (a date, a number of months, a rate): what a person might type wrong.
  if (/date/i.test(name)) return ['2026-02-30', 'soon'];
  if (/months|rate/i.test(name)) return ['-1', 'abc', '1e9'];
  if (schema.maxLength !== undefined) return [`x${'y'.repeat(schema.maxLength)}`];
  return ['\u0000'];
}

const withQuery = (path: string, query: Record<string, string>) => {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
};

/** Every case of a route: each role on valid parameters, then each bad path and query value as the role that reaches furthest. */
export function getCasesFor(route: GetRoute, ctx: GetCrawlContext): GetCase[] {
  const platform = !route.path.startsWith('/api/t/');
  const deepest: GetRole = route.path.startsWith('/api/policies') || route.path.startsWith('/api/policy-records') || route.path.startsWith('/api/console') ? 'consultant' : 'tenant_admin';
  const params = Object.fromEntries(route.params.map((p) => [p.name, ctx.valid(route, p.name)]));
  const required = Object.fromEntries(route.query.filter((q) => q.required).map((q) => [q.name, ctx.valid(route, q.name)]));
  const fill = (values: Record<string, string>) => route.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? name));
  const cases: GetCase[] = [];
  const roles: GetRole[] = platform && route.path !== '/api/console/tenants' ? ['tenant_admin', 'anonymous'] : ['tenant_admin', 'hr', 'employee', 'consultant', 'anonymous'];
  for (const role of roles) cases.push({ route, role, what: `as ${role}`, url: withQuery(fill(params), required) });
  for (const p of route.params) {
    if (p.name === 'tenant') {
      cases.push({ route, role: deepest, what: 'another tenant', url: withQuery(fill({ ...params, tenant: ctx.otherSlug }), required), foreign: 'path' });
      cases.push({ route, role: deepest, what: 'unknown tenant', url: withQuery(fill({ ...params, tenant: 'no-such-company' }), required) });
      continue;
    }
    for (const bad of badPathValues(p.schema)) cases.push({ route, role: deepest, what: `path ${p.name}=${bad.slice(0, 40)}`, url: withQuery(fill({ ...params, [p.name]: bad }), required) });
    const foreign = ctx.foreign(route, p.name);
    if (foreign) cases.push({ route, role: deepest, what: `path ${p.name}: another tenant's record`, url: withQuery(fill({ ...params, [p.name]: foreign }), required), foreign: 'path' });
  }
  for (const q of route.query) {
    for (const bad of badQueryValues(q.name, q.schema)) {
      cases.push({ route, role: deepest, what: `query ${q.name}=${JSON.stringify(bad.slice(0, 40))}`, url: withQuery(fill(params), { ...required, [q.name]: bad }) });
    }
    const foreign = q.schema.format === 'uuid' ? ctx.foreign(route, q.name) : undefined;
    if (foreign) cases.push({ route, role: deepest, what: `query ${q.name}: another tenant's record`, url: withQuery(fill(params), { ...required, [q.name]: foreign }), foreign: 'query' });
  }
  return cases;
}

/** What is wrong with an answer, if anything: a 5xx, another tenant's data, a refusal people cannot read. */
export function judgeGet(c: GetCase, status: number, text: string, lang: 'en' | 'zh-CN', otherMarker: string): string | undefined {
  // A service this server runs without (503 unavailable) is said plainly like a refusal; any other 5xx is a failure.
  const unavailable = status === 503 && /"code":"unavailable"/.test(text);
  if (status >= 500 && !unavailable) return `${status} ${text.slice(0, 200)}`;
  if (status < 400 && text.includes(otherMarker)) return `${status}: shows another tenant's record`;
  if (status < 400) return c.foreign === 'path' ? `${status}: answers for another tenant's record` : undefined;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return `${status} with a body that is not JSON: ${text.slice(0, 120)}`;
  }
  const code = body?.error?.code;
  const uncatalogued = catalogueProblem(code, status);
  if (uncatalogued) return uncatalogued;
  const messages = [body?.error?.message, ...Object.values(body?.error?.fields ?? {})];
  if (typeof body?.error?.message !== 'string' || !body.error.message.trim()) return `${status} ${code} without a message: ${text.slice(0, 200)}`;
  const developer = developerTextIn(messages);
  if (developer) return `${status} ${code} shows developer text: ${developer}`;
  if (lang === 'zh-CN') {
    const english = messages.find((m) => typeof m === 'string' && !/[\u4e00-\u9fff]/.test(m));
    if (english !== undefined) return `${status} ${code} answers a Chinese reader in English: ${english}`;
  }
  const plain = plainLanguageProblem(messages, lang);
  if (plain) return `${status} ${code} ${plain}`;
  // A not-found names what is missing (the employee, the run); "the requested resource" says nothing.
  if (GENERIC_NOT_FOUND.test(body.error.message)) return `${status} ${code} does not say what was not found: ${body.error.message}`;
  return undefined;
}

/** A message in the other language than the reader's, or one that reads like a format spec (write routes are held to it too). */
export function plainLanguageProblem(messages: unknown[], lang: 'en' | 'zh-CN'): string | undefined {
  // An English reader is answered in English: Chinese outside quotes (what the user typed, a city's
  // name) is a message written in both languages at once, or never translated.
  if (lang === 'en') {
    const chinese = messages.find((m) => typeof m === 'string' && /[\u4e00-\u9fff]/.test(m.replace(/“[^”]*”|"[^"]*"|「[^」]*」/g, '')));
    if (chinese !== undefined) return `answers an English reader in Chinese: ${chinese}`;
  }
  const spec = messages.find((m) => typeof m === 'string' && PLACEHOLDERS.test(m));
  if (spec !== undefined) return `reads like a format spec: ${spec}`;
  return undefined;
}
