import { MAX_WAGE_FEN, parseMonthKey, roundingCode, roundMicroFen } from './money';
import { INSURANCES, NATIONAL_HF_RATE_MAX_MICRO, type CityRef, type Figure, type Insurance, type PolicyRecord, type SideSpec } from './policy.types';
import { fieldPrefix, resolveCity, type ResolvedInsurance } from './policy.resolve';

// The hot path. Records are compiled once into flat typed arrays; a quote writes integer fen into a
// caller-owned Float64Array and allocates nothing. The rich calculator is built on this same code,
// so there is one implementation of the arithmetic.

export const SLOT_PENSION = 0;
export const SLOT_MEDICAL = 1;
export const SLOT_MATERNITY = 2;
export const SLOT_UNEMPLOYMENT = 3;
export const SLOT_WORK_INJURY = 4;
export const SLOT_HOUSING_FUND = 5;
const SLOTS = 6;

/** Layout of a quote buffer: per slot (INSURANCES order) [baseFen, employerFen, employeeFen]; -1 = no line. */
export const OUT_STRIDE = 3;
export const OUT_EMPLOYER_TOTAL = 18;
export const OUT_EMPLOYEE_TOTAL = 19;
/** 1 when some line uses figures carried forward from an earlier policy year, else 0. */
export const OUT_PROVISIONAL = 20;
/** Bit (1 << slot) per insurance without figures even after carry-forward: the quote is incomplete. */
export const OUT_MISSING = 21;
export const OUT_LENGTH = 22;

/** Negative return codes of quoteFen. */
export const ERR_UNKNOWN_CITY = -1;
export const ERR_MONTH_BEFORE_POLICY = -2;
export const ERR_WAGE = -3;
export const ERR_INJURY_RATE = -4;
export const ERR_HF_EMPLOYER_RATE = -5;
export const ERR_HF_EMPLOYEE_RATE = -6;
export const ERR_HF_INTEGER_PERCENT = -7;
export const ERR_HF_EMPLOYEE_BELOW_EMPLOYER = -8;
/** A rate of the city depends on hukou and none was given. */
export const ERR_HUKOU_REQUIRED = -9;

export const HUKOU_LOCAL = 0;
export const HUKOU_NON_LOCAL = 1;
/** Hukou not given: fine unless some rate of the city and month depends on it. */
export const HUKOU_UNKNOWN = -1;

/** Why a line cannot be computed (figures not found even after carry-forward), per slot. */
export interface MissingLine {
  insurance: Insurance;
  fields: string[];
}

export { NATIONAL_HF_RATE_MAX_MICRO };

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

/** Grades below B: such a figure is used but every line using it is marked unverified. */
const WEAK_GRADES = new Set(['C', 'D', 'B/C']);

/** Per-slot month states in a city table. */
const S_NONE = 0; // missing: no figures (after carry-forward)
const S_OK = 1;
const S_PROVISIONAL = 2;
const S_NOT_APPLICABLE = 3;

interface CityTable {
  city: CityRef;
  firstKey: number;
  /** last month covered by some insurance period (inclusive) */
  lastKey: number;
  /** record-level policy (the policy year the month belongs to) per month offset */
  byMonth: Int32Array;
  /** per (month offset * SLOTS + slot): the compiled policy whose figures the line uses, or the one lacking them */
  slotPolicy: Int32Array;
  /** per (month offset * SLOTS + slot): S_* */
  slotState: Uint8Array;
  /** beyond lastKey, per slot: the policy carried forward (-1 none) and its state */
  latestPolicy: Int32Array;
  latestState: Uint8Array;
  latest: number;
}

function given<T>(f: Figure<T> | null | undefined): f is Extract<Figure<T>, { status: 'given' }> {
  return f != null && f.status === 'given';
}

