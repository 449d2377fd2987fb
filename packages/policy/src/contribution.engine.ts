import { buildCityTable, compileRecord, S_NOT_APPLICABLE, S_OK, S_PROVISIONAL, SLOTS, type CityTable, type CompiledPolicy } from './contribution.compile';
import { SLOT_HOUSING_FUND_BIT, SLOT_WORK_INJURY_BIT } from './contribution.lines';
import { MAX_WAGE_FEN, roundMicroFen } from './money';
import { resolveCity } from './policy.resolve';
import { NATIONAL_HF_RATE_MAX_MICRO, type CityRef, type PolicyRecord } from './policy.types';

export type { CompiledPolicy, MissingLine } from './contribution.compile';
export { NATIONAL_HF_RATE_MAX_MICRO };

// The hot path. Records are compiled once into flat typed arrays; a quote writes integer fen into a
// caller-owned Float64Array and allocates nothing. The rich calculator is built on this same code,
// so there is one implementation of the arithmetic.

export const SLOT_PENSION = 0;
export const SLOT_MEDICAL = 1;
export const SLOT_MATERNITY = 2;
export const SLOT_UNEMPLOYMENT = 3;
export const SLOT_WORK_INJURY = 4;
export const SLOT_HOUSING_FUND = 5;

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

function normaliseCityName(s: string): string {
  return s.trim().toLowerCase().replace(/市$/, '');
}

