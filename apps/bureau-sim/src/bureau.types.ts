import type { BaseChangePayload, EnrollmentPayload, StopPayload } from './bureau.schemas';

// The shapes of the simulated bureaus' records and answers.

export type FilingKind = 'enrollment' | 'stop' | 'base_change';
export type FilingStatus = 'received' | 'processing' | 'confirmed' | 'rejected';

export interface Rejection {
  code: string;
  /** zh-CN, as the bureau would word it to HR. */
  message: string;
}

/** A bureau's decision; `seq` orders decisions, so coverages can be rebuilt from them after a restart. */
export type Decision =
  | { status: 'confirmed'; receiptNo: string; at: number; seq: number }
  | { status: 'rejected'; rejection: Rejection; at: number; seq: number };

export interface FilingRecordBase {
  filingId: string;
  city: string;
  idempotencyKey: string;
  /** Canonical form of the body, to tell a replay from a reused key. */
  fingerprint: string;
  seq: number;
  receivedAt: number;
  /** From here the filing shows as `processing`. */
  pickedUpAt: number;
  /** When the bureau decides; decisions are taken in (dueAt, seq) order. */
  dueAt: number;
  decision?: Decision;
}

export type FilingRecord =
  | (FilingRecordBase & { kind: 'enrollment'; payload: EnrollmentPayload })
  | (FilingRecordBase & { kind: 'stop'; payload: StopPayload })
  | (FilingRecordBase & { kind: 'base_change'; payload: BaseChangePayload });

export interface FilingView {
  filingId: string;
  kind: FilingKind;
  city: string;
  status: FilingStatus;
  receivedAt: string;
  decidedAt?: string;
  receiptNo?: string;
  rejection?: Rejection;
}

export interface AdminFilingView extends FilingView {
  idempotencyKey: string;
  payload: EnrollmentPayload | StopPayload | BaseChangePayload;
}

export interface Receipt {
  filingId: string;
  status: 'received';
}

export type SubmitResult =
  | { outcome: 'created'; receipt: Receipt }
  | { outcome: 'replayed'; receipt: Receipt }
  | { outcome: 'conflict'; filingId: string };

export interface Faults {
  /** ISO time; until then every bureau request is answered 503. */
  outageUntil: string | null;
  latencyMs: number;
  /** Share of bureau requests answered 500/502/503. */
  errorRate: number;
  processingDelayMs: [number, number];
}

/** A person confirmed enrolled by one employer in one city; a confirmed stop closes it. */
export interface Coverage {
  city: string;
  employerCode: string;
  registrationNo: string;
  idNumber: string;
  personName: string;
  hukou: 'local' | 'non-local';
  startMonth: string;
  /** The base filed with the enrollment, for the months before the first base change. */
  base: number;
  /** Confirmed base changes (缴费基数申报) in the order decided: each sets the base from its month on. */
  baseChanges?: { fromMonth: string; base: number; filingId: string }[];
  amounts?: { employer: number; employee: number };
  enrollmentFilingId: string;
  receiptNo: string;
  lastMonth?: string;
  stopFilingId?: string;
  /** A late enrollment filed as 补缴: the month it was filed in, whose bill carries the months before it as 补缴 lines. */
  backPayIn?: string;
}

/** One line of a bill as the national platform gives it: one person, one insurance, amounts in fen. */
export interface BillLine {
  idNumber: string;
  personName: string;
  insurance: 'pension' | 'medical' | 'maternity' | 'unemployment' | 'workInjury' | 'housingFund';
  /** 费款所属期 (YYYY-MM). */
  period: string;
  /** The contribution period from-to (YYYY-MM); a regular line covers its own month. */
  periodFrom: string;
  periodTo: string;
  base: number;
  employer: number;
  employee: number;
  interest: number;
  lateFee: number;
  /** 征收类型: 正常应缴, 补缴 ... */
  collectionType: string;
  /** The receipt of the enrollment the line bills. */
  receiptNo: string;
  /** 税票号 (tax e-voucher number), once the month is paid; null before. */
  voucherNo: string | null;
}

export interface Bill {
  city: string;
  employerCode: string;
  month: string;
  paid: boolean;
  paidOn: string | null;
  lines: BillLine[];
  totals: { persons: number; lines: number; employer: number; employee: number; interest: number; lateFee: number };
  /** Persons the bureau could not price (its rate tables lack the month): no line is guessed. */
  unpriced?: { idNumber: string; reason: string }[];
}

/** A fault injected into one employer's bill of one month. */
export type BillFault =
  | { kind: 'rounding_drift'; idNumber: string; insurance: BillLine['insurance']; fen: 1 | -1 }
  | { kind: 'missing_employee'; idNumber: string }
  | { kind: 'leaver_billed'; idNumber: string }
  | { kind: 'wrong_base'; idNumber: string; baseFen: number }
  | { kind: 'duplicate_line'; idNumber: string; insurance: BillLine['insurance'] };

export interface BillFaultSet {
  city: string;
  employerCode: string;
  month: string;
  faults: BillFault[];
}

/** A month an employer paid: every line of its bill carries a voucher number from then on. */
export interface BillPayment {
  city: string;
  employerCode: string;
  month: string;
  /** YYYY-MM-DD (Asia/Shanghai business date). */
  paidOn: string;
}
