import type { z } from 'zod';
import type { TenantRole } from './plugin-http';

export type PluginRouteMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One answer of a plugin route, as integrators read it in /api/openapi.json. */
export interface PluginRouteResponseDoc {
  description: string;
  /** Schema of the body; with `mediaType` absent it is JSON. */
  schema?: z.ZodType;
  /** A body that is not JSON (a workbook download): its media type. */
  mediaType?: string;
}

/**
 * The description of one route of a plugin's Hono app, written next to the route with the same zod
 * schemas the route parses its input with. Core publishes it in /api/openapi.json under
 * `/api/t/{tenant}/plugins/<id>/...`, tagged `plugin: <id>`, for every plugin installed in the
 * deployment. A route without a description fails the API's OpenAPI coverage test.
 *
 * @example
 * { method: 'post', path: '/branches', summary: 'Open a branch', roles: ['tenant_admin', 'hr'],
 *   body: { schema: NewBranch }, responses: { 201: { description: 'The branch' }, 400: { description: 'Bad fields, each named' } } }
 */
export interface PluginRouteDoc {
  method: PluginRouteMethod;
  /** The path as the plugin's Hono app registers it, under the plugin's mount: `/branches/:id`. */
  path: string;
  summary: string;
  description?: string;
  /** Roles admitted; others get 403. */
  roles?: readonly TenantRole[];
  /**
   * Opens the route to tenant API keys holding this scope (one of core's key scopes, e.g.
   * `attendance:write`); without it only signed-in people may call it. Shown on the operation in
   * /api/openapi.json; the API refuses to start with a scope it does not know.
   */
  apiKeyScope?: string;
  /** Schemas of the path parameters (a parameter without one is documented as a string). */
  params?: z.ZodObject;
  /** Query parameters. */
  query?: z.ZodObject;
  /** The request body: a JSON schema, or the media types of an upload. */
  body?: { schema?: z.ZodType; mediaTypes?: readonly string[]; description?: string };
  responses: Record<number, PluginRouteResponseDoc>;
}

/** Types a plugin's route descriptions (identity at run time). */
export function documentRoutes(docs: PluginRouteDoc[]): PluginRouteDoc[] {
  return docs;
}
