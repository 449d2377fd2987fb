import type { Insurance } from '@lianxu/policy';

export interface CloseTenant { id: string }
export interface CloseActor { id: string }

/** One line of the bureau's monthly bill in the national platform's shape (amounts in fen). */
export interface BillLineInput {
  /** Whom the line bills: the bureau knows people by ID number; a caller that already resolved them gives the employee id. */
  idNumber?: string;
  employeeId?: string;
  personName: string;
  insurance: Insurance;
  /** The contribution period from-to (YYYY-MM); a regular line has from = to = the bill's month. */
  periodFrom: string;
  periodTo: string;
  baseFen: number;
  employerFen: number;
  employeeFen: number;
  interestFen: number;
  lateFeeFen: number;
  /** 征收类型, e.g. 正常应缴 / 补缴. */
  collectionType: string;
  /** 税务电子缴款凭证号 (absent before payment). */
  voucherNo: string | null;
}

export interface DeductionInput {
  employeeId: string;
  insurance: Insurance;
  employeeFen: number;
}

export type Resolution =
  | { action: 'accept'; reason: string }
  | { action: 'fixed' }
  | { action: 'adjust'; targetMonth: string; reason: string; payOn?: string };

export interface AdjustmentInput {
  entityId: string;
  cityCode: string;
  /** The month the correction belongs to (the locked or earlier month). */
  originalMonth: string;
  /** The open month it is paid in. */
  targetMonth: string;
  employeeId: string;
  insurance: Insurance;
  /** Owed (positive: 补缴/补差) or returned (negative: 退费), per side, in fen. */
  employerFen: number;
  employeeFen: number;
  kind?: 'back_payment' | 'refund' | 'top_up';
  reason: string;
  /** The day it is paid (YYYY-MM-DD); default the target month's due date. The late fee runs to it. */
  payOn?: string;
}
