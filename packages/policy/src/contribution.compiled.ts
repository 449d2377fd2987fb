import type { ResolvedInsurance } from './policy.resolve';
import type { Insurance, PolicyRecord } from './policy.types';

// The shape of a compiled policy record and the slot states, shared by the compiler
// (contribution.compile.ts) and the line tables (contribution.lines.ts) without a cycle.

/** Insurances in INSURANCES order; a slot is an insurance's index. */
export const SLOTS = 6;

/** Why a line cannot be computed (figures not found even after carry-forward), per slot. */
export interface MissingLine {
  insurance: Insurance;
  fields: string[];
}


export interface CompiledPolicy {
  readonly index: number;
  readonly record: PolicyRecord;
  /** Per insurance: the record's figures with not-found ones filled from earlier years. */
  readonly resolved: Record<Insurance, ResolvedInsurance>;
  /** 1 when every figure the line needs is given (for workInjury: incl. the rate range). */
  readonly present: Uint8Array;
  /** 1 when the insurance is marked not applicable (e.g. maternity merged into medical). */
  readonly notApplicable: Uint8Array;
  /** 1 when the line's employer or employee rate depends on hukou. */
  readonly needsHukou: Uint8Array;
  /** 1 when some figure of the line is carried from an earlier year. */
  readonly carried: Uint8Array;
  /** Per slot: the figures the line uses whose grade is weak (C or D): used, but shown as unverified. */
  readonly unverified: readonly (readonly string[])[];
  readonly floor: Float64Array;
  readonly cap: Float64Array;
  /** rounding code per slot*2+side (side 0 employer, 1 employee) */
  readonly round: Uint8Array;
  readonly fixed: Float64Array;
  /** parts per (slot*2+side)*2+hukou: offset and length into `parts` (micro) */
  readonly partOff: Int32Array;
  readonly partLen: Uint8Array;
  readonly parts: Int32Array;
  readonly injuryMin: number;
  readonly injuryMax: number;
  readonly hfErMin: number;
  readonly hfErMax: number;
  readonly hfEeMin: number;
  readonly hfEeMax: number;
  /** True when the record gives no housing-fund rate range: only the national maximum applies. */
  readonly hfNationalRange: boolean;
  readonly hfIntegerPercent: boolean;
  readonly hfEmployeeNotBelowEmployer: boolean;
  /** Lines that cannot be computed from this record (after carry-forward), with the fields lacking. */
  readonly missing: readonly MissingLine[];
}

/** Per-slot month states in a city table. */
export const S_NONE = 0; // missing: no figures (after carry-forward)
export const S_OK = 1;
export const S_PROVISIONAL = 2;
export const S_NOT_APPLICABLE = 3;
