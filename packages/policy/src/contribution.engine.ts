import { MAX_WAGE_FEN, parseMonthKey, roundingCode, roundMicroFen } from './money';
import { INSURANCES, type CityRef, type Figure, type Insurance, type PolicyRecord, type SideSpec } from './policy.types';

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
/** 1 when the month lies after the record's period (carried forward), else 0. */
export const OUT_PROVISIONAL = 20;
export const OUT_LENGTH = 21;

/** Negative return codes of quoteFen. */
export const ERR_UNKNOWN_CITY = -1;
export const ERR_MONTH_BEFORE_POLICY = -2;
export const ERR_WAGE = -3;
export const ERR_INJURY_RATE = -4;
export const ERR_HF_EMPLOYER_RATE = -5;
export const ERR_HF_EMPLOYEE_RATE = -6;
export const ERR_HF_INTEGER_PERCENT = -7;
export const ERR_HF_EMPLOYEE_BELOW_EMPLOYER = -8;

export const HUKOU_LOCAL = 0;
export const HUKOU_NON_LOCAL = 1;

/** Why a line cannot be computed (figures marked not found), precomputed per slot. */
export interface MissingLine {
  insurance: Insurance;
  fields: string[];
}

export interface CompiledPolicy {
  readonly index: number;
  readonly record: PolicyRecord;
  /** 1 when every figure the line needs is given (for workInjury/housingFund: incl. the rate range). */
  readonly present: Uint8Array;
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
  readonly hfIntegerPercent: boolean;
  readonly hfEmployeeNotBelowEmployer: boolean;
  /** Lines left out because a figure is not found (not those marked not applicable). */
  readonly missing: readonly MissingLine[];
}

interface CityTable {
  city: CityRef;
  firstKey: number;
  /** last month covered by a record (inclusive) */
  lastKey: number;
  /** policy index per month offset from firstKey, for firstKey..lastKey */
  byMonth: Int32Array;
  /** 1 where the month falls in a gap between records (previous record carried forward) */
  provisional: Uint8Array;
  latest: number;
}

function given<T>(f: Figure<T> | null | undefined): f is Extract<Figure<T>, { status: 'given' }> {
  return f != null && f.status === 'given';
}