function compileRecord(record: PolicyRecord, resolved: Record<Insurance, ResolvedInsurance>, index: number): CompiledPolicy {
  const present = new Uint8Array(SLOTS);
  const notApplicable = new Uint8Array(SLOTS);
  const needsHukou = new Uint8Array(SLOTS);
  const carried = new Uint8Array(SLOTS);
  const unverified: string[][] = INSURANCES.map(() => []);
  const floor = new Float64Array(SLOTS);
  const cap = new Float64Array(SLOTS);
  const round = new Uint8Array(SLOTS * 2);
  const fixed = new Float64Array(SLOTS * 2);
  const partOff = new Int32Array(SLOTS * 4);
  const partLen = new Uint8Array(SLOTS * 4);
  const parts: number[] = [];
  const missing: MissingLine[] = [];
  let injuryMin = -1;
  let injuryMax = -1;
  const hf = { erMin: -1, erMax: -1, eeMin: -1, eeMax: -1, national: false, integer: false, eeNotBelow: false };

  INSURANCES.forEach((name, k) => {
    const spec = resolved[name].spec;
    if (resolved[name].carried.length > 0) carried[k] = 1;
    const prefix = fieldPrefix(name);
    if (spec.status !== 'given') {
      if (spec.status === 'notFound') missing.push({ insurance: name, fields: [prefix] });
      else notApplicable[k] = 1;
      return;
    }
    const lacking: string[] = [];
    const weak = (f: Figure<unknown> | null | undefined, field: string) => {
      if (given(f) && WEAK_GRADES.has(f.grade ?? '')) unverified[k]!.push(`${field} (${f.grade})`);
    };
    weak(spec.floor, `${prefix}.floor`);
    weak(spec.cap, `${prefix}.cap`);
    for (const side of ['employer', 'employee'] as const) {
      const r = spec[side].rate;
      const f = `${prefix}.${side}`;
      if (r.kind === 'single') weak(r.rate, `${f}.rate`);
      else if (r.kind === 'byHukou') {
        weak(r.local, `${f}.rate.byHukou.local`);
        weak(r.nonLocal, `${f}.rate.byHukou.nonLocal`);
      } else {
        weak(r.min, `${f}.rateRange.min`);
        weak(r.max, `${f}.rateRange.max`);
      }
      weak(spec[side].fixed, `${f}.fixed`);
    }
    if (spec.floor.status === 'notFound') lacking.push(`${prefix}.floor`);
    if (spec.cap.status === 'notFound') lacking.push(`${prefix}.cap`);
    floor[k] = given(spec.floor) ? spec.floor.value : 0;
    cap[k] = given(spec.cap) ? spec.cap.value : MAX_WAGE_FEN;
    const sides: [SideSpec, string][] = [
      [spec.employer, 'employer'],
      [spec.employee, 'employee'],
    ];
    let hfRangeLacking = false;
    sides.forEach(([side, sideName], s) => {
      const field = `${prefix}.${sideName}`;
      round[k * 2 + s] = roundingCode(side.rounding.rule);
      if (side.fixed) {
        if (given(side.fixed)) fixed[k * 2 + s] = side.fixed.value;
        else if (side.fixed.status === 'notFound') lacking.push(`${field}.fixed`);
      }
      const rate = side.rate;
      const setParts = (h: number, micros: number[]) => {
        partOff[(k * 2 + s) * 2 + h] = parts.length;
        partLen[(k * 2 + s) * 2 + h] = micros.length;
        parts.push(...micros);
      };
      if (rate.kind === 'range') {
        const min = given(rate.min) ? rate.min.value : -1;
        const max = given(rate.max) ? rate.max.value : -1;
        if (name === 'workInjury') {
          if (!given(rate.min)) lacking.push(`${field}.rateRange.min`);
          if (!given(rate.max)) lacking.push(`${field}.rateRange.max`);
          injuryMin = min;
          injuryMax = max;
        } else {
          // Housing fund: the tenant chooses the rate; without the city's range the national maximum applies.
          if (!given(rate.min) || !given(rate.max)) hfRangeLacking = true;
          if (s === 0) {
            hf.erMin = min;
            hf.erMax = max;
          } else {
            hf.eeMin = min;
            hf.eeMax = max;
          }
        }
      } else if (rate.kind === 'byHukou') {
        needsHukou[k] = 1;
        if (!given(rate.local)) lacking.push(`${field}.rate.byHukou.local`);
        if (!given(rate.nonLocal)) lacking.push(`${field}.rate.byHukou.nonLocal`);
        setParts(0, given(rate.local) ? [rate.local.value] : []);
        setParts(1, given(rate.nonLocal) ? [rate.nonLocal.value] : []);
      } else {
        if (!given(rate.rate)) lacking.push(`${field}.rate`);
        const micros = rate.parts ? rate.parts.map((p) => p.value) : given(rate.rate) ? [rate.rate.value] : [];
        setParts(0, micros);
        setParts(1, micros);
      }
    });
    if (name === 'housingFund') {
      if (hfRangeLacking) {
        hf.national = true;
        hf.erMin = 0;
        hf.eeMin = 0;
        hf.erMax = NATIONAL_HF_RATE_MAX_MICRO;
        hf.eeMax = NATIONAL_HF_RATE_MAX_MICRO;
      }
      if (spec.rules) {
        hf.integer = given(spec.rules.integerPercent) && spec.rules.integerPercent.value;
        hf.eeNotBelow = given(spec.rules.employeeNotBelowEmployer) && spec.rules.employeeNotBelowEmployer.value;
      }
    }
    if (lacking.length === 0) present[k] = 1;
    else missing.push({ insurance: name, fields: lacking });
  });

  return {
    index,
    record,
    resolved,
    present,
    notApplicable,
    needsHukou,
    carried,
    unverified,
    floor,
    cap,
    round,
    fixed,
    partOff,
    partLen,
    parts: Int32Array.from(parts),
    injuryMin,
    injuryMax,
    hfErMin: hf.erMin,
    hfErMax: Math.min(hf.erMax, NATIONAL_HF_RATE_MAX_MICRO),
    hfEeMin: hf.eeMin,
    hfEeMax: Math.min(hf.eeMax, NATIONAL_HF_RATE_MAX_MICRO),
    hfNationalRange: hf.national,
    hfIntegerPercent: hf.integer,
    hfEmployeeNotBelowEmployer: hf.eeNotBelow,
    missing,
  };
}

