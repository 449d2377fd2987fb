import { S_NONE, S_NOT_APPLICABLE, S_OK, S_PROVISIONAL, SLOTS, type CompiledPolicy } from './contribution.compiled';

// Flat per-row quote tables of one city, built when the library is loaded: a row is a month offset
// (the last row stands for every month beyond the last known one) and holds, per insurance, the
// figures of the policy whose figures that insurance uses there (after carry-forward), plus per-row
// bit masks of the slot states. QuoteEngine.quoteFen reads only these: table lookups and integer math.

export const SLOT_WORK_INJURY_BIT = 1 << 4;
export const SLOT_HOUSING_FUND_BIT = 1 << 5;

export interface LineTable {
  /** Index of the row used beyond lastKey (= number of month offsets). */
  beyondRow: number;
  /** record-level policy per row */
  rowPolicy: Int32Array;
  /** per row: bit (1 << slot) when the line has figures (state ok or provisional) */
  active: Uint8Array;
  /** per row: bit per active line that is provisional (beyond row: every active line) */
  provisional: Uint8Array;
  /** per row: bit per line without figures even after carry-forward */
  missing: Uint8Array;
  /** per row: bit per active line whose rate depends on hukou */
  needsHukou: Uint8Array;
  /** per row: work-injury rate range (micro) of the policy the line uses */
  injuryMin: Float64Array;
  injuryMax: Float64Array;
  /** per row: housing-fund rate ranges (micro) and rules (bit 0 integer percent, bit 1 employee >= employer) */
  hfErMin: Float64Array;
  hfErMax: Float64Array;
  hfEeMin: Float64Array;
  hfEeMax: Float64Array;
  hfRules: Uint8Array;
  /** per row*SLOTS+slot */
  floor: Float64Array;
  cap: Float64Array;
  /** per (row*SLOTS+slot)*2+side */
  round: Uint8Array;
  fixed: Float64Array;
  /** per ((row*SLOTS+slot)*2+side)*2+hukou: offset and length into `parts` */
  partOff: Int32Array;
  partLen: Uint8Array;
  /** the parts (micro) of every policy of the city, concatenated */
  parts: Int32Array;
}

export function buildLineTable(
  compiled: readonly CompiledPolicy[],
  byMonth: Int32Array,
  slotPolicy: Int32Array,
  slotState: Uint8Array,
  latestPolicy: Int32Array,
  latestState: Uint8Array,
  latest: number,
): LineTable {
  const months = byMonth.length;
  const rows = months + 1;
  const base = compiled[0]!.index;
  const partBase = new Map<number, number>();
  const allParts: number[] = [];
  for (const c of compiled) {
    partBase.set(c.index, allParts.length);
    for (const v of c.parts) allParts.push(v);
  }
  const t: LineTable = {
    beyondRow: months,
    rowPolicy: new Int32Array(rows),
    active: new Uint8Array(rows),
    provisional: new Uint8Array(rows),
    missing: new Uint8Array(rows),
    needsHukou: new Uint8Array(rows),
    injuryMin: new Float64Array(rows).fill(-1),
    injuryMax: new Float64Array(rows).fill(-1),
    hfErMin: new Float64Array(rows),
    hfErMax: new Float64Array(rows),
    hfEeMin: new Float64Array(rows),
    hfEeMax: new Float64Array(rows),
    hfRules: new Uint8Array(rows),
    floor: new Float64Array(rows * SLOTS),
    cap: new Float64Array(rows * SLOTS),
    round: new Uint8Array(rows * SLOTS * 2),
    fixed: new Float64Array(rows * SLOTS * 2),
    partOff: new Int32Array(rows * SLOTS * 4),
    partLen: new Uint8Array(rows * SLOTS * 4),
    parts: Int32Array.from(allParts),
  };
  for (let row = 0; row < rows; row++) {
    const beyond = row === months;
    t.rowPolicy[row] = beyond ? latest : byMonth[row]!;
    for (let k = 0; k < SLOTS; k++) {
      const state = beyond ? latestState[k]! : slotState[row * SLOTS + k]!;
      const pix = beyond ? latestPolicy[k]! : slotPolicy[row * SLOTS + k]!;
      const bit = 1 << k;
      if (state === S_NONE) t.missing[row]! |= bit;
      if (state === S_NOT_APPLICABLE || state === S_NONE) continue;
      if (state !== S_OK && state !== S_PROVISIONAL) throw new Error(`unexpected slot state ${state}`);
      const p = compiled[pix - base]!;
      if (p.index !== pix) throw new Error('compiled policies of a city must be consecutive');
      t.active[row]! |= bit;
      if (beyond || state === S_PROVISIONAL) t.provisional[row]! |= bit;
      if (p.needsHukou[k] === 1) t.needsHukou[row]! |= bit;
      if (bit === SLOT_WORK_INJURY_BIT) {
        t.injuryMin[row] = p.injuryMin;
        t.injuryMax[row] = p.injuryMax;
      } else if (bit === SLOT_HOUSING_FUND_BIT) {
        t.hfErMin[row] = p.hfErMin;
        t.hfErMax[row] = p.hfErMax;
        t.hfEeMin[row] = p.hfEeMin;
        t.hfEeMax[row] = p.hfEeMax;
        t.hfRules[row] = (p.hfIntegerPercent ? 1 : 0) | (p.hfEmployeeNotBelowEmployer ? 2 : 0);
      }
      const i = row * SLOTS + k;
      t.floor[i] = p.floor[k]!;
      t.cap[i] = p.cap[k]!;
      for (let s = 0; s < 2; s++) {
        t.round[i * 2 + s] = p.round[k * 2 + s]!;
        t.fixed[i * 2 + s] = p.fixed[k * 2 + s]!;
        for (let h = 0; h < 2; h++) {
          t.partOff[(i * 2 + s) * 2 + h] = partBase.get(pix)! + p.partOff[(k * 2 + s) * 2 + h]!;
          t.partLen[(i * 2 + s) * 2 + h] = p.partLen[(k * 2 + s) * 2 + h]!;
        }
      }
    }
  }
  return t;
}
