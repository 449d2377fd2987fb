// Request and response types of the API, derived from the generated schema.d.ts (never retyped by
// hand), and `request`, the typed form of `api()`: the path is a route of /api/openapi.json and the
// body, the query, the path parameters and the answer take that route's types.
import { api, type ApiOptions } from '../api';
import type { components, paths } from './schema';

export type { components, paths };

/** A named schema of the document (`components.schemas`). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** Every route path of the API (`/api/t/{tenant}/employees`). */
export type ApiPath = keyof paths;
/** The methods a route answers. */
export type MethodOf<P extends ApiPath> = { [M in Method]: paths[P][M] extends { responses: unknown } ? M : never }[Method];
type Operation<P extends ApiPath, M extends MethodOf<P>> = paths[P][M] extends infer O ? (O extends { responses: unknown } ? O : never) : never;

type SuccessStatus = 200 | 201 | 202 | 204;
type JsonContent<R> = R extends { content: { 'application/json': infer J } } ? J : undefined;

/** The JSON a successful call answers with (undefined for an empty answer). */
export type ResponseOf<P extends ApiPath, M extends MethodOf<P> = MethodOf<P> & 'get'> = {
  [S in keyof Operation<P, M>['responses']]: S extends SuccessStatus ? JsonContent<Operation<P, M>['responses'][S]> : never;
}[keyof Operation<P, M>['responses']];

/** The JSON body a route takes. */
export type BodyOf<P extends ApiPath, M extends MethodOf<P>> = JsonBody<Operation<P, M>['requestBody']>;
type JsonBody<R> = [NonNullable<R>] extends [never] ? never : NonNullable<R> extends { content: { 'application/json': infer B } } ? B : never;

/** The query parameters a route takes. */
export type QueryOf<P extends ApiPath, M extends MethodOf<P>> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The `{name}`s of a route path (the tenant's slug included, which the document declares on the mount). */
export type ParamNames<S extends string> = S extends `${string}{${infer N}}${infer Rest}` ? N | ParamNames<Rest> : never;

type ParamsPart<P extends ApiPath> = [ParamNames<P>] extends [never] ? { params?: undefined } : { params: Record<ParamNames<P>, string | number> };
type BodyPart<P extends ApiPath, M extends MethodOf<P>> = [BodyOf<P, M>] extends [never] ? { body?: undefined } : { body: BodyOf<P, M> };
type QueryPart<P extends ApiPath, M extends MethodOf<P>> = [QueryOf<P, M>] extends [never] ? { query?: undefined } : { query?: QueryOf<P, M> };

/** What `request` takes besides the method and path. */
export type RequestOptions<P extends ApiPath, M extends MethodOf<P>> = ParamsPart<P> &
  BodyPart<P, M> &
  QueryPart<P, M> &
  Pick<ApiOptions, 'upload' | 'signal' | 'headers'>;

/** `/api/t/{tenant}/branches/{id}` with each `{name}` replaced by its URL-encoded value. */
export function urlOf(route: string, params: Readonly<Record<string, string | number>> = {}, query: object = {}): string {
  const filled = route.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, String(one));
  }
  const text = search.toString();
  return text ? `${filled}?${text}` : filled;
}

/**
 * Calls one route of the API with its own types, through `api()` (so the one 401 handler and the
 * error shape apply): `request('get', '/api/t/{tenant}/tasks', { params: { tenant: slug } })`.
 */
export function request<P extends ApiPath, M extends MethodOf<P>>(method: M, route: P, options: RequestOptions<P, M>): Promise<ResponseOf<P, M>> {
  const { params, query, body, ...rest } = options as { params?: Record<string, string | number>; query?: object; body?: unknown } & ApiOptions;
  return api<ResponseOf<P, M>>(urlOf(route, params, query), { ...rest, method: method.toUpperCase() as ApiOptions['method'], ...(body === undefined ? {} : { body }) });
}