function normaliseCityName(s: string): string {
  return s.trim().toLowerCase().replace(/市$/, '');
}

/** Compiled tables for all records; build once per library (see createPolicyLibrary). */
export class QuoteEngine {
  readonly policies: readonly CompiledPolicy[];
  readonly cities: readonly CityRef[];
  private readonly tables: CityTable[];
  private readonly cityLookup = new Map<string, number>();

  constructor(records: readonly PolicyRecord[]) {
    const byCity = new Map<string, PolicyRecord[]>();
    for (const r of records) {
      const list = byCity.get(r.city.code) ?? [];
      list.push(r);
      byCity.set(r.city.code, list);
    }
    const policies: CompiledPolicy[] = [];
    this.tables = [];
    for (const list of byCity.values()) {
      list.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
      const resolved = resolveCity(list);
      const compiled = list.map((r) => {
        const c = compileRecord(r, resolved.get(r)!, policies.length);
        policies.push(c);
        return c;
      });
      this.tables.push(buildCityTable(compiled));
      const ix = this.tables.length - 1;
      const city = list[0]!.city;
      for (const name of [city.code, city.zh, city.en]) this.cityLookup.set(normaliseCityName(name), ix);
    }
    this.policies = policies;
    this.cities = this.tables.map((t) => t.city);
  }

  /** City by GB/T 2260 code, Chinese name (北京 / 北京市) or English name (case-insensitive); -1 if unknown. */
  cityIndex(city: string): number {
    return this.cityLookup.get(normaliseCityName(city)) ?? -1;
  }

