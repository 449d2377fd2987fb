import { MAX_WAGE_FEN, parseMonthKey, roundingCode } from './money';
import { SLOTS, S_NONE, S_OK, S_PROVISIONAL, S_NOT_APPLICABLE, type CompiledPolicy, type MissingLine } from './contribution.compiled';
import { buildLineTable, type LineTable } from './contribution.lines';
import { fieldPrefix, type ResolvedInsurance } from './policy.resolve';
import { INSURANCES, NATIONAL_HF_RATE_MAX_MICRO, type CityRef, type Figure, type Insurance, type PolicyRecord, type SideSpec } from './policy.types';

// Compiling records into the flat tables the quote engine reads: per record and insurance the
// resolved figures (contribution.engine.ts computes with them), per city and month which record's
// figures each insurance uses and in what state.

export { SLOTS, S_NONE, S_OK, S_PROVISIONAL, S_NOT_APPLICABLE, type MissingLine, type CompiledPolicy } from './contribution.compiled';

/** Grades below B: such a figure is used but every line using it is marked unverified. */
const WEAK_GRADES = new Set(['C', 'D', 'B/C']);


export interface CityTable {
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
  /** Flat quote rows (contribution.lines.ts): one per month offset, plus one for beyond lastKey. */
  lines: LineTable;
}

function given<T>(f: Figure<T> | null | undefined): f is Extract<Figure<T>, { status: 'given' }> {
  return f != null && f.status === 'given';
}

export function compileRecord(record: PolicyRecord, resolved: Record<Insurance, ResolvedInsurance>, index: number): CompiledPolicy {
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

/** Month tables of one city: per month the policy year, and per insurance the figures that apply. */
export function buildCityTable(compiled: readonly CompiledPolicy[]): CityTable {
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
  const lines = buildLineTable(compiled, byMonth, slotPolicy, slotState, latestPolicy, latestState, last.index);
  return { city: first.record.city, firstKey, lastKey, byMonth, slotPolicy, slotState, latestPolicy, latestState, latest: last.index, lines };
}

