import fc from 'fast-check';
import { applyMutation, mutationArb, positions, sweepValues, validArb, type JsonSchema, type Mutation, type SchemaContext } from './schema-arbitraries';

/** A write route as /api/openapi.json describes it. */
export interface WriteRoute {
  method: string;
  /** OpenAPI path, e.g. /api/t/{tenant}/employees/{id}/termination */
  path: string;
  /** The JSON body schema, when the route takes JSON. */
  jsonSchema?: JsonSchema;
  /** Other media types the route takes (xlsx, csv, multipart). */
  otherMediaTypes: string[];
  params: string[];
}

export type Role = 'tenant_admin' | 'hr' | 'employee' | 'consultant' | 'anonymous';

export interface FuzzCase {
  route: WriteRoute;
  role: Role;
  kind: 'body' | 'content-type' | 'raw' | 'path';
  /** The value sent as JSON (kind body), for allow-list matching and reports. */
  value?: unknown;
  mutation?: Mutation;
  body: string | Uint8Array | undefined;
  contentType: string | undefined;
  /** Path parameters as sent (already percent-encoded where hostile). */
  params: Record<string, string>;
}

export function writeRoutesOf(doc: any): WriteRoute[] {
  const routes: WriteRoute[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = (op.requestBody?.content ?? {}) as Record<string, { schema?: JsonSchema }>;
      routes.push({
        method: method.toUpperCase(),
        path,
        jsonSchema: content['application/json']?.schema,
        otherMediaTypes: Object.keys(content).filter((t) => t !== 'application/json'),
        params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
      });
    }
  }
  return routes;
}

/** Media types no JSON route takes, and JSON spelled in ways a parser might trip on. */
const BAD_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json-patch+json',
  'APPLICATION/JSON',
  'application/jsonx',
  '',
  undefined,
];

/** Bodies that are not JSON, or JSON that parsers disagree about. */
const RAW_BODIES: (string | Uint8Array)[] = [
  new Uint8Array([0xff, 0xfe, 0x00, 0x7b]),
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), // {"a":"<CESU-8 surrogate>"}
  '{"a":',
  '\ufeff{}',
  '',
  'null',
  '[]',
  '"just a string"',
  '{"__proto__":{"isAdmin":true}}',
  '{"a":1,"a":2}',
  '{"a":' .repeat(3000) + '1' + '}'.repeat(3000),
  '[' .repeat(20000) + ']'.repeat(20000),
  '1e999999',
];

/** Bytes for routes that take a file: junk, a truncated zip, hostile CSV. */
const FILE_BODIES: (string | Uint8Array)[] = [
  new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0xff, 0xff]),
  new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 73) % 256)),
  'employeeId,date,regularHours\n\ud800,\u0000,1e999\n',
  'employeeId,date,regularHours\n00000000-0000-4000-8000-000000000000,0000-01-01,-5\n',
  '=cmd|"/c calc"!A1,"unterminated\n',
  '',
];

const HOSTILE_PARAMS = ['a%00b', '%ED%A0%80', '%E0%A4%A', '%FF', 'x'.repeat(3000), '..%2F..%2Fauth', "'%20or%201%3D1", '00000000-0000-0000-0000-000000000000', '-1', '1e400', '%F0%9F%98%80', '%0A%0D'];

// Admins reach every tenant route, so they get half the cases; every role is tried on every route.
const ROLE_CYCLE: Role[] = ['tenant_admin', 'hr', 'employee', 'consultant', 'anonymous', 'tenant_admin', 'tenant_admin', 'hr', 'tenant_admin', 'consultant', 'tenant_admin', 'hr'];

export interface CaseContext {
  schema: SchemaContext;
  /** A real value for a path parameter of a route (real ids reach deepest), or a harmless fake. */
  param: (route: WriteRoute, name: string) => fc.Arbitrary<string>;
}

