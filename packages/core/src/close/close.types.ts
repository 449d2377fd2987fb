import type { Insurance } from '@lianxu/policy';
import type { BureauBillLine } from '../filing/index';

export interface CloseTenant { id: string }
export interface CloseActor { id: string }

/**
 * One line of the bureau's monthly bill in the national platform's shape (amounts in fen), as the
 * close records it: the gateway's line, with the person given by ID number (as the bureau knows
 * them) or, by a caller that already resolved them, by employee id.
 */
export type BillLineInput = Omit<BureauBillLine, 'idNumber' | 'insurance' | 'period'> & {
  idNumber?: string;
  employeeId?: string;
  insurance: Insurance;
};

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
