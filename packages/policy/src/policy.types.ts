import type { RoundingRule } from './money';

/** Lines in output order. Maternity is a line only where a city collects it separately. */
export const INSURANCES = ['pension', 'medical', 'maternity', 'unemployment', 'workInjury', 'housingFund'] as const;
export type Insurance = (typeof INSURANCES)[number];
export const SOCIAL_INSURANCES = ['pension', 'medical', 'maternity', 'unemployment', 'workInjury'] as const;
export type SocialInsurance = (typeof SOCIAL_INSURANCES)[number];

export const INSURANCE_NAMES_ZH: Record<Insurance, string> = {
  pension: '养老',
  medical: '医疗',
  maternity: '生育',
  unemployment: '失业',
  workInjury: '工伤',
  housingFund: '公积金',
};

export const GRADES = ['A', 'A/B', 'B', 'B/C', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export type Hukou = 'local' | 'non-local';

/**
 * The national maximum housing-fund rate per side, 12% (in millionths). A city's range never exceeds
 * it, and it is the only limit checked where a record gives no range.
 */
export const NATIONAL_HF_RATE_MAX_MICRO = 120_000;

/** Where a figure comes from. `derived` marks a figure inferred by arithmetic from published ones. */
export interface Provenance {
  sources: string[];
  grade: Grade | null;
  derived: boolean;
  note?: string;
}

export type GivenFigure<T> = Provenance & { status: 'given'; value: T };
export type MissingFigure = Provenance & { status: 'notFound' | 'notApplicable' };
/** A sourced figure. Money values are fen, rates are micro (millionths). */
export type Figure<T> = GivenFigure<T> | MissingFigure;

export interface RatePart extends Provenance {
  name: string;
  /** micro */
  value: number;
}

export type RateSpec =
  | { kind: 'single'; rate: Figure<number>; parts: RatePart[] | null }
  | { kind: 'byHukou'; local: Figure<number>; nonLocal: Figure<number> }
  /** The tenant chooses the rate within [min, max] (work injury by industry class, housing fund). */
  | { kind: 'range'; min: Figure<number>; max: Figure<number> };

export interface RoundingSpec extends Provenance {
  rule: RoundingRule;
  /** True when no source gives the rule and the project default applies. */
  isDefault: boolean;
}

export interface SideSpec {
  rate: RateSpec;
  /** A fixed amount (fen) added after rounding, e.g. Beijing's 3 yuan on the employee's medical line. */
  fixed: Figure<number> | null;
  rounding: RoundingSpec;
}

export interface HousingFundRules {
  integerPercent: Figure<boolean> | null;
  employeeNotBelowEmployer: Figure<boolean> | null;
  note?: string;
}

/** An inclusive month range 'YYYY-MM'..'YYYY-MM'. */
export interface Period {
  from: string;
  to: string;
}

export interface GivenInsurance {
  status: 'given';
  /**
   * The months this insurance's figures apply to when they differ from the record's period
   * (Guangdong medical by calendar year inside a July-June record; Hangzhou's July-June housing fund
   * inside a calendar-year record). Absent: the record's period.
   */
  effective?: Period;
  floor: Figure<number>;
  cap: Figure<number>;
  employer: SideSpec;
  employee: SideSpec;
  includesMaternity: Figure<boolean> | null;
  rules: HousingFundRules | null;
}

export interface MissingInsurance {
  status: 'notFound' | 'notApplicable';
  effective?: Period;
  sources: string[];
  note?: string;
}

export type InsuranceSpec = GivenInsurance | MissingInsurance;

export interface CityRef {
  /** GB/T 2260 code, e.g. "110100" */
  code: string;
  zh: string;
  en: string;
}

/** One city's policy for one policy year, validated and normalised. */
export interface PolicyRecord {
  /** `${code}-${year}-r${revision}`; a corrected record gets a new revision, so old quotes keep their id. */
  id: string;
  /** File path or other origin (e.g. "api:consultant-42") used in error messages. */
  origin: string;
  city: CityRef;
  codeNote?: string;
  /** Calendar year in which the policy year starts. */
  year: number;
  revision: number;
  /** 'YYYY-MM' inclusive */
  effectiveFrom: string;
  /** 'YYYY-MM' inclusive */
  effectiveTo: string;
  cutOffDay: Figure<number>;
  insurances: Record<Insurance, InsuranceSpec>;
  /** Published reference amounts kept verbatim for review and tests (yuan strings). */
  published: Record<string, { sources: string[]; grade: Grade | null; amounts: Record<string, string> }>;
  notes: string[];
}

export interface SourceRef {
  id: string;
  grade: string | null;
  title: string;
  url: string | null;
}
