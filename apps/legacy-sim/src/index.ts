export {
  addMonths,
  CONTRIBUTION_DIRT,
  CONTRIBUTION_HEADERS,
  COVERAGE_HEADERS,
  DEFAULT_CITIES,
  generateEmployees,
  generateHistory,
  ROSTER_DIRT,
  ROSTER_HEADERS,
  seededRandom,
  UNKNOWN_CITY,
  type ContributionDirt,
  type ContributionRow,
  type CoverageRow,
  type DirtKind,
  type LegacySeed,
  type RosterDirt,
  type RosterRow,
} from './legacy.generator';
export { DEFAULT_LEGACY_DATABASE, LEGACY_FILES, LegacyStore, type LegacyFile, type LegacyStoreOptions } from './legacy.store';
export { advanceDay, DIVERGENCE_KINDS, injectDivergence, PAY_DAY, type DayResult, type DivergenceKind } from './legacy.days';
export { exportWorkbook } from './legacy.workbook';
export { buildLegacyApp } from './legacy.app';