  /** First month with any figure period for the city, as a month key. */
  firstMonthKey(cityIx: number): number {
    return this.tables[cityIx]?.firstKey ?? -1;
  }

  /** The record-level policy (policy year) of a city and month key, or -1 when before the first record. */
  policyIndex(cityIx: number, monthKey: number): number {
    const t = this.tables[cityIx];
    if (!t || monthKey < t.firstKey) return -1;
    if (monthKey > t.lastKey) return t.latest;
    return t.byMonth[monthKey - t.firstKey]!;
  }

  /**
   * How one insurance (slot, INSURANCES order) is quoted in a month: the compiled policy whose
   * figures it uses (or, when missing, the one that lacks them; -1 when no record covers it) and
   * its state: 'ok', 'provisional' (some figure carried from an earlier year), 'missing', 'notApplicable'.
   */
  slot(cityIx: number, monthKey: number, slot: number): { policy: number; state: 'ok' | 'provisional' | 'missing' | 'notApplicable' } {
    const t = this.tables[cityIx];
    if (!t || monthKey < t.firstKey) return { policy: -1, state: 'missing' };
    const beyond = monthKey > t.lastKey;
    const i = (monthKey - t.firstKey) * SLOTS + slot;
    const policy = beyond ? t.latestPolicy[slot]! : t.slotPolicy[i]!;
    const code = beyond ? t.latestState[slot]! : t.slotState[i]!;
    const state = code === S_OK ? 'ok' : code === S_PROVISIONAL ? 'provisional' : code === S_NOT_APPLICABLE ? 'notApplicable' : 'missing';
    return { policy, state };
  }

