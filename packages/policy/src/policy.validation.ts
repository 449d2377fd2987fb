import { PolicyDataError } from './errors';
import { parseDecimalScaled, parseYuanToFen } from './money';
import { decimalText, firstIssue, issueField, policyFileSchema, type PolicyFile } from './policy.schema';
import {
  INSURANCES,
  type Figure,
  type Grade,
  type Insurance,
  type InsuranceSpec,
  type PolicyRecord,
  type Provenance,
  type RateSpec,
  type RoundingSpec,
  type SideSpec,
} from './policy.types';

// A raw record is checked by the zod schema (policy.schema.ts), then its source ids against the
// register, then normalised here: money to fen, rates to micro, defaults filled in.

type RawProvenance = { sources?: (string | number)[] | undefined; grade?: Grade | undefined; derived?: boolean | undefined; note?: string | number | undefined };
type RawFigure<V> = RawProvenance & { value?: V | undefined; notFound?: true | undefined; notApplicable?: true | undefined };
type FileInsurance = PolicyFile['housingFund'];
type FileGiven = Extract<FileInsurance, { status: 'given' }>;
type FileSide = FileGiven['employer'];

const str = (v: string | number): string => String(v).trim();
const fen = (v: string | number): number => parseYuanToFen(v)!;
const micro = (v: string | number): number => parseDecimalScaled(decimalText(v), 6)!;

function provenance(p: RawProvenance): Provenance {
  return {
    sources: (p.sources ?? []).map(str),
    grade: p.grade ?? null,
    derived: p.derived === true,
    ...(p.note === undefined ? {} : { note: str(p.note) }),
  };
}

function figure<V, T>(f: RawFigure<V>, parse: (v: V) => T): Figure<T> {
  if (f.value !== undefined) return { status: 'given', value: parse(f.value), ...provenance(f) };
  return { status: f.notFound ? 'notFound' : 'notApplicable', ...provenance(f) };
}

function rateSpec(side: FileSide): RateSpec {
  if (side.rateRange) return { kind: 'range', min: figure(side.rateRange.min, micro), max: figure(side.rateRange.max, micro) };
  const r = side.rate!;
  if ('byHukou' in r) return { kind: 'byHukou', local: figure(r.byHukou.local, micro), nonLocal: figure(r.byHukou.nonLocal, micro) };
  return {
    kind: 'single',
    rate: figure(r, micro),
    parts: side.parts ? side.parts.map((p) => ({ name: str(p.name), value: micro(p.value), ...provenance(p) })) : null,
  };
}

function sideSpec(side: FileSide, name: Insurance): SideSpec {
  const rule = name === 'housingFund' ? 'half-up-yuan' : 'half-up-fen';
  const rounding: RoundingSpec = side.rounding
    ? { rule: side.rounding.rule, isDefault: side.rounding.default === true, ...provenance(side.rounding) }
    : { rule, isDefault: true, sources: [], grade: null, derived: false };
  return { rate: rateSpec(side), fixed: side.fixed ? figure(side.fixed, fen) : null, rounding };
}

function insuranceSpec(ins: FileInsurance, name: Insurance): InsuranceSpec {
  const effective = ins.effective ? { effective: { from: ins.effective.from.trim(), to: ins.effective.to.trim() } } : {};
  if (ins.status !== 'given') {
    return { status: ins.status, ...effective, sources: (ins.sources ?? []).map(str), ...(ins.note === undefined ? {} : { note: str(ins.note) }) };
  }
  const bool = (v: boolean) => v;
  return {
    status: 'given',
    ...effective,
    floor: figure(ins.floor, fen),
    cap: figure(ins.cap, fen),
    employer: sideSpec(ins.employer, name),
    employee: sideSpec(ins.employee, name),
    includesMaternity: ins.includesMaternity ? figure(ins.includesMaternity, bool) : null,
    rules: ins.rules
      ? {
          integerPercent: ins.rules.integerPercent ? figure(ins.rules.integerPercent, bool) : null,
          employeeNotBelowEmployer: ins.rules.employeeNotBelowEmployer ? figure(ins.rules.employeeNotBelowEmployer, bool) : null,
          ...(ins.rules.note === undefined ? {} : { note: str(ins.rules.note) }),
        }
      : null,
  };
}

/** The first source id (depth-first, in file order) that the register does not know, with its field. */
function unknownSource(v: unknown, field: string, known: ReadonlySet<string>): { field: string; id: string } | null {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = unknownSource(v[i], `${field}[${i}]`, known);
      if (hit) return hit;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      const path = field === '' ? k : `${field}.${k}`;
      if (k === 'sources' && Array.isArray(child)) {
        const i = child.findIndex((s) => !known.has(str(s as string)));
        if (i >= 0) return { field: `${path}[${i}]`, id: str(child[i] as string) };
      } else {
        const hit = unknownSource(child, path, known);
        if (hit) return hit;
      }
    }
  }
  return null;
}

