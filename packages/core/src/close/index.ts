// The monthly close (月结): bills, deductions, the three-way match, resolutions, adjustment lines,
// the lock and its audited unlock. Only this module writes the close tables.
export { createCloseService, type CloseService, type CloseServiceDeps, type CloseTimings, type CloseWorkflowView, type DifferenceView, type MonthCloseView } from './close.service';
export { CloseError, monthLocked } from './close.errors';
export type { CloseKey } from './close.match';
export type { AdjustmentLine } from './close.adjustments';
export type { AdjustmentInput, BillLineInput, DeductionInput, Resolution } from './close.types';
export { importBureauBill, type BureauBillImportDeps, type BureauBillImported, type CloseBureauBillFetch } from './close.bureau-bill';
// For modules that make adjustment lines inside their own transaction (the annual base adjustment's 补差).
export { insertAdjustment, insertAdjustments } from './close.adjustments';
export { refusingLocked } from './close.errors';
export { dueDate as closeDueDate } from './close.dates';
export { contributionDueDate, contributionDueDateOf, contributionLateFee, lateFeeSince, DEFAULT_PAYMENT_DAY, type DueDateSource } from './contribution-due-date';
export { createCloseActivities, closeReminderText, CLOSE_REMINDER_NOTICE, type CloseActivitiesDeps } from './close.activities';
export { paymentWindow, policyPaymentDay, windowClosesAtMs, type PaymentWindow } from './close.payment-window';
export { importBill, importDeductions, type CloseImportDeps, type CloseImported } from './close.imports';
export { loadMapping as loadCloseMapping, proposeMapping as proposeCloseMapping, putMapping as putCloseMapping, MAPPING_FIELDS as CLOSE_MAPPING_FIELDS, type ColumnMapping as CloseColumnMapping, type MappingKind as CloseMappingKind } from './close.import-mapping';
export { readImportTable, type ImportFormat } from './close.import-table';
// For people's wage change: a change dated back into a locked month is refused or settled as adjustment lines.
export { lockedMonthsPricedOnWage, settleLockedWageChange, wageChangeRefused, type LockedWageMonth, type WageFrom } from './close.locked-wage';
// Start, signal and query the month's close workflow (Temporal client side; contracts in @lianxu/workflows).
export { closeMonthState, signalCloseInputs, signalCloseLocked, startCloseMonth } from './close-month.client';