function compileRecord(record: PolicyRecord, index: number): CompiledPolicy {
  const present = new Uint8Array(SLOTS);
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
  const hf = { erMin: -1, erMax: -1, eeMin: -1, eeMax: -1, integer: false, eeNotBelow: false };

  INSURANCES.forEach((name, k) => {
    const spec = record.insurances[name];
    const prefix = name === 'housingFund' ? 'housingFund' : `insurances.${name}`;
    if (spec.status !== 'given') {
      if (spec.status === 'notFound') missing.push({ insurance: name, fields: [prefix] });
      return;
    }
    const lacking: string[] = [];
    if (spec.floor.status === 'notFound') lacking.push(`${prefix}.floor`);
    if (spec.cap.status === 'notFound') lacking.push(`${prefix}.cap`);
    floor[k] = given(spec.floor) ? spec.floor.value : 0;
    cap[k] = given(spec.cap) ? spec.cap.value : MAX_WAGE_FEN;
    const sides: [SideSpec, string][] = [
      [spec.employer, 'employer'],
      [spec.employee, 'employee'],
    ];
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
        if (!given(rate.min)) lacking.push(`${field}.rateRange.min`);
        if (!given(rate.max)) lacking.push(`${field}.rateRange.max`);
        const min = given(rate.min) ? rate.min.value : -1;
        const max = given(rate.max) ? rate.max.value : -1;
        if (name === 'workInjury') {
          injuryMin = min;
          injuryMax = max;
        } else if (s === 0) {
          hf.erMin = min;
          hf.erMax = max;
        } else {
          hf.eeMin = min;
          hf.eeMax = max;
        }
      } else if (rate.kind === 'byHukou') {
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
    if (name === 'housingFund' && spec.rules) {
      hf.integer = given(spec.rules.integerPercent) && spec.rules.integerPercent.value;
      hf.eeNotBelow = given(spec.rules.employeeNotBelowEmployer) && spec.rules.employeeNotBelowEmployer.value;
    }
    if (lacking.length === 0) present[k] = 1;
    else missing.push({ insurance: name, fields: lacking });
  });

  return {
    index,
    record,
    present,
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
    hfErMax: hf.erMax,
    hfEeMin: hf.eeMin,
    hfEeMax: hf.eeMax,
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
    this.policies = records.map(compileRecord);
    const byCity = new Map<string, CompiledPolicy[]>();
    for (const p of this.policies) {
      const list = byCity.get(p.record.city.code) ?? [];
      list.push(p);
      byCity.set(p.record.city.code, list);
    }
    this.tables = [];
    for (const list of byCity.values()) {
      list.sort((a, b) => a.record.effectiveFrom.localeCompare(b.record.effectiveFrom));
      const first = list[0]!;
      const last = list[list.length - 1]!;
      const firstKey = parseMonthKey(first.record.effectiveFrom)!;
      const lastKey = parseMonthKey(last.record.effectiveTo)!;
      const byMonth = new Int32Array(lastKey - firstKey + 1);
      const provisional = new Uint8Array(lastKey - firstKey + 1);
      for (let key = firstKey, i = 0; key <= lastKey; key++) {
        while (i + 1 < list.length && parseMonthKey(list[i + 1]!.record.effectiveFrom)! <= key) i++;
        const p = list[i]!;
        byMonth[key - firstKey] = p.index;
        provisional[key - firstKey] = key > parseMonthKey(p.record.effectiveTo)! ? 1 : 0;
      }
      const ix = this.tables.length;
      this.tables.push({ city: first.record.city, firstKey, lastKey, byMonth, provisional, latest: last.index });
      for (const name of [first.record.city.code, first.record.city.zh, first.record.city.en]) {
        this.cityLookup.set(normaliseCityName(name), ix);
      }
    }
    this.cities = this.tables.map((t) => t.city);
  }

  /** City by GB/T 2260 code, Chinese name (北京 / 北京市) or English name (case-insensitive); -1 if unknown. */
  cityIndex(city: string): number {
    return this.cityLookup.get(normaliseCityName(city)) ?? -1;
  }

  /** First month with a record for the city, as a month key. */
  firstMonthKey(cityIx: number): number {
    return this.tables[cityIx]?.firstKey ?? -1;
  }

  /** The compiled policy for a city and month key, or -1 when before the first record. Sets nothing. */
  policyIndex(cityIx: number, monthKey: number): number {
    const t = this.tables[cityIx];
    if (!t || monthKey < t.firstKey) return -1;
    if (monthKey > t.lastKey) return t.latest;
    return t.byMonth[monthKey - t.firstKey]!;
  }

  isProvisional(cityIx: number, monthKey: number): boolean {
    const t = this.tables[cityIx];
    if (!t || monthKey < t.firstKey) return false;
    return monthKey > t.lastKey || t.provisional[monthKey - t.firstKey] === 1;
  }

  /**
   * Computes every line in integer fen into `out` (length OUT_LENGTH) without allocating.
   * @param hukou HUKOU_LOCAL or HUKOU_NON_LOCAL
   * @param injuryMicro work-injury employer rate in millionths, or -1 for the city's lowest rate
   * @param hfEmployerMicro housing-fund employer rate in millionths, or -1 for no housing-fund line
   * @param hfEmployeeMicro housing-fund employee rate in millionths (ignored when hfEmployerMicro is -1)
   * @returns the policy index (>= 0) or a negative ERR_* code
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
    let pix: number;
    let provisional = 0;
    if (monthKey > t.lastKey) {
      pix = t.latest;
      provisional = 1;
    } else {
      pix = t.byMonth[monthKey - t.firstKey]!;
      provisional = t.provisional[monthKey - t.firstKey]!;
    }
    if (!(wageFen > 0 && wageFen <= MAX_WAGE_FEN && Number.isInteger(wageFen))) return ERR_WAGE;
    const p = this.policies[pix]!;
    const present = p.present;
    let injury = injuryMicro;
    if (present[SLOT_WORK_INJURY] === 1) {
      if (injury < 0) injury = p.injuryMin;
      else if (injury < p.injuryMin || injury > p.injuryMax) return ERR_INJURY_RATE;
    }
    const hfLine = hfEmployerMicro >= 0 && present[SLOT_HOUSING_FUND] === 1;
    if (hfLine) {
      if (hfEmployerMicro < p.hfErMin || hfEmployerMicro > p.hfErMax) return ERR_HF_EMPLOYER_RATE;
      if (hfEmployeeMicro < p.hfEeMin || hfEmployeeMicro > p.hfEeMax) return ERR_HF_EMPLOYEE_RATE;
      if (p.hfIntegerPercent && (hfEmployerMicro % 10_000 !== 0 || hfEmployeeMicro % 10_000 !== 0)) return ERR_HF_INTEGER_PERCENT;
      if (p.hfEmployeeNotBelowEmployer && hfEmployeeMicro < hfEmployerMicro) return ERR_HF_EMPLOYEE_BELOW_EMPLOYER;
    }
    const { floor, cap, round, fixed, partOff, partLen, parts } = p;
    let employerTotal = 0;
    let employeeTotal = 0;
    for (let k = 0; k < SLOTS; k++) {
      const o = k * OUT_STRIDE;
      if (present[k] !== 1 || (k === SLOT_HOUSING_FUND && !hfLine)) {
        out[o] = -1;
        out[o + 1] = -1;
        out[o + 2] = -1;
        continue;
      }
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
          const i = (k * 2) * 2 + hukou;
          const off = partOff[i]!;
          const end = off + partLen[i]!;
          er = 0;
          for (let j = off; j < end; j++) er += roundMicroFen(base * parts[j]!, round[k * 2]!);
        }
        const i = (k * 2 + 1) * 2 + hukou;
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
    return pix;
  }
}

/** A reusable output buffer for QuoteEngine.quoteFen. */
export function createQuoteBuffer(): Float64Array {
  return new Float64Array(OUT_LENGTH);
}
