import { ERROR_CATALOGUE } from '../../../packages/core/src/shared/error-catalogue';

// #19 point 4: every code the API answers with is in the one error catalogue
// (packages/core/src/shared/error-catalogue.ts, published as docs/errors.md), with the status it
// came with, so a new code cannot reach users without saying what it means in both languages.

const catalogue = ERROR_CATALOGUE as Record<string, { statuses: readonly number[] } | undefined>;

/** What is wrong with an answer's code against the catalogue, if anything (the caller names the route). */
export function catalogueProblem(code: unknown, status: number): string | undefined {
  const entry = typeof code === 'string' && Object.prototype.hasOwnProperty.call(catalogue, code) ? catalogue[code] : undefined;
  if (!entry) return `${status} answers with the code ${JSON.stringify(code)}, which is not in the error catalogue (packages/core/src/shared/error-catalogue.ts)`;
  if (!entry.statuses.includes(status)) return `${status} ${code}: the error catalogue lists it with ${entry.statuses.join(', ')} only`;
  return undefined;
}
