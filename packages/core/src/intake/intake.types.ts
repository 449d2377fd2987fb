import type { Kysely } from 'kysely';
import type { BusinessClock, Database, IntakeHukouType, IntakeIdType, IntakeState } from '@lianxu/db';
import type { EmployeeView, HireInput, PeopleActor, PeopleTenant, RecordedAnswer } from '../people/index';
import type { PolicyCities } from '../policy-library/index';
import type { PersonalDataVault } from '../shared/index';

export type { IntakeHukouType, IntakeIdType, IntakeState };

export const EDUCATION_LEVELS = ['junior-high', 'high-school', 'vocational', 'associate', 'bachelor', 'master', 'doctorate'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export const MARITAL_STATUSES = ['single', 'married', 'divorced', 'widowed'] as const;
export const HUKOU_TYPES = ['local-urban', 'local-rural', 'non-local-urban', 'non-local-rural'] as const;
export const ID_TYPES = ['resident_id', 'hmt_residence_permit'] as const;

/** An offer: what HR (or a recruiting system) knows before the candidate fills in the form. */
export interface OfferInput {
  name: string;
  mobile: string;
  cityCode: string;
  /** Optional when exactly one entity of the tenant is registered in the city. */
  entityId?: string | null;
  startDate: string;
  /** Yuan, at most two decimals. */
  monthlyWage: string;
  /** Days the link stays valid (1 to 30, default 7). */
  expiresInDays?: number;
}

/** What the candidate fills in: the 入职登记表. */
export interface CandidateAnswers {
  idType: IntakeIdType;
  idNumber: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  ethnicity: string;
  hukouType: IntakeHukouType;
  hukouAddress: string;
  mobile: string;
  education: EducationLevel;
  maritalStatus: 'single' | 'married' | 'divorced' | 'widowed';
  previousSiAccount?: string | null;
  previousHfAccount?: string | null;
  firstInsured: boolean;
  /** YYYY-MM: the last month the previous employer paid; required unless first insured. */
  lastPaidMonth?: string | null;
  bankName: string;
  bankCard: string;
}

/** HR's corrections before confirming: any answer, and the offer's start date and wage. */
export type IntakeCorrections = Partial<CandidateAnswers> & { startDate?: string; monthlyWage?: string };

/** Whether the start date leaves months uncovered after the previous employer, and what they cost. */
export interface GapAssessment {
  /** First covered month with the new employer. */
  startMonth: string;
  lastPaidMonth: string | null;
  /** Months strictly between the last paid month and the start month. */
  gapMonths: number;
  /** First and last month of the gap (null without a gap). */
  gapFrom: string | null;
  gapTo: string | null;
  /** The personal pension account's shortfall: the pension base x the employee rate (8%) x months, yuan. */
  pensionShortfall: string | null;
  /** One month's pension base and employee rate it was computed from. */
  pensionBase: string | null;
  pensionEmployeeRate: string | null;
  /** Set when the cost could not be computed (the policy library lacks the figures): never a guess. */
  costUnavailable: boolean;
}

export interface IntakeSummary {
  id: string;
  state: IntakeState;
  name: string;
  /** Masked: 138****5678. */
  mobile: string;
  cityCode: string;
  entityId: string;
  startDate: string;
  monthlyWage: string;
  expiresAt: string;
  externalId: string | null;
  submittedAt: string | null;
  confirmedAt: string | null;
  employeeId: string | null;
  createdAt: string;
}

export interface IntakeView extends IntakeSummary {
  answers: (Omit<CandidateAnswers, 'idNumber' | 'bankCard'> & { idNumberMasked: string; bankCardMasked: string }) | null;
  gap: GapAssessment | null;
}

/** The answer to creating an intake: the link (holding the raw token, shown once) and the intake. */
export interface CreatedIntake {
  intake: IntakeView;
  /** Path of the public form, /intake/{slug}/{token}. */
  linkPath: string;
}

/** What the public form shows before submission: nothing the candidate did not already know. */
export interface IntakeFormContext {
  tenantName: string;
  entityName: string;
  cityCode: string;
  cityName: string;
  startDate: string;
  name: string;
  mobileMasked: string;
  expiresAt: string;
}

export interface IntakeServiceDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  clock: BusinessClock;
  policyCities: PolicyCities;
  /** The people module's hire use case: a confirmed intake becomes an employee through it. */
  hire: (tenant: PeopleTenant, actor: PeopleActor, input: HireInput, idempotencyKey?: string) => Promise<RecordedAnswer<EmployeeView>>;
  /** Now, for link expiry (default: the business clock's). */
  now?: () => Date;
}
