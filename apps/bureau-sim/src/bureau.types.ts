import type { EnrollmentPayload, StopPayload } from './bureau.schemas';

// The shapes of the simulated bureaus' records and answers.

export type FilingKind = 'enrollment' | 'stop';
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
  | (FilingRecordBase & { kind: 'stop'; payload: StopPayload });

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
  payload: EnrollmentPayload | StopPayload;
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
  base: number;
  amounts?: { employer: number; employee: number };
  enrollmentFilingId: string;
  receiptNo: string;
  lastMonth?: string;
  stopFilingId?: string;
}

export interface BillLine {
  idNumber: string;
  personName: string;
  hukou: 'local' | 'non-local';
  startMonth: string;
  lastMonth?: string;
  base: number;
  amounts?: { employer: number; employee: number };
  receiptNo: string;
}

export interface Bill {
  city: string;
  employerCode: string;
  month: string;
  lines: BillLine[];
  totals: { persons: number; base: number; employer: number; employee: number };
}
