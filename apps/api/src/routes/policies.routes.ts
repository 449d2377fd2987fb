import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  calculateContributions,
  formatFen,
  formatMicro,
  GRADES,
  INSURANCES,
  PolicyInputError,
  quoteToJson,
  recordSourceIds,
  type Figure,
  type Grade,
  type Insurance,
  type InsuranceSpec,
  type PolicyLibrary,
  type PolicyRecord,
} from '@lianxu/policy';
import { createPolicyLibraryService, PolicyRevisionError, type PolicyLibraryService, type PolicyRevisionInfo } from '@lianxu/core';
import type { AppDeps } from '../app.deps';
import { ApiError, type Localized } from '../errors/api-error';
import { localeFrom } from '../errors/messages';
import { validationHook } from '../errors/validation';
import { requireSession, type SessionVariables } from '../middleware/session.middleware';

type GivenInsurance = Extract<InsuranceSpec, { status: 'given' }>;
type SideSpec = GivenInsurance['employer'];
type RateSpec = SideSpec['rate'];

// Grades A, A/B and B count as verified; anything weaker (B/C, C, D, ungraded) is shown as unverified.
const VERIFIED_UP_TO = GRADES.indexOf('B');

function isWeak(grade: Grade | null): boolean {
  return grade === null || GRADES.indexOf(grade) > VERIFIED_UP_TO;
}

// ---------------------------------------------------------------------------------------------
// Schemas (also the OpenAPI document)

const Status = z.enum(['given', 'notApplicable', 'notFound']);
const GradeSchema = z.enum(GRADES).nullable();

const FigureSchema = z
  .object({
    status: Status,
    /** Money as yuan with two decimals, rates as exact decimals, flags as "true"/"false". */
    value: z.string().nullable().openapi({ description: 'yuan ("6821.00") for money, an exact decimal ("0.16") for rates; null unless given' }),
    sources: z.array(z.string()),
    grade: GradeSchema,
    derived: z.boolean().openapi({ description: 'inferred by arithmetic from published figures' }),
    unverified: z.boolean().openapi({ description: 'not found, or its grade is below B' }),
    note: z.string().optional(),
  })
  .openapi('PolicyFigure');

const RatePartSchema = z
  .object({ name: z.string(), value: z.string(), sources: z.array(z.string()), grade: GradeSchema, derived: z.boolean(), unverified: z.boolean(), note: z.string().optional() })
  .openapi('PolicyRatePart');

const RateSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('single'), rate: FigureSchema, parts: z.array(RatePartSchema).nullable() }),
    z.object({ kind: z.literal('byHukou'), local: FigureSchema, nonLocal: FigureSchema }),
    z.object({ kind: z.literal('range'), min: FigureSchema, max: FigureSchema }),
  ])
  .openapi('PolicyRate');

const SideSchema = z
  .object({
    rate: RateSchema,
    fixed: FigureSchema.nullable().openapi({ description: 'a fixed amount in yuan added after rounding' }),
    rounding: z.object({
      rule: z.enum(['half-up-fen', 'half-up-yuan', 'up-jiao']),
      isDefault: z.boolean().openapi({ description: 'no source gives the rule; the project default applies' }),
      sources: z.array(z.string()),
      grade: GradeSchema,
      derived: z.boolean(),
      note: z.string().optional(),
    }),
  })
  .openapi('PolicySide');

const InsuranceSchema = z
  .object({
    insurance: z.enum(INSURANCES),
    status: Status,
    sources: z.array(z.string()).openapi({ description: 'for an insurance not given: where it was looked for' }),
    note: z.string().optional(),
    floor: FigureSchema.nullable(),
    cap: FigureSchema.nullable(),
    employer: SideSchema.nullable(),
    employee: SideSchema.nullable(),
    includesMaternity: FigureSchema.nullable(),
    rules: z
      .object({ integerPercent: FigureSchema.nullable(), employeeNotBelowEmployer: FigureSchema.nullable(), note: z.string().optional() })
      .nullable(),
  })
  .openapi('PolicyInsurance');

