import type { Kysely } from 'kysely';
import type { BusinessClock, Database, GatewayKind, Hukou, TaskStatus } from '@lianxu/db';
import type { CustomFieldValues } from '../custom-fields/index';
import type { EnrollmentView, FundFilingView, TaskView } from '../coverage/index';
import type { PolicyCities } from '../policy-library/index';
import type { PersonalDataVault } from '../shared/index';

export interface PeopleTenant {
  id: string;
  slug: string;
}
export interface PeopleActor {
  id: string;
}

export interface HireInput {
  entityId?: string | null;
  name: string;
  idNumber: string;
  mobile: string;
  hukou: string;
  workCity: string;
  hireDate: string;
  /** Yuan as a decimal string, at most 2 decimals: "8500.00". */
  monthlyWage: string;
  /** Values of the tenant's custom fields by key, checked against their definitions. */
  customFields?: Record<string, unknown>;
}
export interface TerminationInput {
  lastWorkingDay: string;
  reason: string;
}
export interface TransferInput {
  workCity: string;
  effectiveDate: string;
}
export interface WageChangeInput {
  monthlyWage: string;
  effectiveFrom: string;
  /** Settle the difference of locked months the change reaches as adjustment lines in this month, instead of refusing it. */
  settleLockedMonths?: boolean;
}
export interface ResubmitCorrections {
  name?: string;
  idNumber?: string;
}

export interface EmployeeSummary {
  id: string;
  entityId: string;
  name: string;
  /** Masked: 138****5678. */
  mobile: string;
  idNumberMasked: string;
  hukou: Hukou;
  workCity: string;
  hireDate: string;
  terminationDate: string | null;
  status: 'active' | 'terminated';
  /** Yuan, two decimals. */
  monthlyWage: string;
  /** Values of the tenant's live custom fields (a deleted field's values are kept but not shown). */
  customFields: CustomFieldValues;
}

/** A row of the employee list: the summary plus the status of the latest enrollment (read in the same query). */
export interface EmployeeListItem extends EmployeeSummary {
  enrollmentStatus: TaskStatus | null;
}

export interface EmployeeView extends EmployeeSummary {
  wageHistory: { effectiveFrom: string; monthlyWage: string }[];
  coverage: { cityCode: string; startMonth: string; endMonth: string | null }[];
  enrollment: EnrollmentView | null;
  tasks: TaskView[];
  /** The housing fund's own track: its filings with the city's fund centre, oldest first. */
  housingFund: FundFilingView[];
  createdAt: string;
}

/** The answer of a recorded (idempotent) write: replayed answers are the first one, unchanged. */
export interface RecordedAnswer<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export interface EmployeeListQuery {
  page?: number;
  pageSize?: number;
  /** A name prefix, or a full 18-character ID number (found through the blind index). */
  q?: string;
  status?: 'active' | 'terminated';
  city?: string;
  /** `cf.<key>=value` filters by custom field key: the raw text, read with the field's type. */
  customFields?: Record<string, string>;
  /** `hireDate`, `-hireDate` (default: newest first), `name`, `-name`, `cf.<key>`, `-cf.<key>`. */
  sort?: string;
}

/** What an Excel import did: employees whose custom fields changed, and employees hired. */
export interface ImportResult {
  updated: number;
  unchanged: number;
  hired: number;
  rows: { row: number; employeeId: string; action: 'updated' | 'unchanged' | 'hired' }[];
}

export interface EntityView {
  id: string;
  name: string;
  creditCode: string;
  registrations: { cityCode: string; agency: string; registrationNo: string; gateway: GatewayKind }[];
}

export interface PeopleServiceDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  clock: BusinessClock;
  policyCities: PolicyCities;
  /**
   * The installed plugins that have an employeeHired handler (`pluginsWithHandler(plugins,
   * 'employeeHired')`): a hire writes the plugin event only where one of them is enabled for the
   * tenant. Absent: every hire writes it, and the dispatcher finds whom to tell.
   */
  hireListeners?: readonly string[];
}
