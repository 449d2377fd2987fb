// Data migration from a legacy HR system (issue #16): encrypted packages, a sandbox schema per
// run, a saved mapping per tenant, three levels of row checks, and promotion. Loading writes only
// migration_runs, migration_mappings and the runs' sandbox schemas. Promotion (migration.promotion.ts)
// is the one place it writes live tables (employees, wage_history, coverage_periods): migrated people
// are history, not hires, so they bypass the people and coverage use cases that would file them.
export {
  checkManifestSignature,
  MigrationError,
  openMigrationPackage,
  packMigration,
  PACKAGE_HEADER_ROWS,
  parseTransferKey,
  readPackageHead,
  signManifest,
  transferKeyId,
  unwrapRunKey,
  wrapRunKey,
  type MigrationFailure,
  type OpenedPackage,
  type PackageFileEntry,
  type PackageManifest,
  type WrappedRunKey,
} from './migration.package';
export { tenantTransferKey, type TenantTransferKey } from './migration.transfer-key';
export {
  checkLegacySource, connectLegacySource, connectLegacySourceRetryable, legacySourceOf, sealLegacySource, legacySourcePackage, createSourceRun, probeLegacySource, SSL_MODES, type LegacySource, type SslMode,
} from './migration.source';
export { cellText, expandWorkbooks, workbookToCsv } from './migration.xlsx';
export {
  columnsFor,
  CUSTOM_TARGET,
  loadMapping,
  mappingTargets,
  validateMapping,
  MIGRATION_FILE_NAMES,
  MIGRATION_FILES,
  proposeMapping,
  saveMapping,
  type FileMapping,
  type MigrationFile,
  type MigrationMapping,
} from './migration.mapping';
export { migrationMappingView, saveRunMapping, type MappingTarget, type MigrationMappingView } from './migration.mapping-service';
export { revalidateRun, type Correction, type RevalidationOutcome } from './migration.revalidate';
export { exportQuarantineXlsx, readCorrections, type ExportLanguage } from './migration.quarantine-file';
export { migrationDryRun, type DryRunChange, type DryRunDiff } from './migration.dry-run';
export { migrationReconciliation, type Reconciliation, type ReconciliationRow } from './migration.reconciliation';
export { abandonMigrationRun, dropRunSandbox, sandboxDropped } from './migration.sandbox-drop';
export { findCoverageGaps, loadFile, sandboxSchema, type FileCounts, type LoadFileInput } from './migration.loader';
export { upgradeOldId, type Finding, type FindingLevel, type FindingOutcome } from './migration.rules';
export { createMigrationRun, getMigrationRun, openMigrationPool } from './migration.runs';
export { beginPromotion, finishPromotion, markRunValidated, promoteBatch, type PromotionDeps } from './migration.promotion';
export { createDataMigrationActivities } from './migration.activities';
export { beginMigrationLoad, failMigrationLoad, finishMigrationLoad, loadMigrationFile, type MigrationLoadDeps } from './migration.load';
export { assertSignedOff, signOffMigrationRun, SIGN_OFF_ROLES } from './migration.sign-off';
export { listMigrationRuns, listQuarantine, validationReport, type ValidationReport, migrationRunNotFound, migrationRunView, peekPackageManifest, type MigrationRunView, type QuarantinedRow, type QuarantineQuery } from './migration.views';
export { bisect, digestLines, lineHash, lineText, memorySide, pairLines, type BisectionResult, type CompareLine, type CompareSide, type PairedDifference } from './dual-run.compare';
export { legacySide } from './dual-run.legacy-side';
export { lianxuSide, subjectOf } from './dual-run.lianxu-side';
export { classify } from './dual-run.classify';
export { compareDualRunDay, DUAL_RUN_ALERT, dualRunNotFound, markDualRunDayLate, windowMonths, type DualRunDeps } from './dual-run.day';
export { assertRetirementOffered, createDualRun, retireDualRun, switchDualRunMode, updateDifference, type StartDualRunInput } from './dual-run.service';
export { dualRunView, listDualRunDays, listDifferences, type DifferenceQuery } from './dual-run.views';
export { createDualRunActivities } from './dual-run.activities';
// Start the load, promotion and dual-run workflows (Temporal client side; contracts in @lianxu/workflows).
export { startMigrationLoad } from './load-migration.client';
export { startMigrationPromotion } from './promote-migration.client';
export { signalDualRunRetirement, startDualRun } from './dual-run.client';
