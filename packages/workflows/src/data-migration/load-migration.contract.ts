// Loading a migration run's package into its sandbox: workflow type, id, input and the activities
// it calls. Shared by the worker (activities), the API (start) and tests.

export const LOAD_MIGRATION_WORKFLOW_TYPE = 'loadMigrationWorkflow';

/** One load per run at a time: starting it again while it runs finds the same workflow. */
export const loadMigrationId = (tenantId: string, runId: string) => `migration-load:${tenantId}:${runId}`;

/** The package's files, in the order they load (coverage and contributions are checked against the roster). */
export const MIGRATION_LOAD_FILES = ['roster', 'coverage', 'contributions'] as const;
export type MigrationLoadFile = (typeof MIGRATION_LOAD_FILES)[number];

export interface LoadMigrationInput {
  tenantId: string;
  runId: string;
  /** The uploaded package on storage the worker shares with the API (still encrypted). */
  packageFile: string;
}

export interface LoadedFile {
  file: MigrationLoadFile;
  read: number;
  accepted: number;
  quarantined: number;
}

export interface LoadOutcome {
  tenantId: string;
  runId: string;
  files: LoadedFile[];
  /** Coverage gaps found in the history (noted, not quarantined). */
  coverageGaps: number;
}

/** Activities of the load; implemented in @lianxu/core (data-migration), wired by the worker. */
export interface MigrationLoadActivities {
  /**
   * One file in one transaction (its earlier rows replaced), heartbeating and reporting its counts
   * as it reads; a retry after a crash starts the file again and leaves no row twice.
   */
  loadMigrationFile(input: LoadMigrationInput & { file: MigrationLoadFile }): Promise<LoadedFile>;
  /** Coverage gaps, the run marked validated, the sealed run key wiped. */
  finishMigrationLoad(input: { tenantId: string; runId: string }): Promise<LoadOutcome>;
}