const CitySchema = z.object({ code: z.string().openapi({ example: '110100' }), name: z.string().openapi({ example: '北京' }), nameEn: z.string().openapi({ example: 'Beijing' }) });
const SourceSchema = z.object({ id: z.string(), grade: z.string().nullable(), title: z.string(), url: z.string().nullable() }).openapi('PolicySource');

const YearSummary = z.object({
  year: z.number().int().openapi({ description: 'calendar year in which the policy year starts' }),
  policyId: z.string(),
  effectiveFrom: z.string().openapi({ example: '2024-07' }),
  effectiveTo: z.string().openapi({ example: '2025-06' }),
  lowestGrade: GradeSchema.openapi({ description: 'the weakest grade among the given figures; null when none is given' }),
  hasNotFound: z.boolean().openapi({ description: 'some insurance or contribution figure is marked not found' }),
  carriedForward: z.boolean().openapi({ description: "the city's latest known year: later months are quoted with it, marked provisional" }),
});

const RevisionSchema = z
  .object({
    id: z.string().openapi({ example: '440300-2024-r2' }),
    revision: z.number().int(),
    shipped: z.boolean().openapi({ description: 'from the shipped data files rather than a consultant' }),
    effective: z.boolean(),
    note: z.string().nullable(),
    createdAt: z.string().nullable(),
  })
  .openapi('PolicyRevision');

const PolicyRecordSchema = z
  .object({
    id: z.string(),
    city: CitySchema,
    codeNote: z.string().optional(),
    ...YearSummary.shape,
    revision: z.number().int(),
    cutOffDay: FigureSchema,
    insurances: z.array(InsuranceSchema),
    published: z.record(z.string(), z.object({ sources: z.array(z.string()), grade: GradeSchema, amounts: z.record(z.string(), z.string()) })),
    notes: z.array(z.string()),
    sources: z.array(SourceSchema),
    effective: z.boolean().openapi({ description: 'this revision is the one new quotes use' }),
    revisions: z.array(RevisionSchema).openapi({ description: 'every revision of this city and year, oldest first' }),
  })
  .openapi('PolicyRecord');

const PolicyList = z
  .object({ items: z.array(z.object({ city: CitySchema, years: z.array(YearSummary) })), nextCursor: z.null() })
  .openapi('PolicyList');

// Rates and wages are strings: decimals stay exact, and hostile numbers (1e309, NaN) never become floats.
const QuoteRequest = z
  .object({
    city: z.string().max(64).openapi({ description: 'GB/T 2260 code or name', example: '北京' }),
    month: z.string().max(16).openapi({ example: '2024-09' }),
    wage: z.string().max(32).openapi({ description: 'monthly wage in yuan, at most two decimals', example: '40000' }),
    hukou: z.string().max(16).optional().openapi({ description: 'local (default) or non-local' }),
    injuryRate: z.string().max(32).optional().openapi({ description: "within the city's range; default its lowest", example: '0.004' }),
    housingFundRate: z.string().max(32).optional().openapi({ description: 'both sides; without it there is no housing-fund line', example: '0.12' }),
  })
  .strict()
  .openapi('QuoteRequest');

const QuoteResponse = z
  .object({
    city: z.string(),
    month: z.string(),
    policyId: z.string(),
    provisional: z.boolean(),
    lines: z.array(
      z.object({ insurance: z.enum(INSURANCES), base: z.string(), employerRate: z.string(), employeeRate: z.string(), employer: z.string(), employee: z.string() }),
    ),
    totals: z.object({ employer: z.string(), employee: z.string() }),
    warnings: z.array(z.object({ code: z.string(), insurance: z.enum(INSURANCES).nullable(), message: z.string() })),
    sources: z.array(SourceSchema),
  })
  .openapi('ContributionQuote');

const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }) })
  .openapi('Error');

// ---------------------------------------------------------------------------------------------
// Record -> JSON

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

