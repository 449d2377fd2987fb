import type { ColumnType } from 'kysely';

/** Column shapes shared by the tables: what a select reads, an insert may give, an update may set. */
export type CreatedAt = ColumnType<Date, never, never>;
export type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
export type Defaulted<T> = ColumnType<T, T | undefined, T>;
export type RiskFen = ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
export type Json<T> = ColumnType<T, string, string>;
export type Fen = ColumnType<string, string | number | bigint, string | number | bigint>;
export type FenOrNull = ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;
