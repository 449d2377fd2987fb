import { parseMonthKey } from './money';
import {
  INSURANCES,
  type Figure,
  type GivenInsurance,
  type Insurance,
  type InsuranceSpec,
  type Period,
  type PolicyRecord,
  type RateSpec,
  type SideSpec,
} from './policy.types';

// Carry-forward of last known figures, per insurance and per figure. A policy year often arrives
// incomplete (bases published, rates not restated; Shanghai 2025 known first only for the housing
// fund). Each figure a record marks not found is taken from the same insurance's figure in the
// city's previous policy year that has it, and remembered as carried (with the year it comes from)
// so that every quote using it is marked provisional. Nothing is carried backwards.

/** A figure of a resolved insurance that comes from an earlier policy year. */
export interface CarriedFigure {
  /** Record field, e.g. "insurances.pension.employer.rate" or "housingFund" for the whole insurance. */
  field: string;
  fromYear: number;
  fromPolicyId: string;
}

export interface ResolvedInsurance {
  /** The record's own spec with not-found figures filled from earlier years where one had them. */
  spec: InsuranceSpec;
  carried: CarriedFigure[];
  /** The months this insurance's figures apply to, as month keys (inclusive). */
  fromKey: number;
  toKey: number;
}

/** The months an insurance of a record applies to: its own `effective` or the record's. */
export function insurancePeriod(record: PolicyRecord, insurance: Insurance): Period {
  return record.insurances[insurance].effective ?? { from: record.effectiveFrom, to: record.effectiveTo };
}

export function fieldPrefix(insurance: Insurance): string {
  return insurance === 'housingFund' ? 'housingFund' : `insurances.${insurance}`;
}

const isGiven = <T>(f: Figure<T> | null | undefined): boolean => f != null && f.status === 'given';

/** True when every figure of a rate spec is given. */
export function rateGiven(r: RateSpec): boolean {
  if (r.kind === 'single') return isGiven(r.rate);
  if (r.kind === 'byHukou') return isGiven(r.local) && isGiven(r.nonLocal);
  return isGiven(r.min) && isGiven(r.max);
}

interface Origin {
  year: number;
  policyId: string;
}

/** Where each figure of the previous resolved spec came from (field -> origin). */
type Origins = Map<string, Origin>;

function fillSide(cur: SideSpec, prev: SideSpec, prefix: string, prevOrigins: Origins, carried: CarriedFigure[], origins: Origins, self: Origin): SideSpec {
  let rate = cur.rate;
  const rateField = `${prefix}.rate`;
  if (!rateGiven(rate) && rateGiven(prev.rate)) {
    rate = prev.rate;
    const o = prevOrigins.get(rateField)!;
    carried.push({ field: rateField, fromYear: o.year, fromPolicyId: o.policyId });
    origins.set(rateField, o);
  } else origins.set(rateField, self);
  let fixed = cur.fixed;
  const fixedField = `${prefix}.fixed`;
  // null: the record has no fixed amount on this side (nothing to carry).
  if (fixed !== null && fixed.status === 'notFound' && prev.fixed !== null && isGiven(prev.fixed)) {
    fixed = prev.fixed;
    const o = prevOrigins.get(fixedField)!;
    carried.push({ field: fixedField, fromYear: o.year, fromPolicyId: o.policyId });
    origins.set(fixedField, o);
  } else origins.set(fixedField, self);
  return { rate, fixed, rounding: cur.rounding.isDefault && !prev.rounding.isDefault && rate === prev.rate ? prev.rounding : cur.rounding };
}

function fillFigure(cur: Figure<number>, prev: Figure<number>, field: string, prevOrigins: Origins, carried: CarriedFigure[], origins: Origins, self: Origin): Figure<number> {
  if (cur.status === 'notFound' && prev.status === 'given') {
    const o = prevOrigins.get(field)!;
    carried.push({ field, fromYear: o.year, fromPolicyId: o.policyId });
    origins.set(field, o);
    return prev;
  }
  origins.set(field, self);
  return cur;
}

const FIGURE_FIELDS = ['floor', 'cap', 'employer.rate', 'employer.fixed', 'employee.rate', 'employee.fixed'] as const;

/**
 * Resolves every record of one city, per insurance: records are taken in the order their periods
 * for that insurance start; each not-found figure is filled from the previous resolved year.
 * A `notApplicable` insurance (maternity merged into medical) breaks the chain: nothing is carried across it.
 */
export function resolveCity(records: readonly PolicyRecord[]): Map<PolicyRecord, Record<Insurance, ResolvedInsurance>> {
  const out = new Map<PolicyRecord, Record<Insurance, ResolvedInsurance>>();
  for (const r of records) out.set(r, {} as Record<Insurance, ResolvedInsurance>);
  for (const insurance of INSURANCES) {
    const prefix = fieldPrefix(insurance);
    const ordered = records
      .map((record) => {
        const period = insurancePeriod(record, insurance);
        return { record, fromKey: parseMonthKey(period.from)!, toKey: parseMonthKey(period.to)! };
      })
      .sort((a, b) => a.fromKey - b.fromKey);
    let prev = null as { spec: GivenInsurance; origins: Origins } | null;
    let prevNotApplicable: PolicyRecord | null = null;
    for (const { record, fromKey, toKey } of ordered) {
      const self: Origin = { year: record.year, policyId: record.id };
      const spec = record.insurances[insurance];
      const carried: CarriedFigure[] = [];
      let resolved: InsuranceSpec = spec;
      if (spec.status === 'notApplicable') {
        prev = null;
        prevNotApplicable = record;
      } else if (spec.status === 'notFound') {
        if (prevNotApplicable) {
          // Last known: not applicable (maternity merged into medical); that carries forward too.
          resolved = { status: 'notApplicable', sources: [], note: `as in ${prevNotApplicable.id}`, ...(spec.effective ? { effective: spec.effective } : {}) };
          carried.push({ field: prefix, fromYear: prevNotApplicable.year, fromPolicyId: prevNotApplicable.id });
        } else if (prev) {
          // The whole insurance is missing this year: every figure comes from earlier years.
          const origins = prev.origins;
          const years = new Map<string, Origin>();
          for (const f of FIGURE_FIELDS) {
            const o = origins.get(`${prefix}.${f}`);
            if (o) years.set(`${o.policyId}`, o);
          }
          for (const o of years.values()) carried.push({ field: prefix, fromYear: o.year, fromPolicyId: o.policyId });
          resolved = { ...prev.spec, ...(spec.effective ? { effective: spec.effective } : {}) };
        }
      } else {
        const origins: Origins = new Map();
        const cur = spec as GivenInsurance;
        if (prev) {
          const p: GivenInsurance = prev.spec;
          const po: Origins = prev.origins;
          resolved = {
            ...cur,
            floor: fillFigure(cur.floor, p.floor, `${prefix}.floor`, po, carried, origins, self),
            cap: fillFigure(cur.cap, p.cap, `${prefix}.cap`, po, carried, origins, self),
            employer: fillSide(cur.employer, p.employer, `${prefix}.employer`, po, carried, origins, self),
            employee: fillSide(cur.employee, p.employee, `${prefix}.employee`, po, carried, origins, self),
            includesMaternity: cur.includesMaternity ?? p.includesMaternity,
            rules: cur.rules ?? p.rules,
          };
        } else {
          for (const f of FIGURE_FIELDS) origins.set(`${prefix}.${f}`, self);
        }
        prev = { spec: resolved as GivenInsurance, origins };
        prevNotApplicable = null;
      }
      out.get(record)![insurance] = { spec: resolved, carried, fromKey, toKey };
    }
  }
  return out;
}