  /**
   * Computes every line in integer fen into `out` (length OUT_LENGTH) without allocating.
   * Each insurance uses the figures that apply to it in that month (its own policy-year convention),
   * carried forward from earlier years where missing; OUT_PROVISIONAL says so, and OUT_MISSING has a
   * bit (1 << slot) per insurance that has no figures at all (the quote is then incomplete).
   * @param hukou HUKOU_LOCAL, HUKOU_NON_LOCAL or HUKOU_UNKNOWN (an error where a rate depends on it)
   * @param injuryMicro work-injury employer rate in millionths, or -1 for the city's lowest rate
   * @param hfEmployerMicro housing-fund employer rate in millionths, or -1 for no housing-fund line
   * @param hfEmployeeMicro housing-fund employee rate in millionths (ignored when hfEmployerMicro is -1)
   * @returns the record-level policy index (>= 0) or a negative ERR_* code
   * @example
   * const out = createQuoteBuffer();
   * const bj = engine.cityIndex('110100');
   * engine.quoteFen(bj, parseMonthKey('2024-09')!, 1_234_567, HUKOU_LOCAL, -1, -1, -1, out);
   * out[OUT_EMPLOYER_TOTAL]; // employer total in fen
   */
  quoteFen(
    cityIx: number,
    monthKey: number,
    wageFen: number,
    hukou: number,
    injuryMicro: number,
    hfEmployerMicro: number,
    hfEmployeeMicro: number,
    out: Float64Array,
  ): number {
    const t = this.tables[cityIx];
    if (t === undefined) return ERR_UNKNOWN_CITY;
    if (monthKey < t.firstKey) return ERR_MONTH_BEFORE_POLICY;
    if (!(wageFen > 0 && wageFen <= MAX_WAGE_FEN && Number.isInteger(wageFen))) return ERR_WAGE;
    const beyond = monthKey > t.lastKey;
    const row = beyond ? 0 : (monthKey - t.firstKey) * SLOTS;
    const slotPolicy = beyond ? t.latestPolicy : t.slotPolicy;
    const slotState = beyond ? t.latestState : t.slotState;
    const policies = this.policies;
    const wantHf = hfEmployerMicro >= 0;

    // Checks first (nothing is written before every input is known to be acceptable).
    let injury = injuryMicro;
    for (let k = 0; k < SLOTS; k++) {
      const state = slotState[row + k]!;
      if (state !== S_OK && state !== S_PROVISIONAL) continue;
      const p = policies[slotPolicy[row + k]!]!;
      if (hukou < 0 && p.needsHukou[k] === 1) return ERR_HUKOU_REQUIRED;
      if (k === SLOT_WORK_INJURY) {
        if (injury < 0) injury = p.injuryMin;
        else if (injury < p.injuryMin || injury > p.injuryMax) return ERR_INJURY_RATE;
      } else if (k === SLOT_HOUSING_FUND && wantHf) {
        if (hfEmployerMicro < p.hfErMin || hfEmployerMicro > p.hfErMax) return ERR_HF_EMPLOYER_RATE;
        if (hfEmployeeMicro < p.hfEeMin || hfEmployeeMicro > p.hfEeMax) return ERR_HF_EMPLOYEE_RATE;
        if (p.hfIntegerPercent && (hfEmployerMicro % 10_000 !== 0 || hfEmployeeMicro % 10_000 !== 0)) return ERR_HF_INTEGER_PERCENT;
        if (p.hfEmployeeNotBelowEmployer && hfEmployeeMicro < hfEmployerMicro) return ERR_HF_EMPLOYEE_BELOW_EMPLOYER;
      }
    }
    if (wantHf && (hfEmployerMicro > NATIONAL_HF_RATE_MAX_MICRO || hfEmployeeMicro > NATIONAL_HF_RATE_MAX_MICRO)) {
      return hfEmployerMicro > NATIONAL_HF_RATE_MAX_MICRO ? ERR_HF_EMPLOYER_RATE : ERR_HF_EMPLOYEE_RATE;
    }

    const h = hukou < 0 ? 0 : hukou;
    let employerTotal = 0;
    let employeeTotal = 0;
    let provisional = 0;
    let missing = 0;
    for (let k = 0; k < SLOTS; k++) {
      const o = k * OUT_STRIDE;
      const state = slotState[row + k]!;
      const skip = k === SLOT_HOUSING_FUND && !wantHf;
      if (skip || state === S_NOT_APPLICABLE || state === S_NONE) {
        if (!skip && state === S_NONE) missing |= 1 << k;
        out[o] = -1;
        out[o + 1] = -1;
        out[o + 2] = -1;
        continue;
      }
      if (state === S_PROVISIONAL || beyond) provisional = 1;
      const p = policies[slotPolicy[row + k]!]!;
      const { floor, cap, round, fixed, partOff, partLen, parts } = p;
      const f = floor[k]!;
      const c = cap[k]!;
      const base = wageFen < f ? f : wageFen > c ? c : wageFen;
      let er: number;
      let ee: number;
      if (k === SLOT_HOUSING_FUND) {
        er = roundMicroFen(base * hfEmployerMicro, round[k * 2]!);
        ee = roundMicroFen(base * hfEmployeeMicro, round[k * 2 + 1]!);
      } else {
        if (k === SLOT_WORK_INJURY) {
          er = roundMicroFen(base * injury, round[k * 2]!);
        } else {
          const i = (k * 2) * 2 + h;
          const off = partOff[i]!;
          const end = off + partLen[i]!;
          er = 0;
          for (let j = off; j < end; j++) er += roundMicroFen(base * parts[j]!, round[k * 2]!);
        }
        const i = (k * 2 + 1) * 2 + h;
        const off = partOff[i]!;
        const end = off + partLen[i]!;
        ee = 0;
        for (let j = off; j < end; j++) ee += roundMicroFen(base * parts[j]!, round[k * 2 + 1]!);
      }
      er += fixed[k * 2]!;
      ee += fixed[k * 2 + 1]!;
      out[o] = base;
      out[o + 1] = er;
      out[o + 2] = ee;
      employerTotal += er;
      employeeTotal += ee;
    }
    out[OUT_EMPLOYER_TOTAL] = employerTotal;
    out[OUT_EMPLOYEE_TOTAL] = employeeTotal;
    out[OUT_PROVISIONAL] = provisional;
    out[OUT_MISSING] = missing;
    return beyond ? t.latest : t.byMonth[monthKey - t.firstKey]!;
  }
}