/** City code and year for error messages, read leniently from a record that may be invalid. */
function where(raw: unknown): { city: string | null; year: number | null } {
  const r = (raw && typeof raw === 'object' ? raw : {}) as { city?: { code?: unknown }; year?: unknown };
  const code = r.city && typeof r.city === 'object' ? r.city.code : undefined;
  return {
    city: typeof code === 'string' && /^\d{6}$/.test(code) ? code : null,
    year: typeof r.year === 'number' && Number.isInteger(r.year) && r.year >= 1990 && r.year <= 2999 ? r.year : null,
  };
}

/**
 * Validates one raw policy record (parsed YAML/JSON or a consultant's API body) and returns it
 * normalised (money in fen, rates in micro). Throws PolicyDataError naming origin, city, year and field.
 * `knownSources`, when given, rejects source ids not in the register.
 * @example
 * const record = validatePolicyRecord(body, `api:consultant:${userId}`, new Set(loadSources().map((s) => s.id)));
 * const library = createPolicyLibrary([...shipped.records.filter((r) => r.id !== replacedId), record], loadSources());
 */
export function validatePolicyRecord(raw: unknown, origin: string, knownSources?: ReadonlySet<string>): PolicyRecord {
  const parsed = policyFileSchema.safeParse(raw);
  const { city, year } = where(raw);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error.issues);
    throw new PolicyDataError(origin, city, year, issueField(issue), issue.message);
  }
  const rec = parsed.data;
  if (knownSources) {
    const unknown = unknownSource(rec, '', knownSources);
    if (unknown) throw new PolicyDataError(origin, city, year, unknown.field, `unknown source id "${unknown.id}"`);
  }
  const insurances = {} as Record<Insurance, InsuranceSpec>;
  for (const name of INSURANCES) insurances[name] = insuranceSpec(name === 'housingFund' ? rec.housingFund : rec.insurances[name], name);
  const published: PolicyRecord['published'] = {};
  for (const key of ['publishedEmployerAtCap', 'publishedHousingFundMonthlyTotal'] as const) {
    const p = rec[key];
    if (!p) continue;
    const amounts: Record<string, string> = {};
    for (const [k, a] of Object.entries(p.amounts)) if (a !== undefined) amounts[k] = decimalText(a);
    published[key] = { sources: p.sources.map(str), grade: p.grade ?? null, amounts };
  }
  const code = rec.city.code;
  const revision = rec.revision ?? 1;
  return {
    id: `${code}-${rec.year}-r${revision}`,
    origin,
    city: { code, zh: str(rec.city.zh), en: str(rec.city.en) },
    ...(rec.codeNote === undefined ? {} : { codeNote: str(rec.codeNote) }),
    year: rec.year,
    revision,
    effectiveFrom: rec.effective.from.trim(),
    effectiveTo: rec.effective.to.trim(),
    cutOffDay: figure(rec.cutOffDay ?? { notFound: true }, (d: number) => d),
    insurances,
    published,
    notes: (rec.notes ?? []).map(str),
  };
}

/**
 * Checks a set of records together: one record per city and year, consistent city names,
 * and no overlapping effective periods within a city. Throws PolicyDataError naming the later file.
 */
export function validatePolicySet(records: readonly PolicyRecord[]): void {
  const byCity = new Map<string, PolicyRecord[]>();
  for (const r of records) {
    const list = byCity.get(r.city.code) ?? [];
    list.push(r);
    byCity.set(r.city.code, list);
  }
  for (const list of byCity.values()) {
    list.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      const first = list[0]!;
      if (r.city.zh !== first.city.zh || r.city.en !== first.city.en) {
        throw new PolicyDataError(r.origin, r.city.code, r.year, 'city', `names ${r.city.zh}/${r.city.en} differ from ${first.origin} (${first.city.zh}/${first.city.en})`);
      }
      const prev = list[i - 1];
      if (!prev) continue;
      if (prev.year === r.year) {
        throw new PolicyDataError(r.origin, r.city.code, r.year, 'year', `a record for this city and year already comes from ${prev.origin}`);
      }
      if (r.effectiveFrom <= prev.effectiveTo) {
        throw new PolicyDataError(r.origin, r.city.code, r.year, 'effective.from', `${r.effectiveFrom} overlaps ${prev.origin} (effective ${prev.effectiveFrom}..${prev.effectiveTo})`);
      }
    }
    // Each insurance's own periods (policy-year conventions differ per insurance) must not overlap either.
    for (const name of INSURANCES) {
      const periods = list
        .map((r) => ({ r, p: r.insurances[name].effective ?? { from: r.effectiveFrom, to: r.effectiveTo }, own: r.insurances[name].effective !== undefined }))
        .sort((a, b) => a.p.from.localeCompare(b.p.from));
      for (let i = 1; i < periods.length; i++) {
        const a = periods[i - 1]!;
        const b = periods[i]!;
        if (b.p.from <= a.p.to) {
          const field = b.own ? `${name === 'housingFund' ? 'housingFund' : `insurances.${name}`}.effective.from` : 'effective.from';
          throw new PolicyDataError(b.r.origin, b.r.city.code, b.r.year, field, `${name} from ${b.p.from} overlaps ${a.r.origin} (${name} ${a.p.from}..${a.p.to})`);
        }
      }
    }
  }
}