function summary(record: PolicyRecord, latest: boolean): z.infer<typeof YearSummary> {
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

function recordJson(library: PolicyLibrary, record: PolicyRecord, revisions: readonly PolicyRevisionInfo[]): z.infer<typeof PolicyRecordSchema> {
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

// ---------------------------------------------------------------------------------------------
// Routes

const listRoute = createRoute({
  method: 'get',
  path: '/policies',
  tags: ['policy'],
  summary: 'Cities and their policy years, with the weakest grade and whether a figure is not found',
  responses: { 200: { description: 'Every city with a policy record', content: { 'application/json': { schema: PolicyList } } } },
});

const recordRoute = createRoute({
  method: 'get',
  path: '/policies/{city}/{year}',
  tags: ['policy'],
  summary: "One city's policy record for the policy year starting in `year`, every figure with its sources and grade",
  request: {
    params: z.object({
      city: z.string().min(1).max(64).openapi({ description: 'GB/T 2260 code or name', example: '110100' }),
      // Any text: a year with no record (or no year at all) is a 404 naming it, in the user's language.
      year: z.string().max(16).openapi({ description: 'calendar year in which the policy year starts', example: '2024' }),
    }),
    query: z.object({
      revision: z.string().max(8).optional().openapi({ description: 'an older revision (default: the effective one)', example: '1' }),
    }),
  },
  responses: {
    200: { description: 'The record', content: { 'application/json': { schema: PolicyRecordSchema } } },
    404: { description: 'Unknown city, or no record for that year or revision', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const recordByIdRoute = createRoute({
  method: 'get',
  path: '/policy-records/{id}',
  tags: ['policy'],
  summary: 'Any revision by the policy id a quote reports, including superseded ones',
  request: { params: z.object({ id: z.string().max(64).openapi({ example: '440300-2024-r1' }) }) },
  responses: {
    200: { description: 'The record', content: { 'application/json': { schema: PolicyRecordSchema } } },
    404: { description: 'No such policy id', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const rawRecordRoute = createRoute({
  method: 'get',
  path: '/policy-records/{id}/raw',
  tags: ['policy'],
  summary: 'A revision as entered (the shape of packages/policy/data/*.yaml), to start an edit from',
  request: { params: z.object({ id: z.string().max(64).openapi({ example: '440300-2024-r1' }) }) },
  responses: {
    200: {
      description: 'The raw record',
      content: { 'application/json': { schema: z.object({ id: z.string(), record: z.record(z.string(), z.unknown()), revision: RevisionSchema }).openapi('PolicyRawRecord') } },
    },
    404: { description: 'No such policy id', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const NewSourceSchema = z
  .object({
    id: z.string().max(40).openapi({ example: 'SZ2025-1' }),
    title: z.string().max(500),
    url: z.string().max(2000).nullable().optional(),
    grade: z.enum(GRADES).nullable().optional(),
  })
  .strict()
  .openapi('PolicyNewSource');

const RevisionRequest = z
  .object({
    record: z.record(z.string(), z.unknown()).openapi({ description: 'the record, same shape as packages/policy/data/*.yaml; `revision` is assigned by the server' }),
    note: z.string().trim().min(1).max(2000).openapi({ description: 'what changed and why', example: 'Pension floor per the 2024 notice' }),
    sources: z.array(NewSourceSchema).max(20).optional().openapi({ description: 'source register entries this revision cites and the register lacks' }),
  })
  .strict()
  .openapi('PolicyRevisionRequest');

const revisionRoute = createRoute({
  method: 'post',
  path: '/policies/{city}/{year}/revisions',
  tags: ['policy'],
  summary: 'A consultant adds a revision of a city policy year (platform data; audited)',
  request: {
    params: z.object({ city: z.string().min(1).max(64), year: z.string().max(16) }),
    body: { required: true, content: { 'application/json': { schema: RevisionRequest } } },
  },
  responses: {
    201: {
      description: 'Stored and effective for new quotes',
      content: { 'application/json': { schema: z.object({ id: z.string(), revision: z.number().int(), city: z.string(), year: z.number().int() }).openapi('PolicyRevisionCreated') } },
    },
    400: { description: '`fields` names the record field at fault (record.insurances.pension.floor, ...)', content: { 'application/json': { schema: ErrorSchema } } },
    401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
    403: { description: 'Not a consultant or platform admin', content: { 'application/json': { schema: ErrorSchema } } },
    409: { description: 'A concurrent revision took the number; try again', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const quoteRoute = createRoute({
  method: 'post',
  path: '/contributions/quote',
  tags: ['policy'],
  summary: "One month's contribution lines for one wage (the body of `lianxu contributions --json`)",
  request: { body: { required: true, content: { 'application/json': { schema: QuoteRequest } } } },
  responses: {
    200: { description: 'The quote; amounts are yuan strings with two decimals', content: { 'application/json': { schema: QuoteResponse } } },
    400: { description: '`fields` names each bad field', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

function notFound(code: string, field: string, zh: string, en: string): ApiError {
  const message: Localized = { 'zh-CN': zh, en };
  return new ApiError(404, code, message, { [field]: message });
}

function inputError(error: PolicyInputError): ApiError {
  const fields: Record<string, Localized> = {};
  for (const i of error.issues) fields[i.field] ??= { 'zh-CN': i.message.zh, en: i.message.en };
  return new ApiError(400, error.code, { 'zh-CN': error.bilingual.zh, en: error.bilingual.en }, fields);
}

const FORBIDDEN = () =>
  new ApiError(403, 'forbidden_role', { 'zh-CN': '只有顾问或平台管理员可以修订政策', en: 'Only consultants and platform admins can revise policies' });

function revisionError(error: PolicyRevisionError): ApiError {
  if (error.code === 'revision_conflict') {
    const m: Localized = { 'zh-CN': '同一城市年度的另一修订刚刚保存，请重试', en: error.problem };
    return new ApiError(409, 'revision_conflict', m, { [error.field]: m });
  }
  return new ApiError(
    400,
    'invalid_policy_record',
    { 'zh-CN': `政策记录有误：${error.field}：${error.problem}`, en: `Invalid policy record: ${error.field}: ${error.problem}` },
    // The validator speaks English only; the field path is what the form points at.
    { [error.field]: error.problem },
  );
}

/**
 * The policy library (shipped files plus consultants' revisions) and the contribution calculator.
 * Reads are public; a revision needs a consultant or platform admin.
 */
export function policyRoutes(deps: Pick<AppDeps, 'db' | 'auth'> & { policies?: PolicyLibraryService }) {
  const policies = deps.policies ?? createPolicyLibraryService({ db: deps.db });
  const app = new OpenAPIHono<{ Variables: SessionVariables }>({ defaultHook: validationHook });
  app.use('/policies/:city/:year/revisions', requireSession());

  function unknownCity(city: string): ApiError {
    return notFound('unknown_city', 'city', `未知城市 "${city}"`, `Unknown city "${city}"`);
  }
  function unknownId(id: string): ApiError {
    return notFound('policy_record_not_found', 'id', `没有政策记录 "${id}"`, `No policy record "${id}"`);
  }

  return app
    .openapi(listRoute, async (c) => {
      const library = await policies.library();
      const cities = [...library.cities].sort((a, b) => a.code.localeCompare(b.code));
      const items = cities.map((city) => {
        const records = library.recordsOf(city.code);
        return {
          city: { code: city.code, name: city.zh, nameEn: city.en },
          years: records.map((r, i) => summary(r, i === records.length - 1)),
        };
      });
      return c.json({ items, nextCursor: null }, 200);
    })
    .openapi(recordRoute, async (c) => {
      const { city, year } = c.req.valid('param');
      const { revision } = c.req.valid('query');
      const { library, revisions } = await policies.effective();
      const ref = library.findCity(city);
      if (!ref) throw unknownCity(city);
      let record = /^\d{4}$/.test(year) ? library.record(ref.code, Number(year)) : null;
      if (!record) {
        const known = library.recordsOf(ref.code).map((r) => r.year).join(', ');
        throw notFound('policy_year_not_found', 'year', `${ref.zh} 没有 ${year} 年度的政策（已知：${known}）`, `${ref.en} has no policy year ${year} (known: ${known})`);
      }
      if (revision !== undefined) {
        const old = /^\d{1,6}$/.test(revision) ? library.recordById(`${ref.code}-${record.year}-r${Number(revision)}`) : null;
        if (!old) {
          const known = revisions.filter((r) => r.cityCode === ref.code && r.year === record!.year).map((r) => r.revision).join(', ');
          throw notFound('policy_revision_not_found', 'revision', `没有修订 ${revision}（已知：${known}）`, `No revision ${revision} (known: ${known})`);
        }
        record = old;
      }
      return c.json(recordJson(library, record, revisions), 200);
    })
    .openapi(recordByIdRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { library, revisions } = await policies.effective();
      const record = library.recordById(id);
      if (!record) throw unknownId(id);
      return c.json(recordJson(library, record, revisions), 200);
    })
    .openapi(rawRecordRoute, async (c) => {
      const { id } = c.req.valid('param');
      const raw = await policies.rawRecord(id);
      if (!raw) throw unknownId(id);
      const { id: rid, revision, shipped, effective, note, createdAt } = raw.info;
      return c.json({ id, record: raw.record as Record<string, unknown>, revision: { id: rid, revision, shipped, effective, note, createdAt } }, 200);
    })
    .openapi(revisionRoute, async (c) => {
      const user = c.get('user')!;
      if (user.platformRole !== 'consultant' && user.platformRole !== 'platform_admin') throw FORBIDDEN();
      // Platform data changes every tenant's money: the same second-factor rule as entering a tenant.
      if (user.platformRole === 'consultant' && !deps.auth.consultantSessionAllowed(user, c.get('session')!)) {
        throw new ApiError(403, 'two_factor_required', { 'zh-CN': '修订政策前请先启用两步验证', en: 'Enable a second factor before revising policies' });
      }
      const { city, year } = c.req.valid('param');
      const body = c.req.valid('json');
      const library = await policies.library();
      // A known city by code or name; a new city only by its 6-digit code.
      const cityCode = library.findCity(city)?.code ?? (/^\d{6}$/.test(city) ? city : null);
      if (!cityCode) throw unknownCity(city);
      if (!/^\d{4}$/.test(year)) {
        const m: Localized = { 'zh-CN': `"${year}" 不是年份`, en: `"${year}" is not a year` };
        throw new ApiError(400, 'validation_failed', m, { year: m });
      }
      try {
        const created = await policies.addRevision(body, { id: user.id, email: user.email }, { cityCode, year: Number(year) });
        c.header('location', `/api/policy-records/${created.id}`);
        return c.json({ id: created.id, revision: created.record.revision, city: created.record.city.code, year: created.record.year }, 201);
      } catch (error) {
        if (error instanceof PolicyRevisionError) throw revisionError(error);
        throw error;
      }
    })
    .openapi(quoteRoute, async (c) => {
      const body = c.req.valid('json');
      const library = await policies.library();
      try {
        const quote = calculateContributions(
          {
            city: body.city,
            month: body.month,
            wage: body.wage,
            ...(body.hukou === undefined ? {} : { hukou: body.hukou as 'local' }), // checked by the calculator
            ...(body.injuryRate === undefined ? {} : { injuryRate: body.injuryRate }),
            ...(body.housingFundRate === undefined ? {} : { housingFundRate: body.housingFundRate }),
          },
          library,
        );
        // Same body as the CLI's --json; only the warning text follows Accept-Language.
        const lang = localeFrom(c.req.header('accept-language')) === 'en' ? 'en' : 'zh';
        return c.json(quoteToJson(quote, lang), 200);
      } catch (error) {
        if (error instanceof PolicyInputError) throw inputError(error);
        throw error;
      }
    });
}
