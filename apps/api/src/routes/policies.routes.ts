import { OpenAPIHono } from '@hono/zod-openapi';
import { createPolicyLibraryService, type PolicyLibraryService } from '@lianxu/core';
import type { AppDeps } from '../app.deps';
import { validationHook } from '../errors/validation';
import { contributionQuoteRoutes } from './contribution-quote.routes';
import { policyLibraryRoutes } from './policy-library.routes';
import { policyRevisionRoutes } from './policy-revisions.routes';

/**
 * The policy library (shipped files plus consultants' revisions) and the contribution calculator.
 * Reads are public; a revision needs a consultant or platform admin. One library service (and its
 * cache) serves all three, so a new revision is quoted as soon as it is listed.
 */
export function policyRoutes(deps: Pick<AppDeps, 'db' | 'auth'> & { policies?: PolicyLibraryService }) {
  const policies = deps.policies ?? createPolicyLibraryService({ db: deps.db });
  return new OpenAPIHono({ defaultHook: validationHook })
    .route('/', policyLibraryRoutes(policies))
    .route('/', policyRevisionRoutes(deps, policies))
    .route('/', contributionQuoteRoutes(policies));
}
