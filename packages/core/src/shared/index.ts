// The shared kernel: one error hierarchy, one localized-text type, business dates, money, the
// personal-data vault and identifier checks every module uses. Imports no other module.
export * from './localized';
export * from './errors';
export * from './business-dates';
export * from './json';
export * from './money';
export * from './identifiers';
export * from './personal-data.vault';
export * from './tenant-plan';
export { coalescingDrain } from './coalescing-drain';
export { excelCellText } from './excel-cell';
export { upsertSchedule } from './schedules';
export { INSURANCE_NAMES, insuranceList } from './insurance-names';
