import { api, path } from '../../api';

// Types mirror apps/api/src/routes/policies.routes.ts (one small client per API group).

export const INSURANCES = ['pension', 'medical', 'maternity', 'unemployment', 'workInjury', 'housingFund'] as const;
export type Insurance = (typeof INSURANCES)[number];
export type FigureStatus = 'given' | 'notApplicable' | 'notFound';
export type RoundingRule = 'half-up-fen' | 'half-up-yuan' | 'up-jiao';

export type PolicyCity = { code: string; name: string; nameEn: string };

export type PolicyYearSummary = {
  year: number;
  policyId: string;
  effectiveFrom: string;
  effectiveTo: string;
  lowestGrade: string | null;
  hasNotFound: boolean;
  /** The city's latest known year: later months are quoted with it, marked provisional. */
  carriedForward: boolean;
};

export type PolicyList = { items: { city: PolicyCity; years: PolicyYearSummary[] }[]; nextCursor: null };

export type PolicyFigure = {
  status: FigureStatus;
  /** yuan ("6821.00") for money, exact decimal ("0.16") for rates, "true"/"false" for flags */
  value: string | null;
  sources: string[];
  grade: string | null;
  derived: boolean;
  unverified: boolean;
  note?: string;
};

export type RatePart = { name: string; value: string; sources: string[]; grade: string | null; derived: boolean; unverified: boolean; note?: string };

export type PolicyRate =
  | { kind: 'single'; rate: PolicyFigure; parts: RatePart[] | null }
  | { kind: 'byHukou'; local: PolicyFigure; nonLocal: PolicyFigure }
  | { kind: 'range'; min: PolicyFigure; max: PolicyFigure };

export type PolicySide = {
  rate: PolicyRate;
  fixed: PolicyFigure | null;
  rounding: { rule: RoundingRule; isDefault: boolean; sources: string[]; grade: string | null; derived: boolean; note?: string };
};

export type PolicyInsurance = {
  insurance: Insurance;
  status: FigureStatus;
  sources: string[];
  note?: string;
  floor: PolicyFigure | null;
  cap: PolicyFigure | null;
  employer: PolicySide | null;
  employee: PolicySide | null;
  includesMaternity: PolicyFigure | null;
  rules: { integerPercent: PolicyFigure | null; employeeNotBelowEmployer: PolicyFigure | null; note?: string } | null;
};

export type PolicySource = { id: string; grade: string | null; title: string; url: string | null };

export type PolicyRecord = PolicyYearSummary & {
  id: string;
  city: PolicyCity;
  codeNote?: string;
  revision: number;
  cutOffDay: PolicyFigure;
  insurances: PolicyInsurance[];
  published: Record<string, { sources: string[]; grade: string | null; amounts: Record<string, string> }>;
  notes: string[];
  sources: PolicySource[];
  /** This revision is the one new quotes use. */
  effective: boolean;
  /** Every revision of this city and year, oldest first. */
  revisions: PolicyRevision[];
};

export type PolicyRevision = { id: string; revision: number; shipped: boolean; effective: boolean; note: string | null; createdAt: string | null };

/** A revision as entered: the shape of packages/policy/data/*.yaml. */
export type RawPolicyRecord = { id: string; record: Record<string, unknown>; revision: PolicyRevision };

export type NewPolicySource = { id: string; title: string; url?: string | null; grade?: string | null };

export type Hukou = 'local' | 'non-local';

export type QuoteRequest = {
  city: string;
  month: string;
  wage: string;
  hukou?: Hukou;
  injuryRate?: string;
  housingFundRate?: string;
};

export type QuoteLine = { insurance: Insurance; base: string; employerRate: string; employeeRate: string; employer: string; employee: string };

export type Quote = {
  city: string;
  month: string;
  policyId: string;
  provisional: boolean;
  lines: QuoteLine[];
  totals: { employer: string; employee: string };
  warnings: { code: string; insurance: Insurance | null; message: string }[];
  sources: PolicySource[];
};

export function listPolicies(): Promise<PolicyList> {
  return api('/api/policies');
}

/** 404 (ApiError) for an unknown city, year or revision. Without `revision`, the effective one. */
export function getPolicy(city: string, year: number | string, revision?: number | string): Promise<PolicyRecord> {
  const base = path('/api/policies', city, String(year));
  return api(revision === undefined ? base : `${base}?revision=${encodeURIComponent(String(revision))}`);
}

export function getRawPolicyRecord(id: string): Promise<RawPolicyRecord> {
  return api(path('/api/policy-records', id, 'raw'));
}

/** Consultants and platform admins only. 400 (ApiError with `fields` such as "record.insurances.pension.floor"). */
export function addPolicyRevision(
  city: string,
  year: number,
  body: { record: unknown; note: string; sources?: NewPolicySource[] },
): Promise<{ id: string; revision: number; city: string; year: number }> {
  return api(path('/api/policies', city, String(year), 'revisions'), { body });
}

/** 400 (ApiError with `fields`) names each bad field. */
export function quoteContributions(body: QuoteRequest): Promise<Quote> {
  return api('/api/contributions/quote', { body });
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