function caseArb(route: WriteRoute, ctx: CaseContext): fc.Arbitrary<Omit<FuzzCase, 'role'>> {
  const params = fc.record(Object.fromEntries(route.params.map((p) => [p, ctx.param(route, p)])) as Record<string, fc.Arbitrary<string>>);
  const base: fc.Arbitrary<unknown> = route.jsonSchema ? validArb(route.jsonSchema, ctx.schema) : fc.constant(undefined);
  return fc.tuple(base, params).chain(([value, p]) => {
    const kinds: fc.WeightedArbitrary<Omit<FuzzCase, 'role'>>[] = [
      {
        weight: 2,
        arbitrary: fc.constantFrom(...BAD_CONTENT_TYPES).map((contentType) => ({ route, kind: 'content-type' as const, value, body: JSON.stringify(value ?? {}), contentType, params: p })),
      },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES).map((body) => ({ route, kind: 'raw' as const, body, contentType: 'application/json', params: p })) },
    ];
    if (route.jsonSchema) {
      kinds.push({
        weight: 7,
        arbitrary: mutationArb(value, route.jsonSchema, ctx.schema).map((mutation) => {
          const sent = applyMutation(value, mutation);
          return { route, kind: 'body' as const, value: sent, mutation, body: sent === undefined ? '' : JSON.stringify(sent), contentType: 'application/json', params: p };
        }),
      });
    }
    if (route.otherMediaTypes.length) {
      kinds.push({
        weight: 4,
        arbitrary: fc.tuple(fc.constantFrom(...route.otherMediaTypes), fc.constantFrom(...FILE_BODIES)).map(([contentType, body]) => ({ route, kind: 'raw' as const, body, contentType, params: p })),
      });
    }
    const own = route.params.filter((n) => n !== 'tenant');
    if (route.params.length) {
      kinds.push({
        weight: own.length ? 2 : 1,
        arbitrary: fc.tuple(fc.constantFrom(...route.params), fc.constantFrom(...HOSTILE_PARAMS)).map(([name, bad]) => ({
          route,
          kind: 'path' as const,
          value,
          body: value === undefined ? undefined : JSON.stringify(value),
          contentType: value === undefined ? undefined : 'application/json',
          params: { ...p, [name]: bad },
        })),
      });
    }
    return fc.oneof(...kinds);
  });
}

/** `runs` cases for one route, reproducible from the seed; roles taken in a fixed cycle. */
export function casesFor(route: WriteRoute, ctx: CaseContext, runs: number, seed: number): FuzzCase[] {
  return fc.sample(caseArb(route, ctx), { seed, numRuns: runs }).map((c, i) => ({ ...c, role: ROLE_CYCLE[i % ROLE_CYCLE.length]! }));
}

/**
 * The deterministic part: one valid body, then every leaf of it replaced in turn by each value of
 * sweepValues(), and every path parameter by each of a few hostile ones, as the role that reaches
 * furthest (a tenant admin; a consultant on platform routes). Random cases may miss a rare leaf;
 * this never does.
 */
export function sweepCasesFor(route: WriteRoute, ctx: CaseContext, seed: number): FuzzCase[] {
  const role: Role = route.path.startsWith('/api/policies/') ? 'consultant' : 'tenant_admin';
  const params = fc.sample(fc.record(Object.fromEntries(route.params.map((p) => [p, ctx.param(route, p)])) as Record<string, fc.Arbitrary<string>>), { seed, numRuns: 1 })[0]!;
  const cases: FuzzCase[] = [];
  if (route.jsonSchema) {
    // A fresh full body per case (same shape, new unique codes and keys), so an accepted case
    // does not turn the next one into a duplicate.
    const full = validArb(route.jsonSchema, ctx.schema, undefined, 0, true);
    const leaves = positions(fc.sample(full, { seed, numRuns: 1 })[0], route.jsonSchema, ctx.schema).filter((p) => p.path.length > 0);
    let k = 0;
    for (const leaf of leaves) {
      for (const bad of sweepValues(leaf.schema)) {
        const mutation: Mutation = { kind: 'replace', path: leaf.path, value: bad };
        const sent = applyMutation(fc.sample(full, { seed: seed * 1000 + k++, numRuns: 1 })[0], mutation);
        cases.push({ route, role, kind: 'body', value: sent, mutation, body: JSON.stringify(sent), contentType: 'application/json', params });
      }
    }
  }
  for (const name of route.params.filter((n) => n !== 'tenant')) {
    for (const bad of ['a%00b', '%ED%A0%80', 'x'.repeat(3000)]) {
      cases.push({ route, role, kind: 'path', body: undefined, contentType: undefined, params: { ...params, [name]: bad } });
    }
  }
  return cases;
}

/** The request URL of a case (path parameters already safe or deliberately hostile). */
export function urlOf(c: FuzzCase): string {
  let url = c.route.path.replace(/\{([^}]+)\}/g, (_, name: string) => c.params[name] ?? name);
  if (c.route.method === 'DELETE' && c.route.path.includes('/custom-fields/')) url += '?confirm=true';
  return url;
}

/** A short description of a case, for reports (huge strings abbreviated, control characters escaped). */
export function describeCase(c: FuzzCase): string {
  const shown = (v: unknown) => {
    const text = typeof v === 'string' ? v : v instanceof Uint8Array ? `bytes[${v.length}]` : JSON.stringify(v) ?? 'undefined';
    const escaped = JSON.stringify(text.length > 160 ? `${text.slice(0, 80)}…(${text.length} chars)…${text.slice(-40)}` : text);
    return escaped;
  };
  const what = c.kind === 'body' && c.mutation ? `${c.mutation.kind} ${'path' in c.mutation ? c.mutation.path.join('.') || '(body)' : ''}${c.mutation.kind === 'unknown-key' ? `+${shown(c.mutation.key)}` : ''} → ${shown('value' in c.mutation ? c.mutation.value : undefined)}` : c.kind;
  return `${c.route.method} ${urlOf(c).slice(0, 200)} as ${c.role} [${c.contentType ?? 'no content type'}] ${what}; body ${shown(c.body)}`;
}
