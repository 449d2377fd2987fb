export { buildBureauApp, type BureauApp, type BureauAppOptions } from './bureau.app';
export {
  BureauState,
  DEFAULT_PROCESSING_DELAY_MS,
  type AdminFilingView,
  type Bill,
  type BillLine,
  type BureauStateOptions,
  type Coverage,
  type Faults,
  type FilingKind,
  type FilingStatus,
  type FilingView,
  type Receipt,
  type Rejection,
} from './bureau.state';
export { memoryStore, BureauStoreError, type BureauStore, type BureauSnapshot, type StoreChange } from './bureau.store';
export { openPostgresStore, DEFAULT_BUREAU_SCHEMA, type PostgresStoreOptions } from './postgres.store';
export type { BureauErrorBody } from './bureau.errors';
export type { EnrollmentPayload, StopPayload } from './bureau.schemas';
export { residentIdCheckChar, residentIdProblem } from './resident-id.validator';
export { creditCodeCheckChar, isValidCreditCode } from './credit-code.validator';
