// People: employees (ID numbers sealed by the vault), their employment events (hire, termination,
// transfer, wage change; each recorded once per idempotency key), the Excel import/export. The only
// writer of employees, wage_history and employment_events; filing tasks are created through coverage.
export * from './people.types';
export * from './people.service';
export * from './employee-workbook';
export { AUDIT_EMPLOYEES_EXPORTED } from './employee-list.use-case';
export { AUDIT_ID_NUMBER_REVEALED } from './employee-read.use-case';
export { checkCityShape, checkIdNumber, checkName, checkPolicyCity, checkWage, normalizeMobile, MAX_DAYS_AHEAD } from './people.checks';
export type { HireExposure, HirePreview } from './hire-preview.use-case';
export type { TerminationPreview } from './termination-preview.use-case';
export type { TransferPreview } from './transfer-preview.use-case';
