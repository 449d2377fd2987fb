import type { z } from '@hono/zod-openapi';
import {
  formatFen,
  formatMicro,
  GRADES,
  INSURANCES,
  recordSourceIds,
  type Figure,
  type Grade,
  type Insurance,
  type InsuranceSpec,
  type PolicyLibrary,
  type PolicyRecord,
} from '@lianxu/policy';
import type { PolicyRevisionInfo } from '@lianxu/core';
import type { FigureSchema, InsuranceSchema, PolicyRecordSchema, RateSchema, SideSchema, YearSummary } from './policy.schemas';

// A policy record as the API shows it: every figure with its status, sources and grade.

type GivenInsurance = Extract<InsuranceSpec, { status: 'given' }>;
type SideSpec = GivenInsurance['employer'];
type RateSpec = SideSpec['rate'];

// Grades A, A/B and B count as verified; anything weaker (B/C, C, D, ungraded) is shown as unverified.
const VERIFIED_UP_TO = GRADES.indexOf('B');

function isWeak(grade: Grade | null): boolean {
  return grade === null || GRADES.indexOf(grade) > VERIFIED_UP_TO;
}

type FigureJson = z.infer<typeof FigureSchema>;
type Kind = 'money' | 'rate' | 'flag' | 'day';

function figure(f: Figure<number> | Figure<boolean>, kind: Kind): FigureJson {
  let value: string | null = null;
  if (f.status === 'given') {
    if (kind === 'money') value = formatFen(f.value as number);
    else if (kind === 'rate') value = formatMicro(f.value as number);
    else value = String(f.value);
  }
  return {
    status: f.status,
    value,
    sources: [...f.sources],
    grade: f.grade,
    derived: f.derived,
    unverified: f.status === 'notFound' || (f.status === 'given' && isWeak(f.grade)),
    ...(f.note === undefined ? {} : { note: f.note }),
  };
}

const optional = <T, R>(v: T | null, map: (v: T) => R): R | null => (v === null ? null : map(v));

function rate(r: RateSpec): z.infer<typeof RateSchema> {
  switch (r.kind) {
    case 'single':
      return {
        kind: 'single',
        rate: figure(r.rate, 'rate'),
        parts: optional(r.parts, (parts) =>
          parts.map((p) => ({
            name: p.name,
            value: formatMicro(p.value),
            sources: [...p.sources],
            grade: p.grade,
            derived: p.derived,
            unverified: isWeak(p.grade),
            ...(p.note === undefined ? {} : { note: p.note }),
          })),
        ),
      };
    case 'byHukou':
      return { kind: 'byHukou', local: figure(r.local, 'rate'), nonLocal: figure(r.nonLocal, 'rate') };
    case 'range':
      return { kind: 'range', min: figure(r.min, 'rate'), max: figure(r.max, 'rate') };
  }
}

function side(s: SideSpec): z.infer<typeof SideSchema> {
  const { rule, isDefault, sources, grade, derived, note } = s.rounding;
  return {
    rate: rate(s.rate),
    fixed: optional(s.fixed, (f) => figure(f, 'money')),
    rounding: { rule, isDefault, sources: [...sources], grade, derived, ...(note === undefined ? {} : { note }) },
  };
}

function insurance(name: Insurance, spec: InsuranceSpec): z.infer<typeof InsuranceSchema> {
  if (spec.status !== 'given') {
    return {
      insurance: name,
      status: spec.status,
      sources: [...spec.sources],
      ...(spec.note === undefined ? {} : { note: spec.note }),
      floor: null,
      cap: null,
      employer: null,
      employee: null,
      includesMaternity: null,
      rules: null,
    };
  }
  return {
    insurance: name,
    status: 'given',
    sources: [],
    floor: figure(spec.floor, 'money'),
    cap: figure(spec.cap, 'money'),
    employer: side(spec.employer),
    employee: side(spec.employee),
    includesMaternity: optional(spec.includesMaternity, (f) => figure(f, 'flag')),
    rules: optional(spec.rules, (r) => ({
      integerPercent: optional(r.integerPercent, (f) => figure(f, 'flag')),
      employeeNotBelowEmployer: optional(r.employeeNotBelowEmployer, (f) => figure(f, 'flag')),
      ...(r.note === undefined ? {} : { note: r.note }),
    })),
  };
}

/** Every figure a quote can use (floors, caps, rates, fixed amounts, parts), for the grade summary. */
function contributionFigures(record: PolicyRecord): { status: string; grade: Grade | null }[] {
  const out: { status: string; grade: Grade | null }[] = [];
  for (const name of INSURANCES) {
    const spec = record.insurances[name];
    if (spec.status !== 'given') {
      out.push({ status: spec.status, grade: null });
      continue;
    }
    out.push(spec.floor, spec.cap);
    for (const s of [spec.employer, spec.employee]) {
      const r = s.rate;
      if (r.kind === 'single') out.push(r.rate, ...(r.parts ?? []).map((p) => ({ status: 'given', grade: p.grade })));
      else if (r.kind === 'byHukou') out.push(r.local, r.nonLocal);
      else out.push(r.min, r.max);
      if (s.fixed) out.push(s.fixed);
    }
  }
  return out;
}

export function summary(record: PolicyRecord, latest: boolean): z.infer<typeof YearSummary> {
  const figures = contributionFigures(record);
  let lowest = -1;
  for (const f of figures) if (f.status === 'given' && f.grade !== null) lowest = Math.max(lowest, GRADES.indexOf(f.grade));
  return {
    year: record.year,
    policyId: record.id,
    effectiveFrom: record.effectiveFrom,
    effectiveTo: record.effectiveTo,
    lowestGrade: lowest < 0 ? null : GRADES[lowest]!,
    // The cut-off day is left out: no source gives one, and the lifecycle uses a tenant setting.
    hasNotFound: figures.some((f) => f.status === 'notFound'),
    carriedForward: latest,
  };
}

export function recordJson(library: PolicyLibrary, record: PolicyRecord, revisions: readonly PolicyRevisionInfo[]): z.infer<typeof PolicyRecordSchema> {
  const years = library.recordsOf(record.city.code);
  const own = revisions.filter((r) => r.cityCode === record.city.code && r.year === record.year);
  return {
    // `origin` (a server file path) is deliberately not exposed.
    id: record.id,
    city: { code: record.city.code, name: record.city.zh, nameEn: record.city.en },
    ...(record.codeNote === undefined ? {} : { codeNote: record.codeNote }),
    ...summary(record, years[years.length - 1]?.year === record.year),
    revision: record.revision,
    cutOffDay: figure(record.cutOffDay, 'day'),
    insurances: INSURANCES.map((name) => insurance(name, record.insurances[name])),
    published: Object.fromEntries(
      Object.entries(record.published).map(([k, p]) => [k, { sources: [...p.sources], grade: p.grade, amounts: { ...p.amounts } }]),
    ),
    notes: [...record.notes],
    sources: recordSourceIds(record).map((id) => {
      const s = library.sources.get(id);
      return { id, grade: s?.grade ?? null, title: s?.title ?? '', url: s?.url ?? null };
    }),
    effective: own.some((r) => r.id === record.id && r.effective),
    revisions: own.map(({ id, revision, shipped, effective, note, createdAt }) => ({ id, revision, shipped, effective, note, createdAt })),
  };
}
