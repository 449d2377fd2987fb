import type { ColumnType } from 'kysely';

// Legacy-data migration runs and mappings (0017-data-migration).

/** One legacy-data migration run; its rows live in its sandbox schema (mig_<id hex>), never here. */
export interface MigrationRunsTable {
  tenant_id: string;
  id: string;
  status: ColumnType<MigrationRunStatus, string | undefined, string>;
  mapping_version: number | null;
  manifest: ColumnType<unknown, string | null | undefined, string | null>;
  counts: ColumnType<Record<string, { read: number; accepted: number; quarantined: number }>, string | undefined, string>;
  loaded_files: ColumnType<string[], string[] | undefined, string[]>;
  failure: ColumnType<unknown, string | null | undefined, string | null>;
  report: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, string | undefined, string>;
  /** Promotion (0021): employees to promote, batch size, employees promoted, people already employed live, batches in. */
  promotion_total: number | null;
  promotion_batch_size: number | null;
  promoted: ColumnType<number, number | undefined, number>;
  promotion_conflicts: ColumnType<number, number | undefined, number>;
  promoted_batches: ColumnType<number[], number[] | undefined, number[]>;
  promoted_at: Date | null;
  /** Loading as a workflow (0022): the run key sealed under the tenant's data key while a load runs, the file in progress. */
  load_key_cipher: Buffer | null;
  load_key_id: string | null;
  load_progress: ColumnType<{ file: string; read: number; accepted: number; quarantined: number } | null, string | null | undefined, string | null>;
  /** Legacy contribution lines promoted into contribution_history. */
  history_lines: ColumnType<number, number | undefined, number>;
  /** Who signed the validated run off, per role: both the consultant and the tenant admin before promotion. */
  sign_offs: ColumnType<Partial<Record<MigrationSignOffRole, { userId: string; email: string; at: string }>>, string | undefined, string>;
  /** The header row of each file as last loaded (0032): {file: [header, ...]}, for the mapping editor. */
  headers: ColumnType<Record<string, string[]>, string | undefined, string>;
}

export type MigrationSignOffRole = 'consultant' | 'tenant_admin';

/** Contribution lines paid before the move (0022): history from a migration run, never filed or billed. */
export interface ContributionHistoryTable {
  tenant_id: string;
  id: string;
  employee_id: string;
  run_id: string;
  city_code: string;
  month: string;
  insurance: string;
  base_fen: ColumnType<string, string | number, string | number>;
  employer_fen: ColumnType<string, string | number, string | number>;
  employee_fen: ColumnType<string, string | number, string | number>;
  created_at: ColumnType<Date, never, never>;
}

export type MigrationRunStatus = 'created' | 'loading' | 'validated' | 'promoting' | 'promoted' | 'failed';

/** A saved, versioned mapping from legacy headers to Lianxu fields: {file: {field: header}}. */
export interface MigrationMappingsTable {
  tenant_id: string;
  version: number;
  mapping: ColumnType<Record<string, Record<string, string>>, string, string>;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
}