/** Compiled tables for all records; build once per library (see createPolicyLibrary). */
export class QuoteEngine {
  readonly policies: readonly CompiledPolicy[];
  readonly cities: readonly CityRef[];
  private readonly tables: CityTable[];
  private readonly cityLookup = new Map<string, number>();
  private readonly exactLookup = new Map<string, number>();

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
    // Names already in normal form (codes, "beijing") are found without normalising each lookup.
    for (const [key, ix] of this.cityLookup) if (normaliseCityName(key) === key) this.exactLookup.set(key, ix);
    this.policies = policies;
    this.cities = this.tables.map((t) => t.city);
  }

  /** City by GB/T 2260 code, Chinese name (北京 / 北京市) or English name (case-insensitive); -1 if unknown. */
  cityIndex(city: string): number {
    return this.exactLookup.get(city) ?? this.cityLookup.get(normaliseCityName(city)) ?? -1;
  }

  /** First month with any figure period for the city, as a month key. */
  firstMonthKey(cityIx: number): number {
    return this.tables[cityIx]?.firstKey ?? -1;
  }

  /** The row of the city's flat quote tables for a month at or after its first month (beyond the last known month: one shared row). */
  quoteRow(cityIx: number, monthKey: number): number {
    const t = this.tables[cityIx]!;
    return monthKey > t.lastKey ? t.lines.beyondRow : monthKey - t.firstKey;
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
    const L = t.lines;
    const row = monthKey > t.lastKey ? L.beyondRow : monthKey - t.firstKey;
    const wantHf = hfEmployerMicro >= 0;
    const active = L.active[row]!;

    // Checks first (nothing is written before every input is known to be acceptable), in slot order:
    // hukou for pension..work injury, the injury rate, hukou for the housing fund, its rates.
    const needsHukou = hukou < 0 ? L.needsHukou[row]! : 0;
    if ((needsHukou & (SLOT_HOUSING_FUND_BIT - 1)) !== 0) return ERR_HUKOU_REQUIRED;
    let injury = injuryMicro;
    if ((active & SLOT_WORK_INJURY_BIT) !== 0) {
      if (injury < 0) injury = L.injuryMin[row]!;
      else if (injury < L.injuryMin[row]! || injury > L.injuryMax[row]!) return ERR_INJURY_RATE;
    }
    if ((needsHukou & SLOT_HOUSING_FUND_BIT) !== 0) return ERR_HUKOU_REQUIRED;
    if (wantHf) {
      if ((active & SLOT_HOUSING_FUND_BIT) !== 0) {
        if (hfEmployerMicro < L.hfErMin[row]! || hfEmployerMicro > L.hfErMax[row]!) return ERR_HF_EMPLOYER_RATE;
        if (hfEmployeeMicro < L.hfEeMin[row]! || hfEmployeeMicro > L.hfEeMax[row]!) return ERR_HF_EMPLOYEE_RATE;
        const rules = L.hfRules[row]!;
        if ((rules & 1) !== 0 && (hfEmployerMicro % 10_000 !== 0 || hfEmployeeMicro % 10_000 !== 0)) return ERR_HF_INTEGER_PERCENT;
        if ((rules & 2) !== 0 && hfEmployeeMicro < hfEmployerMicro) return ERR_HF_EMPLOYEE_BELOW_EMPLOYER;
      }
      if (hfEmployerMicro > NATIONAL_HF_RATE_MAX_MICRO) return ERR_HF_EMPLOYER_RATE;
      if (hfEmployeeMicro > NATIONAL_HF_RATE_MAX_MICRO) return ERR_HF_EMPLOYEE_RATE;
    }

    const h = hukou < 0 ? 0 : hukou;
    const lineMask = wantHf ? 0x3f : 0x1f;
    const lines = active & lineMask;
    const { floor, cap, round, fixed, partOff, partLen, parts } = L;
    const i0 = row * SLOTS;
    let employerTotal = 0;
    let employeeTotal = 0;
    // Pension, medical, maternity, unemployment: the rates (sums of parts, per hukou) of the policy.
    for (let k = 0; k < SLOT_WORK_INJURY; k++) {
      const o = k * OUT_STRIDE;
      if ((lines & (1 << k)) === 0) {
        out[o] = out[o + 1] = out[o + 2] = -1;
        continue;
      }
      const i = i0 + k;
      const f = floor[i]!;
      const c = cap[i]!;
      const base = wageFen < f ? f : wageFen > c ? c : wageFen;
      const er = sideFen(base, parts, partOff, partLen, (i * 2) * 2 + h, round[i * 2]!) + fixed[i * 2]!;
      const ee = sideFen(base, parts, partOff, partLen, (i * 2 + 1) * 2 + h, round[i * 2 + 1]!) + fixed[i * 2 + 1]!;
      out[o] = base;
      out[o + 1] = er;
      out[o + 2] = ee;
      employerTotal += er;
      employeeTotal += ee;
    }
    // Work injury: the employer rate is the chosen one (default the lowest).
    let o = SLOT_WORK_INJURY * OUT_STRIDE;
    if ((lines & SLOT_WORK_INJURY_BIT) === 0) out[o] = out[o + 1] = out[o + 2] = -1;
    else {
      const i = i0 + SLOT_WORK_INJURY;
      const f = floor[i]!;
      const c = cap[i]!;
      const base = wageFen < f ? f : wageFen > c ? c : wageFen;
      const er = roundMicroFen(base * injury, round[i * 2]!) + fixed[i * 2]!;
      const ee = sideFen(base, parts, partOff, partLen, (i * 2 + 1) * 2 + h, round[i * 2 + 1]!) + fixed[i * 2 + 1]!;
      out[o] = base;
      out[o + 1] = er;
      out[o + 2] = ee;
      employerTotal += er;
      employeeTotal += ee;
    }
    // Housing fund: both rates are the caller's.
    o = SLOT_HOUSING_FUND * OUT_STRIDE;
    if ((lines & SLOT_HOUSING_FUND_BIT) === 0) out[o] = out[o + 1] = out[o + 2] = -1;
    else {
      const i = i0 + SLOT_HOUSING_FUND;
      const f = floor[i]!;
      const c = cap[i]!;
      const base = wageFen < f ? f : wageFen > c ? c : wageFen;
      const er = roundMicroFen(base * hfEmployerMicro, round[i * 2]!) + fixed[i * 2]!;
      const ee = roundMicroFen(base * hfEmployeeMicro, round[i * 2 + 1]!) + fixed[i * 2 + 1]!;
      out[o] = base;
      out[o + 1] = er;
      out[o + 2] = ee;
      employerTotal += er;
      employeeTotal += ee;
    }
    out[OUT_EMPLOYER_TOTAL] = employerTotal;
    out[OUT_EMPLOYEE_TOTAL] = employeeTotal;
    out[OUT_PROVISIONAL] = (L.provisional[row]! & lineMask) !== 0 ? 1 : 0;
    out[OUT_MISSING] = L.missing[row]! & lineMask;
    return L.rowPolicy[row]!;
  }
}

/** One side of a line: each part of its rate rounded on its own (as the bureaus do), summed. */
function sideFen(base: number, parts: Int32Array, partOff: Int32Array, partLen: Uint8Array, j: number, round: number): number {
  const off = partOff[j]!;
  const end = off + partLen[j]!;
  let fen = 0;
  for (let x = off; x < end; x++) fen += roundMicroFen(base * parts[x]!, round);
  return fen;
}

/** A reusable output buffer for QuoteEngine.quoteFen. */
export function createQuoteBuffer(): Float64Array {
  return new Float64Array(OUT_LENGTH);
}
