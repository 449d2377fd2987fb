import { request, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts).

export const INSURANCES = ['pension', 'medical', 'maternity', 'unemployment', 'workInjury', 'housingFund'] as const;
export type Insurance = Schema<'PolicyInsurance'>['insurance'];
export type PolicyFigure = Schema<'PolicyFigure'>;
export type FigureStatus = PolicyFigure['status'];
export type PolicyList = Schema<'PolicyList'>;
export type PolicyCity = PolicyList['items'][number]['city'];
export type PolicyYearSummary = PolicyList['items'][number]['years'][number];
export type RatePart = Schema<'PolicyRatePart'>;
export type PolicyRate = Schema<'PolicyRate'>;
export type PolicySide = NonNullable<Schema<'PolicySide'>>;
export type RoundingRule = PolicySide['rounding']['rule'];
export type PolicyInsurance = Schema<'PolicyInsurance'>;
export type PolicySource = Schema<'PolicySource'>;
export type PolicyRecord = Schema<'PolicyRecord'>;
export type PolicyRevision = Schema<'PolicyRevision'>;
/** A revision as entered: the shape of packages/policy/data/*.yaml. */
export type RawPolicyRecord = Schema<'PolicyRawRecord'>;
export type NewPolicySource = Schema<'PolicyNewSource'>;
export type Hukou = 'local' | 'non-local';
export type QuoteRequest = Schema<'QuoteRequest'> & { hukou?: Hukou };
export type Quote = Schema<'ContributionQuote'>;
export type QuoteLine = Quote['lines'][number];

export function listPolicies() {
  return request('get', '/api/policies', {});
}

/** 404 (ApiError) for an unknown city, year or revision. Without `revision`, the effective one. */
export function getPolicy(city: string, year: number | string, revision?: number | string) {
  return request('get', '/api/policies/{city}/{year}', { params: { city, year }, query: revision === undefined ? {} : { revision: String(revision) } });
}

export function getRawPolicyRecord(id: string) {
  return request('get', '/api/policy-records/{id}/raw', { params: { id } });
}

/** Consultants and platform admins only. 400 (ApiError with `fields` such as "record.insurances.pension.floor"). */
export function addPolicyRevision(city: string, year: number, body: Schema<'PolicyRevisionRequest'>) {
  return request('post', '/api/policies/{city}/{year}/revisions', { params: { city, year }, body });
}

/** 400 (ApiError with `fields`) names each bad field. */
export function quoteContributions(body: QuoteRequest) {
  return request('post', '/api/contributions/quote', { body });
}

/** The policy year a policy id belongs to: "110100-2024-r1" -> 2024. */
export function policyYearOf(policyId: string): number | null {
  const m = /^\d{6}-(\d{4})-r\d+$/.exec(policyId);
  return m ? Number(m[1]) : null;
}

// Grades A, A/B and B count as verified (the same line the API draws for `unverified`).
const VERIFIED_GRADES = new Set(['A', 'A/B', 'B']);

/** Null (ungraded) or weaker than B. */
export function gradeBelowB(grade: string | null): boolean {
  return grade === null || !VERIFIED_GRADES.has(grade);
}

/** A year summary has something a user should double-check before relying on it. */
export function yearNeedsCheck(y: PolicyYearSummary): boolean {
  return y.hasNotFound || (y.lowestGrade !== null && !VERIFIED_GRADES.has(y.lowestGrade));
}