/** Month tables of one city: per month the policy year, and per insurance the figures that apply. */
function buildCityTable(compiled: readonly CompiledPolicy[]): CityTable {
  const first = compiled[0]!;
  const last = compiled[compiled.length - 1]!;
  let firstKey = Infinity;
  let lastKey = -Infinity;
  for (const c of compiled) {
    firstKey = Math.min(firstKey, parseMonthKey(c.record.effectiveFrom)!);
    lastKey = Math.max(lastKey, parseMonthKey(c.record.effectiveTo)!);
    for (const name of INSURANCES) {
      firstKey = Math.min(firstKey, c.resolved[name].fromKey);
      lastKey = Math.max(lastKey, c.resolved[name].toKey);
    }
  }
  const months = lastKey - firstKey + 1;
  const byMonth = new Int32Array(months);
  const slotPolicy = new Int32Array(months * SLOTS).fill(-1);
  const slotState = new Uint8Array(months * SLOTS);
  for (let key = firstKey; key <= lastKey; key++) {
    // The policy year of the month: the latest record whose own period starts by then.
    let year = first;
    for (const c of compiled) if (parseMonthKey(c.record.effectiveFrom)! <= key) year = c;
    byMonth[key - firstKey] = year.index;
    for (let k = 0; k < SLOTS; k++) {
      const name = INSURANCES[k]!;
      const i = (key - firstKey) * SLOTS + k;
      const covering = compiled.find((c) => c.resolved[name].fromKey <= key && key <= c.resolved[name].toKey);
      if (covering && covering.notApplicable[k] === 1) {
        slotPolicy[i] = covering.index;
        slotState[i] = S_NOT_APPLICABLE;
      } else if (covering && covering.present[k] === 1) {
        slotPolicy[i] = covering.index;
        slotState[i] = covering.carried[k] === 1 ? S_PROVISIONAL : S_OK;
      } else {
        // A gap between periods (or nothing usable): the last earlier period with figures, provisionally.
        let fallback: CompiledPolicy | null = null;
        for (const c of compiled) {
          if (c.resolved[name].toKey < key && (c.present[k] === 1 || c.notApplicable[k] === 1)) {
            if (!fallback || c.resolved[name].toKey > fallback.resolved[name].toKey) fallback = c;
          }
        }
        if (fallback && !covering) {
          slotPolicy[i] = fallback.index;
          slotState[i] = fallback.notApplicable[k] === 1 ? S_NOT_APPLICABLE : S_PROVISIONAL;
        } else {
          slotPolicy[i] = covering ? covering.index : -1;
          slotState[i] = S_NONE;
        }
      }
    }
  }
  const latestPolicy = new Int32Array(SLOTS).fill(-1);
  const latestState = new Uint8Array(SLOTS);
  for (let k = 0; k < SLOTS; k++) {
    const name = INSURANCES[k]!;
    // The period of this insurance that ends last decides what is carried beyond the known years.
    let lastPeriod = compiled[0]!;
    for (const c of compiled) if (c.resolved[name].toKey >= lastPeriod.resolved[name].toKey) lastPeriod = c;
    latestPolicy[k] = lastPeriod.index;
    latestState[k] = lastPeriod.notApplicable[k] === 1 ? S_NOT_APPLICABLE : lastPeriod.present[k] === 1 ? S_PROVISIONAL : S_NONE;
  }
  return { city: first.record.city, firstKey, lastKey, byMonth, slotPolicy, slotState, latestPolicy, latestState, latest: last.index };
}

/** A reusable output buffer for QuoteEngine.quoteFen. */
export function createQuoteBuffer(): Float64Array {
  return new Float64Array(OUT_LENGTH);
}
